"""The bundled forms convert cleanly, match their markdown sources, are fully bilingual and carry their fieldapp: attributes.

Requirements checked here (FORMS.md "The bundled forms", SAFEGUARDING.md):
BF-1  each .xlsx converts with pyxform without warnings, and is not silently empty
BF-2  each .xlsx is exactly what forms/build_forms.py makes of forms/src/<id>.md
BF-3  the markdown source and the .xlsx give the same XForm
BF-4  every label, hint, guidance hint, message and choice label is in English and Spanish
BF-5  settings: form_id, version, default language, instance name, fieldapp namespace
BF-6  consent, assent and the other roles are declared; assent has no default
BF-7  names, birth date, phone and address are PII; the sensitive parts are marked
BF-8  referral rules name a known need and are valid XPath
BF-9  "prefer not to answer" is left to the app, "don't know" is an ordinary choice
BF-10 community needs: cascading location, roster with the Washington Group short set, ranked needs
BF-11 both forms load with fieldapp's loader and fill through a FormSession
"""

from __future__ import annotations

import datetime
import importlib.util
import re
import xml.etree.ElementTree as ET
import zipfile
from functools import lru_cache
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"
EN, ES = "English (en)", "Español (es)"
FIELDAPP_NS = "urn:fieldapp:xforms"
XF = "{http://www.w3.org/2002/xforms}"
FORMS = ["child_intake", "community_needs"]
# Questions in the body (notes included), so a silently empty or truncated workbook fails.
SIZE = {"child_intake": (60, 100), "community_needs": (140, 190)}
TRANSLATED = ("label", "hint", "guidance_hint", "constraint_message", "required_message")
REFERRAL_TYPES = {"child_protection", "gbv", "health", "mental_health", "legal", "education", "shelter",
                  "livelihood", "family_tracing"}


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_forms", FORMS_DIR / "build_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_forms = _load_builder()


@lru_cache(maxsize=None)
def sheets(form_id: str) -> dict[str, list[dict[str, str]]]:
    """The markdown source with the shared lists merged in, as {sheet: [row as {column: value}]}, empty cells left out."""
    raw = build_forms.form_sheets(FORMS_DIR / "src" / f"{form_id}.md")
    result = {}
    for name, rows in raw.items():
        header = rows[0]
        result[name] = [{header[i]: v for i, v in enumerate(row) if v is not None} for row in rows[1:]]
    return result


def survey_row(form_id: str, name: str) -> dict[str, str]:
    return next(row for row in sheets(form_id)["survey"] if row.get("name") == name)


@lru_cache(maxsize=None)
def xform(form_id: str) -> str:
    return convert(xlsform=str(FORMS_DIR / f"{form_id}.xlsx")).xform


@lru_cache(maxsize=None)
def binds(form_id: str) -> dict[str, dict[str, str]]:
    """Each bind's attributes by the node's name (names are unique in these forms)."""
    root = ET.fromstring(xform(form_id))
    return {b.get("nodeset").rsplit("/", 1)[-1]: dict(b.attrib) for b in root.iter(f"{XF}bind")}


def fieldapp(form_id: str, name: str, attribute: str) -> str | None:
    return binds(form_id).get(name, {}).get(f"{{{FIELDAPP_NS}}}{attribute}")


# BF-1
@pytest.mark.parametrize("form_id", FORMS)
def test_xlsx_converts_without_warnings_and_is_full_size(form_id):
    result = convert(xlsform=str(FORMS_DIR / f"{form_id}.xlsx"))
    assert result.warnings == []
    body = result.xform[result.xform.index("<h:body"):]
    questions = len(re.findall(r"<(?:input|select1|select|odk:rank|upload|trigger|range)\s", body))
    low, high = SIZE[form_id]
    assert low <= questions <= high


# BF-2
@pytest.mark.parametrize("form_id", FORMS)
def test_xlsx_is_the_build_of_its_markdown_source(form_id, tmp_path):
    built = build_forms.build(FORMS_DIR / "src" / f"{form_id}.md", tmp_path)
    committed = openpyxl.load_workbook(FORMS_DIR / f"{form_id}.xlsx")
    rebuilt = openpyxl.load_workbook(built)
    assert committed.sheetnames == rebuilt.sheetnames == ["survey", "choices", "settings"]
    for name in committed.sheetnames:
        assert list(committed[name].values) == list(rebuilt[name].values), f"sheet {name!r} differs: run forms/build_forms.py"
    # Deterministic: the same source gives the same bytes, so the .xlsx only changes in a commit with its source.
    # (Compared build to build, not with the committed file: another zlib may compress differently.)
    second_build = tmp_path / "second"
    second_build.mkdir()
    assert build_forms.build(FORMS_DIR / "src" / f"{form_id}.md", second_build).read_bytes() == built.read_bytes()
    with zipfile.ZipFile(built) as archive:  # no clock in the file, so builds a second apart agree too
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2026-01-01T00:00:00Z</dcterms:modified>" in archive.read("docProps/core.xml")


