"""Whole numbers (type integer); an empty box means not answered."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


@register("integer", "")
class IntegerWidget(QuestionWidget):
    PATTERN = r"-?[0-9]{0,12}"

    def build_input(self) -> None:
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(self.PATTERN), self.edit))
        self.edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 24 + 40)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self.flush)
        self.input_area.addWidget(self.edit)

    def input_widgets(self):
        return [self.edit]

    def value(self) -> str:
        text = self.edit.text().strip()
        return "" if text in ("", "-") else text

    def set_value(self, value: str) -> None:
        self.edit.setText(value)

    def _on_edited(self, _text: str) -> None:
        self.emit_value_later()
