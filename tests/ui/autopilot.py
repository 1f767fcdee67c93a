"""Drives the interview runner like an interviewer: fills each screen through its widgets, then presses Next."""

from __future__ import annotations

import datetime as dt

from fieldapp.ui.widgets.registry import question_type

PREFERRED = ("yes", "alone", "agree", "granted", "1")
INTEGERS = ("12", "3", "30", "1", "0")


def candidates(view, today: dt.date) -> list[str]:
    """Values to try for a question, most plausible first."""
    qtype = question_type(view)
    values = [c.value for c in view.choices]
    if qtype == "select_one":
        return sorted(values, key=lambda v: (v not in PREFERRED, values.index(v)))
    if qtype == "select_multiple":
        return values[:1] + values[1:2]
    if qtype == "rank":
        return [" ".join(values)]
    if qtype == "integer":
        return list(INTEGERS)
    if qtype == "decimal":
        return ["1.5", "12"]
    if qtype == "range":
        return [view.control.attrs.get("start", "1")]
    if qtype == "date":
        return [today.isoformat(), "2014-05-01"]
    if qtype == "time":
        return ["10:30:00.000-06:00"]
    if qtype == "dateTime":
        return [f"{today.isoformat()}T10:30:00.000-06:00"]
    if qtype == "acknowledge":
        return ["OK"]
    if qtype in ("geopoint",):
        return ["14.6349 -90.5069 0 0"]
    if qtype in ("geotrace",):
        return ["14.1 -90.1 0 0;14.2 -90.2 0 0"]
    if qtype in ("geoshape",):
        return ["14.1 -90.1 0 0;14.2 -90.2 0 0;14.3 -90.1 0 0;14.1 -90.1 0 0"]
    if qtype in ("image", "audio", "video", "file"):
        return ["photo.jpg"]
    if "numbers" in view.appearance.split():
        return ["50212345678"]
    return ["AB-1234", "Prueba"]


def put(qtbot, widget, value: str) -> None:
    """Enter `value` the way a person would with this widget: type, click or choose."""
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
    if edit is not None and hasattr(edit, "setText") and value.isascii() and question_type(widget.question) in ("text", "integer", "decimal", "barcode"):
        edit.clear()
        qtbot.keyClicks(edit, value)
        widget.flush()
        return
    widget._updating = True
    widget.set_value(value)
    widget._updating = False
    widget.emit_value()


def walk(qtbot, runner, overrides: dict[str, str] | None = None, max_steps: int = 400) -> list[str]:
    """Answer every screen until the end screen; returns the screens seen (paths)."""
    overrides = overrides or {}
    today = dt.date.today()
    seen = []
    tried: dict[str, int] = {}
    for _step in range(max_steps):
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
                put(qtbot, widget, value)
        before = runner.screen
        runner.next_button.click()
        if runner.screen.path == before.path and runner.screen.kind == before.kind:
            for view in runner.screen.questions:       # stayed: try the next candidate where there is a problem
                if view.problem:
                    tried[view.path] = tried.get(view.path, 0) + 1
    raise AssertionError(f"did not reach the end; last screens: {seen[-5:]}")
