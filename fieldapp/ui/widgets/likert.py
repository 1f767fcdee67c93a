"""One choice on an agreement scale (select_one, appearance likert): buttons in a row with labels under them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QWidget

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.choice_keys import ChoiceArrowKeys
from fieldapp.ui.widgets.registry import register


@register("select_one", "likert")
class LikertWidget(QuestionWidget):
    def build_input(self) -> None:
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[str, QRadioButton] = {}
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, choice in enumerate(self.question.choices):
            button = QRadioButton(box)
            button.setAutoExclusive(False)   # kept exclusive by the widget, so set_value("") can clear it
            button.setAccessibleName(choice.label)
            caption = QLabel(choice.label, box)
            caption.setWordWrap(True)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            caption.setBuddy(button)
            grid.addWidget(button, 0, column, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(caption, 1, column)
            grid.setColumnStretch(column, 1)
            self.group.addButton(button, column)
            self.buttons[choice.value] = button
        self.group.buttonToggled.connect(self._on_toggled)
        self.input_area.addWidget(box)
        if self.buttons:
            self.arrow_keys = ChoiceArrowKeys(list(self.buttons.values()), self, on_enter=lambda _chosen: self.sig_auto_advance.emit())

    @Slot(object, bool)
    def _on_toggled(self, button, checked: bool) -> None:
        if self._updating:
            return
        if checked:
            self._updating = True
            for other in self.buttons.values():
                if other is not button:
                    other.setChecked(False)
            self._updating = False
        self.emit_value()
        if getattr(self, "arrow_keys", None) is not None:
            self.arrow_keys.settle()

    def input_widgets(self):
        return list(self.buttons.values())

    def set_question(self, question) -> None:
        super().set_question(question)
        if getattr(self, "arrow_keys", None) is not None:
            self.arrow_keys.settle()

    def focus_input(self) -> None:
        """Into the scale where Tab would land: the chosen point, else the first."""
        if getattr(self, "arrow_keys", None) is not None and self.arrow_keys.tab_stop().isEnabled():
            self.arrow_keys.tab_stop().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_input()

    def value(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: str) -> None:
        for choice_value, button in self.buttons.items():
            button.setChecked(choice_value == value)