def test_builder_reads_the_markdown_dialect_pyxform_reads():
    text = "\n".join([
        "# a comment line",
        "| survey |",
        "| | type | name | label | constraint |",
        "| | text | a | A \\| B | regex(., '^x$') |",
        "| | | | | |",
        "| settings |",
        "| | form_id |",
        "| | demo |",
    ])
    assert build_forms.parse_markdown(text) == {
        "survey": [["type", "name", "label", "constraint"], ["text", "a", "A | B", "regex(., '^x$')"]],
        "settings": [["form_id"], ["demo"]],
    }


def test_builder_refuses_a_source_without_a_survey():
    with pytest.raises(ValueError, match="survey"):
        build_forms.workbook_bytes({"settings": [["form_id"], ["x"]]})


# BF-3
@pytest.mark.parametrize("form_id", FORMS)
def test_markdown_with_the_shared_lists_and_xlsx_give_the_same_xform(form_id, tmp_path):
    # The same sheets written as pyxform's markdown dialect convert to the same XForm as the workbook.
    merged = build_forms.form_sheets(FORMS_DIR / "src" / f"{form_id}.md")
    lines = []
    for name, rows in merged.items():
        lines.append(f"| {name} |")
        lines += ["| | " + " | ".join((c or "").replace("|", "\\|") for c in row) + " |" for row in rows]
    source = tmp_path / f"{form_id}.md"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert convert(xlsform=str(source)).xform == xform(form_id)


# BF-4
@pytest.mark.parametrize("form_id", FORMS)
def test_every_text_is_in_both_languages(form_id):
    missing = []
    for sheet in ("survey", "choices"):
        for row in sheets(form_id)[sheet]:
            where = f"{sheet} {row.get('name') or row.get('type')}"
            for base in TRANSLATED:
                present = {lang for lang in (EN, ES) if row.get(f"{base}::{lang}", "").strip()}
                if present and present != {EN, ES}:
                    missing.append(f"{where}: {base} only in {present}")
            # Everything shown (not calculations, metadata or group ends) needs a label.
            shown = sheet == "choices" or not re.match(r"(calculate|end |start$|end$|today$|deviceid$|audit$)", row["type"])
            if shown and not row.get(f"label::{EN}"):
                missing.append(f"{where}: no label")
    assert missing == []


@pytest.mark.parametrize("form_id", FORMS)
def test_itext_has_both_languages_for_every_text(form_id):
    root = ET.fromstring(xform(form_id))
    ids = {t.get("lang"): {x.get("id") for x in t.iter(f"{XF}text")} for t in root.iter(f"{XF}translation")}
    assert set(ids) == {EN, ES}
    assert ids[EN] == ids[ES]


# BF-5
@pytest.mark.parametrize("form_id", FORMS)
def test_settings(form_id):
    settings = sheets(form_id)["settings"][0]
    assert settings["form_id"] == form_id
    assert re.fullmatch(r"20\d{8}", settings["version"])
    assert settings["default_language"] == ES
    assert settings["namespaces"] == 'fieldapp="urn:fieldapp:xforms"'
    assert settings["form_title"] and settings["instance_name"]
    assert "name}" not in settings["instance_name"], "the instance name is shown in lists: no personal names"
    assert f'xmlns:fieldapp="{FIELDAPP_NS}"' in xform(form_id)
    assert f'<data id="{form_id}" version="{settings["version"]}"' in xform(form_id)


# BF-6
def test_child_intake_roles():
    assert fieldapp("child_intake", "consent_given", "role") == "consent"
    assert fieldapp("child_intake", "guardian_consent", "role") == "guardian-consent"
    assert fieldapp("child_intake", "assent", "role") == "assent"
    assert fieldapp("child_intake", "child_age", "role") == "age"
    assert fieldapp("child_intake", "sex", "role") == "sex"
    assert fieldapp("child_intake", "given_name", "role") == "respondent-name"
    assert fieldapp("child_intake", "interview_country", "role") == "location"


