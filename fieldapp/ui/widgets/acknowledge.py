"""A confirmation (type acknowledge / trigger): one check box; the value is "OK" when ticked."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


@register("acknowledge", "")
class AcknowledgeWidget(QuestionWidget):
    def build_input(self) -> None:
        self.check = QCheckBox(tr("OK"), self)
        self.check.toggled.connect(self._on_toggled)
        self.input_area.addWidget(self.check)

    @Slot(bool)
    def _on_toggled(self, _checked: bool) -> None:
        self.emit_value()

    def input_widgets(self):
        return [self.check]

    def value(self) -> str:
        return "OK" if self.check.isChecked() else ""

    def set_value(self, value: str) -> None:
        self.check.setChecked(value not in ("", "false", "0"))
