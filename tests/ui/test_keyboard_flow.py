"""Keyboard flow found in the QA walk: where the focus is when an interview opens, and where Tab goes.

Requirements: UI-K1 opening an interview puts the keyboard in the first answer; UI-K2 Tab from
the last answer on a page reaches Next (not the header above the question); UI-K3 leaving an
interview lands on the Interviews list, where Enter continues it; UI-K4 the first-run set-up
starts in its first field; UI-K5 a drop-down list (whose pop-up is a window of its own) as the last
answer still hands Tab on to Next, without Qt warnings; UI-K6 "New interview" lands on the forms
list, where Enter starts one; UI-K7 after the idle lock the keyboard is back in the answer it left.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.ui import forms
from tests.ui.conftest import PASSPHRASE, unlock_window


def interview_opened_from_the_forms_place(qtbot, open_window, store, tmp_path):
    """The whole app, unlocked, with an interview started from the Forms place as a person would."""
    store.close()
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    unlock_window(window)
    path = tmp_path / "relevance.md"
    path.write_text(forms.RELEVANCE.strip() + "\n", encoding="utf-8")
    forms_page = window.places["forms"]
    forms_page.import_file(str(path))
    forms_page.tree.setCurrentItem(forms_page.tree.topLevelItem(0))
    forms_page.start_button.click()
    return window


def test_opening_an_interview_focuses_the_first_answer(qtbot, open_window, store, tmp_path):
    window = interview_opened_from_the_forms_place(qtbot, open_window, store, tmp_path)
    runner = window.runner
    first = runner.screen_view.widgets[runner.screen.path]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first.edit, timeout=2000)


def test_tab_from_the_last_answer_goes_to_next(qtbot, write_form):
    form = load_form(str(write_form("relevance", forms.RELEVANCE)))
    runner = InterviewRunner(form.new_session(), confirm=lambda *a: True)
    qtbot.addWidget(runner)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    edit = runner.screen_view.widgets[runner.screen.path].edit
    edit.setFocus()
    qtbot.keyClicks(edit, "30")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is runner.next_button


def test_leaving_an_interview_puts_the_keyboard_on_the_interviews_list(qtbot, open_window, store, tmp_path):
    window = interview_opened_from_the_forms_place(qtbot, open_window, store, tmp_path)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)   # save and exit
    interviews = window.places["interviews"]
    assert window.runner is None and QApplication.focusWidget() is interviews.table
    qtbot.keyClick(interviews.table, Qt.Key.Key_Return)                                              # Enter continues it
    assert window.runner is not None


def test_first_run_set_up_starts_in_the_first_field(qtbot, open_window, tmp_path):
    window = open_window(folder=tmp_path / "new-data")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is window.gate.device_name


def drop_down_form() -> str:
    rows = "\n".join(f"|          | town      | t{n}   | Town {n}           |" for n in range(5))
    return f"""
| survey   |                 |       |                    |            |
|          | type            | name  | label              | appearance |
|          | select_one town | town  | Town               | minimal    |
| choices  |                 |       |                    |            |
|          | list_name       | name  | label              |            |
{rows}
"""


def test_tab_from_a_drop_down_list_goes_to_next_without_warnings(qtbot, qtlog, write_form):
    form = load_form(str(write_form("towns", drop_down_form())))
    runner = InterviewRunner(form.new_session(), confirm=lambda *a: True)
    qtbot.addWidget(runner)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    combo = runner.screen_view.widgets["/data/town"].combo
    combo.view()                                   # its pop-up list now exists, as after a first use
    runner._chain_tab_order()
    combo.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is runner.next_button
    assert not [r for r in qtlog.records if "setTabOrder" in r.message]


def test_new_interview_lands_on_the_forms_list(qtbot, open_window, store, tmp_path):
    window = interview_opened_from_the_forms_place(qtbot, open_window, store, tmp_path)
    window.runner.exit_button.click()
    window.places["interviews"].new_button.click()
    forms_list = window.places["forms"].tree
    assert QApplication.focusWidget() is forms_list
    qtbot.keyClick(forms_list, Qt.Key.Key_Return)
    assert window.runner is not None


def test_after_the_idle_lock_the_keyboard_is_back_where_it_was(qtbot, open_window, store, tmp_path):
    window = interview_opened_from_the_forms_place(qtbot, open_window, store, tmp_path)
    runner = window.runner
    runner.exit_button.setFocus()           # somewhere other than the first answer
    window.lock()
    window.lock_page.passphrase.setText(PASSPHRASE)
    window.lock_page.unlock_button.click()
    # The lock closed the data: a new runner on the same interview, with the keyboard on the same control.
    assert window.stack.currentWidget() is window.runner
    assert window.runner.session.instance_id == runner.session.instance_id
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.runner.exit_button, timeout=2000)