def test_community_needs_roles():
    assert fieldapp("community_needs", "consent", "role") == "consent"
    assert fieldapp("community_needs", "respondent_age", "role") == "age"
    assert fieldapp("community_needs", "respondent_sex", "role") == "sex"
    assert fieldapp("community_needs", "municipality", "role") == "location"
    assert fieldapp("community_needs", "respondent_name", "role") == "respondent-name"


def test_assent_has_no_default_and_is_required():
    row = survey_row("child_intake", "assent")
    assert "default" not in row
    assert row["required"] == "yes"
    root = ET.fromstring(xform("child_intake"))
    assent = next(root.iter(f"{XF}assent"))
    assert (assent.text or "") == ""
    # No setvalue action may fill it either.
    assert not [a for a in root.iter(f"{XF}setvalue") if a.get("ref", "").endswith("/assent")]


def test_child_age_is_limited_to_children():
    assert survey_row("child_intake", "child_age")["constraint"] == ". >= 0 and . <= 17"


# BF-7
@pytest.mark.parametrize("form_id, names", [
    ("child_intake", ["given_name", "family_name", "dob", "phone", "home_address"]),
    ("community_needs", ["respondent_name", "respondent_phone", "member_name"]),
])
def test_identifying_questions_are_pii(form_id, names):
    for name in names:
        assert fieldapp(form_id, name, "pii") == "yes", name
    for name, attributes in binds(form_id).items():
        if attributes.get(f"{{{FIELDAPP_NS}}}role") == "respondent-name":
            assert attributes.get(f"{{{FIELDAPP_NS}}}pii") == "yes", name


def test_sensitive_parts_of_child_intake():
    assert fieldapp("child_intake", "safety", "sensitive") == "yes"
    assert fieldapp("child_intake", "safety_private", "sensitive") == "yes"
    assert fieldapp("child_intake", "safety_private", "self") == "yes"
    for name in ("reason_left", "journey_worry", "pregnant", "self_harm_thoughts", "feelings"):
        assert fieldapp("child_intake", name, "sensitive") == "yes", name
    # The self-interview part is for adolescents, and only once privacy is confirmed again.
    assert "child_age} >= 12" in survey_row("child_intake", "safety_private")["relevant"]
    assert "safety_still_private" in survey_row("child_intake", "safety_private")["relevant"]


def test_sensitive_parts_of_community_needs():
    assert fieldapp("community_needs", "gbv", "sensitive") == "yes"
    assert "gbv_private" in survey_row("community_needs", "gbv")["relevant"]
    assert fieldapp("community_needs", "extortion", "sensitive") == "yes"


@pytest.mark.parametrize("form_id, names", [
    ("child_intake", ["sex", "age_band", "interview_country", "situation", "indigenous"]),
    ("community_needs", ["respondent_sex", "municipality", "area_type", "hh_status", "member_sex",
                         "member_age_band", "member_disability"]),
])
def test_disaggregation_dimensions(form_id, names):
    for name in names:
        assert fieldapp(form_id, name, "disaggregate") == "yes", name


# BF-8
@pytest.mark.parametrize("form_id", FORMS)
def test_referral_rules_are_well_formed(form_id):
    from fieldapp.xform.xpath import compile as compile_xpath

    rules = {name: (a.get(f"{{{FIELDAPP_NS}}}referral"), a.get(f"{{{FIELDAPP_NS}}}referral-type"))
             for name, a in binds(form_id).items()
             if f"{{{FIELDAPP_NS}}}referral" in a or f"{{{FIELDAPP_NS}}}referral-type" in a}
    assert len(rules) >= 5
    for name, (rule, need) in rules.items():
        assert rule and need in REFERRAL_TYPES, name
        compile_xpath(rule)  # raises XPathSyntaxError on a malformed rule


def test_child_intake_covers_every_kind_of_referral():
    kinds = {a.get(f"{{{FIELDAPP_NS}}}referral-type") for a in binds("child_intake").values()}
    assert REFERRAL_TYPES <= kinds


