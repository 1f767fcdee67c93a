"""Referral rules: fire at their question, recorded once without values, outcomes kept across resume.

Requirement: SG-9 when a rule fires the interviewer is prompted; Finalize needs each outcome.
"""

from __future__ import annotations

import pytest

from fieldapp.protect import referrals
from fieldapp.protect.errors import UnknownChoice
from fieldapp.protect.protocol import InterviewSafety
from tests.protect.safety_forms import SAFE_INTAKE

REPEATED = """
| survey |               |        |             |                         |                              |
|        | type          | name   | label       | bind::fieldapp:referral | bind::fieldapp:referral-type |
|        | begin repeat  | kid    | Child       |                         |                              |
|        | select_one yn | school | In school?  | . = 'no'                | education                    |
|        | end repeat    |        |             |                         |                              |
| choices |              |        |             |                         |                              |
|        | list_name     | name   | label       |                         |                              |
|        | yn            | yes    | Yes         |                         |                              |
|        | yn            | no     | No          |                         |                              |
| settings |             |        |             |                         |                              |
|        | form_title    | form_id | namespaces |                         |                              |
|        | Kids          | kids   | fieldapp="urn:fieldapp:xforms" |      |                              |
"""


def test_a_rule_fires_once_and_is_recorded_without_the_answer(store, load_md):
    session = store.new_session(load_md(SAFE_INTAKE))
    safety = InterviewSafety(store, session)
    session.answer("/data/private", "yes")
    assert safety.check_referrals() == []
    session.answer("/data/hurt", "yes")
    fired = safety.check_referrals()
    assert [(r.path, r.referral_type) for r in fired] == [("/data/hurt", "child_protection")]
    assert safety.check_referrals() == []                       # once
    assert [r.path for r in safety.pending()] == ["/data/hurt"]
    with pytest.raises(UnknownChoice):
        safety.record_outcome("/data/hurt", "maybe")
    safety.record_outcome("/data/hurt", "referred")
    assert safety.pending() == []
    trail = [(e.event, e.path, e.details) for e in store.audit(session.instance_id) if "referral" in e.event]
    assert trail == [("referral", "/data/hurt", {"action": "fired", "service_type": "child_protection"}),
                     ("referral_outcome", "/data/hurt", {"outcome": "referred", "service_type": "child_protection"})]


def test_outcomes_survive_a_resume_and_an_undone_rule_asks_nothing(store, load_md):
    session = store.new_session(load_md(SAFE_INTAKE))
    safety = InterviewSafety(store, session)
    session.answer("/data/private", "yes")
    session.answer("/data/hurt", "yes")
    safety.check_referrals()
    store.exit(session)
    again = store.resume(session.instance_id)
    resumed = InterviewSafety(store, again)
    assert [r.path for r in resumed.pending()] == ["/data/hurt"]
    again.answer("/data/hurt", "no")                           # corrected: the rule no longer holds
    assert resumed.pending() == [] and resumed.holding() == []


def test_rules_inside_a_repeat_fire_per_instance(store, load_md):
    session = store.new_session(load_md(REPEATED))
    session.add_repeat("/data/kid")
    session.add_repeat("/data/kid")
    session.answer("/data/kid[2]/school", "no")
    form_rules = referrals.rules(session.form)
    assert [r.path for r in referrals.firing(session, form_rules)] == ["/data/kid[2]/school"]


def test_a_declined_or_hidden_question_fires_nothing(store, load_md):
    session = store.new_session(load_md(SAFE_INTAKE))
    safety = InterviewSafety(store, session)
    session.answer("/data/private", "yes")
    session.answer("/data/hurt", "yes")
    session.answer("/data/private", "no")                       # the question no longer applies
    assert safety.check_referrals() == []


def test_a_refused_consent_to_share_decides_the_referral_outcome_but_mandatory_reporting_stays(store, load_md):
    from fieldapp.protect.errors import ShareRefused
    from tests.protect.safety_forms import SHARING
    session = store.new_session(load_md(SHARING))
    safety = InterviewSafety(store, session)
    session.answer("/data/sick", "yes")
    session.answer("/data/hurt", "yes")
    safety.check_referrals()
    assert safety.share_refused() == []                         # not asked yet: nothing decided
    session.answer("/data/share", "no")
    left = safety.share_refused()
    assert [r.path for r in left] == ["/data/hurt"]             # child protection: mandatory reporting
    assert safety.referrals["/data/sick"].outcome == "consent_refused"
    with pytest.raises(ShareRefused) as refused:
        safety.referrals["/data/sick"].outcome = ""
        safety.record_outcome("/data/sick", "referred")
    assert "Consent to share was refused" in refused.value.text("en")
    assert "consentimiento para compartir" in refused.value.text("es")
    safety.record_outcome("/data/hurt", "referred")             # reported under the exception, and said so
    outcomes = [e.details for e in store.audit(session.instance_id) if e.event == "referral_outcome"]
    assert outcomes == [{"outcome": "consent_refused", "service_type": "health", "by": "consent_to_share"},
                        {"outcome": "referred", "service_type": "child_protection",
                         "reason_code": "mandatory_reporting"}]
