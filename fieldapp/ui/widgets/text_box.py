"""A several-line text box for answers: Tab moves focus (keyboard-only use) and leaving it commits the answer."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QPlainTextEdit


class TextBox(QPlainTextEdit):
    def __init__(self, on_leave: Callable[[], None], parent=None):
        super().__init__(parent)
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self._on_leave()
