"""Safeguarding actions of an open interview: pause, privacy screen, distress, decline rules, withdrawal; audit without values.

Requirements: SG-4 decline never on the interviewer's checks; SG-5 pause saves and resumes there;
SG-6/7/8 privacy switch, distress and withdrawal are in the audit trail, never with answer values.
"""

from __future__ import annotations

import pytest

from fieldapp.protect import marks
from fieldapp.protect.errors import NotDeclinable
from fieldapp.protect.protocol import InterviewSafety
from tests.protect.safety_forms import SAFE_INTAKE


@pytest.fixture
def open_interview(store, load_md):
    form = load_md(SAFE_INTAKE)
    session = store.new_session(form, interviewer="Ana")
    return session, InterviewSafety(store, session)


def test_the_interviewer_s_checks_cannot_be_declined(open_interview):
    session, safety = open_interview
    with pytest.raises(NotDeclinable) as caught:
        safety.decline("/data/private")
    assert "privacy" in caught.value.text("en")
    assert not session.declined("/data/private")
    with pytest.raises(NotDeclinable):
        safety.decline("/data/school")          # not sensitive: no "prefer not to answer"
    session.answer("/data/private", "yes")
    safety.decline("/data/hurt")
    assert session.declined("/data/hurt") and safety.declined_count() == 1
    safety.decline("/data/hurt", False)
    assert safety.declined_count() == 0


def test_can_decline_reads_the_marks():
    assert marks.can_decline({"fieldapp:sensitive": "yes"})
    assert not marks.can_decline({"fieldapp:sensitive": "yes"}, readonly=True)
    assert not marks.can_decline({"fieldapp:sensitive": "true()", "fieldapp:role": "Privacy"})
    assert not marks.can_decline({})


def test_pause_saves_the_position_and_resumes_there(store, open_interview):
    session, safety = open_interview
    session.answer("/data/case_code", "GT-0042")
    session.next()
    session.answer("/data/private", "yes")
    session.next()
    where = session.current().path
    safety.pause()
    safety.resume()
    assert not safety.paused
    safety.pause()
    store.exit(session)
    again = store.resume(session.instance_id)
    assert again.current().path == where == "/data/name"
    events = [(e.event, (e.details or {}).get("action")) for e in store.audit(session.instance_id)]
    assert ("pause", "start") in events


def test_privacy_screen_and_distress_events_carry_no_values(store, open_interview):
    session, safety = open_interview
    session.answer("/data/name", "Marisol")
    safety.privacy_screen_on("question")
    safety.privacy_screen_refused()
    safety.privacy_screen_off("pin")
    safety.distress_flagged()
    safety.distress_choice("break")
    trail = store.audit(session.instance_id)
    kinds = [(e.event, (e.details or {}).get("action"), (e.details or {}).get("choice")) for e in trail]
    assert ("privacy_screen", "on", None) in kinds and ("privacy_screen", "refused", None) in kinds
    assert ("privacy_screen", "off", None) in kinds
    assert ("distress", "flagged", None) in kinds and ("distress", "choice", "break") in kinds
    assert "Marisol" not in store.audit_csv(session.instance_id)


def test_withdraw_and_erase_keeps_only_an_anonymous_record(store, open_interview):
    session, safety = open_interview
    session.answer("/data/name", "Marisol")
    session.answer("/data/case_code", "GT-0042")
    store.set_case_code(session.instance_id, "GT-0042")
    safety.withdraw(erase=True)
    record = store.submission(session.instance_id)
    assert record.status == "withdrawn" and not record.case_code
    assert "Marisol" not in store.audit_csv(session.instance_id, include_values=True)
    assert [e.event for e in store.audit(session.instance_id)][-1] == "withdraw"


def test_withdraw_keeping_the_answers(store, open_interview):
    session, safety = open_interview
    session.answer("/data/name", "Marisol")
    safety.withdraw(erase=False)
    assert store.submission(session.instance_id).status == "withdrawn"
    assert "Marisol" in store.audit_csv(session.instance_id, include_values=True)
