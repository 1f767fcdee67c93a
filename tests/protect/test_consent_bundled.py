"""The bundled child intake under the consent rules, found by `fieldapp:role` only (never by question names):
a guardian's or a child's "no" ends it with nothing kept beyond the consent record.

Requirement: SG-2 without consent/assent nothing beyond the consent record is stored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fieldapp.protect import consent, gate, marks
from fieldapp.protect.protocol import InterviewSafety
from fieldapp.xform import load_form
from fieldapp.xform.model.errors import AnswerError
from tests.protect.test_consent import _every_stored_text
from tests.support.interviewer import candidates

INTAKE = Path(__file__).resolve().parents[2] / "forms" / "child_intake.xlsx"
TYPED = "Sentinel Quetzaltenango 4471"     # every free text answered before the refusal


def _no(question) -> str:
    return next(c.value for c in question.choices if consent.word(c.value) == "no")


def walk_to_refusal(session, safety, refusing_role: str):
    """Answer screen after screen as an interviewer would (privacy alone, age 12) until the gate reports the
    refusal given at the first question of `refusing_role`."""
    today = dt.date.today().isoformat()
    screen = session.current()
    for _step in range(300):
        stop = safety.gate.before("" if screen.kind == "end" else screen.path)
        if stop is not None and stop.kind == gate.REFUSED:
            return stop
        if stop is not None and stop.kind == gate.PRIVACY:
            safety.gate.privacy_checked(stop.checks, "alone")
        if stop is not None and stop.kind == gate.WAIVER:
            safety.gate.record_waiver("unaccompanied", "state_authority")
        assert screen.kind != "end", "the walk reached the end without the refusal"
        for question in screen.questions:
            if question.readonly or question.value:
                continue
            role = marks.role(question.extra)
            if role == refusing_role:
                session.answer(question.path, _no(question))
                continue
            if role == "age":
                session.answer(question.path, "12")
                continue
            typed = [TYPED] if question.type == "string" and not question.choices else []
            for value in typed + candidates(question, today):
                try:
                    if not session.answer(question.path, value):
                        break
                except AnswerError:
                    continue
        screen = session.next()
    raise AssertionError("no refusal reached")


@pytest.mark.parametrize("refusing_role, outcome", [("guardian-consent", "consent_refused"),
                                                    ("assent", "assent_refused")])
def test_a_refusal_in_the_bundled_intake_keeps_only_the_consent_record(store, refusing_role, outcome):
    form = load_form(str(INTAKE))
    roles = {marks.role(bind.extra or {}) for bind in form.binds.values()}
    assert {"guardian-consent", "assent", "age"} <= roles
    session = store.new_session(form, interviewer="Ana")
    safety = InterviewSafety(store, session)
    stop = walk_to_refusal(session, safety, refusing_role)
    assert stop.status.outcome == outcome
    assert TYPED in _every_stored_text(store)            # typed before the refusal (interviewer code, place...)
    safety.gate.refuse()
    assert TYPED not in _every_stored_text(store)
    kept = store.consent_record(session.instance_id)["values"]
    consent_paths = {q.path for q in consent.questions(form)}
    assert kept and set(kept) <= consent_paths
    assert store.submission(session.instance_id).outcome == outcome
