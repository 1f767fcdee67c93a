"""Free text over several lines (text, appearance multiline)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register
from fieldapp.ui.widgets.text_box import TextBox


@register("text", "multiline")
class MultilineTextWidget(QuestionWidget):
    def build_input(self) -> None:
        self.edit = TextBox(self.flush, self)
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
