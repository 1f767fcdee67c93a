"""The standard 12-17 band made of a form's nested 12-14 and 15-17: counted over the combined respondents (checked
against counts made here from the raw rows), hidden in a publishable summary where a part is under 5 so the part
cannot be worked out by subtraction, never offered for bands that do not nest, and also for a member's own band."""

from __future__ import annotations

import random
import statistics

import pytest

from fieldapp.exchange import layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.bands import band_range, combined_groups
from fieldapp.exchange.merge import merge
from fieldapp.exchange.summary import HIDDEN, SUPPRESSED, SummaryBuilder
from fieldapp.xform import load_form
from tests.exchange.devicebook import meta_row, write_device_workbook
from tests.exchange.test_merge import PW, read_master

COMBINED = "12-17 (12-14 + 15-17)"
FORM = """| survey |
| | type | name | label | bind::fieldapp:role | bind::fieldapp:disaggregate | calculation |
| | integer | age | Age | age | | |
| | calculate | age_band | | | yes | {band} |
| | select_one yn | school | In school | | | |
| | select_multiple help | help | Help received | | | |
| | integer | hours | Hours of work | | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| | help | food | Food |
| | help | books | Books |
| | help | health | Health care |
| settings |
| | form_id | namespaces |
| | kid | fieldapp="urn:fieldapp:xforms" |
"""
NESTED = "if(${age} <= 4, 'age_0_4', if(${age} <= 11, 'age_5_11', if(${age} <= 14, 'age_12_14', 'age_15_17')))"
NOT_NESTED = "if(${age} <= 5, 'age_0_5', if(${age} <= 9, 'age_6_9', if(${age} <= 14, 'age_10_14', 'age_15_19')))"


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


COLUMNS = ["age", "age_band", "school", "help", "help/food", "help/books", "help/health", "hours"]


def _nested(age):
    return "age_0_4" if age <= 4 else "age_5_11" if age <= 11 else "age_12_14" if age <= 14 else "age_15_17"


def _not_nested(age):
    return "age_0_5" if age <= 5 else "age_6_9" if age <= 9 else "age_10_14" if age <= 14 else "age_15_19"


def _form(tmp_path, band=NESTED):
    path = tmp_path / "kid.md"
    path.write_text(FORM.replace("{band}", band), encoding="utf-8")
    return load_form(path)


def _row(n, age, school, help_, hours, band=_nested):
    row = {"age": age, "age_band": band(age), "school": school, "help": help_, "hours": hours, **meta_row(f"uuid:{n}")}
    for choice in ("food", "books", "health"):
        row[f"help/{choice}"] = None if help_ in (None, layout.DECLINED) else int(choice in help_.split())
    return row


def _random_rows(seed, count, first=0, band=_nested):
    rng = random.Random(seed)
    rows = []
    for n in range(first, first + count):
        age = rng.randint(0, 17)
        help_ = rng.choice(["food", "books", "food books", "health food", layout.DECLINED, None])
        hours = rng.choice([layout.DECLINED, None] + [rng.randint(0, 10 + age * 3) for _ in range(6)])
        rows.append(_row(n, age, rng.choice(["yes", "no", "yes", layout.DECLINED, None]), help_, hours, band))
    return rows


def _book(path, rows):
    return write_device_workbook(path, form_id="kid", columns=COLUMNS, rows=rows, main_sheet="kid", password=PW)


def _table(summary, column):
    return next(t for t in summary if t.column == column and t.dimension == "age_band")


def _cells(table, g):
    return {label: (counts[g], pct[g]) for label, _, counts, pct in table.rows}


def _pct(count, base):
    return round(100 * count / base, 1)


