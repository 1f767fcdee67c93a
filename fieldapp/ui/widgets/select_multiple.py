"""Several choices as check boxes (select_multiple, any appearance); the value is the chosen values joined by spaces."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register
from fieldapp.ui.widgets.select_one import APPEARANCES, ChoiceButtonsMixin


@register("select_multiple", *APPEARANCES, "minimal", "autocomplete")
class SelectMultipleWidget(ChoiceButtonsMixin, QuestionWidget):
    BUTTON_CLASS = QCheckBox

    def build_input(self) -> None:
        self.build_choice_buttons(exclusive=False)
        self.group.buttonToggled.connect(self._on_toggled)

    @Slot(object, bool)
    def _on_toggled(self, _button, _checked: bool) -> None:
        self.emit_value()

    def value(self) -> str:
        return " ".join(v for v, b in self.buttons.items() if b.isChecked())

    def set_value(self, value: str) -> None:
        chosen = set(value.split())
        for choice_value, button in self.buttons.items():
            button.setChecked(choice_value in chosen)
