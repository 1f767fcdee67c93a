"""The app's own privacy check: where it is asked (at the start and before each sensitive part), and its answers.

The interviewer confirms who can hear: the respondent is alone, or with a trusted adult the child chose who is
not a household member, or it is not private. There is no "prefer not to answer": it is the interviewer's own
check. "Not private" pauses the interview and offers to reschedule (an outcome, not a failure).

Where the form asks its own privacy question (`fieldapp:role` = privacy) right before a sensitive part (or as
its first question), the app does not ask again there; the form's question counts for the start too when it
comes after the guardian's consent and before the first sensitive part (the guardian has stepped out by then).
A form with no sensitive item and no consent step is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.protect import marks
from fieldapp.protect.errors import UnknownChoice

ALONE, TRUSTED_ADULT, NOT_PRIVATE = "alone", "trusted_adult", "not_private"
CHOICES = (ALONE, TRUSTED_ADULT, NOT_PRIVATE)
START = "start"


@dataclass(frozen=True)
class Checkpoint:
    where: str        # START, or the generic path of the sensitive part
    first: int        # the first place (form order) it guards
    last: int         # the last place


def privacy_places(form, order: dict[str, int]) -> list[int]:
    return sorted(order[path] for path, bind in form.binds.items()
                  if marks.role(bind.extra or {}) == "privacy" and path in order)


def _notes(form, order: dict[str, int]) -> set[int]:
    """Places of notes (only read out): a note between the form's privacy question and a part does not count."""
    from fieldapp.xform.model.kinds import is_note
    found = set()
    for ref, place in order.items():
        control, bind = form.control(ref), form.bind(ref)
        readonly = bind is not None and str(bind.readonly or "").strip().lower() in ("true()", "true")
        if control is not None and is_note(control.kind, bind.type if bind is not None else "string", readonly):
            found.add(place)
    return found


def _right_before(place: int, first: int, notes: set[int]) -> bool:
    """The form's privacy question at `place` comes right before `first` (notes between) or is its first question."""
    return place <= first and all(between in notes for between in range(place + 1, first))


def checkpoints(form, order: dict[str, int], marked_parts, consent_questions) -> list[Checkpoint]:
    """Where the app asks, in form order: the start (after the guardian's consent), then each sensitive part."""
    total = len(order)
    if not consent_questions and not any(marks.is_sensitive(bind.extra or {}) for bind in form.binds.values()):
        return []      # a form with nothing sensitive and no consent step (a plain survey): nothing to guard
    own = privacy_places(form, order)
    notes = _notes(form, order)
    guardian = [q.place for q in consent_questions if q.role == "guardian-consent"]
    start_place = (max(guardian) + 1) if guardian else 0
    sensitive = []
    for part in marked_parts:
        if not part.sensitive or any(o.first <= part.first and part.last <= o.last for o in sensitive):
            continue   # a sensitive part inside another is covered by the outer one's check
        sensitive.append(part)
    found = []
    first_sensitive = sensitive[0].first if sensitive else total
    if not any(start_place <= place <= first_sensitive for place in own):
        found.append(Checkpoint(START, start_place, total))
    for part in sensitive:
        if any(_right_before(place, part.first, notes) for place in own):
            continue
        found.append(Checkpoint(part.ref, part.first, part.last))
    return found


def due(points: list[Checkpoint], place: int | None, done: set[str]) -> list[Checkpoint]:
    """The checks not yet made whose range holds `place` (the screen about to be shown)."""
    if place is None:
        return []
    return [point for point in points if point.where not in done and point.first <= place <= point.last]


def check_choice(choice: str) -> str:
    if choice not in CHOICES:
        raise UnknownChoice(choice)
    return choice


def outcome(choice: str) -> str:
    return "not_private" if choice == NOT_PRIVATE else "private"