def _check_combined(summary, rows):
    teen = [r for r in rows if 12 <= r["age"] <= 17]
    # select_one: percentages within the combined group, of those asked (answered or declined)
    school = _table(summary, "school")
    assert school.groups == ["0-4", "5-11", "12-14", "15-17", COMBINED]
    assert school.combined == {COMBINED: ("12-14", "15-17")}
    g = school.groups.index(COMBINED)
    asked = [r for r in teen if r["school"] is not None]
    assert school.base[g] == len(asked)
    cells = _cells(school, g)
    for label, value in (("Yes", "yes"), ("No", "no"), ("Declined", layout.DECLINED)):
        count = sum(r["school"] == value for r in teen)
        assert cells[label] == (count, _pct(count, len(asked)))
    assert cells["Not answered"][0] == sum(r["school"] is None for r in teen)
    # select_multiple: per respondent (a child who chose food and books counts once in each)
    help_ = _table(summary, "help")
    g = help_.groups.index(COMBINED)
    asked = [r for r in teen if r["help"] is not None]
    assert help_.base[g] == len(asked)
    cells = _cells(help_, g)
    for label, value in (("Food", "food"), ("Books", "books"), ("Health care", "health")):
        count = sum(r["help"] not in (None, layout.DECLINED) and value in r["help"].split() for r in teen)
        assert cells[label] == (count, _pct(count, len(asked)))
    # numbers: over the combined values, the median of them all (not an average of the parts' medians)
    hours = _table(summary, "hours")
    g = hours.groups.index(COMBINED)
    values = [r["hours"] for r in teen if isinstance(r["hours"], int)]
    stats = {name: cells[g] for name, _, cells, _ in hours.rows}
    assert stats["n"] == len(values) and stats["median"] == statistics.median(values)
    assert stats["mean"] == round(statistics.fmean(values), 4)
    assert (stats["min"], stats["max"]) == (min(values), max(values))
    assert stats["Declined"] == sum(r["hours"] == layout.DECLINED for r in teen)
    parts = [[r["hours"] for r in teen if isinstance(r["hours"], int) and lo <= r["age"] <= hi]
             for lo, hi in ((12, 14), (15, 17))]
    assert statistics.median(values) != statistics.fmean(statistics.median(p) for p in parts)   # the check can tell


def test_the_combined_band_counts_the_respondents_of_its_parts(tmp_path):
    rows = _random_rows(11, 160)
    _book(tmp_path / "a.xlsx", rows)
    result = merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx", password=PW, form=_form(tmp_path))
    _check_combined(result.summary, rows)
    # the parts themselves are untouched, and the Summary sheet shows the combined group after them, explained
    school = _table(result.summary, "school")
    assert school.base[school.groups.index("12-14")] == sum(12 <= r["age"] <= 14 and r["school"] is not None
                                                             for r in rows)
    sheet = read_master(tmp_path / "m.xlsx")[0][ml.SUMMARY_SHEET]
    header = next(r for r in sheet if r[0] is None and r[1] == "0-4 n")
    assert [c for c in header if c][-2:] == [f"{COMBINED} n", f"{COMBINED} %"]
    assert any(r[0] and COMBINED in r[0] and "total of those parts" in r[0] for r in sheet)


def test_appending_to_a_master_carries_the_combined_band_on(tmp_path):
    form = _form(tmp_path)
    first, more = _random_rows(5, 90), _random_rows(6, 40, first=500)
    _book(tmp_path / "a.xlsx", first)
    _book(tmp_path / "b.xlsx", more)
    merge([tmp_path / "a.xlsx"], tmp_path / "m1.xlsx", password=PW, form=form)
    added = merge([tmp_path / "m1.xlsx", tmp_path / "b.xlsx"], tmp_path / "m2.xlsx", password=PW, form=form)
    _check_combined(added.summary, first + more)
    full = merge([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], tmp_path / "full.xlsx", password=PW, form=form)
    assert [t.rows for t in added.summary] == [t.rows for t in full.summary]


def test_the_kept_counts_need_no_new_layout(tmp_path):
    # the combined band is worked out from its parts' counts: the state carried between merges, and its
    # fingerprint, are those of the parts alone, so an earlier master's counts stay usable
    from fieldapp.exchange.facts import from_form
    rows = _random_rows(8, 60)
    facts = from_form(_form(tmp_path))
    builder = SummaryBuilder(facts, COLUMNS)
    for row in rows:
        builder.add([row[c] for c in COLUMNS])
    assert not any(COMBINED in str(key) for key in list(builder._counts) + list(builder._numbers))
    again = SummaryBuilder(facts, COLUMNS)
    assert again.fingerprint() == builder.fingerprint()
    again.restore(*builder.state())
    assert [t.rows for t in again.tables()] == [t.rows for t in builder.tables()]


