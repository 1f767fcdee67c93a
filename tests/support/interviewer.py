"""The automated interviewer: fills a whole interview with answers its checks accept, through the engine or the app.

One choice of answers (`candidates`) for two drivers:
* `walk(session)` answers through the FormSession, screen by screen, as the benchmarks, the corpus walk and
  the engine's whole-interview tests need (no Qt);
* `walk_screens(qtbot, runner)` drives the interview runner's widgets like an interviewer (typing, clicking,
  choosing), then presses Next, as the UI's end-to-end tests need.
Values are tried most plausible first; choices that let an intake go on (consent given, "yes") come first
unless a seed shuffles them.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field

from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.session import navigation

PREFERRED = ("yes", "alone", "agree", "granted", "1")
_BY_TYPE = {
    "int": ["12", "1", "2", "0", "5", "10", "18", "30", "3", "100", "1000", "-1"],
    "decimal": ["1.5", "12", "1", "0", "10", "0.5", "100", "1000"],
    "time": ["10:30:00.000-06:00", "10:00:00.000", "08:30:00.000", "23:00:00.000"],
    "geopoint": ["14.6349 -90.5069 1500 5", "0 0 0 0"],
    "geotrace": ["14.6349 -90.5069 0 0;14.6359 -90.5079 0 0"],
    "geoshape": ["14.6349 -90.5069 0 0;14.6359 -90.5079 0 0;14.6369 -90.5069 0 0;14.6349 -90.5069 0 0"],
    "boolean": ["true", "false"],
    "binary": ["photo.jpg"],
    "barcode": ["123456"],
    "string": ["AB-1234", "Prueba", "text", "yes", "1", "12345678", "A", "abc"],
}


def candidates(question, today: str, rng: random.Random | None = None) -> list[str]:
    """Values to try for `question` (a QuestionView), most plausible first; `rng` shuffles the choices."""
    kind = question.control.kind
    if kind in ("select1", "select", "rank", "odk:rank"):
        values = [c.value for c in question.choices if c.value != ""]
        if not values:
            return []
        if kind in ("rank", "odk:rank") or question.type in ("rank", "odk:rank"):
            return [" ".join(values)]
        if rng is not None:
            values = list(values)
            rng.shuffle(values)
        else:
            values = sorted(values, key=lambda v: (v not in PREFERRED, values.index(v)))
        return values[:6]
    if kind == "trigger":
        return ["OK"]
    if kind == "upload":
        return ["photo.jpg"]
    if kind == "range":
        attrs = question.control.attrs
        return [attrs.get("start", "0"), attrs.get("end", "10")]
    if question.type == "date":
        # a birth date twelve years back agrees with the age tried first ("12"), as intake forms check
        twelve_years_back = f"{int(today[:4]) - 12}{today[4:7]}-01"
        return [today, twelve_years_back, "2000-01-01", "2020-06-15", "1980-05-05"]
    if question.type == "dateTime":
        return [today + "T10:30:00.000-06:00", "2020-06-15T08:00:00.000"]
    if question.type == "string" and "numbers" in (question.appearance or "").split():
        return ["50212345678"] + _BY_TYPE["string"]
    return list(_BY_TYPE.get(question.type, _BY_TYPE["string"]))


# -- through the engine -------------------------------------------------------------------------------------

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
    paths: list[str] = field(default_factory=list)     # the screens seen, in order (a group's path for a page)


def generic_path(path: str) -> str:
    """A question's path without repeat positions (/data/member[2]/age -> /data/member/age)."""
    return "/".join(step.split("[")[0] for step in path.split("/"))


def fill_question(session, question, rng: random.Random | None, today: str, report: WalkReport,
                  answers: dict[str, str] | None = None) -> None:
    """Answer one question with the first candidate its type and constraint accept; decline when none fits.

    `answers` gives the value to try first for a question, by its generic path or by its name.
    """
    given = None
    if answers:
        generic = generic_path(question.path)
        given = answers.get(generic, answers.get(generic.rsplit("/", 1)[-1]))
    for value in ([given] if given is not None else []) + candidates(question, today, rng):
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


def _fill_screen(session, screen, rng, today, report, answers=None) -> None:
    """Answer every visible question on the screen; on a field-list page, answers can reveal more questions."""
    done: set[str] = set()
    for _round in range(4):
        todo = [q for q in screen.questions
                if q.path not in done and not (q.readonly or q.value or q.declined)]
        if not todo:
            return
        for question in todo:
            done.add(question.path)
            fill_question(session, question, rng, today, report, answers)
        if screen.kind != "group":
            return
        screen = session.current()


def _today(session) -> str:
    # The session's own clock (a test's fixed one) decides what "today" is for date constraints.
    clock = getattr(session, "clock", None)
    return (clock() if clock else _dt.datetime.now()).date().isoformat()