# BF-9
@pytest.mark.parametrize("form_id", FORMS)
def test_no_prefer_not_to_answer_choice(form_id):
    words = re.compile(r"prefer|refus|no answer|no responde|prefiere", re.IGNORECASE)
    offending = [row["name"] for row in sheets(form_id)["choices"]
                 if words.search(" ".join([row["name"], row.get(f"label::{EN}", ""), row.get(f"label::{ES}", "")]))]
    assert offending == []


@pytest.mark.parametrize("form_id", FORMS)
def test_dont_know_is_exclusive_in_multiple_choice(form_id):
    lists_with_dont_know = {row["list_name"] for row in sheets(form_id)["choices"] if row["name"] == "dont_know"}
    for row in sheets(form_id)["survey"]:
        if row["type"].startswith("select_multiple ") and row["type"].split()[1] in lists_with_dont_know:
            assert "selected(., 'dont_know')" in row.get("constraint", ""), row["name"]


# BF-10
def test_cascading_location():
    """Both levels filter the shared list (locations.csv) by their parent; see test_locations.py."""
    assert survey_row("community_needs", "department")["choice_filter"] == \
        "level = 'admin1' and (country = ${country} or country = 'any')"
    assert "admin1 = ${department}" in survey_row("community_needs", "municipality")["choice_filter"]
    assert survey_row("community_needs", "municipality")["type"] == "select_one_from_file locations.csv"


def test_roster_with_washington_group_short_set():
    survey = sheets("community_needs")["survey"]
    start = next(i for i, r in enumerate(survey) if r["type"] == "begin repeat")
    end = next(i for i, r in enumerate(survey) if r["type"] == "end repeat")
    roster = survey[start:end]
    assert survey[start]["repeat_count"] == "${hh_size}"
    wg = [r for r in roster if r.get("name", "").startswith("wg_")]
    assert [r["name"] for r in wg] == ["wg_seeing", "wg_hearing", "wg_walking", "wg_cognition", "wg_selfcare",
                                       "wg_communication"]
    assert all(r["type"] == "select_one wg_scale" for r in wg)
    scale = [c["name"] for c in sheets("community_needs")["choices"] if c["list_name"] == "wg_scale"]
    assert scale == ["none", "some", "a_lot", "cannot", "dont_know"]
    assert {"member_sex", "member_age", "member_name", "school_attendance"} <= {r.get("name") for r in roster}


def test_priority_needs_are_ranked():
    row = survey_row("community_needs", "needs_ranked")
    assert row["type"] == "rank needs"
    assert "odk:rank" in xform("community_needs")


# BF-11
def _birthday(years_ago: int, days_later: int) -> str:
    """A birth date that makes the child years_ago - 1 today, whatever today is."""
    today = datetime.date.today()
    born = today.replace(year=today.year - years_ago) if not (today.month == 2 and today.day == 29) else today.replace(
        year=today.year - years_ago, day=28)
    return (born + datetime.timedelta(days=days_later)).isoformat()


@pytest.fixture(scope="module")
def loaded():
    from fieldapp.xform import load_form

    return {form_id: load_form(FORMS_DIR / f"{form_id}.xlsx", cache=False) for form_id in FORMS}


@pytest.mark.parametrize("form_id", FORMS)
def test_loads_with_fieldapp(loaded, form_id):
    form = loaded[form_id]
    assert form.form_id == form_id
    assert set(form.languages) == {EN, ES}
    assert form.namespaces.get("fieldapp") == FIELDAPP_NS
    assert list(form.warnings) == []
    low, high = SIZE[form_id]
    assert low <= form.question_count <= high


def test_child_intake_stops_when_not_private(loaded):
    session = loaded["child_intake"].new_session()
    session.answer("/data/privacy/privacy_ok", "not_private")
    assert session.relevant("/data/reschedule/reschedule_note")
    assert not session.relevant("/data/consent/child_age")
    assert not session.relevant("/data/details/name_group/given_name")
    assert session.relevant("/data/closeout/service_list_given")
    assert session.value("/data/closeout/interview_outcome") == "rescheduled_privacy"


def test_child_intake_without_assent_keeps_only_the_consent_record(loaded):
    session = loaded["child_intake"].new_session()
    session.answer("/data/privacy/privacy_ok", "alone")
    session.answer("/data/consent/child_age", "12")
    session.answer("/data/consent/consent_route", "guardian")
    session.answer("/data/consent/guardian_relation", "mother")
    session.answer("/data/consent/guardian_consent", "yes")
    assert session.value("/data/consent/consent_given") == "yes"
    assert session.value("/data/assent_group/assent") == ""
    assert session.value("/data/proceed") == "no"
    session.answer("/data/assent_group/assent", "no")
    assert session.relevant("/data/assent_group/no_assent_note")
    assert not session.relevant("/data/journey/situation")
    assert session.value("/data/closeout/interview_outcome") == "no_assent"