# -- publishable: no suppressed part can be worked out from the total and the other parts -------------------------

def _recoverable(table):
    """Cells under 5 an outsider can work out exactly from a shown total and its other parts (rows and numbers asked),
    or a total's count from its percentage and number asked."""
    found = []
    vectors = [("Asked", table.base, None)] + [(label, counts, pct) for label, _, counts, pct in table.rows]
    for combined, parts in table.combined.items():
        c = table.groups.index(combined)
        at = [table.groups.index(p) for p in parts]
        for label, counts, pct in vectors:
            hidden = [p for p in at if not isinstance(counts[p], (int, float))]
            if isinstance(counts[c], (int, float)) and counts[c] and len(hidden) == 1:     # a 0 is not a person
                found.append((label, table.groups[hidden[0]]))
            if pct is not None and pct[c] is not None and not isinstance(counts[c], (int, float)) \
                    and isinstance(table.base[c], int):
                found.append((label, combined))
    return found


def _publishable_rows():
    # 12-14: 3 in school and 5 not; 15-17: 10 and 10; the 12-14 hours reported by 3 children only
    rows, n = [], 0
    for age, school, count in ((13, "yes", 3), (13, "no", 5), (16, "yes", 10), (16, "no", 10), (8, "yes", 7),
                               (8, "no", 6)):
        for _ in range(count):
            hours = 2 + n % 7 if age != 13 or n % 3 == 0 else None
            rows.append(_row(n, age, school, "food" if n % 2 else "books", hours))
            n += 1
    return rows


def test_publishable_hides_the_total_where_a_part_is_under_five(tmp_path):
    rows = _publishable_rows()
    _book(tmp_path / "a.xlsx", rows)
    result = merge([tmp_path / "a.xlsx"], tmp_path / "pub.xlsx", password=PW, form=_form(tmp_path),
                   profile="publishable")
    school = _table(result.summary, "school")
    g, part = school.groups.index(COMBINED), school.groups.index("12-14")
    cells = _cells(school, part)
    assert cells["Yes"] == (SUPPRESSED, None)
    # 13 - 10 would give the 3 children of 12-14 in school: the total or the other part is hidden too
    assert HIDDEN in (_cells(school, g)["Yes"][0], _cells(school, school.groups.index("15-17"))["Yes"][0])
    assert _cells(school, g)["No"] == (15, _pct(15, 28)) and school.base[g] == 28    # no part under 5: shown
    hours = _table(result.summary, "hours")
    n = {group: hours.base[hours.groups.index(group)] for group in ("12-14", "15-17", COMBINED)}
    assert n["12-14"] == SUPPRESSED and HIDDEN in (n["15-17"], n[COMBINED])     # 12-14 has 3 answers: n = total - 20
    from tests.exchange.attacker import recovered
    assert recovered(result.summary) == {}
    for table in result.summary:
        assert _recoverable(table) == [], table.title
    # the sheet says it in the coordinator's language
    merge([tmp_path / "a.xlsx"], tmp_path / "pub_es.xlsx", password=PW, form=_form(tmp_path), profile="publishable",
          language="es")
    sheet = read_master(tmp_path / "pub_es.xlsx")[0][ml.SUMMARY_SHEET]
    words = [c for r in sheet for c in r if isinstance(c, str)]
    assert "oculto" in words and "hidden" not in words
    assert any(w.startswith("oculto: un conteo de 5 o más") for w in words)


def test_a_full_summary_shows_the_total_even_with_small_parts(tmp_path):
    rows = _publishable_rows()
    _book(tmp_path / "a.xlsx", rows)
    result = merge([tmp_path / "a.xlsx"], tmp_path / "full.xlsx", password=PW, form=_form(tmp_path))
    school = _table(result.summary, "school")
    assert _cells(school, school.groups.index(COMBINED))["Yes"] == (13, _pct(13, 28))


# -- bands that do not nest get no combined group ----------------------------------------------------------------

