"""A number picked on a scale (type range, parameters start/end/step); unanswered until touched."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


def _number(text: str | None, default: str) -> Decimal:
    try:
        return Decimal(text) if text not in (None, "") else Decimal(default)
    except InvalidOperation:
        return Decimal(default)


@register("range", "")
class RangeWidget(QuestionWidget):
    """A slider over start..end in steps; the chosen number is shown large beside it."""

    def build_input(self) -> None:
        attrs = self.question.control.attrs
        self.start = _number(attrs.get("start"), "1")
        self.end = _number(attrs.get("end"), "10")
        self.step = _number(attrs.get("step"), "1") or Decimal(1)
        steps = int(abs(self.end - self.start) / abs(self.step))
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, max(steps, 1))
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setMinimumHeight(36)
        self.shown = QLabel(tr("not answered"), self, objectName="rangeValue")
        self.shown.setMinimumWidth(self.fontMetrics().horizontalAdvance("not answered") + 20)
        self.clear_button = QPushButton(tr("Clear"), self)
        self.clear_button.setAccessibleName(tr("Clear the answer"))
        row.addWidget(QLabel(str(self.start), self))
        row.addWidget(self.slider, 1)
        row.addWidget(QLabel(str(self.end), self))
        row.addWidget(self.shown)
        row.addWidget(self.clear_button)
        self.input_area.addLayout(row)
        self._answered = False
        self.slider.valueChanged.connect(self._on_moved)
        self.clear_button.clicked.connect(self._on_clear)

    def _value_at(self, index: int) -> str:
        number = self.start + self.step * index if self.end >= self.start else self.start - abs(self.step) * index
        return format(number.normalize(), "f") if number != number.to_integral() else str(int(number))

    @Slot(int)
    def _on_moved(self, index: int) -> None:
        if self._updating:
            return
        self._answered = True
        self.shown.setText(self._value_at(index))
        self.emit_value()

    @Slot()
    def _on_clear(self) -> None:
        self._answered = False
        self.shown.setText(tr("not answered"))
        self.emit_value()

    def input_widgets(self):
        return [self.slider, self.clear_button]

    def value(self) -> str:
        return self._value_at(self.slider.value()) if self._answered else ""

    def set_value(self, value: str) -> None:
        if value == "":
            self._answered = False
            self.slider.setValue(0)
            self.shown.setText(tr("not answered"))
            return
        index = int(round(abs((_number(value, str(self.start)) - self.start) / self.step)))
        self._answered = True
        self.slider.setValue(index)
        self.shown.setText(value)
