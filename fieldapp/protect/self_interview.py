"""Self-interview parts (`fieldapp:self` groups): how the respondent answers, the practice, the handback, and
what the interviewer may see of them; each step recorded in the audit trail with codes, never with answers.

A part goes through: the interviewer chooses how the respondent will answer (the mode), a practice question
(never stored), the respondent answers alone, then hands the laptop back; the handback says only whether the
part was completed, skipped or stopped, and how many questions were answered. Where a part stands is read
back from the audit trail, so a paused, locked or resumed interview carries on in the right step.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.protect import marks, parts
from fieldapp.protect.errors import UnknownChoice

EVENT = "self_interview"
MODES = ("alone", "headphones", "interviewer_reads")
OUTCOMES = ("completed", "skipped", "stopped")

# where a part stands
NEW, STARTED, HANDED_BACK = "new", "started", "handed_back"


@dataclass
class PartState:
    """What the audit trail says of one self-interview part (its generic ref)."""
    ref: str
    mode: str = ""
    practised: bool = False
    step: str = NEW
    outcome: str = ""


@dataclass(frozen=True)
class Summary:
    """What the interviewer is told at handback: the outcome and counts, never which answer or what it was."""
    outcome: str
    answered: int
    declined: int
    left: int          # questions of the part that apply and were not answered (a stop declines them)


def self_parts(form, order: dict[str, int] | None = None) -> list[parts.Part]:
    return [part for part in parts.marked_parts(form, order) if part.self_interview]


def part_at(path: str, self_interview_parts: list[parts.Part]) -> parts.Part | None:
    """The self-interview part a screen (positional path) belongs to; the innermost when parts nest."""
    ref = parts.generic(path)
    inside = [part for part in self_interview_parts if ref == part.ref or ref.startswith(part.ref + "/")]
    return max(inside, key=lambda part: len(part.ref)) if inside else None


def states_from(trail) -> dict[str, PartState]:
    """Each part's state, from its self_interview events in the order they happened."""
    states: dict[str, PartState] = {}
    for event in trail:
        if event.event != EVENT or not event.path:
            continue
        details = event.details or {}
        state = states.setdefault(event.path, PartState(event.path))
        action = details.get("action")
        if action == "mode":
            state.mode = details.get("choice", "")
            state.step = NEW if state.step == HANDED_BACK else state.step
        elif action == "practice":
            state.practised = True
        elif action == "start":
            state.step = STARTED
        elif action == "handback":
            state.step = HANDED_BACK
            state.outcome = details.get("outcome", "")
    return states


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise UnknownChoice(mode)
    return mode


def check_outcome(outcome: str) -> str:
    if outcome not in OUTCOMES:
        raise UnknownChoice(outcome)
    return outcome


def place_of(path: str, part: parts.Part) -> str:
    """The part's own positional path for a screen inside it: /data/child[2]/alone for /data/child[2]/alone/q
    (each repeat instance of a part is a part of its own: its own mode, practice and handback)."""
    return "/".join(path.split("/")[:part.ref.count("/") + 1])


def _questions_in(items, place: str):
    """The questions of a hierarchy lying in the part at `place` (a positional path)."""
    for item in items:
        if item.kind == "question" and not item.is_note and item.path.startswith(place + "/"):
            yield item
        yield from _questions_in(item.children, place)


class SelfInterview:
    """The self-interview parts of one interview; `safety` is its InterviewSafety (the session and the audit)."""

    def __init__(self, safety):
        self.safety = safety
        self.session = safety.session
        self.parts = self_parts(self.session.form)
        self.states: dict[str, PartState] = states_from(self._trail()) if self.parts else {}

    def _trail(self) -> list:
        """This draft's audit trail, after that of the version it corrects (an edit keeps a part handed back)."""
        store, trail = self.safety.store, list(self.safety.store.audit(self.safety.instance_id))
        earlier = [(e.details or {}).get("previous_instance_id") for e in trail if e.event == "edit"]
        return [event for previous in earlier if previous for event in store.audit(previous)] + trail

    def part_at(self, path: str) -> parts.Part | None:
        return part_at(path, self.parts) if self.parts else None

    def place(self, path: str) -> str | None:
        """The positional path of the self-interview part a screen belongs to; None outside every part."""
        part = self.part_at(path)
        return place_of(path, part) if part is not None else None

    def state(self, ref: str) -> PartState:
        return self.states.setdefault(ref, PartState(ref))

    def label(self, ref: str) -> str:
        return parts.plain_label(self.session.form, parts.generic(ref), self.session.language)

    def _log(self, ref: str, **details) -> None:
        self.safety.log(EVENT, path=ref, **details)

    # -- the steps --------------------------------------------------------------------------------------
    def choose_mode(self, ref: str, mode: str) -> None:
        """The interviewer chose how the respondent answers: reading alone, with headphones, or read to."""
        self._log(ref, action="mode", choice=check_mode(mode))
        state = self.state(ref)
        state.mode, state.step = mode, NEW

    def practised(self, ref: str, answered: bool) -> None:
        """The practice question was shown; whether it was answered is kept, never what was chosen."""
        self._log(ref, action="practice", status="answered" if answered else "passed")
        self.state(ref).practised = True

    def start(self, ref: str) -> None:
        """The respondent holds the laptop now."""
        self._log(ref, action="start", choice=self.state(ref).mode or None)
        self.state(ref).step = STARTED

    def stop(self, ref: str) -> int:
        """The respondent wants to stop: the questions left are recorded as not answered by choice (declined),
        so the interview can go on and be finalized; returns how many."""
        left = self._unanswered(ref)
        for path in left:
            self.session.decline(path, True)
        self._log(ref, action="stop", count=len(left))
        return len(left)

    def skip(self, ref: str) -> int:
        """The part is not done at all (the respondent does not want to, or cannot now): same record as a stop."""
        left = self._unanswered(ref)
        for path in left:
            self.session.decline(path, True)
        self._log(ref, action="skip", count=len(left))
        return len(left)

    def handback(self, ref: str, outcome: str) -> Summary:
        """The laptop is back with the interviewer: record the outcome and the counts, return what to tell them."""
        summary = self.summary(ref, check_outcome(outcome))
        self._log(ref, action="handback", outcome=outcome, count=summary.answered)
        state = self.state(ref)
        state.step, state.outcome = HANDED_BACK, outcome
        return summary

    # -- what the interviewer may know ------------------------------------------------------------------
    def summary(self, ref: str, outcome: str = "") -> Summary:
        answered = declined = left = 0
        for item in _questions_in(self.session.hierarchy(), ref):
            if item.status == "declined":
                declined += 1
            elif item.value:
                answered += 1
            else:
                left += 1
        return Summary(outcome or self.state(ref).outcome, answered, declined, left)

    def hidden(self, path: str) -> bool:
        """Answers given in a self-interview part are never shown to the interviewer (not even on request)."""
        return self.part_at(path) is not None

    def _unanswered(self, ref: str) -> list[str]:
        left = []
        for item in _questions_in(self.session.hierarchy(), ref):
            if item.value or item.status == "declined":
                continue
            try:
                view = self.session.question(item.path)
            except Exception:   # not shown now: nothing to record
                continue
            if marks.role(view.extra) in marks.INTERVIEWER_ROLES or view.readonly:
                continue   # the interviewer's own checks are never declined for the respondent
            left.append(item.path)
        return left
