"""Native Excel charts on the Summary sheet: overall and by each dimension, each series reading the percentages
of its own group."""

from __future__ import annotations

import random

from openpyxl.utils.cell import range_boundaries

from fieldapp.exchange import layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.merge import merge
from tests.exchange.test_merge import PW, book, child, read_master, summary_form


def test_charts_by_dimension_plot_each_groups_percentages(tmp_path):
    rng = random.Random(9)
    children = [child(f"uuid:{n}", age=rng.randint(1, 17), sex=rng.choice(["female", "male"]),
                      hobbies=rng.choice(["music", "sport", "music sport", layout.DECLINED]))
                for n in range(60)]
    book(tmp_path / "a.xlsx", children)
    result = merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx", password=PW, form=summary_form(tmp_path))
    _, wb = read_master(tmp_path / "m.xlsx")
    ws = wb[ml.SUMMARY_SHEET]
    charts = ws._charts
    titled = {}
    for chart in charts:
        text = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
        titled[text] = chart
    table = next(t for t in result.summary if t.column == "hobbies" and t.dimension == "sex")
    chart = titled[table.title]
    assert [s.tx.v for s in chart.series] == table.groups == ["Female", "Male"]
    for g_index, series in enumerate(chart.series):
        ref = series.val.numRef.f.split("!")[1].replace("$", "")
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        plotted = [ws.cell(r, min_col).value for r in range(min_row, max_row + 1)]
        assert plotted == [pct[g_index] for _, _, _, pct in table.rows[:-1]]     # every answer and Declined
    overall = next(t for t in result.summary if t.column == "hobbies" and t.dimension is None)
    assert len(titled[overall.title].series) == 1
    band = next(t for t in result.summary if t.column == "sex" and t.dimension == "age")
    assert len(titled[band.title].series) == len(band.groups) > 1