def test_child_intake_full_path_calculations(loaded):
    session = loaded["child_intake"].new_session()
    for path, value in [
        ("/data/privacy/privacy_ok", "trusted_adult"),
        ("/data/consent/child_age", "14"),
        ("/data/consent/consent_route", "waiver"),
        ("/data/consent/waiver_reason", "unaccompanied"),
        ("/data/consent/waiver_authorised_by", "SUP-2"),
        ("/data/assent_group/assent", "yes"),
        ("/data/details/dob_known", "yes"),
        ("/data/details/dob", _birthday(years_ago=15, days_later=30)),
        ("/data/details/sex", "female"),
        ("/data/safety/safety_still_private", "yes"),
        ("/data/needs/needs_now", "shelter education"),
    ]:
        session.answer(path, value)
    assert session.value("/data/proceed") == "yes"
    assert session.relevant("/data/safety/safety_private/hurt_at_home")
    assert session.value("/data/details/age_years") == "14"
    assert session.value("/data/details/age_band") == "age_12_14"
    assert session.relevant("/data/health/pregnant")
    assert session.value("/data/needs/need_shelter") == "yes"
    assert session.value("/data/needs/need_education") == "yes"
    assert session.value("/data/needs/need_legal") == "no"
    assert session.value("/data/closeout/interview_outcome") == "completed"


def test_community_needs_roster_cascade_and_ranking(loaded):
    session = loaded["community_needs"].new_session(language=ES)
    for path, value in [("/data/intro/respondent_eligible", "yes"), ("/data/intro/consent", "yes"),
                        ("/data/location/country", "MEX"), ("/data/household/hh_size", "3")]:
        session.answer(path, value)
    departments = {c.value for c in session.question("/data/location/department").choices}
    assert departments and all(d.startswith("MEX_") for d in departments - {"other_admin1"})
    session.answer("/data/location/department", "MEX_07")
    municipalities = [c.value for c in session.question("/data/location/municipality").choices]
    assert "MEX_07089" in municipalities and "other_admin2" in municipalities  # Tapachula, Chiapas
    assert not [m for m in municipalities if m != "other_admin2" and not m.startswith("MEX_07")]

    member = "/data/household/member"
    for position, (age, sex) in enumerate([("34", "female"), ("9", "male"), ("2", "female")], start=1):
        session.answer(f"{member}[{position}]/member_basic/member_name", "Nombre")
        session.answer(f"{member}[{position}]/member_basic/member_age", age)
        session.answer(f"{member}[{position}]/member_basic/member_sex", sex)
    session.answer(f"{member}[2]/wg/wg_walking", "cannot")
    session.answer(f"{member}[2]/member_school/school_attendance", "no")
    assert [session.value(f"{member}[{i}]/member_position") for i in (1, 2, 3)] == ["1", "2", "3"]
    assert not session.relevant(f"{member}[3]/wg/wg_seeing")  # the short set starts at 5 years
    assert session.value(f"{member}[2]/member_disability") == "yes"
    assert session.value(f"{member}[1]/member_disability") == "no"
    assert session.value(f"{member}[2]/member_age_band") == "age_5_11"
    assert [session.value(f"/data/household/{n}") for n in ("n_children", "n_disability", "n_out_of_school")] == ["2", "1", "1"]
    assert session.relevant("/data/education/school_help_wanted")

    session.answer("/data/priorities/top_needs", "food health safety")
    ranked = session.question("/data/priorities/needs_ranked")
    assert {c.value for c in ranked.choices} == {"food", "health", "safety"}
    assert ranked.label == "Póngalas en orden: la más importante primero."
    session.answer("/data/priorities/needs_ranked", "safety food health")
    assert session.value("/data/priorities/needs_ranked") == "safety food health"


@pytest.mark.parametrize("form_id", FORMS)
def test_fieldapp_attributes_reach_the_question_views(loaded, form_id):
    form = loaded[form_id]
    pii = [path for path, bind in form.binds.items() if bind.extra.get("fieldapp:pii") == "yes"]
    assert pii
    session = form.new_session()
    assert session.question(pii[0]).extra.get("fieldapp:pii") == "yes"


