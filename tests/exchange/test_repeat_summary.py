"""Summaries of repeat questions: one count per repeat row (household member), broken down by the member's own
age band and sex, checked against counts made here; carried on when a master is added to."""

from __future__ import annotations

import random

import pytest

from fieldapp.exchange import layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.merge import merge
from fieldapp.xform import load_form
from tests.exchange.devicebook import meta_row, write_device_workbook
from tests.exchange.test_merge import PW, read_master

FORM = """| survey |
| | type | name | label | bind::fieldapp:role | bind::fieldapp:disaggregate |
| | select_one yn | water | Safe water | | |
| | begin_repeat | member | Member | | |
| | integer | mage | Member age | age | |
| | select_one sex | msex | Member sex | | yes |
| | select_one yn | school | In school | | |
| | end_repeat | | | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| | sex | female | Female |
| | sex | male | Male |
| settings |
| | form_id | namespaces |
| | household | fieldapp="urn:fieldapp:xforms" |
"""
MEMBER = ["member/mage", "member/msex", "member/school"]


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


def _households(rng, first, count):
    rows, members = [], []
    for n in range(first, first + count):
        uuid = f"uuid:h{n}"
        rows.append({"water": rng.choice(["yes", "no"]), **meta_row(uuid)})
        for k in range(rng.randint(1, 4)):
            members.append({"member/mage": rng.randint(0, 70), "member/msex": rng.choice(["female", "male"]),
                            "member/school": rng.choice(["yes", "no", layout.DECLINED]),
                            "_submission_uuid": uuid, "_key": f"{uuid}/member[{k + 1}]", "_parent_key": uuid,
                            "_parent_table": "household"})
    return rows, members


def _book(path, rows, members, device):
    return write_device_workbook(path, form_id="household", columns=["water"], rows=rows, device=device,
                                 repeats={"member": (MEMBER, members)}, password=PW, main_sheet="household")


def _check(summary, members):
    by = {(t.column, t.dimension): t for t in summary}
    overall = by[("member/school", None)]
    got = {label: counts[0] for label, _, counts, _ in overall.rows}
    assert got["Yes"] == sum(m["member/school"] == "yes" for m in members)
    assert got["Declined"] == sum(m["member/school"] == layout.DECLINED for m in members)
    assert overall.base == [len(members)]                       # one per member, not per household
    by_sex = by[("member/school", "member/msex")]
    for g, group in enumerate(by_sex.groups):
        sex = {"Female": "female", "Male": "male"}[group]
        mine = [m for m in members if m["member/msex"] == sex]
        got = {label: (counts[g], pct[g]) for label, _, counts, pct in by_sex.rows}
        yes = sum(m["member/school"] == "yes" for m in mine)
        assert got["Yes"] == (yes, round(100 * yes / len(mine), 1))
    by_age = by[("member/school", "member/mage")]
    children = [m for m in members if 5 <= m["member/mage"] <= 11]
    g = by_age.groups.index("5-11")
    assert {label: counts[g] for label, _, counts, _ in by_age.rows}["No"] == sum(
        m["member/school"] == "no" for m in children)
    assert by_age.title.startswith("member: ")


def test_repeat_questions_are_counted_per_member_by_the_members_own_dimensions(tmp_path):
    form_path = tmp_path / "household.md"
    form_path.write_text(FORM, encoding="utf-8")
    form = load_form(form_path)
    rng = random.Random(3)
    rows, members = _households(rng, 0, 40)
    _book(tmp_path / "a.xlsx", rows, members, "laptop-1")
    result = merge([tmp_path / "a.xlsx"], tmp_path / "m1.xlsx", password=PW, form=form)
    _check(result.summary, members)
    assert ("water", None) in {(t.column, t.dimension) for t in result.summary}
    # adding a workbook: the members' counts carry on from the kept database, the same as a full merge
    more_rows, more_members = _households(rng, 100, 10)
    _book(tmp_path / "b.xlsx", more_rows, more_members, "laptop-2")
    added = merge([tmp_path / "m1.xlsx", tmp_path / "b.xlsx"], tmp_path / "m2.xlsx", password=PW, form=form)
    _check(added.summary, members + more_members)
    full = merge([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], tmp_path / "full.xlsx", password=PW, form=form)
    assert read_master(tmp_path / "m2.xlsx")[0][ml.SUMMARY_SHEET] == read_master(tmp_path / "full.xlsx")[0][
        ml.SUMMARY_SHEET]
    assert [t.rows for t in added.summary] == [t.rows for t in full.summary]


def test_the_members_counts_carry_on_when_rows_are_appended(tmp_path, monkeypatch):
    from fieldapp.exchange import kept
    seen = []
    real = kept.earlier_summary
    monkeypatch.setattr(kept, "earlier_summary", lambda *a, **k: seen.append(real(*a, **k)) or seen[-1])
    test_repeat_questions_are_counted_per_member_by_the_members_own_dimensions(tmp_path)
    assert seen == [True, True]            # the main sheet's counts and the members', both carried on
