"""Consent and assent read from the form's `fieldapp:role` questions: given, still missing, or refused.

The roles (FORMS.md): `guardian-consent` (a parent or guardian agrees), `consent` (a respondent's own
consent; when it is a calculation, the form's summary of the consent step, e.g. "guardian agreed or a
waiver was documented"), `assent` (the child agrees) and `age`. The rules, for any form that uses them:

* A "no" (or "not now") to a consent, guardian-consent or assent question ends the interview there, and
  nothing but the consent record is kept (the store's `refuse`).
* Nothing after the last consent question is asked until every consent question that applies is a "yes".
* When the form's consent step is met without a guardian's "yes" (the guardian questions do not apply),
  it is a waiver: the app records its reason and who authorised it before the interview goes on.
* Silence is not assent: a consent question never starts with an answer already chosen.
* A child of 15 to 17 gives their own informed consent; a younger child their assent, in their own words.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.protect import marks, parts

GUARDIAN, CONSENT, ASSENT, AGE = "guardian-consent", "consent", "assent", "age"
ROLES = (GUARDIAN, CONSENT, ASSENT)

# Answer codes that mean yes, and those that mean no or not now (compared lower-case, accents kept).
YES = frozenset({"yes", "si", "sí", "1", "true", "agree", "agrees", "accept", "accepted", "given", "consents",
                 "assents", "de_acuerdo", "acepta"})
NOT_NOW = frozenset({"later", "not_now", "another_day", "ahora_no", "otro_dia", "otro_día"})
NO = frozenset({"no", "0", "false", "refuse", "refused", "refuses", "decline", "declined", "disagree",
                "does_not_agree", "no_acepta"}) | NOT_NOW

# Why consent was waived, and who authorised the waiver (codes kept in the audit trail).
WAIVER_REASONS = ("unaccompanied", "guardian_risk", "guardian_unreachable", "other")
WAIVER_AUTHORITIES = ("state_authority", "court", "supervisor", "case_manager")

OWN_CONSENT_AGE = 15        # 15-17 give their own informed consent (case-management guidance)
ADULT_AGE = 18

PENDING, GIVEN, REFUSED = "pending", "given", "refused"


@dataclass(frozen=True)
class ConsentQuestion:
    path: str            # the question's path (consent questions are outside repeats)
    role: str
    place: int           # where it stands in the form order
    answerable: bool     # False for a calculation (the form's own summary)


@dataclass(frozen=True)
class ConsentStatus:
    state: str                    # PENDING | GIVEN | REFUSED
    refused_by: str = ""          # "guardian" | "child" | "respondent" when refused
    refused_at: str = ""          # the path of the question answered "no"
    not_now: bool = False         # the "no" was "not now, another day"
    waiver: bool = False          # the consent step was met without a guardian's "yes"
    needs_waiver_record: bool = False   # ... and the app has not recorded its reason yet
    missing: tuple[str, ...] = ()       # paths of consent questions that apply and have no answer yet

    @property
    def outcome(self) -> str:
        """The outcome code of a refusal: consent_refused, assent_refused (or ..._later)."""
        if self.state != REFUSED:
            return ""
        base = "assent_refused" if self.refused_by == "child" else "consent_refused"
        return base + ("_later" if self.not_now else "")


def word(value: str | None) -> str:
    """"yes", "no" or "" for an answer code."""
    code = str(value or "").strip().lower()
    if code in YES:
        return "yes"
    if code in NO:
        return "no"
    return ""


def questions(form) -> list[ConsentQuestion]:
    """The form's consent, guardian-consent and assent questions, in form order."""
    order = parts.question_order(form)
    found = []
    for path, bind in form.binds.items():
        role = marks.role(bind.extra or {})
        if role not in ROLES:
            continue
        control = form.control(path)
        answerable = control is not None and not control.is_container and bind.calculate is None
        place = order.get(path, -1)
        if place < 0:   # a calculation has no place of its own: it stands where the form writes it
            place = _place_of_bind(form, path, order)
        found.append(ConsentQuestion(path, role, place, answerable))
    return sorted(found, key=lambda q: q.place)


