"""What a question's `fieldapp:` attributes say: sensitive, PII, role, self-interview, referral rule (FORMS.md)."""

from __future__ import annotations

from typing import Mapping

YES = ("yes", "true", "true()", "1")

SENSITIVE = "fieldapp:sensitive"
PII = "fieldapp:pii"
ROLE = "fieldapp:role"
SELF = "fieldapp:self"
REFERRAL = "fieldapp:referral"
REFERRAL_TYPE = "fieldapp:referral-type"

# Roles whose question is the interviewer's own check or the consent record: a respondent never
# "prefers not to answer" them (declining a privacy re-check would silently skip the part it guards).
INTERVIEWER_ROLES = frozenset({"consent", "guardian-consent", "assent", "consent-to-share", "privacy",
                               "interpreter", "respondent-language", "case-code"})


def is_yes(value) -> bool:
    return str(value or "").strip().lower() in YES


def is_sensitive(extra: Mapping[str, str]) -> bool:
    return is_yes(extra.get(SENSITIVE))


def is_pii(extra: Mapping[str, str]) -> bool:
    return is_yes(extra.get(PII))


def is_self(extra: Mapping[str, str]) -> bool:
    return is_yes(extra.get(SELF))


def role(extra: Mapping[str, str]) -> str:
    return str(extra.get(ROLE) or "").strip().lower()


def can_decline(extra: Mapping[str, str], readonly: bool = False) -> bool:
    """Whether "prefer not to answer" is offered: on every sensitive item and every item a respondent answers
    alone (a self-interview part: nobody is there to help past a question), never on the interviewer's checks."""
    return (is_sensitive(extra) or is_self(extra)) and not readonly and role(extra) not in INTERVIEWER_ROLES
