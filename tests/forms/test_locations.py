"""The shared location list (forms/locations.csv): its shape, and both bundled forms reading it as an attachment."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from fieldapp.xform.assembly import load_form, open_session
from fieldapp.xform.load.attachments import find_attachment
from fieldapp.ui.library.bundled import bundled_form_files

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"
LOCATIONS = FORMS_DIR / "locations.csv"
COMMUNITY = "/data/location/"


def rows() -> list[dict[str, str]]:
    with LOCATIONS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_codes_are_unique_and_every_parent_exists():
    places = rows()
    names = [r["name"] for r in places]
    assert len(names) == len(set(names))
    by_name = {r["name"]: r for r in places}
    countries = {r["name"] for r in places if r["level"] == "country"}
    assert {"SLV", "GTM", "HND", "MEX", "other"} <= countries
    for r in places:
        if r["level"] == "admin1" and r["country"] != "any":
            assert r["country"] in countries
        if r["level"] == "admin2" and r["admin1"] != "any":
            parent = by_name[r["admin1"]]
            assert parent["level"] == "admin1" and parent["country"] == r["country"]
            assert r["name"] == f"{r['country']}_{r['code']}"
    assert {r["level"] for r in places} == {"country", "admin1", "admin2"}
    assert [r["name"] for r in places if r["level"] != "country" and r["label"].startswith("Otro")] \
        == ["other_admin1", "other_admin2"]


def test_official_counts_per_country():
    places = rows()

    def count(level, country):
        return sum(1 for r in places if r["level"] == level and r["country"] == country)
    assert (count("admin1", "GTM"), count("admin2", "GTM")) == (22, 340)
    assert (count("admin1", "SLV"), count("admin2", "SLV")) == (14, 44)
    assert (count("admin1", "MEX"), count("admin2", "MEX")) == (32, 2475)
    assert (count("admin1", "HND"), count("admin2", "HND")) == (18, 0)
    honduras = [r["code"] for r in places if r["level"] == "admin1" and r["country"] == "HND"]
    assert honduras == [f"{i:02d}" for i in range(1, 19)]


def _location_instances(form_id: str) -> set[str]:
    xform = convert(xlsform=str(FORMS_DIR / f"{form_id}.xlsx")).xform
    return set(re.findall(r'<instance id="[^"]+" src="(jr://file-csv/[^"]+)"', xform))


@pytest.mark.parametrize("form_id", ["community_needs", "child_intake"])
def test_both_forms_read_the_same_list_which_travels_with_them(form_id):
    assert _location_instances(form_id) == {"jr://file-csv/locations.csv"}
    form_path = FORMS_DIR / f"{form_id}.xlsx"
    # the app registers the bundled forms from their folder; the list is found beside them
    assert form_path in bundled_form_files(FORMS_DIR)
    assert find_attachment(form_path, "jr://file-csv/locations.csv") == LOCATIONS


def _community_session():
    session = open_session(load_form(FORMS_DIR / "community_needs.xlsx", cache=False))
    session.answer("/data/intro/respondent_eligible", "yes")
    session.answer("/data/intro/consent", "yes")
    return session


def _choices(session, path):
    return [c.value for c in session.question(path).choices]


def test_cascade_filters_by_country_and_department_and_clears_when_the_country_changes():
    s = _community_session()
    assert _choices(s, COMMUNITY + "country") == ["SLV", "GTM", "HND", "MEX", "other"]
    s.answer(COMMUNITY + "country", "GTM")
    departments = _choices(s, COMMUNITY + "department")
    assert len(departments) == 23 and "GTM_09" in departments and "other_admin1" in departments
    assert not any(d.startswith(("SLV", "MEX", "HND")) for d in departments)
    s.answer(COMMUNITY + "department", "GTM_09")
    municipalities = _choices(s, COMMUNITY + "municipality")
    assert len(municipalities) == 25 and municipalities[-1] == "other_admin2"
    assert all(m.startswith("GTM_09") for m in municipalities[:-1])
    s.answer(COMMUNITY + "municipality", "GTM_0901")
    assert not s.relevant(COMMUNITY + "municipality_other")
    s.answer(COMMUNITY + "country", "SLV")
    assert s.value(COMMUNITY + "department") == "" and s.value(COMMUNITY + "municipality") == ""
    assert "GTM_09" not in _choices(s, COMMUNITY + "department")


def test_honduras_municipality_is_text_until_the_list_has_them():
    s = _community_session()
    s.answer(COMMUNITY + "country", "HND")
    assert len(_choices(s, COMMUNITY + "department")) == 19
    s.answer(COMMUNITY + "department", "HND_09")
    assert not s.relevant(COMMUNITY + "municipality")
    assert s.relevant(COMMUNITY + "municipality_other")


def test_both_forms_store_the_same_codes():
    """Every location question of both forms takes its value from the list's `name` column."""
    for form_id in ("community_needs", "child_intake"):
        xform = convert(xlsform=str(FORMS_DIR / f"{form_id}.xlsx")).xform
        itemsets = re.findall(r"<itemset nodeset=\"instance\('locations'\)[^\"]*\">\s*<value ref=\"([^\"]+)\"", xform)
        assert itemsets and set(itemsets) == {"name"}, form_id