def test_bands_that_do_not_nest_get_no_combined_group(tmp_path):
    rows = _random_rows(3, 80, band=_not_nested)
    _book(tmp_path / "a.xlsx", rows)
    result = merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx", password=PW, form=_form(tmp_path, NOT_NESTED))
    school = _table(result.summary, "school")
    assert school.groups == ["0-5", "6-9", "10-14", "15-19"] and school.combined == {}
    assert all(not t.combined for t in result.summary)
    sheet = read_master(tmp_path / "m.xlsx")[0][ml.SUMMARY_SHEET]
    assert not any(isinstance(c, str) and "total of those parts" in c for r in sheet for c in r)


@pytest.mark.parametrize("bands, expected", [
    (["0-4", "5-11", "12-14", "15-17", "18-59", "60+"], [(COMBINED, ("12-14", "15-17"))]),
    (["0-4", "5-11", "12-17", "18-59", "60+"], []),                       # the standard bands themselves
    (["0-5", "6-11", "12-17"], []),                                        # 0-5 straddles 0-4 and 5-11
    (["12-13", "14-15"], []),                                              # 16 and 17 missing: not 12-17
    (["12-15", "14-17"], []),                                              # overlapping
    (["10-14", "15-19"], []),                                              # WHO adolescent bands
    (["0-1", "2-4", "60-69", "70+"], [("0-4 (0-1 + 2-4)", ("0-1", "2-4")), ("60+ (60-69 + 70+)", ("60-69", "70+"))]),
    (["0-11 months", "1-4 years"], []),                                    # months are not years
    (["under 1", "1-4", "5-11"], [("0-4 (0 + 1-4)", ("under 1", "1-4"))]),
])
def test_which_bands_combine(bands, expected):
    assert combined_groups({b: band_range(b) for b in bands}) == expected


def test_the_intakes_labelled_bands_combine_after_their_parts():
    from pathlib import Path

    from fieldapp.exchange.facts import from_form
    forms = Path(__file__).resolve().parents[2] / "forms"
    form = load_form(forms / "child_intake.xlsx", cache=False)
    for language, part in (("English (en)", "15 to 17 years"), ("Español (es)", "De 15 a 17 años")):
        facts = from_form(form, language)
        band = next(q.column for q in facts.questions.values() if q.column.endswith("/age_band"))
        sex = next(q for q in facts.questions.values() if q.kind == "select_one" and q.column != band)
        builder = SummaryBuilder(facts, [band, sex.column])
        for code in ("age_12_14", "age_15_17", "age_15_17", "age_5_11"):
            builder.add([code, sex.choices[0][0]])
        table = next(t for t in builder.tables() if t.dimension == band)
        assert table.groups[table.groups.index(part) + 1] == COMBINED
        assert table.base[table.groups.index(COMBINED)] == 3


# -- a household member's own band --------------------------------------------------------------------------------

MEMBER_FORM = """| survey |
| | type | name | label | bind::fieldapp:role | bind::fieldapp:disaggregate | calculation |
| | select_one yn | water | Safe water | | | |
| | begin_repeat | member | Member | | | |
| | integer | mage | Member age | | | |
| | calculate | member_age_band | | | yes | if(${mage} <= 14, 'age_12_14', if(${mage} <= 17, 'age_15_17', 'age_18_59')) |
| | select_one yn | school | In school | | | |
| | end_repeat | | | | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| settings |
| | form_id | namespaces |
| | household | fieldapp="urn:fieldapp:xforms" |
"""


def test_a_members_own_band_combines_in_the_repeat_summary(tmp_path):
    path = tmp_path / "household.md"
    path.write_text(MEMBER_FORM, encoding="utf-8")
    form = load_form(path)
    rng = random.Random(9)
    rows, members = [], []
    for n in range(40):
        uuid = f"uuid:h{n}"
        rows.append({"water": "yes", **meta_row(uuid)})
        for k in range(rng.randint(1, 4)):
            age = rng.randint(12, 30)
            band = "age_12_14" if age <= 14 else "age_15_17" if age <= 17 else "age_18_59"
            members.append({"member/mage": age, "member/member_age_band": band,
                            "member/school": rng.choice(["yes", "no", layout.DECLINED]), "_submission_uuid": uuid,
                            "_key": f"{uuid}/member[{k + 1}]", "_parent_key": uuid, "_parent_table": "household"})
    columns = ["member/mage", "member/member_age_band", "member/school"]
    write_device_workbook(tmp_path / "a.xlsx", form_id="household", columns=["water"], rows=rows,
                          repeats={"member": (columns, members)}, main_sheet="household", password=PW)
    result = merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx", password=PW, form=form)
    table = next(t for t in result.summary if t.column == "member/school" and t.dimension == "member/member_age_band")
    assert table.groups == ["12-14", "15-17", COMBINED, "18-59"]
    teen = [m for m in members if m["member/mage"] <= 17]
    g = table.groups.index(COMBINED)
    yes = sum(m["member/school"] == "yes" for m in teen)
    assert table.base[g] == len(teen) and _cells(table, g)["Yes"] == (yes, _pct(yes, len(teen)))


