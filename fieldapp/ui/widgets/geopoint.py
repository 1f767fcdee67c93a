"""A location typed as latitude and longitude in decimal degrees (type geopoint; laptops rarely have GPS)."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLineEdit

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register

NUMBER = r"-?[0-9]{0,5}([.,][0-9]{0,10})?"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def point_problem(lat: float | None, lon: float | None) -> str | None:
    if lat is None or lon is None:
        return tr("Type both latitude and longitude, for example 14.6349 and -90.5069.")
    if not -90 <= lat <= 90:
        return tr("Latitude must be between -90 and 90.")
    if not -180 <= lon <= 180:
        return tr("Longitude must be between -180 and 180.")
    return None


@register("geopoint", "")
class GeopointWidget(QuestionWidget):
    """Value: "latitude longitude altitude accuracy" (altitude and accuracy 0 when not known)."""

    def build_input(self) -> None:
        form = QFormLayout()
        self.fields = {}
        for key, caption in (("lat", tr("Latitude")), ("lon", tr("Longitude")),
                             ("alt", tr("Altitude (m, optional)")), ("acc", tr("Accuracy (m, optional)"))):
            edit = QLineEdit(self)
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(NUMBER), edit))
            edit.setAccessibleName(caption)
            edit.editingFinished.connect(self._on_typed)
            form.addRow(caption, edit)
            self.fields[key] = edit
        self.input_area.addLayout(form)

    @Slot()
    def _on_typed(self) -> None:
        texts = {k: e.text().strip() for k, e in self.fields.items()}
        if not texts["lat"] and not texts["lon"]:
            self.set_local_problem(None)
        elif not texts["lat"] or not texts["lon"]:
            return  # still typing the other half
        else:
            problem = point_problem(_number(texts["lat"]), _number(texts["lon"]))
            self.set_local_problem(problem)
            if problem:
                return
        if self.value() != self.question.value:
            self.emit_value()

    def commit_editing(self) -> None:
        self._on_typed()

    def input_widgets(self):
        return list(self.fields.values())

    def value(self) -> str:
        numbers = {k: _number(e.text().strip()) for k, e in self.fields.items()}
        if numbers["lat"] is None or numbers["lon"] is None or point_problem(numbers["lat"], numbers["lon"]):
            return ""
        return " ".join(_fmt(numbers[k] or 0.0) for k in ("lat", "lon", "alt", "acc"))

    def set_value(self, value: str) -> None:
        parts = value.split()
        for index, key in enumerate(("lat", "lon", "alt", "acc")):
            self.fields[key].setText(parts[index] if index < len(parts) else "")


def _fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else repr(number)
