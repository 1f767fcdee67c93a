"""An adolescent of 15 to 17 who gives their own consent needs no guardian and no waiver record; a younger
child's consent without a guardian is still a waiver. Checked on the bundled child intake, by role.

Requirement: SG-2 (consent and assent), case-management guidance: 15-17 give their own informed consent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.protect import consent
from fieldapp.xform import load_form

INTAKE = Path(__file__).resolve().parents[2] / "forms" / "child_intake.xlsx"


@pytest.fixture(scope="module")
def form():
    return load_form(INTAKE, cache=False)


def _consented(form, age: str, route: str):
    session = form.new_session()
    session.answer("/data/consent/child_age", age)
    session.answer("/data/consent/consent_route", route)
    if route == "waiver":
        session.answer("/data/consent/waiver_reason", "unaccompanied")
        session.answer("/data/consent/waiver_authorised_by", "SUP-1")
    session.answer("/data/privacy/privacy_ok", "alone")
    return session


def test_an_adolescents_own_consent_is_given_without_a_waiver(form):
    session = _consented(form, "16", "own")
    assert consent.status(session).state == consent.PENDING      # the adolescent has not answered yet
    session.answer("/data/assent_group/assent", "yes")
    status = consent.status(session)
    assert status.state == consent.GIVEN and not status.waiver and not status.needs_waiver_record


def test_an_adolescents_no_is_still_a_refusal(form):
    session = _consented(form, "16", "own")
    session.answer("/data/assent_group/assent", "no")
    assert consent.status(session).state == consent.REFUSED


def test_a_younger_childs_assent_without_a_guardian_is_a_waiver(form):
    session = _consented(form, "12", "waiver")
    session.answer("/data/assent_group/assent", "yes")
    status = consent.status(session)
    assert status.waiver and status.needs_waiver_record