def test_a_dimension_that_is_not_an_age_gets_no_combined_group():
    # household size bands coded like age bands (1_2, 3_4) are not ages: never offered as a "0-4" total
    from fieldapp.exchange.facts import FormFacts, Question
    facts = FormFacts("hh", from_form=True)
    facts.questions["size_band"] = Question("size_band", "select_one", "Household size",
                                            (("0_1", "0-1"), ("2_4", "2-4")), disaggregate=True)
    facts.questions["water"] = Question("water", "select_one", "Safe water", (("yes", "Yes"), ("no", "No")))
    builder = SummaryBuilder(facts, ["size_band", "water"])
    for row in (["0_1", "yes"], ["2_4", "no"], ["2_4", "yes"]):
        builder.add(row)
    table = next(t for t in builder.tables() if t.dimension == "size_band")
    assert table.groups == ["0-1", "2-4"] and table.combined == {}
    facts.questions["age_group"] = Question("age_group", "select_one", "Age group",
                                            (("0_1", "0-1"), ("2_4", "2-4")), disaggregate=True)
    builder = SummaryBuilder(facts, ["age_group", "water"])
    for row in (["0_1", "yes"], ["2_4", "no"], ["2_4", "yes"]):
        builder.add(row)
    table = next(t for t in builder.tables() if t.dimension == "age_group")
    assert table.groups == ["0-1", "2-4", "0-4 (0-1 + 2-4)"] and table.base == [1, 2, 3]


def test_the_community_forms_member_band_combines():
    # the bundled household form: each member's own calculated band (age_12_14, age_15_17...) in the repeat
    from pathlib import Path

    from fieldapp.exchange.facts import from_form
    forms = Path(__file__).resolve().parents[2] / "forms"
    facts = from_form(load_form(forms / "community_needs.xlsx", cache=False), "English (en)")
    band = next(q.column for q in facts.questions.values() if q.column.endswith("/member_age_band"))
    school = next(q.column for q in facts.questions.values() if q.column.endswith("/school_attendance"))
    members = [("age_12_14", "regularly"), ("age_12_14", "no"), ("age_15_17", "no"), ("age_15_17", "no"),
               ("age_18_59", "regularly"), ("age_5_11", "regularly")]
    builder = SummaryBuilder(facts, [band, school], repeat="member")
    for row in members:
        builder.add(list(row))
    table = next(t for t in builder.tables() if t.column == school and t.dimension == band)
    assert table.groups == ["5-11", "12-14", "15-17", COMBINED, "18-59"]
    g = table.groups.index(COMBINED)
    assert table.base[g] == 4 and _cells(table, g)["No"] == (3, 75.0)


def test_a_total_under_five_stays_under_five(tmp_path):
    from fieldapp.exchange.facts import from_form
    facts = from_form(_form(tmp_path))
    builder = SummaryBuilder(facts, COLUMNS, publishable=True)
    rows = [_row(0, 13, "yes", "food", 3), _row(1, 16, "yes", "food", 4)] + [
        _row(n, 16, "no", "food", 5) for n in range(2, 12)]
    for row in rows:
        builder.add([row[c] for c in COLUMNS])
    school = _table(builder.tables(), "school")
    g = school.groups.index(COMBINED)
    assert _cells(school, g)["Yes"] == (SUPPRESSED, None)
    # 12-14 has one child: its "<5" asked and "<5" answers must not tell it by subtraction
    from tests.exchange.attacker import recovered
    assert school.base[school.groups.index("12-14")] == SUPPRESSED
    assert recovered(builder.tables()) == {}
    assert _recoverable(school) == []
