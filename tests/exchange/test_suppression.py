"""Small cells in a publishable summary cannot be worked out by subtraction: an outsider solving every sum the
tables obey (tests/exchange/attacker.py) recovers no "<5" and no "hidden" cell - in a column, across the groups
of a dimension, through a combined age band, from percentages - on hand-made cases, on seeded random tables, and on
the bundled community form merged in the publishable profile; the cells still shown are the true counts."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import pytest

from fieldapp.exchange import layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange import suppress
from fieldapp.exchange.facts import FormFacts, Question
from fieldapp.exchange.summary import HIDDEN, SUPPRESSED, SummaryBuilder
from tests.exchange.attacker import cells_of, recovered

COMBINED = "12-17 (12-14 + 15-17)"
YN = (("yes", "Yes"), ("no", "No"))
BANDS = (("age_5_11", "5-11"), ("age_12_14", "12-14"), ("age_15_17", "15-17"))
FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


def _facts():
    facts = FormFacts("kid", from_form=True)
    facts.questions["band"] = Question("band", "select_one", "Age band", BANDS, disaggregate=True)
    facts.questions["sex"] = Question("sex", "select_one", "Sex", (("f", "Female"), ("m", "Male")), disaggregate=True)
    facts.questions["needs"] = Question("needs", "select_multiple", "Needs",
                                        (("food", "Food"), ("water", "Water"), ("school", "School")),
                                        disaggregate=True)
    facts.questions["school"] = Question("school", "select_one", "In school", YN)
    facts.questions["help"] = Question("help", "select_multiple", "Help received",
                                       (("food", "Food"), ("books", "Books"), ("health", "Health care")))
    facts.questions["hours"] = Question("hours", "number", "Hours of work")
    return facts


COLUMNS = ["band", "sex", "needs", "school", "help", "hours"]


def _build(rows, publishable=True, columns=COLUMNS):
    builder = SummaryBuilder(_facts(), columns, publishable=publishable)
    for row in rows:
        builder.add([row.get(c) for c in columns])
    return builder.tables()


def _table(tables, column, dimension):
    return next(t for t in tables if t.column == column and t.dimension == dimension)


def _cell(table, label, group):
    row = next(r for r in table.rows if r[0] == label)
    g = table.groups.index(group)
    return row[2][g], row[3][g]


def _kids(spec):
    """spec: (band code, school answer, how many), the rest of each row fixed."""
    rows = []
    for band, school, count in spec:
        rows += [{"band": band, "sex": "f", "needs": "food", "school": school, "help": "food", "hours": 3}
                 for _ in range(count)]
    return rows


def _check_safe(tables, multi=("needs",)):
    found = recovered(tables, multi)
    assert found == {}, f"worked out by an outsider: {found}"


# -- the two ways today's suppression was undone ----------------------------------------------------------------

def test_a_small_cell_is_not_the_number_asked_minus_the_other_answers():
    # 12-14: 8 asked, 3 in school, 5 not, none declined: "<5" alone gives 8 - 5 - 0 = 3
    rows = _kids([("age_12_14", "yes", 3), ("age_12_14", "no", 5), ("age_15_17", "yes", 10), ("age_15_17", "no", 9),
                  ("age_5_11", "yes", 7), ("age_5_11", "no", 8)])
    tables = _build(rows)
    school = _table(tables, "school", "band")
    assert _cell(school, "Yes", "12-14") == (SUPPRESSED, None)
    assert _cell(school, "No", "12-14")[0] == HIDDEN or school.base[school.groups.index("12-14")] == HIDDEN
    _check_safe(tables)


def test_a_small_cell_is_not_the_overall_figure_minus_the_other_groups():
    # All "Yes" 20 - (5-11: 7) - (15-17: 10) = 3 for 12-14
    rows = _kids([("age_5_11", "yes", 7), ("age_5_11", "no", 9), ("age_12_14", "yes", 3), ("age_12_14", "no", 6),
                  ("age_15_17", "yes", 10), ("age_15_17", "no", 12)])
    tables = _build(rows)
    overall, by_band = _table(tables, "school", None), _table(tables, "school", "band")
    assert _cell(overall, "Yes", "All") in ((20, round(2000 / 47, 1)), (HIDDEN, None))
    shown = [_cell(by_band, "Yes", g)[0] for g in ("5-11", "15-17")] + [_cell(overall, "Yes", "All")[0]]
    assert HIDDEN in shown                       # one more cell of that row is hidden
    _check_safe(tables)


def test_the_attacker_finds_what_a_primary_only_suppression_leaves(monkeypatch):
    # the check can tell: with the small cells alone hidden, both examples come back
    rows = _kids([("age_12_14", "yes", 3), ("age_12_14", "no", 5), ("age_15_17", "yes", 10), ("age_15_17", "no", 9),
                  ("age_5_11", "yes", 7), ("age_5_11", "no", 8)])
    builder = SummaryBuilder(_facts(), COLUMNS, publishable=True)
    for row in rows:
        builder.add([row.get(c) for c in COLUMNS])
    monkeypatch.setattr(suppress, "protect",
                        lambda grid, *a, **kw: {k: suppress.PRIMARY for k, v in grid.values.items() if 0 < v < 5})
    tables = builder.tables()
    found = recovered(tables, ("needs",))
    assert found[(("school", "band"), "yes", "12-14")] == 3


def test_a_total_under_five_stays_under_five_and_zeros_stay_shown():
    rows = _kids([("age_12_14", "yes", 1), ("age_15_17", "yes", 1), ("age_15_17", "no", 10)])
    tables = _build(rows)
    school = _table(tables, "school", "band")
    assert _cell(school, "Yes", "15-17")[0] == SUPPRESSED and _cell(school, "No", "15-17")[0] in (10, HIDDEN)
    # 12-14: one child asked: every answer "<5", the 0 too (else "<5" asked and one "<5" answer tell it is 1 each)
    assert school.base[school.groups.index("12-14")] == SUPPRESSED
    assert _cell(school, "No", "12-14") == (SUPPRESSED, None)
    assert _cell(school, "Not answered", "12-14")[0] == 0
    # elsewhere a 0 stays shown
    assert _cell(school, "Declined", "15-17")[0] == 0
    _check_safe(tables)


def test_a_hidden_number_asked_hides_every_percentage_of_its_column():
    rows = _kids([("age_12_14", "yes", 2), ("age_12_14", "no", 6), ("age_15_17", "yes", 9), ("age_15_17", "no", 9)])
    tables = _build(rows)
    for t in tables:
        if t.kind == "number":
            continue
        for g, base in enumerate(t.base):
            if isinstance(base, str):
                assert all(r[3][g] is None for r in t.rows), t.title
        for _, _, counts, percents in t.rows:
            for c, p in zip(counts, percents):
                if isinstance(c, str):
                    assert p is None


def test_a_hidden_n_hides_the_statistics_of_its_group():
    rows = _kids([("age_12_14", "yes", 3), ("age_15_17", "yes", 9), ("age_5_11", "no", 9)])
    tables = _build(rows)
    hours = _table(tables, "hours", "band")
    for g, n in enumerate(hours.base):
        if isinstance(n, str):
            assert all(r[2][g] == n for r in hours.rows if r[0] in ("n", "mean", "median", "min", "max"))
    _check_safe(tables)


def test_the_full_profile_shows_every_count():
    rows = _kids([("age_12_14", "yes", 3), ("age_12_14", "no", 5)])
    for t in _build(rows, publishable=False):
        assert not any(isinstance(c, str) for _, _, counts, _ in t.rows for c in counts)


# -- seeded random tables --------------------------------------------------------------------------------------

def _random_rows(seed, count):
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        rows.append({
            "band": rng.choice(["age_5_11", "age_12_14", "age_15_17", "age_15_17", None]),
            "sex": rng.choice(["f", "m", "m", layout.DECLINED]),
            "needs": rng.choice(["food", "water", "food water", "school", None]),
            "school": rng.choice(["yes", "no", "no", "maybe", layout.DECLINED, None]),
            "help": rng.choice(["food", "books", "food books", "health", layout.DECLINED, None]),
            "hours": rng.choice([layout.DECLINED, None] + list(range(12))),
        })
    return rows


def _independent(rows, column, dimension, group, value):
    """The count of one cell, from the rows."""
    facts = _facts()
    labels = dict(facts.questions[dimension].choices) if dimension else {}
    if dimension is None:
        mine = rows
    elif dimension == "needs":
        mine = [r for r in rows if r["needs"] and group in [labels[v] for v in r["needs"].split()]]
    elif group == COMBINED:
        mine = [r for r in rows if r["band"] in ("age_12_14", "age_15_17")]
    else:
        mine = [r for r in rows if r[dimension] not in (None, layout.DECLINED) and labels[r[dimension]] == group]
    answers = [r[column] for r in mine]
    q = facts.questions[column]
    if value == "#asked":
        return sum(a is not None for a in answers) if q.kind != "number" else sum(isinstance(a, int) for a in answers)
    if value == "#not answered":
        return sum(a is None for a in answers)
    if value == "n":
        return sum(isinstance(a, int) for a in answers)
    if value == layout.DECLINED:
        return sum(a == layout.DECLINED for a in answers)
    if q.kind == "select_multiple":
        return sum(a not in (None, layout.DECLINED) and value in a.split() for a in answers)
    return sum(a == value for a in answers)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_random_tables_give_nothing_away(seed):
    rows = _random_rows(seed, random.Random(seed).randint(25, 90))
    tables = _build(rows)
    _check_safe(tables)
    full = _build(rows, publishable=False)
    published, truth = cells_of(tables), cells_of(full)
    assert published.keys() == truth.keys()
    hidden = 0
    for key, cell in published.items():
        (column, dimension), row, group = key
        if key[1] == "#asked" and column == "hours":
            row = "n"
        true = truth[key]
        assert true == _independent(rows, column, dimension, group, row if row != "#asked" else "#asked"), key
        if cell == SUPPRESSED:      # a 0 only where fewer than 5 were asked
            assert 0 < true < 5 or true == 0 and row not in ("#asked", "n") and published[
                (column, dimension), "n" if column == "hours" else "#asked", group] == SUPPRESSED, key
        elif cell == HIDDEN:
            assert true >= 5
            hidden += 1
        else:
            assert cell == true, key
    assert hidden > 0            # the seeds do call for complementary cells
    # same inputs, same cells hidden
    assert [t.rows for t in _build(rows)] == [t.rows for t in tables]


def test_statistics_of_shown_groups_are_the_true_ones():
    rows = _random_rows(7, 80)
    hours = _table(_build(rows), "hours", "sex")
    for g, group in enumerate(hours.groups):
        if isinstance(hours.base[g], str):
            continue
        code = {"Female": "f", "Male": "m"}[group]
        values = [r["hours"] for r in rows if r["sex"] == code and isinstance(r["hours"], int)]
        stats = {r[0]: r[2][g] for r in hours.rows}
        assert stats["n"] == len(values) and stats["median"] == statistics.median(values)


# -- the bundled community form, merged in the publishable profile -------------------------------------------------

def _community_rows(facts, seed=3, households=45):
    from tests.exchange.devicebook import meta_row
    rng = random.Random(seed)

    def column(name):
        return next(q for q in facts.questions.values() if q.column.rsplit("/", 1)[-1] == name)

    main = [column(n) for n in ("area_type", "respondent_sex", "hh_status", "respondent_age", "hh_size",
                                "water_enough", "health_barriers", "shock_impact", "aid_received")]
    member = [column(n) for n in ("member_sex", "member_age", "member_age_band", "school_attendance", "child_work")]

    def answer(q):
        pick = rng.random()
        if pick < 0.08:
            return None
        if pick < 0.14:
            return layout.DECLINED
        if q.kind == "number":
            return rng.randint(1, 9)
        codes = [c for c, _ in q.choices]
        if not codes:           # a calculated band: set below
            return None
        if q.kind == "select_multiple":
            return " ".join(sorted(set(rng.sample(codes, rng.randint(1, 2)))))
        return rng.choice(codes[:3])

    rows, members = [], []
    for n in range(households):
        uuid = f"uuid:h{n}"
        row = {q.column: answer(q) for q in main}
        age = column("respondent_age").column
        row[age] = rng.randint(18, 70)
        for q in main:
            if q.kind == "select_multiple" and row[q.column] not in (None, layout.DECLINED):
                for code, _ in q.choices:
                    row[f"{q.column}/{code}"] = int(code in row[q.column].split())
        rows.append({**row, **meta_row(uuid)})
        for k in range(rng.randint(1, 4)):
            m = {q.column: answer(q) for q in member}
            m_age = rng.randint(3, 17)
            m[column("member_age").column] = m_age
            m[column("member_age_band").column] = ("age_0_4" if m_age <= 4 else "age_5_11" if m_age <= 11
                                                   else "age_12_14" if m_age <= 14 else "age_15_17")
            members.append({**m, "_submission_uuid": uuid, "_key": f"{uuid}/member[{k + 1}]", "_parent_key": uuid,
                            "_parent_table": "community_needs"})
    main_columns = [c for q in main for c in [q.column] + ([f"{q.column}/{code}" for code, _ in q.choices]
                                                           if q.kind == "select_multiple" else [])]
    return main_columns, rows, [q.column for q in member], members


def test_the_community_forms_publishable_summary_gives_nothing_away(tmp_path):
    from fieldapp.exchange import facts as facts_module
    from fieldapp.exchange.merge import merge
    from fieldapp.xform import load_form
    from tests.exchange.devicebook import write_device_workbook
    from tests.exchange.test_merge import read_master

    form = load_form(FORMS_DIR / "community_needs.xlsx", cache=False)
    facts = facts_module.from_form(form, "English (en)")
    columns, rows, member_columns, members = _community_rows(facts)
    member_sheet = next(q.repeat for q in facts.questions.values() if q.repeat).rsplit("/", 1)[-1]
    write_device_workbook(tmp_path / "a.xlsx", form_id="community_needs", columns=columns, rows=rows,
                          repeats={member_sheet: (member_columns, members)}, main_sheet="community_needs")
    result = merge([tmp_path / "a.xlsx"], tmp_path / "pub.xlsx", form=form, profile="publishable")
    assert result.rows == len(rows)
    multi = {q.column for q in facts.questions.values() if q.kind == "select_multiple" and q.disaggregate}
    main_tables = [t for t in result.summary if not t.column.startswith("household/member")]
    member_tables = [t for t in result.summary if t.column.startswith("household/member")]
    assert member_tables and main_tables
    marks = [c for t in result.summary for _, _, counts, _ in t.rows for c in counts if isinstance(c, str)]
    assert SUPPRESSED in marks and HIDDEN in marks
    for tables in (main_tables, member_tables):
        _check_safe(tables, multi)
    full = merge([tmp_path / "a.xlsx"], tmp_path / "full.xlsx", form=form, password="not published")
    published, truth = cells_of(result.summary), cells_of([t for t in full.summary
                                                           if (t.column, t.dimension) in
                                                           {(p.column, p.dimension) for p in result.summary}])
    for key, cell in published.items():
        if not isinstance(cell, str):
            assert cell == truth[key], key
    # the sheet explains both marks
    sheets, wb = read_master(tmp_path / "pub.xlsx")
    sheet = sheets[ml.SUMMARY_SHEET]
    words = [c for r in sheet for c in r if isinstance(c, str)]
    assert any("<5" in w and "singled out" in w for w in words)
    assert any(w.startswith("hidden:") for w in words)
    # no percentage beside a "<5" or hidden count, so no chart bar (the charts draw the percentage columns)
    counts_and_percentages = False
    for row in sheet:
        if row and row[0] is None and isinstance(row[1] if len(row) > 1 else None, str):     # a table's header
            counts_and_percentages = any(isinstance(c, str) and c.endswith(" %") for c in row)
            continue
        for at, cell in enumerate(row):
            if counts_and_percentages and at % 2 == 1 and cell in (SUPPRESSED, HIDDEN):
                assert row[at + 1] is None, row
    charts = wb[ml.SUMMARY_SHEET]._charts
    assert charts
    from openpyxl.utils import range_boundaries
    drawn = 0
    for chart in charts:
        for series in chart.series:
            low_col, low_row, high_col, high_row = range_boundaries(series.val.numRef.f.split("!")[1])
            for r in range(low_row, high_row + 1):
                value, count = sheet[r - 1][low_col - 1], sheet[r - 1][low_col - 2]
                assert value is None or isinstance(count, int), (r, count, value)
                drawn += value is not None
    assert drawn