def test_child_intake_interview_and_home_locations_cascade_and_home_is_pii():
    from tests.forms.test_bundled_forms import fieldapp
    for name in ("home_department", "home_municipality", "home_municipality_other"):
        assert fieldapp("child_intake", name, "pii") == "yes"
    assert fieldapp("child_intake", "interview_country", "role") == "location"
    s = open_session(load_form(FORMS_DIR / "child_intake.xlsx", cache=False))
    setting, contact = "/data/setting/", "/data/details/home_group/"
    s.answer(setting + "interview_country", "GTM")
    s.answer(setting + "interview_department", "GTM_09")
    municipalities = [c.value for c in s.question(setting + "interview_municipality").choices]
    assert "GTM_0901" in municipalities and all(m.startswith("GTM_09") for m in municipalities[:-1])
    s.answer(setting + "interview_municipality", "GTM_0901")
    s.answer(setting + "interview_country", "MEX")
    assert s.value(setting + "interview_department") == "" and s.value(setting + "interview_municipality") == ""
    for path, value in [("/data/consent/child_age", "15"), ("/data/consent/consent_route", "guardian"),
                        ("/data/consent/guardian_consent", "yes"), ("/data/privacy/privacy_ok", "alone"),
                        ("/data/assent_group/assent", "yes")]:   # consent, privacy and assent open the details
        s.answer(path, value)
    s.answer(contact + "home_country", "SLV")
    departments = [c.value for c in s.question(contact + "home_department").choices]
    assert len(departments) == 15 and "SLV_06" in departments and departments[-1] == "other_admin1"


def test_a_replaced_list_with_honduras_municipalities_needs_no_form_change(tmp_path):
    import shutil
    shutil.copy(FORMS_DIR / "community_needs.xlsx", tmp_path / "community_needs.xlsx")
    text = LOCATIONS.read_text(encoding="utf-8")
    (tmp_path / "locations.csv").write_text(text + "HND_0501,San Pedro Sula,admin2,HND,HND_05,0501\n", encoding="utf-8")
    s = open_session(load_form(tmp_path / "community_needs.xlsx", cache=False))
    s.answer("/data/intro/respondent_eligible", "yes")
    s.answer("/data/intro/consent", "yes")
    s.answer(COMMUNITY + "country", "HND")
    s.answer(COMMUNITY + "department", "HND_05")
    assert s.relevant(COMMUNITY + "municipality") and not s.relevant(COMMUNITY + "municipality_other")
    assert sorted(_choices(s, COMMUNITY + "municipality")) == ["HND_0501", "other_admin2"]
    s.answer(COMMUNITY + "department", "HND_06")    # still no municipalities for Choluteca: text
    assert not s.relevant(COMMUNITY + "municipality") and s.relevant(COMMUNITY + "municipality_other")


def test_a_household_is_named_by_its_typed_municipality_when_the_list_has_none():
    s = _community_session()
    s.answer(COMMUNITY + "country", "HND")
    s.answer(COMMUNITY + "department", "HND_15")
    s.answer(COMMUNITY + "municipality_other", "Catacamas")
    assert s.value("/data/meta/instanceName").startswith("hogar-Catacamas-")
