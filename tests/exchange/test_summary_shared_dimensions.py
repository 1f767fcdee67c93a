"""Summary tables by the bundled community form's dimensions: a select_multiple dimension (the household's
population groups) puts a household in each group it chose, with the shared codes' labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.exchange import facts as facts_module
from fieldapp.exchange.summary import SummaryBuilder, dimensions

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"


@pytest.fixture(scope="module")
def community_facts():
    from fieldapp.xform import load_form

    return facts_module.from_form(load_form(FORMS_DIR / "community_needs.xlsx", cache=False), "English (en)")


def _column(facts, name):
    return next(q.column for q in facts.questions.values() if q.column.rsplit("/", 1)[-1] == name)


def test_population_group_is_a_multiple_choice_dimension(community_facts):
    status = _column(community_facts, "hh_status")
    dim = next(d for d in dimensions(community_facts) if d.column == status)
    assert dim.kind == "multi"
    assert dim.group("non_displaced returnee_deported") == (
        "Not displaced: lives where they usually live", "Returned by the authorities of another country")
    assert dim.group("") is None


def test_a_household_counts_in_each_of_its_groups(community_facts):
    status, area = _column(community_facts, "hh_status"), _column(community_facts, "area_type")
    builder = SummaryBuilder(community_facts, [status, area])
    for row in (["non_displaced returnee_deported", "rural"], ["idp", "urban"], ["non_displaced", "rural"]):
        builder.add(row)
    table = next(t for t in builder.tables() if t.column == area and t.dimension == status)
    assert table.groups == ["Not displaced: lives where they usually live",
                            "Internally displaced: had to leave home but stayed in the country",
                            "Returned by the authorities of another country"]
    rural = next(r for r in table.rows if r[1] == "rural")
    assert rural[2] == [2, 0, 1] and table.base == [2, 1, 1]


def test_the_intake_age_band_is_labelled_from_the_shared_list():
    # The calculated band takes its words from the shared `age_band` list (a translated list: its labels
    # are in the form's itext), in the summary's language; never the raw code.
    from fieldapp.xform import load_form

    form = load_form(FORMS_DIR / "child_intake.xlsx", cache=False)
    for language, words in (("Español (es)", "De 12 a 14 años"), ("English (en)", "12 to 14 years")):
        dims = dimensions(facts_module.from_form(form, language))
        band = next(d for d in dims if d.column.endswith("/age_band"))
        assert band.group("age_12_14") == words
