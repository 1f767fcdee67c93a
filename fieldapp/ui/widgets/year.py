"""A year alone (type date, appearance year); stored as 1 January of that year, as ODK does."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.datetext import date_from_value
from fieldapp.ui.widgets.month_year import year_edit
from fieldapp.ui.widgets.registry import register


@register("date", "year")
class YearWidget(QuestionWidget):
    def build_input(self) -> None:
        row = QHBoxLayout()
        self.year = year_edit(self)
        self.year.editingFinished.connect(self._on_changed)
        row.addWidget(self.year)
        row.addStretch(1)
        self.input_area.addLayout(row)

    @Slot()
    def _on_changed(self) -> None:
        if self.value() != self.question.value:
            self.emit_value()

    def commit_editing(self) -> None:
        self._on_changed()

    def input_widgets(self):
        return [self.year]

    def value(self) -> str:
        year = self.year.text()
        return f"{year}-01-01" if len(year) == 4 else ""

    def set_value(self, value: str) -> None:
        day = date_from_value(value)
        self.year.setText(str(day.year) if day else "")