def walk(session, *, seed: int | None = 0, repeats: int = 1, max_screens: int = 20000,
         answers: dict[str, str] | None = None) -> WalkReport:
    """Fill `session` from its current screen to the end; add `repeats` instances at every "add another?" prompt.

    `seed` picks choices at random (reproducibly); None tries them plausible first, in form order.
    `answers` gives the first value to try for a question, by its generic path or its name.
    """
    rng = random.Random(seed) if seed is not None else None
    today = _today(session)
    report = WalkReport()
    screen = session.current()
    while screen.kind != "end" and report.screens < max_screens:
        report.screens += 1
        report.paths.append(screen.path)
        if screen.kind == "repeat_prompt":
            if screen.repeat_count < repeats:
                screen = session.add_repeat_here()
                report.repeats_added += 1
            else:
                screen = session.next()
            continue
        _fill_screen(session, screen, rng, today, report, answers)
        here = session.position
        nxt = session.next()
        if session.position == here and nxt.kind != "end":
            # still blocked: answer what the problem names, once more
            for question in nxt.questions:
                if question.problem and not question.readonly:
                    fill_question(session, question, rng, today, report, answers)
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


# -- through the app's screens ------------------------------------------------------------------------------

def put(qtbot, widget, value: str) -> None:
    """Enter `value` the way a person would with this widget: type, click or choose."""
    from fieldapp.ui.widgets.registry import question_type
    buttons = getattr(widget, "buttons", None)
    if buttons is not None and value in buttons and " " not in value:
        if not buttons[value].isChecked():
            buttons[value].click()
        return
    combo = getattr(widget, "combo", None)
    if combo is not None:
        combo.setCurrentIndex(combo.findData(value))
        return
    edit = getattr(widget, "edit", None)
    if (edit is not None and hasattr(edit, "setText") and value.isascii()
            and question_type(widget.question) in ("text", "integer", "decimal", "barcode")):
        edit.clear()
        qtbot.keyClicks(edit, value)
        widget.flush()
        return
    widget._updating = True
    widget.set_value(value)
    widget._updating = False
    widget.emit_value()


def walk_screens(qtbot, runner, overrides: dict[str, str] | None = None, max_steps: int = 400,
                 handback_code: str | None = None, self_mode: str = "alone") -> list[str]:
    """Answer every screen of the interview runner until the end screen; returns the screens seen (paths).

    `overrides` gives the value for a question by its generic path (no repeat positions). A self-interview
    part is handed over in `self_mode`, practised, answered, and taken back with `handback_code` (the
    interviewer's PIN, or the passphrase when no PIN is set).
    """
    from fieldapp.ui.widgets.registry import question_type
    overrides = overrides or {}
    today = _dt.date.today().isoformat()
    seen = []
    tried: dict[str, int] = {}
    for _step in range(max_steps):
        steps = getattr(runner.safety_controls, "steps", None) if getattr(runner, "safety_controls", None) else None
        if steps is not None and steps.on_check:       # the app's own privacy check: the child is alone
            steps.page.answers["alone"].click()
            continue
        if _self_interview_page(runner, self_mode, handback_code):
            continue
        screen = runner.screen
        if screen.kind == "end":
            return seen
        seen.append(screen.path)
        if screen.kind == "repeat_prompt":
            runner.screen_view.repeat_prompt.skip_button.click()
            continue
        for view in screen.questions:
            widget = runner.screen_view.widgets.get(view.path)
            if widget is None or view.readonly or question_type(view) == "note":
                continue
            generic = generic_path(view.path)
            if generic in overrides:
                value = overrides[generic]
            else:
                options = candidates(view, today)
                if not options:
                    continue
                if view.value and not view.problem and view.path not in tried:
                    continue
                value = options[min(tried.get(view.path, 0), len(options) - 1)]
            if widget.value() != value:
                put(qtbot, widget, value)
        before = runner.screen
        runner.next_button.click()
        if runner.screen.path == before.path and runner.screen.kind == before.kind:
            for view in runner.screen.questions:       # stayed: try the next candidate where there is a problem
                if view.problem:
                    tried[view.path] = tried.get(view.path, 0) + 1
    raise AssertionError(f"did not reach the end; last screens: {seen[-5:]}")


def _self_interview_page(runner, mode: str, code: str | None) -> bool:
    """Drive a self-interview page when one shows: True when one was acted on."""
    selfint = getattr(runner, "self_interview", None)
    page = runner.pages.currentWidget() if selfint is not None else None
    if page is None or page is runner.screen_view:
        return False
    if page is selfint.mode_page:
        selfint.mode_page.buttons[mode].click()
        selfint.mode_page.start_button.click()
    elif page is selfint.practice_page:
        selfint.practice_page.buttons[0].click()
        selfint.practice_page.next_button.click()
    elif page is selfint.answered_page:
        selfint.answered_page.past_button.click()
    elif page is selfint.handback_page:
        if selfint.handback_page.continue_button.isVisible():
            selfint.handback_page.continue_button.click()
        else:
            assert code is not None, "a self-interview part ended: walk_screens needs handback_code"
            selfint.handback_page.code.setText(code)
            selfint.handback_page.code.returnPressed.emit()
            assert selfint.handback_page.continue_button.isVisible(), "the handback code was refused"
    else:
        return False
    return True


