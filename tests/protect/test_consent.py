"""Consent and assent driven by `fieldapp:role`, the consent record kept alone on refusal, and the app's privacy check.

Requirements: SG-1 privacy check before sensitive parts and at the start, "not private" reschedules (an
outcome); SG-2 guardian consent or a recorded waiver, then assent (own consent at 15-17), no default answer,
nothing beyond the consent record kept without consent or assent; SG-17 every step audited without values.
"""

from __future__ import annotations

import json
import zlib

import pytest

from fieldapp.protect import consent, gate, privacy
from fieldapp.protect.errors import UnknownChoice
from fieldapp.protect.protocol import InterviewSafety
from tests.protect.safety_forms import CONSENTED, OWN_PRIVACY, PRESET_ASSENT, SAFE_INTAKE

D = "/data"


@pytest.fixture
def interview(store, load_md):
    form = load_md(CONSENTED)
    session = store.new_session(form, interviewer="Ana")
    return session, InterviewSafety(store, session)


def test_roles_name_the_consent_questions(interview):
    session, _safety = interview
    found = consent.questions(session.form)
    assert [(q.path, q.role, q.answerable) for q in found] == [
        (f"{D}/guardian_ok", "guardian-consent", True), (f"{D}/consent_ok", "consent", False),
        (f"{D}/assent", "assent", True)]
    assert consent.gate(found) == found[-1].place


def test_nothing_is_consent_before_an_answer(interview):
    session, safety = interview
    assert safety.gate.status().state == consent.PENDING
    session.answer(f"{D}/route", "guardian")
    assert safety.gate.status().state == consent.PENDING


def test_a_guardian_s_no_is_a_refusal(interview):
    session, safety = interview
    session.answer(f"{D}/route", "guardian")
    session.answer(f"{D}/guardian_ok", "no")
    found = safety.gate.status()
    assert (found.state, found.refused_by, found.outcome) == (consent.REFUSED, "guardian", "consent_refused")


def test_the_child_s_no_or_not_now_is_a_refusal_too(interview):
    session, safety = interview
    session.answer(f"{D}/route", "guardian")
    session.answer(f"{D}/guardian_ok", "yes")
    session.answer(f"{D}/age", "9")
    assert safety.gate.status().state == consent.PENDING       # the assent applies and has no answer
    session.answer(f"{D}/assent", "later")
    assert safety.gate.status().outcome == "assent_refused_later"
    session.answer(f"{D}/assent", "no")
    assert safety.gate.status().outcome == "assent_refused"
    session.answer(f"{D}/assent", "yes")
    assert safety.gate.status().state == consent.GIVEN


def test_a_waiver_needs_its_reason_and_who_authorised_it(interview):
    session, safety = interview
    session.answer(f"{D}/route", "waiver")
    session.answer(f"{D}/age", "5")           # under 7: no assent question applies
    found = safety.gate.status()
    assert found.waiver and found.needs_waiver_record and found.state == consent.PENDING
    with pytest.raises(UnknownChoice):
        safety.gate.record_waiver("because", "supervisor")
    safety.gate.record_waiver("guardian_risk", "state_authority")
    assert safety.gate.status().state == consent.GIVEN
    event = [e for e in safety.store.audit(session.instance_id) if e.event == "consent"][-1]
    assert event.details == {"action": "waiver", "reason_code": "guardian_risk", "by": "state_authority"}
    # read back at the next opening
    assert InterviewSafety(safety.store, session).gate.waiver_recorded


@pytest.mark.parametrize("age, step", [("9", "assent"), ("14", "assent"), ("15", "own_consent"),
                                       ("17", "own_consent"), ("", "assent")])
def test_15_to_17_give_their_own_consent(interview, age, step):
    session, _safety = interview
    session.answer(f"{D}/age", age)
    assert consent.child_step(session) == step


def test_the_interview_does_not_go_past_consent_without_it(interview):
    session, safety = interview
    beyond = safety.gate.before(f"{D}/name")
    assert beyond.kind == gate.CONSENT_MISSING and beyond.back_to == f"{D}/route" or beyond.back_to
    assert safety.gate.before(f"{D}/route") is None or safety.gate.before(f"{D}/route").kind == gate.PRIVACY
    session.answer(f"{D}/route", "guardian")
    session.answer(f"{D}/guardian_ok", "yes")
    session.answer(f"{D}/age", "12")
    stop = safety.gate.before(f"{D}/name")
    assert stop.kind == gate.CONSENT_MISSING and stop.back_to == f"{D}/assent"
    session.answer(f"{D}/assent", "no")
    assert safety.gate.before(f"{D}/name").kind == gate.REFUSED
    assert safety.gate.before("").kind == gate.REFUSED             # nor to the end screen
    assert safety.gate.before(f"{D}/assent") is None or safety.gate.before(f"{D}/assent").kind != gate.REFUSED


def _every_stored_text(store) -> str:
    """Every value in every table of the database, blobs decompressed where they are ours, as one text."""
    conn = store.database.conn
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    texts = []
    for table in tables:
        for row in conn.execute(f"SELECT * FROM {table}"):
            for cell in row:
                if isinstance(cell, bytes):
                    try:
                        cell = zlib.decompress(cell).decode("utf-8")
                    except Exception:
                        cell = cell.decode("utf-8", "replace")
                texts.append(str(cell))
    return "\n".join(texts)


