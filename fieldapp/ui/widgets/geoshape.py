"""An area typed as its corner points (type geoshape); the shape is closed on its first point."""

from __future__ import annotations

from fieldapp.ui.widgets.geotrace import GeotraceWidget
from fieldapp.ui.widgets.registry import register


@register("geoshape", "")
class GeoshapeWidget(GeotraceWidget):
    MIN_POINTS = 3
    CLOSED = True

    def set_value(self, value: str) -> None:
        points = [p for p in value.split(";") if p.strip()]
        if len(points) > 1 and points[0].split()[:2] == points[-1].split()[:2]:
            points = points[:-1]   # show the corners; the closing point is added back on save
        super().set_value(";".join(points))