# -- through the app's screens, with the keyboard alone ----------------------------------------------------------

def key_put(qtbot, widget, value: str) -> None:
    """Enter `value` as an interviewer with no mouse: arrows and Space in a list of options, typing in a box.

    Other kinds of widget (dates, places, files) are filled as `put` does: the walk is about the page's keys,
    not about typing a date digit by digit."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    from fieldapp.ui.widgets.registry import question_type
    buttons = getattr(widget, "buttons", None)
    kind = question_type(widget.question)
    if buttons and kind in ("select_one", "select_multiple") and all(v in buttons for v in value.split()):
        order = list(buttons.values())
        wanted = [buttons[v] for v in value.split()]
        if kind == "select_multiple":
            wanted = [b for b in wanted if not b.isChecked()] + [b for b in order if b.isChecked() and b not in wanted]
        elif wanted[0].isChecked():
            return
        widget.focus_input()
        for target in wanted:
            for _ in range(len(order)):
                if QApplication.focusWidget() is target:
                    break
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
            assert QApplication.focusWidget() is target, f"the arrows did not reach {target.text()!r}"
            qtbot.keyClick(target, Qt.Key.Key_Space)
        return
    edit = getattr(widget, "edit", None)
    if (edit is not None and hasattr(edit, "setText") and value.isascii()
            and kind in ("text", "integer", "decimal", "barcode")):
        widget.focus_input()
        assert QApplication.focusWidget() is edit
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, value)
        widget.flush()
        return
    put(qtbot, widget, value)


def walk_screens_by_keyboard(qtbot, runner, check, overrides: dict[str, str] | None = None,
                             max_steps: int = 400, handback_code: str | None = None) -> list[str]:
    """Like `walk_screens`, with the keys an interviewer uses: answers by `key_put`, Page Down to go on (it reads
    a long page down first), Enter on "add another?". `check(runner, moment)` runs on every screen when it is shown
    and after every answer (moment "shown" or the question's path)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    from fieldapp.ui.widgets.registry import question_type
    overrides = overrides or {}
    today = _dt.date.today().isoformat()
    seen: list[str] = []
    tried: dict[str, int] = {}
    for _step in range(max_steps):
        page = runner.pages.currentWidget()
        if page is not runner.screen_view and hasattr(page, "answers"):   # the app's own privacy check page
            check(runner, "privacy check")
            qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_1)   # 1: alone with the respondent
            continue
        selfint = getattr(runner, "self_interview", None)
        if selfint is not None and page is getattr(selfint, "mode_page", None):   # a self-interview part: the
            check(runner, "self-interview")                                      # interviewer's walk skips it
            selfint.mode_page.skip_button.setFocus()
            qtbot.keyClick(selfint.mode_page.skip_button, Qt.Key.Key_Return)
            continue
        screen = runner.screen
        if screen.kind == "end":
            return seen
        seen.append(screen.path)
        check(runner, "shown")
        if screen.kind == "repeat_prompt":
            prompt = runner.screen_view.repeat_prompt
            skip = prompt.skip_button
            skip.setFocus()      # the prompt opens on "Add"; the walk adds none (Tab to "No more" is the same key)
            qtbot.keyClick(skip, Qt.Key.Key_Return)
            continue
        for view in list(runner.screen.questions):
            widget = runner.screen_view.widgets.get(view.path)
            if widget is None or view.readonly or question_type(view) == "note":
                continue
            generic = "/".join(step.split("[")[0] for step in view.path.split("/"))
            if generic in overrides:
                value = overrides[generic]
            else:
                options = candidates(view, today)
                if not options:
                    continue
                if view.value and not view.problem and view.path not in tried:
                    continue
                value = options[min(tried.get(view.path, 0), len(options) - 1)]
            if widget.value() != value:
                key_put(qtbot, widget, value)
                check(runner, view.path)
        before = (runner.screen.kind, runner.screen.path)
        for _ in range(30):      # Page Down reads a long page to its end, then goes on
            qtbot.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_PageDown)
            if (runner.screen.kind, runner.screen.path) != before:
                break
            bar = runner.screen_view.verticalScrollBar()
            if bar.value() >= bar.maximum() and any(q.problem for q in runner.screen.questions):
                break
        if (runner.screen.kind, runner.screen.path) == before:
            for view in runner.screen.questions:       # stayed: try the next candidate where there is a problem
                if view.problem:
                    tried[view.path] = tried.get(view.path, 0) + 1
    raise AssertionError(f"did not reach the end; last screens: {seen[-5:]}")
