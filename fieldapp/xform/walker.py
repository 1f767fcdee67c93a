"""An automated interviewer: walks a session screen by screen and answers every visible question with a value its checks accept.

Used by the benchmarks, by the corpus walk, and by tests of whole interviews.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field

from fieldapp.xform.session import navigation
from fieldapp.xform.model.errors import AnswerError

_CANDIDATES = {
    "int": ["1", "2", "0", "5", "10", "18", "30", "3", "100", "1000", "-1"],
    "decimal": ["1.5", "1", "0", "10", "0.5", "100", "1000"],
    "time": ["10:00:00.000", "08:30:00.000", "23:00:00.000"],
    "geopoint": ["14.6349 -90.5069 1500 5", "0 0 0 0"],
    "geotrace": ["14.6349 -90.5069 0 0;14.6359 -90.5079 0 0"],
    "geoshape": ["14.6349 -90.5069 0 0;14.6359 -90.5079 0 0;14.6369 -90.5069 0 0;14.6349 -90.5069 0 0"],
    "boolean": ["true", "false"],
    "binary": ["photo.jpg"],
    "barcode": ["123456"],
    "string": ["text", "yes", "1", "12345678", "A", "abc"],
}


@dataclass
class WalkReport:
    """What one automated filling did."""
    screens: int = 0
    answered: int = 0
    declined: int = 0
    repeats_added: int = 0
    stuck: list[str] = field(default_factory=list)     # screens we had to leave with a problem we could not fix
    guards: list[str] = field(default_factory=list)    # required read-only notes the form uses to stop an interview
    errors: list[str] = field(default_factory=list)    # answers the engine refused in every form we tried
    completed: bool = False


def _candidates(session, question, rng: random.Random, today: str) -> list[str]:
    kind = question.control.kind
    if kind in ("select1", "select", "rank", "odk:rank"):
        values = [c.value for c in question.choices if c.value != ""]
        if not values:
            return []
        if kind in ("rank", "odk:rank"):
            return [" ".join(values)]
        first = list(values)
        if rng is not None:
            rng.shuffle(first)
        return first[:6]
    if kind == "trigger":
        return ["OK"]
    if kind == "upload":
        return ["file.bin"]
    if kind == "range":
        attrs = question.control.attrs
        return [attrs.get("start", "0"), attrs.get("end", "10")]
    kind = question.type
    if kind == "date":
        return [today, "2000-01-01", "2020-06-15", "1980-05-05"]
    if kind == "dateTime":
        return [today + "T10:00:00.000", "2020-06-15T08:00:00.000"]
    return list(_CANDIDATES.get(kind, _CANDIDATES["string"]))


def fill_question(session, question, rng: random.Random, today: str, report: WalkReport) -> None:
    """Answer one question with the first candidate its type and constraint accept; decline when none fits."""
    for value in _candidates(session, question, rng, today):
        try:
            problems = session.answer(question.path, value)
        except AnswerError:
            continue
        if not problems:
            report.answered += 1
            return
    try:
        session.decline(question.path)
        report.declined += 1
    except AnswerError as error:
        report.errors.append(f"{question.path}: {error.message}")


def _fill_screen(session, screen, rng, today, report) -> None:
    """Answer every visible question on the screen; on a field-list page, answers can reveal more questions."""
    done: set[str] = set()
    for _round in range(4):
        todo = [q for q in screen.questions
                if q.path not in done and not (q.readonly or q.value or q.declined)]
        if not todo:
            return
        for question in todo:
            done.add(question.path)
            fill_question(session, question, rng, today, report)
        if screen.kind != "group":
            return
        screen = session.current()


def walk(session, *, seed: int | None = 0, repeats: int = 1, max_screens: int = 20000) -> WalkReport:
    """Fill `session` from its current screen to the end; add `repeats` instances at every "add another?" prompt.

    `seed` picks choices at random (reproducibly); None always tries choices in form order.
    """
    rng = random.Random(seed) if seed is not None else None
    today = session.clock().date().isoformat() if hasattr(session, "clock") else _dt.date.today().isoformat()
    report = WalkReport()
    screen = session.current()
    while screen.kind != "end" and report.screens < max_screens:
        report.screens += 1
        if screen.kind == "repeat_prompt":
            if screen.repeat_count < repeats:
                screen = session.add_repeat_here()
                report.repeats_added += 1
            else:
                screen = session.next()
            continue
        _fill_screen(session, screen, rng, today, report)
        here = session.position
        nxt = session.next()
        if session.position == here and nxt.kind != "end":
            # still blocked: answer what the problem names, once more
            for question in nxt.questions:
                if question.problem and not question.readonly:
                    fill_question(session, question, rng, today, report)
            nxt = session.next()
            if session.position == here:
                # a problem no answer here can fix: a required read-only note is a stop the form
                # author placed on purpose (Collect blocks there too); anything else is a failure
                guard = all(q.readonly for q in nxt.questions if q.problem)
                (report.guards if guard else report.stuck).append(nxt.path)
                nxt = session.navigator.move_to(navigation.first_item_from(session, here, strict=True))
        screen = nxt
    report.completed = screen.kind == "end"
    return report
