"""A line of locations typed one point per line, "latitude longitude" (type geotrace)."""

from __future__ import annotations


from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.geopoint import point_problem
from fieldapp.ui.widgets.registry import register
from fieldapp.ui.widgets.text_box import TextBox


@register("geotrace", "")
class GeotraceWidget(QuestionWidget):
    """Value: points joined by ";", each "lat lon alt acc", as ODK writes them."""

    MIN_POINTS = 2
    CLOSED = False

    def build_input(self) -> None:
        self.edit = TextBox(self.commit_points, self)
        self.edit.setPlaceholderText(tr("One point per line: latitude longitude\n14.6349 -90.5069\n14.6351 -90.5072"))
        self.edit.setMinimumHeight(self.fontMetrics().height() * 5)
        self.input_area.addWidget(self.edit)

    def _points(self) -> tuple[list[tuple[float, ...]], str | None]:
        points = []
        for number, line in enumerate(self.edit.toPlainText().splitlines(), 1):
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            try:
                values = [float(p) for p in parts[:4]]
            except ValueError:
                return [], tr("Line {n} is not a point: write latitude and longitude as numbers.").format(n=number)
            if len(values) < 2:
                return [], tr("Line {n} is not a point: write latitude and longitude as numbers.").format(n=number)
            problem = point_problem(values[0], values[1])
            if problem:
                return [], tr("Line {n}:").format(n=number) + " " + problem
            points.append(tuple(values + [0.0] * (4 - len(values))))
        if points and len(points) < self.MIN_POINTS:
            return [], tr("Type at least {n} points.").format(n=self.MIN_POINTS)
        if self.CLOSED and points and points[0][:2] != points[-1][:2]:
            points.append(points[0])   # a shape closes on its first point, as ODK requires
        return points, None

    def commit_editing(self) -> None:
        self.commit_points()

    def commit_points(self) -> None:
        _points, problem = self._points()
        self.set_local_problem(problem)
        if problem is None and self.value() != self.question.value:
            self.emit_value()

    def input_widgets(self):
        return [self.edit]

    def value(self) -> str:
        points, problem = self._points()
        if problem:
            return ""
        return ";".join(" ".join(_fmt(v) for v in point) for point in points)

    def set_value(self, value: str) -> None:
        lines = [" ".join(p.split()[:2]) for p in value.split(";") if p.strip()]
        self.edit.setPlainText("\n".join(lines))


def _fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else repr(number)
