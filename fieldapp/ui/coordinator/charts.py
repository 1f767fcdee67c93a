"""A summary table as a QtCharts bar chart (percentages per choice, one bar set per group), and its PNG export."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

from fieldapp.ui.i18n import tr


def chart_for(table) -> QChart:
    chart = QChart()
    chart.setTitle(table.title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    series = QBarSeries()
    if table.kind == "number":
        rows = [r for r in table.rows if r[0] in ("mean", "median", "min", "max")]
        categories = [tr(r[0]) for r in rows]   # mean, median, min, max: in the page's SUMMARY_WORDS
        for g_index, group in enumerate(table.groups):
            bars = QBarSet(tr(group) if group == "All" else group)
            for row in rows:
                value = row[2][g_index]
                bars.append(float(value) if isinstance(value, (int, float)) else 0.0)
            series.append(bars)
        top = max([float(r[2][g]) for r in rows for g in range(len(table.groups))
                   if isinstance(r[2][g], (int, float))] + [1.0])
    else:
        rows = [r for r in table.rows if r[1] is not None]
        categories = [tr(r[0]) if r[1] == "#declined" else r[0] for r in rows]
        for g_index, group in enumerate(table.groups):
            bars = QBarSet(tr(group) if group == "All" else group)
            for row in rows:
                value = row[3][g_index]
                bars.append(float(value) if isinstance(value, (int, float)) else 0.0)
            series.append(bars)
        top = 100.0
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, top)
    if table.kind != "number":
        axis_y.setTitleText("%")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    chart.legend().setVisible(len(table.groups) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def chart_view(parent=None) -> QChartView:
    view = QChartView(parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(280)
    return view


def save_png(view: QChartView, path: str) -> bool:
    return view.grab().save(path, "PNG")
