"""The interview runner driven through its widgets: next/back with relevance, problems, hierarchy, repeats, language, finalize.

Requirements: UI-R1 next/back honour relevance; UI-R2 required/constraint messages next to
the question; UI-R3 hierarchy jump with marks; UI-R4 repeats add/remove with confirmation;
UI-R5 questionnaire language switch mid-way; UI-R6 finalize lists problems with a jump;
UI-R7 save-and-exit from anywhere; UI-R8 keyboard: Page Down/Up, Enter.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.ui import forms


def make_runner(qtbot, session, confirm=lambda *a: True, **kw):
    runner = InterviewRunner(session, confirm=confirm, **kw)
    qtbot.addWidget(runner)
    runner.resize(900, 700)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)   # shortcuts need an active window
    runner.screen_view.focus_first()
    return runner


def type_answer(qtbot, runner, path, text):
    widget = runner.screen_view.widgets[path]
    widget.edit.setFocus()
    qtbot.keyClicks(widget.edit, text)
    widget.flush()


@pytest.fixture
def relevance_form(write_form):
    return load_form(str(write_form("relevance", forms.RELEVANCE)))


def test_next_and_back_honour_relevance(qtbot, relevance_form):
    runner = make_runner(qtbot, relevance_form.new_session())
    assert runner.screen.path == "/data/age"
    type_answer(qtbot, runner, "/data/age", "30")
    runner.next_button.click()
    assert runner.screen.path == "/data/job"          # school is skipped for adults
    runner.back_button.click()
    assert runner.screen.path == "/data/age"
    assert runner.screen_view.widgets["/data/age"].edit.text() == "30"


def test_required_message_shown_next_to_the_question(qtbot, relevance_form):
    runner = make_runner(qtbot, relevance_form.new_session())
    runner.next_button.click()
    assert runner.screen.path == "/data/age"        # stays put
    widget = runner.screen_view.widgets["/data/age"]
    assert widget.problem.isVisibleTo(runner) and widget.problem.text()


def test_constraint_message_and_fix(qtbot, write_form):
    session = load_form(str(write_form("household", forms.HOUSEHOLD))).new_session()
    runner = make_runner(qtbot, session)
    type_answer(qtbot, runner, "/data/village", "Salcajá" if False else "Salcaja")
    runner.next_button.click()
    type_answer(qtbot, runner, "/data/member[1]/mname", "Rosa")
    runner.next_button.click()
    type_answer(qtbot, runner, "/data/member[1]/age", "150")
    widget = runner.screen_view.widgets["/data/member[1]/age"]
    assert widget.problem.isVisibleTo(runner)
    runner.next_button.click()
    assert runner.screen.path == "/data/member[1]/age"
    widget.edit.clear()
    type_answer(qtbot, runner, "/data/member[1]/age", "15")
    assert not runner.screen_view.widgets["/data/member[1]/age"].problem.isVisibleTo(runner)


def test_keyboard_page_down_page_up_and_enter(qtbot, relevance_form):
    runner = make_runner(qtbot, relevance_form.new_session())
    edit = runner.screen_view.widgets["/data/age"].edit
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.screen.path == "/data/school", timeout=2000)
    qtbot.keyClick(runner.screen_view.widgets["/data/school"].edit, Qt.Key.Key_PageUp)
    assert runner.screen.path == "/data/age"
    qtbot.keyClick(runner.screen_view.widgets["/data/age"].edit, Qt.Key.Key_PageDown)
    assert runner.screen.path == "/data/school"


def test_hierarchy_shows_marks_and_jumps(qtbot, relevance_form):
    runner = make_runner(qtbot, relevance_form.new_session())
    type_answer(qtbot, runner, "/data/age", "12")
    runner.jump_button.click()
    tree = runner.hierarchy_view.tree
    first = tree.topLevelItem(0)
    assert first.text(0) == "✓" and first.text(2) == "12"
    assert tree.topLevelItem(1).text(0) == "○"
    group = tree.topLevelItem(2)
    target = group.child(1)
    runner.hierarchy_view._on_activated(target, 0)
    assert runner.screen.path == "/data/more/b"
    assert runner.pages.currentWidget() is runner.screen_view


def test_finalize_page_lists_problems_with_a_jump(qtbot, relevance_form):
    done = []
    runner = make_runner(qtbot, relevance_form.new_session(), finalize=done.append)
    runner.jump("/data/more/b")
    runner.next_button.click()
    assert runner.pages.currentWidget() is runner.finalize_page
    page = runner.finalize_page
    assert page.problems.count() == 1 and "Age" in page.problems.item(0).text()
    assert not page.finalize_button.isEnabled()
    page.go_button.click()
    assert runner.screen.path == "/data/age"
    type_answer(qtbot, runner, "/data/age", "40")
    runner.jump("/data/more/b")
    runner.next_button.click()
    assert page.problems.count() == 0 and page.finalize_button.isEnabled()
    with qtbot.waitSignal(runner.sig_closed) as closed:
        page.finalize_button.click()
    assert closed.args[1] == "finalized" and done


def test_save_and_exit_from_anywhere(qtbot, relevance_form):
    saved = []
    runner = make_runner(qtbot, relevance_form.new_session(), save_and_exit=saved.append)
    qtbot.keyClicks(runner.screen_view.widgets["/data/age"].edit, "9")   # still waiting for the typing pause
    with qtbot.waitSignal(runner.sig_closed) as closed:
        qtbot.keyClick(runner.screen_view.widgets["/data/age"].edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert closed.args[1] == "saved"
    assert saved[0].value("/data/age") == "9"             # the pending answer was committed first


def test_repeat_add_and_remove_with_confirmation(qtbot, write_form):
    session = load_form(str(write_form("household", forms.HOUSEHOLD))).new_session()
    answers = []
    runner = make_runner(qtbot, session, confirm=lambda *a: answers.pop(0))
    type_answer(qtbot, runner, "/data/village", "Mixco")
    runner.next_button.click()
    type_answer(qtbot, runner, "/data/member[1]/mname", "Rosa")
    runner.next_button.click()
    runner.next_button.click()
    assert runner.screen.kind == "repeat_prompt"
    runner.screen_view.repeat_prompt.add_button.click()
    assert runner.screen.path == "/data/member[2]/mname"
    assert runner.remove_repeat_button.isVisible()
    answers.append(False)                   # "No": nothing removed
    runner.remove_repeat_button.click()
    assert session.repeat_count("/data/member") == 2
    answers.append(True)
    runner.remove_repeat_button.click()
    assert session.repeat_count("/data/member") == 1


def test_language_switch_mid_way(qtbot, write_form):
    session = load_form(str(write_form("school", forms.BILINGUAL))).new_session()
    runner = make_runner(qtbot, session)
    widget = runner.screen_view.widgets["/data/name"]
    assert widget.label.text() == "Your first name"
    assert runner.language_box.isVisible()
    runner.set_language("Español (es)")
    assert runner.screen_view.widgets["/data/name"].label.text() == "Tu nombre"
    assert runner.screen_view.widgets["/data/name"].hint.text() == "Solo el primer nombre"


def test_field_list_group_updates_in_place(qtbot, write_form):
    path = write_form("page", """
        | survey |             |       |        |             |            |
        |        | type        | name  | label  | appearance  | relevant   |
        |        | begin group | page  | Page   | field-list  |            |
        |        | integer     | n     | Number |             |            |
        |        | text        | why   | Why?   |             | ${n} > 5   |
        |        | end group   |       |        |             |            |
    """)
    runner = make_runner(qtbot, load_form(str(path)).new_session())
    assert runner.screen.kind == "group"
    assert list(runner.screen_view.widgets) == ["/data/page/n"]
    type_answer(qtbot, runner, "/data/page/n", "9")
    assert list(runner.screen_view.widgets) == ["/data/page/n", "/data/page/why"]


def test_progress_counts_answers_and_only_moves_forward(qtbot, relevance_form):
    runner = make_runner(qtbot, relevance_form.new_session())
    assert runner.progress.value() == 0 and "0 answered" in runner.progress.format()
    type_answer(qtbot, runner, "/data/age", "12")
    assert "1 answered" in runner.progress.format()
    seen = [runner.progress.value()]
    while runner.screen.kind != "end":
        runner.next_button.click()
        seen.append(runner.progress.value())
    assert seen == sorted(seen) and seen[-1] == 100     # sections opening never pull the bar back


def test_prefer_not_to_answer_on_a_sensitive_question(qtbot, write_form):
    session = load_form(str(write_form("sensitive", forms.SENSITIVE))).new_session()
    runner = make_runner(qtbot, session)
    type_answer(qtbot, runner, "/data/age", "12")
    runner.next_button.click()
    widget = runner.screen_view.widgets["/data/hurt"]
    assert widget.decline_button.isVisible()
    widget.decline_button.click()
    assert session.declined("/data/hurt")
    widget = runner.screen_view.widgets["/data/hurt"]
    assert widget.declined_note.isVisible() and not widget.buttons["yes"].isEnabled()
    runner.next_button.click()
    assert runner.screen.kind == "end" and runner.finalize_page.finalize_button.isEnabled()
    runner.jump_button.click()
    marks = [runner.hierarchy_view.tree.topLevelItem(i).text(0) for i in range(2)]
    assert marks == ["✓", "⊘"]


def test_every_type_walks_through_the_gui(qtbot, write_form):
    from tests.support.interviewer import walk_screens as walk
    session = load_form(str(write_form("all", forms.ALL_TYPES))).new_session()
    runner = make_runner(qtbot, session)
    seen = walk(qtbot, runner)
    assert len(seen) >= 22
    assert session.validate() == []
    for path, expected in (("/data/i", "12"), ("/data/my", None), ("/data/gp", "14.6349 -90.5069 1500 5"), ("/data/rk", "x y")):
        value = session.value(path)
        assert value and (expected is None or value == expected), (path, value)
    assert session.value("/data/tm").startswith("10:30")


def test_cascading_list_on_the_same_page_gets_new_choices(qtbot, write_form):
    path = write_form("page_cascade", """
        | survey  |                 |       |            |            |               |
        |         | type            | name  | label      | appearance | choice_filter |
        |         | begin group     | where | Where      | field-list |               |
        |         | select_one dept | dept  | Department |            |               |
        |         | select_one muni | muni  | Municipality | minimal  | dept=${dept}  |
        |         | end group       |       |            |            |               |
        | choices |                 |       |            |            |               |
        |         | list_name       | name  | label      | dept       |               |
        |         | dept            | gt01  | Guatemala  |            |               |
        |         | dept            | gt09  | Quetzaltenango |        |               |
        |         | muni            | m0101 | Mixco      | gt01       |               |
        |         | muni            | m0901 | Salcajá    | gt09       |               |
    """)
    runner = make_runner(qtbot, load_form(str(path)).new_session())
    runner.screen_view.widgets["/data/where/dept"].buttons["gt09"].click()
    combo = runner.screen_view.widgets["/data/where/muni"].combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "m0901"]
    runner.screen_view.widgets["/data/where/dept"].buttons["gt01"].click()
    combo = runner.screen_view.widgets["/data/where/muni"].combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "m0101"]


def test_a_full_disk_is_said_in_plain_words_and_nothing_is_lost(qtbot, relevance_form, monkeypatch):
    from fieldapp.store import DiskFull
    session = relevance_form.new_session()
    runner = make_runner(qtbot, session)

    def refuse(path, value):
        raise DiskFull("no space left")

    monkeypatch.setattr(session, "answer", refuse)
    type_answer(qtbot, runner, "/data/age", "12")
    assert runner.banner.isVisible() and "disk is full" in runner.banner.text()
    monkeypatch.undo()
    runner.answer("/data/age", "13")
    assert not runner.banner.isVisible() and session.value("/data/age") == "13"


def test_enter_presses_the_focused_button(qtbot, relevance_form):
    runner = make_runner(qtbot, relevance_form.new_session())
    runner.jump_button.setFocus()
    qtbot.keyClick(runner.jump_button, Qt.Key.Key_Return)
    assert runner.pages.currentWidget() is runner.hierarchy_view


def test_text_at_200_percent_is_not_clipped(qtbot, qapp, settings, write_form):
    from PySide6.QtWidgets import QLabel
    from fieldapp.ui.app import apply_text_size
    from fieldapp.ui.settings.options import TEXT_SCALE
    settings.set(TEXT_SCALE, 200)
    apply_text_size(qapp, settings)
    try:
        path = write_form("page", """
            | survey |             |       |                                                          |            |
            |        | type        | name  | label                                                    | appearance |
            |        | begin group | page  | A page with long questions that must wrap, not be cut    | field-list |
            |        | text        | a     | What is the name of the community where you live now, and how long have you lived there? | |
            |        | select_one f | b    | How often do you feel safe walking to school alone?      |            |
            |        | end group   |       |                                                          |            |
            | choices |            |       |                                                          |            |
            |        | list_name   | name  | label                                                    |            |
            |        | f           | n     | Never                                                    |            |
            |        | f           | a     | Always                                                   |            |
        """)
        runner = make_runner(qtbot, load_form(str(path)).new_session())
        runner.resize(1000, 700)
        qtbot.wait(10)
        clipped = [label.text() for label in runner.findChildren(QLabel)
                   if label.isVisibleTo(runner) and label.wordWrap() and label.text()
                   and label.height() + 1 < label.heightForWidth(label.width())]
        assert not clipped
    finally:
        settings.set(TEXT_SCALE, 100)
        apply_text_size(qapp, settings)
