"""A time of day typed as hours:minutes (type time)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.datetext import parse_time_text, show_time, time_from_value, time_value
from fieldapp.ui.widgets.registry import register


def time_edit(parent) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(tr("hh:mm"))
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00:000") + 50)
    return edit


@register("time", "")
class TimeWidget(QuestionWidget):
    def build_input(self) -> None:
        row = QHBoxLayout()
        self.edit = time_edit(self)
        self.edit.editingFinished.connect(self._on_typed)
        row.addWidget(self.edit)
        row.addStretch(1)
        self.input_area.addLayout(row)

    @Slot()
    def _on_typed(self) -> None:
        text = self.edit.text().strip()
        if text and parse_time_text(text) is None:
            self.set_local_problem(tr("This is not a time. Type hours and minutes, for example 14:30."))
            return
        self.set_local_problem(None)
        if text:
            self.edit.setText(show_time(parse_time_text(text)))
        if show_time(time_from_value(self.question.value)) != self.edit.text():
            self.emit_value()

    def commit_editing(self) -> None:
        self._on_typed()

    def input_widgets(self):
        return [self.edit]

    def value(self) -> str:
        moment = parse_time_text(self.edit.text())
        return time_value(moment) if moment else ""

    def set_value(self, value: str) -> None:
        self.edit.setText(show_time(time_from_value(value)))
