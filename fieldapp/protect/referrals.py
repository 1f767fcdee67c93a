"""Referral rules (`fieldapp:referral` XPath on a question) and what became of each one that fired.

A rule fires when its expression is true at its question (`.` is the answer) while the question applies.
The first time a rule fires it is recorded ("referral" event: path and type, no value); the interviewer then
records an outcome ("referral_outcome"). Both are read back from the audit trail, so a paused or resumed
interview (or a new version being corrected) keeps them. Finalizing needs every fired referral to have one.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.protect import marks

OUTCOMES = ("referred", "declined", "already_receiving", "consent_refused")
SHARE_ROLE = "consent-to-share"
# Needs the law asks staff to report even without the child's or family's consent when a child is in serious
# danger (violence against a child, sexual violence against a minor): the mandatory-reporting exception.
MANDATORY_TYPES = ("child_protection", "gbv")


@dataclass(frozen=True)
class Rule:
    path: str              # generic path of the question
    expression: str
    referral_type: str


@dataclass
class Referral:
    """One rule that fired for one question (positional path), and its outcome ("" until recorded)."""
    path: str
    referral_type: str
    outcome: str = ""


def rules(form) -> list[Rule]:
    found = []
    for path, bind in form.binds.items():
        expression = (bind.extra or {}).get(marks.REFERRAL)
        if expression and expression.strip():
            found.append(Rule(path, expression.strip(),
                              str((bind.extra or {}).get(marks.REFERRAL_TYPE) or "").strip().lower()))
    order = {ref: i for i, ref in enumerate(form.controls_by_ref)}
    return sorted(found, key=lambda rule: order.get(rule.path, len(order)))


def _positional_paths(session, path: str) -> list[str]:
    """Every filled instance of a generic path (a question inside repeats has one per repeat instance)."""
    repeats = sorted((r for r in session.form.repeat_paths if path.startswith(r + "/")), key=len)
    paths = [path]
    for repeat in repeats:
        expanded = []
        for current in paths:
            # the repeat's own positional prefix in `current`, e.g. /data/hh[2]/member
            depth = repeat.count("/")
            steps = current.split("/")
            prefix = "/".join(steps[:depth + 1])
            rest = "/".join(steps[depth + 1:])
            try:
                count = session.repeat_count(prefix)
            except Exception:   # the repeat is not in the filling (not relevant)
                count = 0
            expanded += [f"{prefix}[{n}]/{rest}" for n in range(1, count + 1)]
        paths = expanded
    return paths


def evaluate_rule(session, rule: Rule, path: str) -> bool:
    """True when the rule holds at the question `path` (which must apply and hold a value or a choice)."""
    from fieldapp.xform.xpath import compile as compile_xpath
    try:
        if not session.relevant(path) or session.declined(path):
            return False
        context = session.env.context_at(session.node(path))
        return bool(compile_xpath(rule.expression).evaluate_boolean(context))
    except Exception:   # a rule that cannot be read is reported by the form checks, never a crash mid-interview
        return False


def firing(session, form_rules: list[Rule]) -> list[Referral]:
    """Every rule that holds now, one per question instance, in form order."""
    found = []
    for rule in form_rules:
        for path in _positional_paths(session, rule.path):
            if evaluate_rule(session, rule, path):
                found.append(Referral(path, rule.referral_type))
    return found


def recorded(audit_events) -> dict[str, Referral]:
    """The referrals an interview's audit trail recorded (fired, then outcome), by positional path."""
    known: dict[str, Referral] = {}
    for event in audit_events:
        details = event.details or {}
        if event.event == "referral" and event.path:
            known.setdefault(event.path, Referral(event.path, details.get("service_type", "")))
        elif event.event == "referral_outcome" and event.path:
            referral = known.setdefault(event.path, Referral(event.path, details.get("service_type", "")))
            referral.outcome = details.get("outcome", "")
    return known


def location_words(session) -> list[str]:
    """The answers of the form's `location` questions, as codes and as the chosen labels (for matching services)."""
    words = []
    for path, bind in session.form.binds.items():
        if marks.role(bind.extra or {}) != "location":
            continue
        try:
            view = session.question(path)
        except Exception:   # a location inside a repeat or not shown: not used for matching
            continue
        if view.choices:
            for value in view.value.split():
                words.append(value)
                words += [choice.label for choice in view.choices if choice.value == value]
        elif view.value:
            words.append(view.value)
    return words


def share_paths(form) -> list[str]:
    """The form's consent-to-share questions (`fieldapp:role` = consent-to-share), in form order."""
    order = {ref: i for i, ref in enumerate(form.controls_by_ref)}
    return sorted((path for path, bind in form.binds.items() if marks.role(bind.extra or {}) == SHARE_ROLE),
                  key=lambda path: order.get(path, len(order)))


def share_consent(session) -> str:
    """"yes" or "no" from the consent-to-share question that applies and is answered last; "" when none is."""
    from fieldapp.protect.consent import word
    said = ""
    for path in share_paths(session.form):
        try:
            if session.relevant(path) and word(session.value(path)):
                said = word(session.value(path))
        except Exception:   # inside a repeat or not in the filling: not the interview's consent to share
            continue
    return said


def follows_refusal(referral: Referral) -> bool:
    """Whether a refused consent to share decides this referral's outcome ("consent_refused") by itself:
    not for the needs under mandatory reporting, which the interviewer weighs with the supervisor."""
    return referral.referral_type not in MANDATORY_TYPES
