"""The two bundled forms store the same codes for the dimensions a coordinator puts side by side.

Requirements checked here (FORMS-REVIEW.md section C):
SC-1  every shared list (forms/src/shared_choices.md) is in both built forms with the same codes, in the same order
SC-2  the built forms hold exactly the shared codes: a form can re-word a label, never add, drop or rename a code
SC-3  the builder refuses a form that adds a code to a shared list, or changes more than a label
SC-4  the questions of each dimension use the shared lists (sex, languages, peoples, population group, needs)
SC-5  the age band calculations of both forms give the same nested band for every age, from the shared list
SC-6  languages are ISO 639-3 codes (pinned here, so a typo fails)
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import openpyxl
import pytest

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"
FORMS = ("child_intake", "community_needs")
SHARED = ("sex", "age_band", "languages", "indigenous_group", "population_group", "needs")


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_forms", FORMS_DIR / "build_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_forms = _load_builder()


def _rows(sheet_rows) -> list[dict[str, str]]:
    rows = [list(r) for r in sheet_rows]
    header = rows[0]
    return [{header[i]: v for i, v in enumerate(row) if v is not None and i < len(header)} for row in rows[1:]]


@lru_cache(maxsize=None)
def built_choices(form_id: str) -> dict[str, list[dict[str, str]]]:
    """The choice lists of the committed .xlsx, by list name, rows in order."""
    workbook = openpyxl.load_workbook(FORMS_DIR / f"{form_id}.xlsx", read_only=True)
    lists: dict[str, list[dict[str, str]]] = {}
    for row in _rows(workbook["choices"].values):
        lists.setdefault(row["list_name"], []).append(row)
    return lists


@lru_cache(maxsize=None)
def shared_lists() -> dict[str, list[dict[str, str]]]:
    lists: dict[str, list[dict[str, str]]] = {}
    for row in _rows(build_forms.read_shared()):
        lists.setdefault(row["list_name"], []).append(row)
    return lists


def codes(rows) -> list[str]:
    return [r["name"] for r in rows]


# SC-1
def test_the_shared_source_has_every_dimension():
    assert set(shared_lists()) == set(SHARED)


@pytest.mark.parametrize("list_name", SHARED)
def test_both_forms_hold_the_same_codes(list_name):
    intake, community = built_choices("child_intake"), built_choices("community_needs")
    assert list_name in intake and list_name in community
    assert codes(intake[list_name]) == codes(community[list_name])
    # what decides which form shows a choice is shared too
    assert [r.get("asked_of") for r in intake[list_name]] == [r.get("asked_of") for r in community[list_name]]


# SC-2
@pytest.mark.parametrize("form_id", FORMS)
@pytest.mark.parametrize("list_name", SHARED)
def test_built_form_holds_exactly_the_shared_codes(form_id, list_name):
    assert codes(built_choices(form_id)[list_name]) == codes(shared_lists()[list_name])
    for row in built_choices(form_id)[list_name]:
        assert row.get("label::English (en)") and row.get("label::Español (es)"), row


def test_a_form_may_reword_a_shared_label():
    # The intake speaks to a child: "Niña", where the household form says "Mujer"; the code is the same.
    intake = {r["name"]: r["label::Español (es)"] for r in built_choices("child_intake")["sex"]}
    community = {r["name"]: r["label::Español (es)"] for r in built_choices("community_needs")["sex"]}
    assert intake == {"female": "Niña", "male": "Niño"}
    assert community == {"female": "Mujer", "male": "Hombre"}


# SC-3
SHARED_SOURCE = [["list_name", "name", "label", "asked_of"], ["sex", "female", "Female", "all"],
                 ["sex", "male", "Male", "all"]]


def _form(*choice_rows):
    return {"survey": [["type", "name", "label"], ["select_one sex", "s", "Sex"]],
            "choices": [["list_name", "name", "label", "asked_of"], *[list(r) for r in choice_rows]],
            "settings": [["form_id"], ["demo"]]}


def test_merge_appends_shared_lists_and_applies_relabels():
    merged = build_forms.merge_shared(_form(["yes_no", "yes", "Yes"], ["sex", "female", "Girl"]), SHARED_SOURCE)
    assert merged["choices"] == [["list_name", "name", "label", "asked_of"], ["yes_no", "yes", "Yes"],
                                 ["sex", "female", "Girl", "all"], ["sex", "male", "Male", "all"]]


@pytest.mark.parametrize("row, words", [
    (["sex", "other", "Other"], "no code 'other'"),          # a code the shared list does not have
    (["sex", "male", "Male", "child"], "asked_of"),            # a filter column is not a label
])
def test_merge_refuses_a_form_that_changes_a_shared_code(row, words):
    with pytest.raises(ValueError, match=words):
        build_forms.merge_shared(_form(row), SHARED_SOURCE)


def test_build_refuses_a_drifting_form(tmp_path):
    source = tmp_path / "drift.md"
    source.write_text("| survey |\n| | type | name | label |\n| | select_one needs | n | N |\n"
                      "| choices |\n| | list_name | name | label |\n| | needs | medical_care | Doctor |\n"
                      "| settings |\n| | form_id |\n| | drift |\n", encoding="utf-8")
    with pytest.raises(ValueError, match="shared list"):
        build_forms.build(source, tmp_path)


# SC-4
@pytest.mark.parametrize("form_id, question, list_name", [
    ("child_intake", "sex", "sex"),
    ("child_intake", "indigenous_group", "indigenous_group"),
    ("child_intake", "situation", "population_group"),
    ("child_intake", "needs_now", "needs"),
    ("child_intake", "questionnaire_language", "languages"),
    ("community_needs", "respondent_sex", "sex"),
    ("community_needs", "member_sex", "sex"),
    ("community_needs", "hh_status", "population_group"),
    ("community_needs", "top_needs", "needs"),
    ("community_needs", "questionnaire_language", "languages"),
])
def test_dimension_questions_use_the_shared_lists(form_id, question, list_name):
    survey = _rows(openpyxl.load_workbook(FORMS_DIR / f"{form_id}.xlsx", read_only=True)["survey"].values)
    row = next(r for r in survey if r.get("name") == question)
    assert row["type"].split()[1] == list_name


# SC-5
def _band_calculation(form_id: str, name: str) -> str:
    survey = _rows(openpyxl.load_workbook(FORMS_DIR / f"{form_id}.xlsx", read_only=True)["survey"].values)
    return next(r for r in survey if r.get("name") == name)["calculation"]


def _band(calculation: str, reference: str, age: int) -> str:
    """The band a form's calculation gives for `age`, evaluated by FieldApp's XPath engine."""
    from fieldapp.xform.xpath import EvalContext
    from fieldapp.xform.xpath import compile as compile_xpath

    return compile_xpath(calculation.replace(reference, str(age))).evaluate_string(EvalContext())


def test_age_bands_agree_and_nest():
    intake_calc = _band_calculation("child_intake", "age_band")
    community_calc = _band_calculation("community_needs", "member_age_band")
    intake = {age: _band(intake_calc, "${age_years}", age) for age in range(0, 18)}
    community = {age: _band(community_calc, "${member_age}", age) for age in range(0, 111)}
    assert all(intake[age] == community[age] for age in range(18)), (intake, community)
    assert set(community.values()) == set(codes(shared_lists()["age_band"]))
    expected = {0: "age_0_4", 4: "age_0_4", 5: "age_5_11", 11: "age_5_11", 12: "age_12_14", 14: "age_12_14",
                15: "age_15_17", 17: "age_15_17", 18: "age_18_59", 59: "age_18_59", 60: "age_60_plus", 110: "age_60_plus"}
    assert {age: community[age] for age in expected} == expected


# SC-6
ISO_639_3 = {
    "spa", "eng", "quc", "mam", "kek", "cak", "kjb", "caa", "poh", "acr", "ixl", "tzj", "cac", "jac", "knj", "agu",
    "poc", "usp", "quv", "qum", "ttc", "mop", "itz", "cab", "miq", "pay", "jic", "yan", "ppl", "tzo", "tzh", "ctu",
    "toj", "yua", "zap", "gsm", "esn", "hds", "mfs",
}


def test_language_codes_are_iso_639_3():
    names = set(codes(shared_lists()["languages"]))
    # nah (ISO 639-5, the Nahuatl languages as a group) and "other" (asks for text) are the two exceptions.
    assert names - {"nah", "other"} == ISO_639_3
    assert codes(shared_lists()["languages"])[:2] == ["spa", "eng"]