def test_a_refusal_keeps_only_the_consent_record(interview):
    session, safety = interview
    store = safety.store
    session.answer(f"{D}/place", "Escuela Zunil")
    session.answer(f"{D}/route", "guardian")
    session.answer(f"{D}/guardian_ok", "yes")
    session.answer(f"{D}/age", "13")
    session.answer(f"{D}/name", "Xiomara")           # typed too early: it must not survive
    store.set_case_code(session.instance_id, "GT-0042")
    session.answer(f"{D}/assent", "no")
    assert "Xiomara" in _every_stored_text(store)
    outcome = safety.gate.refuse()
    assert outcome == "assent_refused"
    stored = _every_stored_text(store)
    for answer in ("Xiomara", "Escuela Zunil", "GT-0042", "intake-Xiomara"):
        assert answer not in stored
    record = store.consent_record(session.instance_id)
    assert record["outcome"] == "assent_refused"
    assert record["values"] == {f"{D}/guardian_ok": "yes", f"{D}/consent_ok": "yes", f"{D}/assent": "no"}
    listed = store.submission(session.instance_id)
    assert (listed.status, listed.outcome, listed.case_code) == ("refused", "assent_refused", None)
    assert listed.title == "Consented"
    events = store.audit(session.instance_id)
    assert events[-1].event == "consent" and events[-1].details["outcome"] == "assent_refused"
    assert all(e.old_value is None and e.new_value is None for e in store.audit(session.instance_id, True))
    with pytest.raises(Exception):
        session.answer(f"{D}/school", "after the end")   # the session is no longer written


def test_no_consent_answer_starts_chosen(store, load_md):
    form = load_md(PRESET_ASSENT)
    session = store.new_session(form)
    assert session.value(f"{D}/assent") == "yes"           # the form's default
    safety = InterviewSafety(store, session)
    assert session.value(f"{D}/assent") == ""
    assert safety.gate.cleared == [f"{D}/assent"]
    session.answer(f"{D}/assent", "yes")                    # a real answer is kept at the next opening
    assert InterviewSafety(store, session).gate.cleared == []
    assert session.value(f"{D}/assent") == "yes"


def test_the_app_checks_privacy_at_the_start_and_before_sensitive_parts(interview):
    session, safety = interview
    points = safety.gate.checkpoints
    assert [p.where for p in points] == [privacy.START, f"{D}/home"]
    start = points[0]
    guardian_place = safety.gate.place(f"{D}/guardian_ok")
    assert start.first == guardian_place + 1                # after the guardian has given consent (and left)
    due = privacy.due(points, safety.gate.place(f"{D}/home/hurt"), set())
    assert [p.where for p in due] == [privacy.START, f"{D}/home"]
    assert safety.gate.privacy_checked(due, "trusted_adult") == "private"
    assert privacy.due(points, safety.gate.place(f"{D}/home/hurt"), safety.gate.checked) == []
    with pytest.raises(UnknownChoice):
        safety.gate.privacy_checked(due, "prefer_not_to_answer")   # never offers decline
    checks = [e for e in safety.store.audit(session.instance_id) if e.event == "privacy_check"]
    assert [(e.path, e.details["outcome"], e.details["choice"]) for e in checks] == [
        (None, "private", "trusted_adult"), (f"{D}/home", "private", "trusted_adult")]


def test_a_form_s_own_privacy_question_is_not_asked_twice(store, load_md):
    session = store.new_session(load_md(OWN_PRIVACY))
    safety = InterviewSafety(store, session)
    # the form's question stands before the first part: it covers the start and that part, not the later one
    assert [p.where for p in safety.gate.checkpoints] == [f"{D}/later"]


def test_a_form_without_any_privacy_question_is_checked_at_the_start(store, load_md):
    session = store.new_session(load_md(SAFE_INTAKE.replace("privacy ", "        ")))
    safety = InterviewSafety(store, session)
    assert safety.gate.checkpoints[0].where == privacy.START and safety.gate.checkpoints[0].first == 0
    assert safety.gate.before(f"{D}/case_code").kind == gate.PRIVACY


def test_not_private_reschedules_as_an_outcome(interview):
    session, safety = interview
    store = safety.store
    due = privacy.due(safety.gate.checkpoints, safety.gate.place(f"{D}/assent"), set())
    assert safety.gate.privacy_checked(due, "not_private") == "not_private"
    assert privacy.START not in safety.gate.checked                # asked again when the interview goes on
    safety.gate.reschedule()
    record = store.submission(session.instance_id)
    assert (record.status, record.outcome) == ("draft", "rescheduled")
    assert store.audit(session.instance_id)[-1].details == {"action": "reschedule", "reason_code": "not_private"}
    store.exit(session)
    again = store.resume(session.instance_id)
    resumed = InterviewSafety(store, again)
    resumed.gate.privacy_checked(due, "alone")
    assert store.submission(session.instance_id).outcome is None


def test_consent_steps_are_audited_without_values(interview):
    session, safety = interview
    session.answer(f"{D}/route", "guardian")
    session.answer(f"{D}/guardian_ok", "yes")
    session.answer(f"{D}/age", "16")
    session.answer(f"{D}/assent", "yes")
    safety.gate.consent_given()
    event = safety.store.audit(session.instance_id)[-1]
    assert event.details == {"action": "given", "kind": "own_consent", "outcome": "guardian"}
    assert "16" not in json.dumps(event.details)


def test_a_corrected_version_keeps_its_consent_answers(store, load_md):
    form = load_md(PRESET_ASSENT)
    session = store.new_session(form)
    InterviewSafety(store, session)
    session.answer(f"{D}/assent", "yes")
    session.answer(f"{D}/q", "fine")
    store.finalize(session)
    corrected = store.edit(session.instance_id)
    assert InterviewSafety(store, corrected).gate.cleared == []
    assert corrected.value(f"{D}/assent") == "yes"
