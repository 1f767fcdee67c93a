"""Keyboard-only use: Enter (not only Space) presses the focused button everywhere, not just in dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget


def enter_presses_buttons(root: QWidget) -> None:
    """Qt presses a focused button on Enter only when it is "auto default", which it is only inside dialogs."""
    for button in root.findChildren(QPushButton):
        button.setAutoDefault(True)
