"""Free text on one line (type text, default appearance)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


@register("text", "")
class TextWidget(QuestionWidget):
    """A line edit; the answer is saved after a pause in typing or on leaving the field."""

    def build_input(self) -> None:
        self.edit = QLineEdit(self)
        self.configure_edit(self.edit)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self.flush)
        self.input_area.addWidget(self.edit)

    def configure_edit(self, edit: QLineEdit) -> None:
        """Hook for variants (numbers, barcode)."""

    def _on_edited(self, _text: str) -> None:
        self.emit_value_later()

    def input_widgets(self):
        return [self.edit]

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: str) -> None:
        self.edit.setText(value)