def test_child_intake_calculations_ignore_answers_that_stopped_applying(loaded):
    # Engines differ on whether a non-relevant answer still counts (ODK Web Forms blanks it,
    # an answer kept in memory may not be): the form must give the same result either way.
    session = loaded["child_intake"].new_session()
    session.answer("/data/privacy/privacy_ok", "alone")
    session.answer("/data/consent/child_age", "9")
    session.answer("/data/consent/consent_route", "guardian")
    session.answer("/data/consent/guardian_consent", "no")
    assert session.value("/data/closeout/interview_outcome") == "no_consent"
    session.answer("/data/consent/consent_route", "waiver")
    session.answer("/data/consent/waiver_reason", "guardian_risk")
    session.answer("/data/consent/waiver_authorised_by", "PO-3")
    assert not session.relevant("/data/consent/no_consent_note")
    session.answer("/data/assent_group/assent", "yes")
    assert session.value("/data/proceed") == "yes"
    assert session.value("/data/closeout/interview_outcome") == "completed"
    session.answer("/data/details/dob_known", "yes")
    session.answer("/data/details/dob", _birthday(years_ago=10, days_later=30))
    assert session.value("/data/details/age_from_dob") == "9"
    session.answer("/data/details/dob_known", "no")
    assert session.value("/data/details/age_from_dob") == ""
    assert session.value("/data/details/age_band") == "age_5_11"


def _fill_required(session, answers: dict[str, str | list[str]]) -> list[str]:
    """Answer every required question the session asks for, with answers[name] or a plain valid value.

    answers[name] may be a list: the first value the question accepts is kept (a roster's first person
    must repeat the respondent's age, the others need not).
    """
    avoid = {"other", "none", "dont_know", "not_private", "no", "waiver", "later", "nothing"}
    answered = []
    for _ in range(400):
        problems = session.validate()
        if not problems:
            return answered
        path = problems[0].path
        assert path not in answered, f"{path} still has a problem ({problems[0].kind}) after an answer"
        question = session.question(path)
        name = path.rsplit("/", 1)[-1]
        choices = [c.value for c in question.choices]
        if name in answers:
            given = answers[name]
            values = [given] if isinstance(given, str) else list(given)
        elif question.type == "odk:rank" or question.type == "rank":
            values = [" ".join(choices)]
        elif choices:
            values = [c for c in choices if c not in avoid] + [c for c in choices if c in avoid]
        elif question.type == "int":
            values = ["3"]
        elif question.type == "date":
            values = [datetime.date.today().isoformat()]
        else:
            values = ["ABC-123"]
        for value in values:
            if not session.answer(path, value):
                break
        answered.append(path)
    raise AssertionError("the form never became valid")


@pytest.mark.parametrize("form_id, answers, outcome", [
    ("child_intake", {"child_age": "15", "privacy_ok": "alone", "consent_route": "guardian", "guardian_consent": "yes",
                      "assent": "yes", "dob_known": "no", "safety_still_private": "yes"}, "completed"),
    ("child_intake", {"privacy_ok": "not_private"}, "rescheduled_privacy"),
    ("child_intake", {"child_age": "4", "privacy_ok": "trusted_adult", "consent_route": "waiver",
                      "waiver_reason": "unaccompanied", "dob_known": "no"}, "completed"),
    ("community_needs", {"respondent_eligible": "yes", "consent": "yes", "respondent_age": "41", "hh_size": "2",
                         "member_age": ["12", "41"], "member_relation": ["head", "child"],
                         "returned_count": "1", "returned_children": "0", "safety_private": "private", "gbv_private": "private"}, "completed"),
    ("community_needs", {"respondent_eligible": "yes", "consent": "no"}, "no_consent"),
])
def test_a_whole_interview_finishes_valid(loaded, form_id, answers, outcome):
    session = loaded[form_id].new_session()
    answered = _fill_required(session, answers)
    assert session.value("/data/closeout/interview_outcome") == outcome
    xml = session.to_xml()
    version = loaded[form_id].version
    assert f'id="{form_id}"' in xml and version.isdigit() and f'version="{version}"' in xml
    if outcome == "completed":
        assert len(answered) >= 20
    else:
        # the setting (with the interview's country, department and municipality), privacy, consent, close-out
        assert len(answered) <= 10, "a stopped interview asks only for the consent record and the close-out"
