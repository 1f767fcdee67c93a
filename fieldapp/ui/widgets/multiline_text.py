"""Free text over several lines (text, appearance multiline)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


class _PlainTextEdit(QPlainTextEdit):
    """Tab moves focus (keyboard-only use) and leaving the box commits the answer."""

    def __init__(self, owner, parent=None):
        super().__init__(parent)
        self._owner = owner
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self._owner.flush()


@register("text", "multiline")
class MultilineTextWidget(QuestionWidget):
    def build_input(self) -> None:
        self.edit = _PlainTextEdit(self, self)
        self.edit.setMinimumHeight(self.fontMetrics().height() * 5)
        self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.edit.textChanged.connect(self.emit_value_later)
        self.input_area.addWidget(self.edit)

    def input_widgets(self):
        return [self.edit]

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: str) -> None:
        self.edit.setPlainText(value)
