"""A month and year (type date, appearance month-year); stored as the first of the month, as ODK does."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.datetext import date_from_value
from fieldapp.ui.widgets.registry import register

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def year_edit(parent) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(tr("year"))
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,4}"), edit))
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00000") + 50)
    edit.setAccessibleName(tr("Year"))
    return edit


@register("date", "month-year")
class MonthYearWidget(QuestionWidget):
    def build_input(self) -> None:
        row = QHBoxLayout()
        self.month = QComboBox(self)
        self.month.setAccessibleName(tr("Month"))
        self.month.addItem(tr("— month —"), 0)
        for number, name in enumerate(MONTHS, 1):
            self.month.addItem(tr(name), number)
        self.year = year_edit(self)
        row.addWidget(self.month)
        row.addWidget(self.year)
        row.addStretch(1)
        self.input_area.addLayout(row)
        self.month.currentIndexChanged.connect(self._on_changed)
        self.year.editingFinished.connect(self._on_changed)

    @Slot()
    def _on_changed(self, *_args) -> None:
        if self.value() != self.question.value:
            self.emit_value()

    def commit_editing(self) -> None:
        self._on_changed()

    def input_widgets(self):
        return [self.month, self.year]

    def value(self) -> str:
        month, year = self.month.currentData(), self.year.text()
        if not month or len(year) != 4:
            return ""
        return f"{year}-{month:02d}-01"

    def set_value(self, value: str) -> None:
        day = date_from_value(value)
        self.month.setCurrentIndex(day.month if day else 0)
        self.year.setText(str(day.year) if day else "")
