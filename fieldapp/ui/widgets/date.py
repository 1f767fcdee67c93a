"""A date typed day/month/year, with a calendar to pick from (type date; appearance no-calendar hides it)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Slot
from PySide6.QtWidgets import QCalendarWidget, QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from fieldapp.ui.i18n import app_language, tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.datetext import date_from_value, parse_date_text, show_date
from fieldapp.ui.widgets.registry import register


def date_calendar(parent) -> QCalendarWidget:
    """A month calendar with month and day names in the app's language (the laptop's own locale is often English or C)."""
    calendar = QCalendarWidget(parent)
    calendar.setLocale(QLocale(QLocale.Language.Spanish, QLocale.Country.Guatemala) if app_language() == "es"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)   # week numbers: noise
    today = calendar.selectedDate()   # re-select: a new first weekday leaves the highlight one day off
    calendar.setSelectedDate(today.addDays(1))
    calendar.setSelectedDate(today)
    return calendar


class DateEdit(QLineEdit):
    """A line edit that reads dates as people type them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText(tr("dd/mm/yyyy"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 60)

    def date(self):
        return parse_date_text(self.text())


@register("date", "", "no-calendar")
class DateWidget(QuestionWidget):
    def build_input(self) -> None:
        row = QHBoxLayout()
        self.edit = DateEdit(self)
        self.edit.editingFinished.connect(self._on_typed)
        row.addWidget(self.edit)
        self.calendar_button = None
        if "no-calendar" not in self.question.appearance.split():
            self.calendar_button = QPushButton(tr("Calendar…"), self)
            self.calendar_button.setAccessibleName(tr("Choose the date on a calendar"))
            self.calendar_button.clicked.connect(self._open_calendar)
            row.addWidget(self.calendar_button)
        row.addStretch(1)
        self.input_area.addLayout(row)

    @Slot()
    def _on_typed(self) -> None:
        if self._updating:
            return
        text = self.edit.text().strip()
        if text and self.edit.date() is None:
            self.set_local_problem(tr("This is not a date. Type day/month/year, for example 14/03/2026."))
            return
        self.set_local_problem(None)
        if text:
            self.edit.setText(show_date(self.edit.date()))
        if self.value() != self.question.value:
            self.emit_value()

    @Slot()
    def _open_calendar(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Choose a date"))
        layout = QVBoxLayout(dialog)
        calendar = date_calendar(dialog)
        chosen = self.edit.date()
        if chosen:
            calendar.setSelectedDate(QDate(chosen.year, chosen.month, chosen.day))
        calendar.activated.connect(dialog.accept)
        calendar.clicked.connect(dialog.accept)
        layout.addWidget(calendar)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            picked = calendar.selectedDate().toPython()
            self.edit.setText(show_date(picked))
            self._on_typed()

    def commit_editing(self) -> None:
        self._on_typed()

    def input_widgets(self):
        return [self.edit] + ([self.calendar_button] if self.calendar_button else [])

    def value(self) -> str:
        day = self.edit.date()
        return day.isoformat() if day else ""

    def set_value(self, value: str) -> None:
        self.edit.setText(show_date(date_from_value(value)))