def _place_of_bind(form, path: str, order: dict[str, int]) -> int:
    """A calculation's place: that of the last question written before it in the form."""
    before = -1
    for ref in form.binds:
        if ref == path:
            return before
        if ref in order:
            before = order[ref]
    return before


def age_path(form) -> str | None:
    return next((path for path, bind in form.binds.items() if marks.role(bind.extra or {}) == AGE), None)


def age(session) -> int | None:
    """The child's age in years from the form's `age` question, None when not (yet) known."""
    path = age_path(session.form)
    if path is None:
        return None
    try:
        text = session.value(path)
        return int(float(text)) if str(text).strip() else None
    except Exception:   # an unreadable age is an unknown age
        return None


def child_step(session) -> str:
    """"own_consent" for a child of 15 to 17, "assent" for a younger (or unknown) age, "" for an adult."""
    years = age(session)
    if years is not None and years >= ADULT_AGE:
        return ""
    if years is not None and years >= OWN_CONSENT_AGE:
        return "own_consent"
    return "assent"


def _relevant(session, path: str) -> bool:
    try:
        return session.relevant(path)
    except Exception:   # not in the filling: it does not apply
        return False


def status(session, found: list[ConsentQuestion] | None = None, *, waiver_recorded: bool = False) -> ConsentStatus:
    """Where the consent step stands now."""
    found = questions(session.form) if found is None else found
    if not found:
        return ConsentStatus(GIVEN)
    missing, guardian_yes, summary_yes, any_yes = [], False, False, False
    has_guardian = any(q.role == GUARDIAN and q.answerable for q in found)
    for question in found:
        if not _relevant(session, question.path):
            continue
        answer = word(session.value(question.path))
        if not question.answerable:
            summary_yes = summary_yes or answer == "yes"
            continue
        if answer == "no":
            by = {GUARDIAN: "guardian", ASSENT: "child"}.get(question.role, "respondent")
            not_now = str(session.value(question.path)).strip().lower() in NOT_NOW
            return ConsentStatus(REFUSED, by, question.path, not_now)
        if answer == "yes":
            any_yes = True
            guardian_yes = guardian_yes or question.role == GUARDIAN
        else:
            missing.append(question.path)
    if missing:
        return ConsentStatus(PENDING, missing=tuple(missing))
    waiver = has_guardian and not guardian_yes and summary_yes
    if waiver:
        return ConsentStatus(GIVEN if waiver_recorded else PENDING, waiver=True,
                             needs_waiver_record=not waiver_recorded)
    if any_yes or summary_yes:
        return ConsentStatus(GIVEN)
    return ConsentStatus(PENDING)


def gate(found: list[ConsentQuestion]) -> int | None:
    """The place of the last consent question: anything after it needs consent first (None: no consent step)."""
    return max((q.place for q in found), default=None) if found else None


def record_paths(session, found: list[ConsentQuestion] | None = None) -> set[str]:
    """The paths whose answers form the consent record: the consent questions, nothing else."""
    found = questions(session.form) if found is None else found
    return {q.path for q in found}


def check_waiver(reason: str, authorised_by: str) -> None:
    from fieldapp.protect.errors import UnknownChoice
    if reason not in WAIVER_REASONS:
        raise UnknownChoice(reason)
    if authorised_by not in WAIVER_AUTHORITIES:
        raise UnknownChoice(authorised_by)


def preset(session, found: list[ConsentQuestion] | None = None) -> list[str]:
    """Consent questions that hold an answer nobody gave (a form default): silence is not assent."""
    found = questions(session.form) if found is None else found
    preset_paths = []
    for question in found:
        if not question.answerable:
            continue
        try:
            if session.value(question.path):
                preset_paths.append(question.path)
        except Exception:   # not in the filling
            continue
    return preset_paths
