"""Decline in the interview: always in sight, one key, undoable, counted, in the hierarchy, never on the
interviewer's own checks; a skipped safety part is said on screen and in the record.

Requirement: SG-4 "prefer not to answer" on every sensitive item, stored distinctly, never a dead end.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.protect.safety_forms import GUARDED_PART, SAFE_INTAKE, long_list_form


def open_runner(qtbot, store, form, size=(1366, 768)):
    session = store.new_session(form, interviewer="Ana")
    runner = InterviewRunner(session, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(*size)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    if runner.safety_controls.steps.on_check:      # the app's privacy check at the start: alone
        runner.safety_controls.steps.page.answers["alone"].click()
    return runner


def ctrl_d(qtbot, runner):
    from PySide6.QtWidgets import QApplication
    qtbot.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)


def in_sight(widget, viewport) -> bool:
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return widget.isVisible() and 0 <= top_left.y() and top_left.y() + widget.height() <= viewport.height()


def test_decline_stays_in_sight_on_a_long_list_and_is_one_key(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("long", long_list_form()))))
    widget = runner.screen_view.widgets["/data/where"]
    assert in_sight(widget.decline_button, runner.screen_view.viewport())
    widget.focus_input()
    ctrl_d(qtbot, runner)
    assert runner.session.declined("/data/where")
    assert "1 declined" in runner.progress.format()
    widget = runner.screen_view.widgets["/data/where"]
    assert widget.declined_note.isVisible() and "Answer after all" in widget.decline_button.text()
    widget.focus_input() if widget.isEnabled() else widget.decline_button.setFocus()
    ctrl_d(qtbot, runner)                      # undo
    assert not runner.session.declined("/data/where") and "declined" not in runner.progress.format()
    events = [e.event for e in store.audit(runner.session.instance_id)]
    assert events.count("decline") == 1 and events.count("undecline") == 1


def test_a_declined_answer_satisfies_required_and_shows_in_the_hierarchy(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("safe", SAFE_INTAKE))))
    runner.session.answer("/data/private", "yes")
    runner.jump("/data/hurt")
    runner.screen_view.widgets["/data/hurt"].decline_button.click()
    assert not [p for p in runner.session.validate() if p.path == "/data/hurt"]
    runner.show_hierarchy()
    tree = runner.hierarchy_view
    rows = [(tree.tree.topLevelItem(i).text(0), tree.tree.topLevelItem(i).text(1))
            for i in range(tree.tree.topLevelItemCount())]
    assert any(mark == "⊘" and "hurt you" in label for mark, label in rows), rows


def test_never_on_the_interviewer_s_own_checks(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("guarded", GUARDED_PART))))
    runner.next_button.click()
    assert runner.screen.path == "/data/private2"
    widget = runner.screen_view.widgets["/data/private2"]
    assert not widget.decline_button.isVisible()
    widget.focus_input()
    ctrl_d(qtbot, runner)
    assert not runner.session.declined("/data/private2")
    assert "cannot be declined" in runner.banner.text()


def test_a_skipped_sensitive_part_is_said_and_recorded(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("guarded", GUARDED_PART))))
    runner.next_button.click()
    runner.session.answer("/data/private2", "no")
    runner.next_button.click()
    assert runner.screen.path == "/data/school"
    assert runner.banner.isVisible() and "“Safety at home”" in runner.banner.text()
    skips = [e for e in store.audit(runner.session.instance_id) if e.event == "skip"]
    assert [(e.path, e.details["reason_code"]) for e in skips] == [("/data/safety", "not_relevant")]
    runner.back_button.click()
    runner.next_button.click()                 # said once in the record, not at every pass
    assert len([e for e in store.audit(runner.session.instance_id) if e.event == "skip"]) == 1


def test_a_part_that_applies_is_not_called_skipped(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("guarded", GUARDED_PART))))
    runner.next_button.click()
    runner.session.answer("/data/private2", "yes")
    runner.next_button.click()
    assert runner.screen.path == "/data/safety/hurt" and not runner.banner.isVisible()


def test_a_privacy_check_is_recorded_and_not_private_says_to_pause(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("guarded", GUARDED_PART))))
    runner.next_button.click()
    runner.answer("/data/private2", "no")
    runner.screen_view.sig_answered.emit("/data/private2", "no")
    steps = runner.safety_controls.steps
    assert steps.on_check and steps.page.reschedule_button.isVisible()      # pause, and offer to reschedule
    assert not any(button.isVisible() for button in steps.page.answers.values())
    checks = [e for e in store.audit(runner.session.instance_id) if e.event == "privacy_check"]
    assert [(e.path, e.details) for e in checks] == [("/data/private2", {"outcome": "not_private", "kind": "form"})]
