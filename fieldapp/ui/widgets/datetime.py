"""A date and a time together (type dateTime)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.date import DateEdit
from fieldapp.ui.widgets.datetext import (date_from_value, datetime_value, parse_time_text, show_date,
                                          show_time, time_from_value)
from fieldapp.ui.widgets.registry import register
from fieldapp.ui.widgets.time import time_edit


@register("dateTime", "")
class DateTimeWidget(QuestionWidget):
    def build_input(self) -> None:
        row = QHBoxLayout()
        self.date_edit = DateEdit(self)
        self.date_edit.setAccessibleName(tr("Date"))
        self.time_edit = time_edit(self)
        self.time_edit.setAccessibleName(tr("Time"))
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addStretch(1)
        self.input_area.addLayout(row)
        self.date_edit.editingFinished.connect(self._on_typed)
        self.time_edit.editingFinished.connect(self._on_typed)

    @Slot()
    def _on_typed(self) -> None:
        date_text, time_text = self.date_edit.text().strip(), self.time_edit.text().strip()
        if date_text and self.date_edit.date() is None:
            self.set_local_problem(tr("This is not a date. Type day/month/year, for example 14/03/2026."))
            return
        if time_text and parse_time_text(time_text) is None:
            self.set_local_problem(tr("This is not a time. Type hours and minutes, for example 14:30."))
            return
        self.set_local_problem(None)
        if (date_text and time_text) or (not date_text and not time_text):
            if self.value()[:16] != (self.question.value or "")[:16]:
                self.emit_value()

    def commit_editing(self) -> None:
        self._on_typed()

    def input_widgets(self):
        return [self.date_edit, self.time_edit]

    def value(self) -> str:
        day, moment = self.date_edit.date(), parse_time_text(self.time_edit.text())
        return datetime_value(day, moment) if day and moment else ""

    def set_value(self, value: str) -> None:
        self.date_edit.setText(show_date(date_from_value(value)))
        self.time_edit.setText(show_time(time_from_value(value[11:] if len(value) > 11 else "")))
