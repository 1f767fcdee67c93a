"""The interview screen as a tired interviewer uses it: Enter, focus, Tab stops, Page Down, labels, columns.

Each test here stands for one item of the keyboard-first walk of the bundled forms.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form

NAME_PAGE = """
| survey |             |           |                |             |            |
|        | type        | name      | label          | appearance  | relevant   |
|        | begin group | names     | Your name      | field-list  |            |
|        | text        | given     | First name     |             |            |
|        | note        | between   | Thank you      |             |            |
|        | text        | family    | Family name    |             |            |
|        | end group   |           |                |             |            |
|        | text        | after     | After          |             |            |
| settings |           |           |                |             |            |
|        | form_id     |           |                |             |            |
|        | names       |           |                |             |            |
"""

PLACE_PAGE = """
| survey |             |           |                   |             |                       |
|        | type        | name      | label             | appearance  | relevant              |
|        | begin group | setting   | Setting           | field-list  |                       |
|        | text        | code      | Code              |             |                       |
|        | note        | n1        | A long note one   |             |                       |
|        | note        | n2        | A long note two   |             |                       |
|        | note        | n3        | A long note three |             |                       |
|        | select_one place | place | Place            |             |                       |
|        | text        | other     | Other place       |             | ${place} = 'other'    |
|        | end group   |           |                   |             |                       |
| choices |            |           |                   |             |                       |
|        | list_name   | name      | label             |             |                       |
|        | place       | home      | At home           |             |                       |
|        | place       | school    | At school         |             |                       |
|        | place       | other     | Other             |             |                       |
| settings |           |           |                   |             |                       |
|        | form_id     |           |                   |             |                       |
|        | place_page  |           |                   |             |                       |
"""


def open_runner(qtbot, write_form, name, markdown, size=(900, 700)):
    session = load_form(str(write_form(name, markdown))).new_session()
    runner = InterviewRunner(session, confirm=lambda *a: True)
    qtbot.addWidget(runner)
    runner.resize(*size)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    runner.screen_view.focus_first()
    return runner


def test_enter_in_the_first_of_several_fields_goes_to_the_next_field(qtbot, write_form):
    runner = open_runner(qtbot, write_form, "names", NAME_PAGE)
    widgets = runner.screen_view.widgets
    given, family = widgets["/data/names/given"].edit, widgets["/data/names/family"].edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is given, timeout=2000)
    qtbot.keyClicks(given, "Rosa")
    qtbot.keyClick(given, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert runner.screen.path == "/data/names"          # the page stays: the family name is still to come
    assert QApplication.focusWidget() is family            # past the note, into the next answer
    qtbot.keyClick(family, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: runner.screen.path == "/data/after", timeout=2000)   # the last field leaves the page
    assert runner.session.node("/data/names/given").value == "Rosa"


def visible_in_viewport(scroll, widget) -> bool:
    top = widget.mapTo(scroll.widget(), widget.rect().topLeft()).y() - scroll.verticalScrollBar().value()
    return top >= 0 and top + widget.height() <= scroll.viewport().height()


def test_an_answer_that_shows_a_question_keeps_the_focus_and_brings_the_question_into_view(qtbot, write_form):
    runner = open_runner(qtbot, write_form, "place_page", PLACE_PAGE, size=(700, 520))
    view = runner.screen_view
    place = view.widgets["/data/setting/place"]
    code = view.widgets["/data/setting/code"]
    other = place.buttons["other"]
    other.setFocus()
    view.ensureWidgetVisible(other)
    qtbot.keyClick(other, Qt.Key.Key_Space)                 # choose "Other"
    assert runner.session.node("/data/setting/place").value == "other"
    assert "/data/setting/other" in view.widgets
    assert view.widgets["/data/setting/place"] is place and view.widgets["/data/setting/code"] is code   # not rebuilt
    assert QApplication.focusWidget() is other
    shown = view.widgets["/data/setting/other"]
    qtbot.waitUntil(lambda: visible_in_viewport(view, shown), timeout=2000)
    assert QApplication.focusWidget() is other
    # Tab from the chosen list now reaches the new question, not the buttons below the page
    qtbot.keyClick(other, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is place.clear_button
    qtbot.keyClick(place.clear_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is shown.edit
    # and choosing another place hides it again, the focus still in the list
    place.buttons["home"].setFocus()
    qtbot.keyClick(place.buttons["home"], Qt.Key.Key_Space)
    assert "/data/setting/other" not in view.widgets
    assert QApplication.focusWidget() is place.buttons["home"]
