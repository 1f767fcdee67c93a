"""Community needs v2: the review's section B, pinned (FORMS-REVIEW.md B, FORMS.md "The bundled forms").

CN-1  roles: consent, privacy (twice), respondent language, interpreter, age, sex, location, respondent name
CN-2  PII and sensitive marks where the review lists them; name and phone only after follow-up consent
CN-3  the privacy check comes before every sensitive part and closes them when someone can hear
CN-4  each referral rule fires on its answer, and not without it
CN-5  roster checks: person 1 is the respondent, one head, consistent remittances, returnees within the household
CN-6  food security: HHS, rCSI and LCSI with their MSNA names, codes, recall periods and scores
CN-7  sampling fields, indigenous identity, household language, children left behind, birth registration
CN-8  WG-SS Spanish wording and 'don't know' kept apart from 'no'
CN-9  disaggregation dimensions
CN-10 every path ends: the walk reaches the end in Spanish and English, from each start; `fieldapp validate` passes
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from tests.support.interviewer import walk

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"
FORM = FORMS_DIR / "community_needs.xlsx"
EN, ES = "English (en)", "Español (es)"
NS = "urn:fieldapp:xforms"
XF = "{http://www.w3.org/2002/xforms}"
M = "/data/household/member"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_forms", FORMS_DIR / "build_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def survey() -> list[dict[str, str]]:
    rows = _load_builder().form_sheets(FORMS_DIR / "src" / "community_needs.md")["survey"]
    header = rows[0]
    return [{header[i]: v for i, v in enumerate(row) if v is not None} for row in rows[1:]]


def row(name: str) -> dict[str, str]:
    return next(r for r in survey() if r.get("name") == name)


def index(name: str) -> int:
    return next(i for i, r in enumerate(survey()) if r.get("name") == name)


@lru_cache(maxsize=None)
def binds() -> dict[str, dict[str, str]]:
    root = ET.fromstring(convert(xlsform=str(FORM)).xform)
    return {b.get("nodeset").rsplit("/", 1)[-1]: dict(b.attrib) for b in root.iter(f"{XF}bind")}


def mark(name: str, attribute: str) -> str | None:
    return binds().get(name, {}).get(f"{{{NS}}}{attribute}")


@pytest.fixture(scope="module")
def form():
    from fieldapp.xform import load_form

    return load_form(FORM, cache=False)


def answered(form, answers, language=ES):
    session = form.new_session(language=language)
    for path, value in answers:
        session.answer(path, value)
    return session


START = [("/data/intro/respondent_eligible", "yes"), ("/data/intro/consent", "yes"),
         ("/data/respondent/respondent_sex", "female"), ("/data/respondent/respondent_age", "35"),
         ("/data/respondent/respondent_role", "head")]


# CN-1
@pytest.mark.parametrize("name, role", [
    ("consent", "consent"), ("safety_private", "privacy"), ("gbv_private", "privacy"),
    ("questionnaire_language", "respondent-language"), ("interpreter", "interpreter"),
    ("respondent_age", "age"), ("respondent_sex", "sex"), ("municipality", "location"),
    ("respondent_name", "respondent-name"),
])
def test_roles(name, role):
    assert mark(name, "role") == role


def test_version_is_raised_past_v1():
    assert int(re.search(r'version="(\d+)"', convert(xlsform=str(FORM)).xform).group(1)) > 2026120301


# CN-2
@pytest.mark.parametrize("name", ["respondent_name", "respondent_phone", "member_name", "community", "enumerator_notes"])
def test_pii(name):
    assert mark(name, "pii") == "yes"


@pytest.mark.parametrize("name", ["safety", "child_protection", "gbv", "community_problems", "no_go_areas", "extortion",
                                  "remittances", "migration_intention", "intended_destination", "child_left_alone",
                                  "enumerator_notes"])
def test_sensitive(name):
    assert mark(name, "sensitive") == "yes"


def test_name_and_phone_only_with_consent_to_follow_up(form):
    assert index("followup_consent") < index("respondent_name") < index("respondent_phone")
    session = answered(form, START)
    assert not session.relevant("/data/closeout/respondent_name")
    session.answer("/data/closeout/followup_consent", "no")
    assert not session.relevant("/data/closeout/respondent_phone")
    session.answer("/data/closeout/followup_consent", "yes")
    assert session.relevant("/data/closeout/respondent_name") and session.relevant("/data/closeout/respondent_phone")


# CN-3
def test_privacy_check_comes_before_every_sensitive_part():
    check = index("safety_private")
    for group in ("safety", "child_protection", "gbv_privacy", "gbv"):
        assert check < index(group), group
        assert "${safety_private} = 'private'" in row(group)["relevant"], group
    assert index("gbv_private") < index("gbv") and "${gbv_private} = 'private'" in row("gbv")["relevant"]


def test_not_private_closes_the_sensitive_parts(form):
    session = answered(form, START + [("/data/privacy/safety_private", "not_private")])
    assert session.relevant("/data/privacy/privacy_skip_note")
    for path in ("/data/safety/extortion", "/data/child_protection/cp_concerns", "/data/gbv/gbv_help_known",
                 "/data/gbv_privacy/gbv_private"):
        assert not session.relevant(path), path
    assert session.relevant("/data/climate/shocks")
    assert session.value("/data/closeout/sensitive_parts") == "skipped_not_private"
    session.answer("/data/privacy/safety_private", "private")
    assert session.relevant("/data/safety/extortion") and not session.relevant("/data/gbv/gbv_help_known")
    session.answer("/data/gbv_privacy/gbv_private", "private")
    assert session.relevant("/data/gbv/gbv_help_known")


def test_a_family_interpreter_cannot_open_the_sensitive_parts(form):
    session = answered(form, START + [("/data/setting/interpreter", "family")])
    assert session.answer("/data/privacy/safety_private", "private"), "a family member may not interpret them"
    assert session.answer("/data/privacy/safety_private", "not_private") == []


# CN-4
def _fired(session) -> set[tuple[str, str]]:
    from fieldapp.protect import referrals

    rules = referrals.rules(session.form)
    return {(re.sub(r"\[\d+\]", "", r.path).rsplit("/", 1)[-1], r.referral_type)
            for r in referrals.firing(session, rules)}


HUNGRY = [(f"/data/livelihoods/hhs/{n}", v) for n, v in [
    ("fsl_hhs_nofoodhh", "yes"), ("fsl_hhs_nofoodhh_freq", "often"), ("fsl_hhs_sleephungry", "yes"),
    ("fsl_hhs_sleephungry_freq", "sometimes"), ("fsl_hhs_alldaynight", "yes")]]   # 2 + 1 + 1: severe


@pytest.mark.parametrize("answers, rule", [
    ([("/data/intro/respondent_eligible", "no"), ("/data/intro/hh_has_adult", "no")],
     ("child_headed", "child_protection")),
    (START + HUNGRY, ("severe_food_insecurity", "livelihood")),
    (START + [("/data/livelihoods/rcsi/fsl_rcsi_mealadult", "7")], ("severe_food_insecurity", "livelihood")),
    (START + [("/data/livelihoods/lcsi/fsl_lcsi_emergency2", "no_exhausted")], ("severe_food_insecurity", "livelihood")),
    (START + [("/data/health_water/health_unmet", "yes")], ("health_unmet", "health")),
    (START + [("/data/household/hh_size", "2"), (f"{M}[2]/member_basic/member_age", "9"),
              (f"{M}[2]/member_school/school_attendance", "no"), ("/data/education/school_help_wanted", "yes")],
     ("school_help_wanted", "education")),
    (START + [("/data/privacy/safety_private", "private"), ("/data/child_protection/child_protection_info", "yes")],
     ("child_protection_info", "child_protection")),
    (START + [("/data/privacy/safety_private", "private"), ("/data/gbv_privacy/gbv_private", "private"),
              ("/data/gbv/gbv_info_wanted", "yes")], ("gbv_info_wanted", "gbv")),
    (START + [("/data/migration/members_left", "yes"), ("/data/migration/lost_contact", "yes")],
     ("lost_contact", "family_tracing")),
    (START + [("/data/migration/members_left", "yes"), ("/data/migration/child_left_alone", "yes"),
              ("/data/migration/lost_contact", "yes")], ("child_alone_lost", "child_protection")),
    (START + [("/data/household/hh_size", "2"), (f"{M}[2]/member_basic/member_age", "3"),
              (f"{M}[2]/member_child/birth_registered", "no")], ("need_birth_registration", "legal")),
    (START + [("/data/household/hh_size", "2"), (f"{M}[2]/member_basic/member_age", "8"),
              ("/data/migration/members_returned", "yes"), ("/data/migration/returnees/returned_count", "2"),
              ("/data/migration/returnees/returned_children", "1"),
              ("/data/migration/returnees/returned_children_school", "none")],
     ("returned_children_out_of_school", "education")),
    (START + [("/data/migration/members_returned", "yes"), ("/data/migration/returnees/returned_documents", "some")],
     ("returned_without_documents", "legal")),
])
def test_referral_fires_on_its_answer(form, answers, rule):
    session = answered(form, answers[:-1])
    assert rule not in _fired(session), "fired before its answer"
    session.answer(*answers[-1])
    assert rule in _fired(session)


def test_a_household_with_adults_is_not_child_headed(form):
    session = answered(form, [("/data/intro/respondent_eligible", "no"), ("/data/intro/hh_has_adult", "yes")])
    assert ("child_headed", "child_protection") not in _fired(session)
    assert session.relevant("/data/intro/not_eligible_note") and not session.relevant("/data/intro/child_headed_note")
    assert session.value("/data/closeout/interview_outcome") == "not_eligible"
    session.answer("/data/intro/hh_has_adult", "no")
    assert session.value("/data/closeout/interview_outcome") == "child_headed"


# CN-5
def test_person_one_is_the_respondent(form):
    session = answered(form, START + [("/data/household/hh_size", "3")])
    assert session.answer(f"{M}[1]/member_basic/member_age", "34")
    assert session.answer(f"{M}[1]/member_basic/member_age", "35") == []
    assert session.answer(f"{M}[1]/member_basic/member_sex", "male")
    assert session.answer(f"{M}[1]/member_basic/member_sex", "female") == []
    assert session.answer(f"{M}[1]/member_basic/member_relation", "partner")      # the respondent said: head
    assert session.answer(f"{M}[1]/member_basic/member_relation", "head") == []
    assert session.answer(f"{M}[2]/member_basic/member_age", "60") == []            # others: any age, any sex


def test_one_head_per_household(form):
    session = answered(form, START + [("/data/household/hh_size", "3"),
                                      (f"{M}[1]/member_basic/member_relation", "head")])
    assert session.answer(f"{M}[2]/member_basic/member_relation", "head")
    assert session.answer(f"{M}[2]/member_basic/member_relation", "partner") == []
    assert session.value("/data/household/n_heads") == "1"
    # a respondent who is not the head, and no head in the list: the roster check stops the interviewer
    other = answered(form, [("/data/intro/respondent_eligible", "yes"), ("/data/intro/consent", "yes"),
                            ("/data/respondent/respondent_role", "other_adult"), ("/data/respondent/respondent_age", "40"),
                            ("/data/household/hh_size", "2"), (f"{M}[1]/member_basic/member_age", "40"),
                            (f"{M}[1]/member_basic/member_relation", "child")])
    assert other.answer("/data/household/roster_review/roster_check", "OK")
    other.answer(f"{M}[2]/member_basic/member_relation", "head")
    assert other.answer("/data/household/roster_review/roster_check", "OK") == []


def test_remittances_agree_with_the_main_income(form):
    session = answered(form, START + [("/data/livelihoods/main_income", "remittances")])
    assert session.answer("/data/livelihoods/remittances", "no")
    assert session.answer("/data/livelihoods/remittances", "yes") == []


def test_returnees_fit_in_the_household(form):
    session = answered(form, START + [("/data/household/hh_size", "2"), (f"{M}[2]/member_basic/member_age", "30"),
                                      ("/data/migration/members_returned", "yes")])
    assert session.answer("/data/migration/returnees/returned_count", "3")
    assert session.answer("/data/migration/returnees/returned_count", "1") == []
    assert session.answer("/data/migration/returnees/returned_children", "1"), "no child in the household list"
    assert session.answer("/data/migration/returnees/returned_children", "0") == []
    how = {c.value for c in session.question("/data/migration/returnees/returned_how").choices}
    assert how == {"returnee_deported", "returnee_voluntary"}     # the shared population-group codes


# CN-6
def test_household_hunger_scale(form):
    assert [r["name"] for r in survey() if r.get("name", "").startswith("fsl_hhs_") and "calculation" not in r] == [
        "fsl_hhs_nofoodhh", "fsl_hhs_nofoodhh_freq", "fsl_hhs_sleephungry", "fsl_hhs_sleephungry_freq",
        "fsl_hhs_alldaynight", "fsl_hhs_alldaynight_freq"]
    assert "30 d" in row("hhs")["label::English (en)"]
    session = answered(form, START + HUNGRY + [("/data/livelihoods/hhs/fsl_hhs_alldaynight_freq", "rarely")])
    assert session.value("/data/livelihoods/fsl_hhs_score") == "4"           # often 2 + sometimes 1 + rarely 1
    assert session.value("/data/livelihoods/fsl_hhs_cat") == "severe"
    session.answer("/data/livelihoods/hhs/fsl_hhs_nofoodhh", "no")
    assert session.value("/data/livelihoods/fsl_hhs_score") == "2"
    assert session.value("/data/livelihoods/fsl_hhs_cat") == "moderate"


def test_reduced_coping_strategies_index(form):
    names = ["fsl_rcsi_lessquality", "fsl_rcsi_borrow", "fsl_rcsi_mealnb", "fsl_rcsi_mealsize", "fsl_rcsi_mealadult"]
    assert all(row(n)["constraint"] == ". >= 0 and . <= 7" for n in names)
    assert "7 days" in row("rcsi")["label::English (en)"]
    session = answered(form, START + [(f"/data/livelihoods/rcsi/{n}", "2") for n in names])
    assert session.value("/data/livelihoods/fsl_rcsi_score") == "16"         # 2 x (1 + 2 + 1 + 1 + 3)
    assert session.value("/data/livelihoods/fsl_rcsi_cat") == "stressed"
    session.answer("/data/livelihoods/rcsi/fsl_rcsi_mealadult", "3")
    assert session.value("/data/livelihoods/fsl_rcsi_score") == "19"
    assert session.value("/data/livelihoods/fsl_rcsi_cat") == "crisis"


def test_livelihood_coping_strategies_index(form):
    lcsi = [r["name"] for r in survey() if r.get("type") == "select_one lcsi"]
    assert lcsi == [f"fsl_lcsi_stress{i}" for i in (1, 2, 3, 4)] + [f"fsl_lcsi_crisis{i}" for i in (1, 2, 3)] + \
        [f"fsl_lcsi_emergency{i}" for i in (1, 2, 3)]
    assert "30 days" in row("lcsi")["label::English (en)"]
    session = answered(form, START)
    assert [c.value for c in session.question("/data/livelihoods/lcsi/fsl_lcsi_stress1").choices] == [
        "yes", "no_had_no_need", "no_exhausted", "not_applicable"]
    assert session.value("/data/livelihoods/fsl_lcsi_cat") == "none"
    session.answer("/data/livelihoods/lcsi/fsl_lcsi_stress2", "yes")
    assert session.value("/data/livelihoods/fsl_lcsi_cat") == "stress"
    session.answer("/data/livelihoods/lcsi/fsl_lcsi_crisis3", "no_exhausted")   # exhausted counts as used
    assert session.value("/data/livelihoods/fsl_lcsi_cat") == "crisis"
    session.answer("/data/livelihoods/lcsi/fsl_lcsi_emergency1", "not_applicable")
    assert session.value("/data/livelihoods/fsl_lcsi_cat") == "crisis"


# CN-7
def test_sampling_fields_come_first_for_every_household():
    for name in ("sampling_cluster", "household_number", "replacement", "replacement_reason"):
        assert index(name) < index("consent"), name
        assert "proceed" not in row(name).get("relevant", "")
    assert any(r.get("type") == "audit" for r in survey())


def test_identity_language_and_children_left_behind(form):
    session = answered(form, START + [("/data/respondent/hh_indigenous", "yes"), ("/data/household/hh_size", "2"),
                                      (f"{M}[2]/member_basic/member_age", "6")])
    groups = {c.value for c in session.question("/data/respondent/hh_indigenous_group").choices}
    assert {"kiche", "garifuna", "miskito", "lenca", "chorti", "xinka", "afrodescendant", "other"} <= groups
    session.answer("/data/respondent/hh_indigenous_group", "other")
    assert session.relevant("/data/respondent/hh_indigenous_group_other")
    languages = [c.value for c in session.question("/data/respondent/hh_language").choices]
    assert {"spa", "quc", "mam", "miq", "cab"} <= set(languages)
    assert session.relevant(f"{M}[2]/member_child/parent_abroad") and not session.relevant(f"{M}[1]/member_child/parent_abroad")
    session.answer(f"{M}[2]/member_child/parent_abroad", "mother")
    assert session.value("/data/household/n_parent_abroad") == "1"


def test_department_and_country_can_be_other(form):
    session = answered(form, START + [("/data/location/country", "HND"), ("/data/location/department", "HND_10")])
    assert not session.relevant("/data/location/municipality")            # Honduras: municipality as text
    assert session.relevant("/data/location/municipality_other")
    session.answer("/data/location/department", "other_admin1")
    assert session.relevant("/data/location/department_other") and session.relevant("/data/location/municipality_other")
    departments = [c.value for c in session.question("/data/location/department").choices]
    assert len([d for d in departments if d.startswith("HND_")]) == 18


# CN-8
def test_washington_group_spanish_and_dont_know():
    assert "cuidado personal, como lavarse todo el cuerpo o vestirse" in row("wg_selfcare")["label::Español (es)"]
    assert "aparato para oír" in row("wg_hearing")["label::Español (es)"]
    assert "cuidarse" not in row("wg_selfcare")["label::Español (es)"]
    assert all("likert" not in r.get("appearance", "") for r in survey() if r.get("name", "").startswith("wg_"))


def test_dont_know_is_not_counted_as_no_disability(form):
    session = answered(form, START + [("/data/household/hh_size", "1"), (f"{M}[1]/member_basic/member_age", "35")])
    for domain in ("seeing", "hearing", "walking", "cognition", "selfcare"):
        session.answer(f"{M}[1]/wg/wg_{domain}", "none")
    session.answer(f"{M}[1]/wg/wg_communication", "dont_know")
    assert session.value(f"{M}[1]/member_disability") == "dont_know"
    session.answer(f"{M}[1]/wg/wg_walking", "a_lot")
    assert session.value(f"{M}[1]/member_disability") == "yes"
    session.answer(f"{M}[1]/wg/wg_walking", "none")
    session.answer(f"{M}[1]/wg/wg_communication", "some")
    assert session.value(f"{M}[1]/member_disability") == "no"


# CN-9
def test_disaggregation_dimensions():
    dims = {name for name, attrs in binds().items() if attrs.get(f"{{{NS}}}disaggregate") == "yes"}
    assert dims == {"country", "department", "municipality", "area_type", "respondent_sex", "respondent_age_band",
                    "head_sex_final", "hh_status", "hh_indigenous", "hh_indigenous_group", "hh_language",
                    "member_sex", "member_age_band", "member_disability"}


# CN-10
@pytest.mark.parametrize("language", [ES, EN])
@pytest.mark.parametrize("seed", [None, 3, 11])
def test_every_walk_reaches_the_end(form, language, seed):
    session = form.new_session(language=language)
    report = walk(session, seed=seed, repeats=1)
    assert report.completed and not report.stuck and not report.errors, report
    assert session.value("/data/closeout/interview_outcome") in {"completed", "no_consent", "not_eligible",
                                                                  "child_headed"}


def test_labels_in_both_languages(form):
    es, en = form.new_session(language=ES), form.new_session(language=EN)
    assert es.question("/data/location/department").label == "Departamento o estado"
    assert en.question("/data/location/department").label == "Department or state"
    assert en.question("/data/respondent/hh_status").choices[0].label.startswith("Not displaced")


@pytest.mark.parametrize("form_id", ["community_needs", "child_intake"])
def test_fieldapp_validate_passes(form_id, tmp_path):
    import io
    import shutil

    from fieldapp.cli.validate import run_validate

    # beside its attachment, as a coordinator's copy would be
    shutil.copy(FORMS_DIR / f"{form_id}.xlsx", tmp_path)
    shutil.copy(FORMS_DIR / "locations.csv", tmp_path)
    out = io.StringIO()
    assert run_validate([str(tmp_path / f"{form_id}.xlsx")], out=out) == 0, out.getvalue()
    assert f"id '{form_id}'" in out.getvalue() and "English (en), Español (es)" in out.getvalue()
