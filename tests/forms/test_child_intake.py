"""The child intake v2: what its safeguarding rests on, checked through the source and through FieldApp's engine.

Requirements checked here (FORMS-REVIEW.md section A, FORMS.md, SAFEGUARDING.md):
CI-1  roles are declared with FORMS.md's names: consent, guardian-consent, assent, consent-to-share, privacy, age,
      sex, location, respondent-name, case-code, respondent-language, interpreter
CI-2  the sequence: language and interpreter, consent, the guardian steps out, privacy, assent; 15-17 own consent
CI-3  identifying data is PII (case code, every "other, specify" text, the child's views, notes); phone and address
      are asked only after follow-up is agreed
CI-4  the sensitive items are marked (themselves or through their group), including those the review lists for a decline
CI-5  disaggregation dimensions, the care status (unaccompanied / separated / accompanied) among them
CI-6  every referral rule of the review's table fires on its answer, and the guardian-harm exceptions hold
CI-7  the immediate-risk screen is asked of every child who goes on; a refused assent leaves an observation flag
CI-8  each age path (under 7 through an informant, 7-11, 12-14, 15-17) walks to the end; no path is a dead end
CI-9  the form loads in Spanish and English, and `fieldapp validate` accepts it
CI-10 shared codes: ISO 639-3 languages, sex female/male, nested age bands
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from fieldapp.cli import main as cli_main
from fieldapp.protect import referrals
from fieldapp.xform import load_form
from tests.forms.test_bundled_forms import EN, ES, fieldapp, sheets, survey_row
from tests.support.interviewer import walk

FORM = Path(__file__).resolve().parents[2] / "forms" / "child_intake.xlsx"
FORMS_MD_ROLES = {"consent", "guardian-consent", "assent", "consent-to-share", "privacy", "age", "sex", "location",
                  "respondent-name", "case-code", "respondent-language", "interpreter"}


@lru_cache(maxsize=1)
def form():
    return load_form(FORM, cache=False)


def names() -> list[str]:
    return [row.get("name", "") for row in sheets("child_intake")["survey"]]


def effective(attribute: str) -> set[str]:
    """Names marked `attribute` = yes themselves or through an enclosing group (the app inherits group marks)."""
    marked, stack = set(), []
    for row in sheets("child_intake")["survey"]:
        kind = row["type"]
        if kind.startswith("end group"):
            stack.pop()
            continue
        own = row.get(f"bind::fieldapp:{attribute}") == "yes"
        if own or any(stack):
            marked.add(row.get("name", ""))
        if kind.startswith("begin group"):
            stack.append(own)
    return marked


# -- answering through the engine ----------------------------------------------------------------------------

PATHS = {
    "questionnaire_language": "/data/language/questionnaire_language", "interpreter": "/data/language/interpreter",
    "interview_country": "/data/setting/interview_country",
    "child_age": "/data/consent/child_age", "consent_route": "/data/consent/consent_route",
    "guardian_relation": "/data/consent/guardian_relation", "guardian_consent": "/data/consent/guardian_consent",
    "waiver_reason": "/data/consent/waiver_reason", "waiver_authorised_by": "/data/consent/waiver_authorised_by",
    "privacy_ok": "/data/privacy/privacy_ok", "informant": "/data/assent_group/informant",
    "assent": "/data/assent_group/assent", "observed_risk": "/data/stop_check/observed_risk",
    "sex": "/data/details/sex", "dob_known": "/data/details/dob_known",
    "sleep_tonight": "/data/care/sleep_tonight", "caregiver_now": "/data/care/caregiver_now",
    "situation": "/data/journey/situation", "travelled_with": "/data/journey/travelled_with",
    "separated_on_journey": "/data/journey/separated_on_journey", "family_contact": "/data/journey/family_contact",
    "worked_before": "/data/education/worked_before", "sensitive_private": "/data/private_check/sensitive_private",
    "touched_unwanted": "/data/safety/safety_private/touched_unwanted",
    "hurt_at_home": "/data/safety/safety_private/hurt_at_home",
    "pregnant": "/data/safety/safety_private/pregnant", "is_parent": "/data/safety/safety_private/is_parent",
    "self_harm_thoughts": "/data/health/self_harm_thoughts", "self_harm_now": "/data/health/self_harm_now",
    "risk_level": "/data/risk/risk_level", "bia_needed": "/data/risk/bia_needed",
    "followup_ok": "/data/closeout/followup_ok", "followup_method": "/data/closeout/followup_method",
}


def session_with(**answers):
    """A session answered in the order given (names from PATHS); the consent steps first, as an interviewer would."""
    session = form().new_session()
    for name, value in answers.items():
        problems = session.answer(PATHS[name], value)
        assert not problems, (name, value, problems)
    return session


def started(age: int, country: str = "GTM", **answers):
    """Consent, privacy and assent given for a child of `age`, then `answers`."""
    steps = {"interview_country": country, "questionnaire_language": "spa", "interpreter": "none",
             "child_age": str(age), "consent_route": "guardian", "guardian_relation": "mother",
             "guardian_consent": "yes", "privacy_ok": "alone"}
    steps.update({"informant": "relative"} if age < 7 else {"assent": "yes"})
    steps["sensitive_private"] = "alone"
    first = {k: v for k, v in answers.items() if k in ("consent_route", "waiver_reason", "waiver_authorised_by",
                                                         "interpreter")}
    if first.get("consent_route") == "waiver":
        steps.pop("guardian_relation")
        steps.pop("guardian_consent")
    steps.update(first)
    session = session_with(**steps)
    assert session.value("/data/proceed") == "yes"
    for name, value in answers.items():
        if name not in first:
            assert not session.answer(PATHS[name], value), (name, value)
    return session


def fired(session) -> set[tuple[str, str]]:
    return {(r.path.rsplit("/", 1)[-1], r.referral_type) for r in referrals.firing(session, referrals.rules(form()))}


# CI-1
def test_roles_use_the_names_forms_md_gives():
    expected = {"consent_given": "consent", "guardian_consent": "guardian-consent", "assent": "assent",
                "share_consent": "consent-to-share", "privacy_ok": "privacy", "sensitive_private": "privacy",
                "child_age": "age", "sex": "sex", "interview_country": "location", "given_name": "respondent-name",
                "case_code": "case-code", "questionnaire_language": "respondent-language", "interpreter": "interpreter"}
    for name, role in expected.items():
        assert fieldapp("child_intake", name, "role") == role, name
    used = {row["bind::fieldapp:role"] for row in sheets("child_intake")["survey"] if row.get("bind::fieldapp:role")}
    assert used <= FORMS_MD_ROLES
    assert "default" not in survey_row("child_intake", "share_consent")


# CI-2
def test_language_consent_guardian_out_privacy_assent_in_that_order():
    order = names()
    sequence = ["questionnaire_language", "interpreter", "consent_route", "guardian_consent", "guardian_out_note",
                "privacy_ok", "assent"]
    assert [order.index(n) for n in sequence] == sorted(order.index(n) for n in sequence)
    assert order.index("sensitive_private") < order.index("reason_left") < order.index("hurt_at_home")
    assert order.index("sensitive_private") < order.index("felt_sad") < order.index("self_harm_thoughts")
    privacy_group = next(r for r in sheets("child_intake")["survey"] if r.get("name") == "privacy")
    assert privacy_group["relevant"] == "${consent_given} = 'yes'"


def test_fifteen_to_seventeen_give_their_own_consent():
    session = session_with(child_age="13")
    assert "own" not in [c.value for c in session.question(PATHS["consent_route"]).choices]
    session = session_with(child_age="16")
    assert "own" in [c.value for c in session.question(PATHS["consent_route"]).choices]
    session.answer(PATHS["consent_route"], "own")
    assert not session.relevant(PATHS["guardian_consent"])
    assert session.value("/data/consent/consent_given") == "yes"
    session.answer(PATHS["privacy_ok"], "alone")
    assert session.relevant("/data/assent_group/own_consent_text")
    assert session.value("/data/proceed") == "no"          # the adolescent's own answer decides
    session.answer(PATHS["assent"], "yes")
    assert session.value("/data/proceed") == "yes"


def test_the_state_authority_can_consent():
    session = session_with(child_age="9", consent_route="authority")
    assert session.relevant("/data/consent/authority") and session.relevant(PATHS["guardian_consent"])
    assert {c.value for c in session.question("/data/consent/authority").choices} >= {"pgn", "dinaf", "conapina",
                                                                                        "ppnna"}


def test_privacy_is_checked_after_consent_and_not_private_reschedules():
    session = session_with(child_age="9", consent_route="guardian", guardian_relation="father", guardian_consent="yes")
    assert session.relevant(PATHS["privacy_ok"]) and not session.relevant(PATHS["assent"])
    session.answer(PATHS["privacy_ok"], "not_private")
    assert session.relevant("/data/reschedule/reschedule_note")
    assert session.value("/data/closeout/interview_outcome") == "rescheduled_privacy"


# CI-3
def test_identifying_answers_are_pii():
    pii = {n for n in names() if fieldapp("child_intake", n, "pii") == "yes"}
    assert {"given_name", "family_name", "dob", "phone", "home_address", "case_code", "home_department",
            "home_municipality", "child_views", "interviewer_notes"} <= pii
    other_texts = [r["name"] for r in sheets("child_intake")["survey"]
                   if r["type"] == "text" and r["name"].endswith("_other")]
    assert len(other_texts) >= 12
    assert set(other_texts) <= pii
    assert "case_code" not in sheets("child_intake")["settings"][0]["instance_name"]


def test_phone_and_address_only_after_follow_up_is_agreed():
    session = started(12)
    assert not session.relevant("/data/closeout/phone") and not session.relevant("/data/closeout/home_address")
    session.answer(PATHS["followup_ok"], "no")
    assert not session.relevant("/data/closeout/phone") and not session.relevant("/data/closeout/home_address")
    session.answer(PATHS["followup_ok"], "yes")
    session.answer(PATHS["followup_method"], "phone_call")
    assert session.relevant("/data/closeout/phone") and not session.relevant("/data/closeout/home_address")
    session.answer(PATHS["followup_method"], "home_visit")
    assert session.relevant("/data/closeout/home_address") and not session.relevant("/data/closeout/phone")
    order = names()
    assert order.index("phone") > order.index("followup_ok") and order.index("home_address") > order.index("followup_ok")


# CI-4
def test_sensitive_items():
    sensitive = effective("sensitive")
    assert {"safety", "reason_left", "journey_worry", "hurt_at_home", "touched_unwanted", "gang_pressure",
            "forced_work", "forced_sex_exchange", "in_union", "pregnant", "is_parent", "feelings", "felt_sad",
            "self_harm_thoughts", "self_harm_now", "journey_debt", "us_case", "child_views",
            "protection_concerns", "interviewer_notes"} <= sensitive
    # the review: a decline was missing on these
    assert {"situation", "documents", "worked_before", "health_problem_kind", "family_contact"} <= sensitive
    # the interviewer's checks are never declinable: no sensitive mark on them
    assert not {"privacy_ok", "sensitive_private", "assent", "guardian_consent", "share_consent"} & sensitive
    assert fieldapp("child_intake", "safety_private", "self") == "yes"
    assert "child_age} >= 12" in survey_row("child_intake", "safety_private")["relevant"]


def test_pregnancy_is_asked_only_in_the_self_interview_part():
    assert "pregnant" in [r.get("name") for r in _rows_in_group("safety_private")]
    session = started(10, sex="female")
    assert not session.relevant(PATHS["pregnant"])


def _rows_in_group(group: str) -> list[dict]:
    rows, inside, depth = [], False, 0
    for row in sheets("child_intake")["survey"]:
        if row.get("name") == group and row["type"] == "begin group":
            inside, depth = True, 0
            continue
        if inside:
            if row["type"] == "begin group":
                depth += 1
            elif row["type"] == "end group":
                if depth == 0:
                    break
                depth -= 1
            rows.append(row)
    return rows


# CI-5
def test_disaggregation_dimensions():
    for name in ("sex", "age_band", "interview_country", "situation", "indigenous", "indigenous_group", "care_status",
                 "home_area_type", "disability", "nationality", "questionnaire_language"):
        assert fieldapp("child_intake", name, "disaggregate") == "yes", name


@pytest.mark.parametrize("caregiver, status", [("parent", "accompanied"), ("legal_guardian", "accompanied"),
                                               ("relative", "separated"), ("known_adult", "unaccompanied"),
                                               ("institution", "unaccompanied"), ("nobody", "unaccompanied")])
def test_care_status_follows_who_cares_for_the_child_now(caregiver, status):
    session = started(9, caregiver_now=caregiver)
    assert session.value("/data/care/care_status") == status


# CI-6: the review's table, row by row
REFERRALS = [
    pytest.param(dict(age=13, self_harm_thoughts="dont_know"),
                 {("self_harm_thoughts", "mental_health")}, id="self-harm-not-sure"),
    pytest.param(dict(age=13, self_harm_thoughts="yes", self_harm_now="dont_know"),
                 {("self_harm_thoughts", "mental_health"), ("self_harm_now", "child_protection")}, id="self-harm-today"),
    pytest.param(dict(age=9, consent_route="waiver", waiver_reason="guardian_risk", waiver_authorised_by="SUP-1"),
                 {("waiver_reason", "child_protection")}, id="harmful-guardian"),
    pytest.param(dict(age=9, consent_route="waiver", waiver_reason="unaccompanied", waiver_authorised_by="SUP-1"),
                 {("waiver_reason", "child_protection")}, id="unaccompanied-waiver"),
    pytest.param(dict(age=9, caregiver_now="nobody", sleep_tonight="street"),
                 {("caregiver_now", "child_protection"), ("uasc_protection", "child_protection"),
                  ("uasc_shelter", "shelter"), ("uasc_tracing", "family_tracing"), ("sleep_tonight", "shelter")},
                 id="no-caregiver"),
    pytest.param(dict(age=9, situation="in_transit", travelled_with="unknown_adult"),
                 {("travelled_with", "child_protection")}, id="unknown-adult"),
    pytest.param(dict(age=13, sex="female", pregnant="yes"),
                 {("pregnant", "health"), ("early_pregnancy", "child_protection")}, id="pregnancy-under-14-GT"),
    pytest.param(dict(age=14, country="SLV", sex="female", pregnant="yes"),
                 {("pregnant", "health"), ("early_pregnancy", "child_protection")}, id="pregnancy-under-15-SV"),
    pytest.param(dict(age=13, touched_unwanted="yes"),
                 {("touched_unwanted", "gbv"), ("sexual_violence_cp", "child_protection"),
                  ("sexual_violence_health", "health")}, id="sexual-violence"),
    pytest.param(dict(age=13, worked_before="yes"), {("worked_before", "child_protection")}, id="work-under-14-GT"),
    pytest.param(dict(age=14, country="MEX", worked_before="yes"), {("worked_before", "child_protection")},
                 id="work-under-15-MX"),
    pytest.param(dict(age=9, situation="in_transit", family_contact="no", separated_on_journey="yes"),
                 {("family_contact", "family_tracing"), ("separated_on_journey", "family_tracing")}, id="tracing"),
]


@pytest.mark.parametrize("answers, expected", REFERRALS)
def test_each_referral_of_the_review_fires_on_its_answer(answers, expected):
    answers = dict(answers)
    session = started(answers.pop("age"), answers.pop("country", "GTM"), **answers)
    got = fired(session)
    assert expected <= got, expected - got


@pytest.mark.parametrize("answers, silent", [
    pytest.param(dict(age=14, sex="female", pregnant="yes"), ("early_pregnancy", "child_protection"), id="14-in-GT"),
    pytest.param(dict(age=14, worked_before="yes"), ("worked_before", "child_protection"), id="work-at-14-GT"),
    pytest.param(dict(age=15, country="MEX", worked_before="yes"), ("worked_before", "child_protection"),
                 id="work-at-15-MX"),
    pytest.param(dict(age=13, self_harm_thoughts="no"), ("self_harm_thoughts", "mental_health"), id="no-self-harm"),
    pytest.param(dict(age=9, situation="in_transit", travelled_with="parent"), ("travelled_with", "child_protection"),
                 id="with-a-parent"),
])
def test_a_rule_stays_silent_below_its_threshold(answers, silent):
    answers = dict(answers)
    session = started(answers.pop("age"), answers.pop("country", "GTM"), **answers)
    assert silent not in fired(session)


def test_no_family_tracing_when_the_guardian_may_be_the_harm():
    session = started(13, consent_route="waiver", waiver_reason="guardian_risk", waiver_authorised_by="PO-3",
                      situation="in_transit", family_contact="no", separated_on_journey="yes", caregiver_now="relative")
    got = fired(session)
    assert not {kind for name, kind in got if kind == "family_tracing"}
    assert ("tracing_check", "child_protection") in got
    assert session.relevant("/data/journey/tracing_check_note")
    # the same when the child says someone at home hurts them
    session = started(13, situation="in_transit", family_contact="no", hurt_at_home="yes")
    assert ("family_contact", "family_tracing") not in fired(session)
    assert ("tracing_check", "child_protection") in fired(session)


def test_every_referral_type_names_a_known_need():
    kinds = {rule.referral_type for rule in referrals.rules(form())}
    assert kinds == {"child_protection", "gbv", "health", "mental_health", "legal", "education", "shelter",
                     "livelihood", "family_tracing"}


# CI-7
@pytest.mark.parametrize("age", [3, 9, 13, 16])
def test_the_immediate_risk_screen_is_asked_of_every_child(age):
    session = started(age)
    for path in ("/data/risk/risk_level", "/data/risk/protection_concerns", "/data/risk/bia_needed",
                 "/data/care/sleep_tonight", "/data/care/caregiver_now"):
        assert session.relevant(path), (age, path)
    assert session.question("/data/risk/risk_level").required


def test_risk_level_cannot_be_low_with_urgent_signs_and_bia_for_every_separated_child():
    session = started(13, caregiver_now="relative", self_harm_thoughts="yes", self_harm_now="yes")
    assert session.answer(PATHS["risk_level"], "low")          # refused: a problem comes back
    assert not session.answer(PATHS["risk_level"], "high")
    assert session.answer(PATHS["bia_needed"], "no")
    assert not session.answer(PATHS["bia_needed"], "yes")
    assert ("risk_level", "child_protection") in fired(session)


def test_under_sevens_are_screened_through_the_informant():
    session = started(4)
    assert session.relevant("/data/safety/safety_proxy/proxy_hurt")
    assert not session.relevant("/data/safety/safety_private/hurt_at_home")
    session.answer("/data/safety/safety_proxy/proxy_sexual", "dont_know")
    assert ("proxy_sexual", "child_protection") in fired(session)


@pytest.mark.parametrize("assent", ["no", "later"])
def test_a_refused_assent_leaves_an_observation_flag(assent):
    session = session_with(child_age="10", consent_route="guardian", guardian_relation="mother",
                           guardian_consent="yes", privacy_ok="alone", assent=assent)
    assert session.value("/data/proceed") == "no"
    assert session.relevant(PATHS["observed_risk"]) and session.question(PATHS["observed_risk"]).required
    assert not session.relevant("/data/details/name_group/given_name")
    session.answer(PATHS["observed_risk"], "yes")
    assert ("observed_risk", "child_protection") in fired(session)


def test_a_family_interpreter_skips_the_sensitive_part_and_the_outcome_says_so():
    session = started(13, interpreter="family")
    assert session.value("/data/private_check/safety_ok") == "no"
    assert not session.relevant("/data/safety/reason_left")
    assert not session.relevant(PATHS["self_harm_thoughts"])
    assert session.value("/data/closeout/interview_outcome") == "safety_skipped"


# CI-8
AGE_PATHS = [
    pytest.param({"child_age": "4", "dob_known": "no"},
                 ["informant", "proxy_note", "proxy_hurt", "risk_level", "sleep_tonight", "share"],
                 ["assent", "reason_left", "safety_private", "feelings"], id="under-7-informant"),
    pytest.param({"child_age": "9", "dob_known": "no"},
                 ["assent_text_young", "assent", "young_scared", "reason_left", "feelings", "risk_level"],
                 ["informant", "safety_private", "self_harm_thoughts", "own_consent_text"], id="7-11"),
    pytest.param({"child_age": "13", "dob_known": "no", "sex": "female"},
                 ["assent_text_older", "self_mode", "hurt_at_home", "pregnant", "self_harm_thoughts", "risk_level"],
                 ["informant", "young_scared", "own_consent_text"], id="12-14"),
    pytest.param({"child_age": "16", "dob_known": "no", "consent_route": "own"},
                 ["own_consent_text", "assent", "hurt_at_home", "in_union", "risk_level"],
                 ["guardian_consent", "informant", "young_scared"], id="15-17-own-consent"),
]


@pytest.mark.parametrize("answers, seen, unseen", AGE_PATHS)
def test_each_age_path_walks_to_the_end(answers, seen, unseen):
    session = form().new_session()
    report = walk(session, seed=None, answers=answers)
    assert report.completed and report.stuck == [] and report.errors == [] and report.guards == []
    screens = {p.rsplit("/", 1)[-1] for p in report.paths}
    assert set(seen) <= screens, set(seen) - screens
    assert not set(unseen) & screens
    assert session.value("/data/closeout/interview_outcome") == "completed"
    assert not session.validate()


@pytest.mark.parametrize("answers, outcome", [
    ({"privacy_ok": "not_private"}, "rescheduled_privacy"),
    ({"guardian_consent": "no"}, "no_consent"),
    ({"assent": "no"}, "no_assent"),
    ({"assent": "later"}, "rescheduled_child"),
    ({"sensitive_private": "not_private"}, "safety_skipped"),
])
def test_a_stopped_interview_still_reaches_the_close_out(answers, outcome):
    session = form().new_session()
    report = walk(session, seed=None, answers={"dob_known": "no", **answers})
    assert report.completed and report.stuck == [] and report.errors == []
    assert session.value("/data/closeout/interview_outcome") == outcome
    assert session.value("/data/closeout/service_list_given") != ""       # everyone gets the service list


@pytest.mark.parametrize("seed", range(6))
def test_no_dead_end_on_random_answers(seed):
    session = form().new_session()
    report = walk(session, seed=seed, answers={"dob_known": "no"})
    assert report.completed and report.stuck == [] and report.errors == [], (report.stuck, report.errors)


# CI-9
@pytest.mark.parametrize("language, label, choice", [
    (ES, "¿Qué edad tiene la niña o el niño?", "Nadie: se dispensa el consentimiento (motivo documentado)"),
    (EN, "How old is the child?", "Nobody: consent is waived (documented reason)"),
])
def test_loads_in_spanish_and_english(language, label, choice):
    session = form().new_session(language=language)
    assert session.question(PATHS["child_age"]).label == label
    session.answer(PATHS["child_age"], "9")
    assert choice in [c.label for c in session.question(PATHS["consent_route"]).choices]
    assert form().languages and set(form().languages) == {EN, ES}


def test_fieldapp_validate_accepts_it(capsys):
    assert cli_main(["validate", str(FORM)]) == 0
    assert "id 'child_intake'" in capsys.readouterr().out


# CI-10
def test_shared_codes():
    choices = sheets("child_intake")["choices"]

    def codes(list_name):
        return [c["name"] for c in choices if c["list_name"] == list_name]
    assert codes("sex") == ["female", "male"]
    languages = codes("languages")
    assert {"spa", "quc", "mam", "cak", "kek", "miq", "cab"} <= set(languages)
    assert all(re.fullmatch(r"[a-z]{3}", code) for code in languages if code != "other")
    assert re.search(r"'age_0_4'.*'age_5_11'.*'age_12_14'.*'age_15_17'",
                     survey_row("child_intake", "age_band")["calculation"])
    assert {"returnee_deported", "returnee_voluntary", "idp", "in_transit"} <= set(codes("population_group"))
    assert {"shelter", "health", "education", "income", "psychosocial", "family_contact", "none"} <= set(codes("needs"))


def test_every_other_choice_has_its_specify_question():
    survey, choices = sheets("child_intake")["survey"], sheets("child_intake")["choices"]
    lists_with_other = {c["list_name"] for c in choices if c["name"] == "other"}
    missing = []
    for row in survey:
        parts = row["type"].split()
        if parts[0] in ("select_one", "select_multiple") and parts[1] in lists_with_other:
            specify = [r for r in survey if r["type"] == "text" and "${%s}" % row["name"] in r.get("relevant", "")
                       and "'other'" in r.get("relevant", "")]
            if not specify:
                missing.append(row["name"])
    assert missing == []


def test_spanish_avoids_slash_forms_that_read_aloud_badly():
    texts = [v for sheet in ("survey", "choices") for row in sheets("child_intake")[sheet]
             for k, v in row.items() if k.endswith(f"::{ES}")]
    assert len(texts) > 300
    assert [t for t in texts if re.search(r"\w/as?\b|\bun/a\b", t)] == []


# The review's coverage gaps (section A, 1-10), each a question of the form
COVERAGE = {
    "care situation (1)": ["sleep_tonight", "caregiver_now", "care_status"],
    "risk screen (2)": ["risk_level", "protection_concerns", "bia_needed", "observed_risk"],
    "return and reintegration (3)": ["received_by", "school_before", "studied_abroad", "school_records_abroad",
                                     "journey_debt", "stigma", "migrate_again", "us_case"],
    "trafficking and exploitation (4)": ["forced_work", "forced_sex_exchange", "documents_held", "debt_bondage"],
    "early or forced union (5)": ["in_union", "union_decided"],
    "under 7 and 7-11 screening (6)": ["proxy_hurt", "proxy_sexual", "proxy_neglect", "young_scared", "safe_to_return"],
    "disability (7)": ["cf_seeing", "cf_hearing", "cf_walking", "cf_selfcare", "cf_communication", "cf_learning",
                       "disability"],
    "urban/rural, coded places (8)": ["home_area_type", "home_municipality"],
    "adolescent parent, child's views (9)": ["is_parent", "wants_to_live_with", "child_views"],
    "interviewer sex and preference (10)": ["interviewer_sex", "preferred_sex", "interpreter_sex"],
}


@pytest.mark.parametrize("gap", COVERAGE)
def test_each_coverage_gap_of_the_review_is_asked(gap):
    assert set(COVERAGE[gap]) <= set(names())


def test_reasons_for_leaving_include_the_reviews_new_options():
    reasons = {c["name"] for c in sheets("child_intake")["choices"] if c["list_name"] == "reason_left"}
    assert {"gangs", "forced_union", "discrimination", "no_school", "family_decided"} <= reasons


# The review's wording table: the proposed Spanish, word for word where it gave it
WORDING = [
    ("young_scared", "label", "¿Hay alguna persona que te haga daño o que te dé miedo?"),
    ("hurt_at_home", "label", "¿Alguien en la casa donde vives o vas a vivir te pega o te lastima?"),
    ("touched_unwanted", "label", "¿Alguna vez alguien te tocó las partes íntimas de tu cuerpo, o te obligó o "
                                  "presionó a hacer algo sexual, cuando tú no querías?"),
    ("documents", "label", "¿Tienes partida de nacimiento u otro documento tuyo, aunque no lo tengas aquí?"),
    ("reason_left", "label", "¿Qué hizo que salieras de tu casa o de tu país? Cuéntame solo lo que quieras."),
    ("school_before", "label", "Antes de salir de tu comunidad, ¿ibas a la escuela?"),
    ("felt_worried", "label", "…sentiste preocupación o miedo?"),
    ("self_harm_now", "label", "¿Tienes esos pensamientos hoy, ahora mismo?"),
    ("return_when", "label", "¿Hace cuánto regresaste?"),
    ("safety_private", "hint", "Yo no voy a ver tus respuestas. Si alguna respuesta muestra que podrías necesitar "
                               "ayuda, la computadora me va a avisar para que la busquemos juntos."),
    ("assent_text_young", "label", "No es un examen. Si no sabes, puedes decir 'no sé'."),
    ("assent_text_choice", "label", "y eso no cambia la ayuda que te podamos dar. No hay respuestas buenas ni "
                                    "malas; puedes decir 'no sé'."),
    ("assent_text_private", "label", "Solo tendría que compartirlo si tú u otra persona menor de edad estuvieran "
                                     "en peligro grave, y antes lo hablaría contigo."),
    ("young_child_note", "label", "pare si se asusta o se pone triste"),
    ("guardian_consent_text", "label", "no garantiza que vayan a recibir ayuda"),
]


@pytest.mark.parametrize("name, column, words", WORDING, ids=[w[0] for w in WORDING])
def test_the_reviews_wording(name, column, words):
    assert words in survey_row("child_intake", name)[f"{column}::{ES}"]


def test_the_older_assent_no_longer_promises_help_whatever_happens():
    texts = " ".join(survey_row("child_intake", n)[f"label::{ES}"]
                     for n in ("assent_text_older", "assent_text_choice", "assent_text_private"))
    assert "siempre vas a recibir ayuda" not in texts and "te lo diría antes" not in texts
    assert all(len(survey_row("child_intake", n)[f"label::{ES}"].split()) <= 60
               for n in ("assent_text_older", "assent_text_choice", "assent_text_private"))
    caseworker = next(c for c in sheets("child_intake")["choices"]
                      if c["list_name"] == "contact_method" and c["name"] == "caseworker")
    assert caseworker[f"label::{ES}"] == "Por medio de la persona de la organización que me atiende"


def test_a_walk_in_english_reaches_the_end():
    session = form().new_session(language=EN)
    report = walk(session, seed=None, answers={"child_age": "13", "dob_known": "no"})
    assert report.completed and report.stuck == [] and report.errors == []
    assert session.question(PATHS["risk_level"]).label == "In your judgement, what is the child's risk level?"
