"""Text that holds only digits (text, appearance numbers): phone numbers, codes with leading zeros."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit

from fieldapp.ui.widgets.registry import register
from fieldapp.ui.widgets.text import TextWidget


@register("text", "numbers")
class NumbersTextWidget(TextWidget):
    def configure_edit(self, edit: QLineEdit) -> None:
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9+\-. ]*"), edit))
