"""The interview screen as a tired interviewer uses it: Enter, focus, Tab stops, Page Down, labels, columns.

Each test here stands for one item of the keyboard-first walk of the bundled forms.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

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


PLACES = """
| survey |             |           |                  |             |                      |
|        | type        | name      | label            | appearance  | choice_filter        |
|        | begin group | where     | Where            | field-list  |                      |
|        | select_one country | country | Country    |             |                      |
|        | select_one dept | dept  | Department       |             | country = ${country} |
|        | end group   |           |                  |             |                      |
|        | select_one country | born | Country of birth |         |                      |
|        | text        | last      | Last             |             |                      |
| choices |            |           |                  |             |                      |
|        | list_name   | name      | label            | country     |                      |
|        | country     | sv        | El Salvador      |             |                      |
|        | country     | gt        | Guatemala        |             |                      |
|        | country     | hn        | Honduras         |             |                      |
|        | country     | mx        | México           |             |                      |
|        | dept        | d1        | Copán            | hn          |                      |
|        | dept        | d2        | Lempira          | hn          |                      |
|        | dept        | d3        | Sololá           | gt          |                      |
| settings |           |           |                  |             |                      |
|        | form_id     |           |                  |             |                      |
|        | places      |           |                  |             |                      |
"""


def test_a_radio_list_is_one_tab_stop_with_arrows_inside_and_enter_moves_on(qtbot, write_form):
    runner = open_runner(qtbot, write_form, "places", PLACES)
    view = runner.screen_view
    country = view.widgets["/data/where/country"]
    first = country.buttons["sv"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=2000)
    qtbot.keyClick(first, Qt.Key.Key_Down)                   # arrows move inside the list
    qtbot.keyClick(country.buttons["gt"], Qt.Key.Key_Down)
    assert QApplication.focusWidget() is country.buttons["hn"]
    assert runner.session.node("/data/where/country").value == ""   # moving is not choosing
    qtbot.keyClick(country.buttons["hn"], Qt.Key.Key_Space)
    assert runner.session.node("/data/where/country").value == "hn"
    dept = view.widgets["/data/where/dept"]                  # its list was made again for Honduras
    assert list(dept.buttons) == ["d1", "d2"]
    qtbot.keyClick(country.buttons["hn"], Qt.Key.Key_Tab)    # one Tab leaves the list (to its Clear button)...
    assert QApplication.focusWidget() is country.clear_button
    qtbot.keyClick(country.clear_button, Qt.Key.Key_Tab)     # ...and the next reaches the departments, not the footer
    assert QApplication.focusWidget() is dept.buttons["d1"]
    qtbot.keyClick(dept.buttons["d1"], Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(country.clear_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is country.buttons["hn"]      # back on the chosen option, not the first
    qtbot.keyClick(country.buttons["hn"], Qt.Key.Key_Return)  # Enter on the chosen option: the next answer of the page
    qtbot.wait(20)
    assert runner.screen.path == "/data/where" and QApplication.focusWidget() is dept.buttons["d1"]
    qtbot.keyClick(dept.buttons["d1"], Qt.Key.Key_Down)
    qtbot.keyClick(dept.buttons["d2"], Qt.Key.Key_Return)    # Enter on an option not chosen yet chooses it, then goes on
    qtbot.waitUntil(lambda: runner.screen.path == "/data/born", timeout=2000)
    assert runner.session.node("/data/where/dept").value == "d2"
    born = runner.screen_view.widgets["/data/born"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is born.buttons["sv"], timeout=2000)
    qtbot.keyClick(born.buttons["sv"], Qt.Key.Key_Tab)       # the only question: one Tab reaches Next
    assert QApplication.focusWidget() is runner.next_button
    qtbot.keyClick(runner.next_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)   # Enter on the (unchosen) option under the focus
    qtbot.waitUntil(lambda: runner.screen.path == "/data/last", timeout=2000)
    assert runner.session.node("/data/born").value == "sv"
    # back on the page, answered: the list's one Tab stop is the chosen option (Qt's own grouping would make it
    # the first, so Tab and Shift+Tab would land on El Salvador while Honduras is the answer)
    runner.jump("/data/where")
    country = runner.screen_view.widgets["/data/where/country"]
    chosen = country.buttons["hn"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chosen, timeout=2000)
    tab_stops = [v for v, b in country.buttons.items() if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert tab_stops == ["hn"]
    dept = runner.screen_view.widgets["/data/where/dept"]
    qtbot.keyClick(chosen, Qt.Key.Key_Tab)                 # the answered list, its Clear button, the departments:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)   # two Tabs, whatever the list's length
    assert QApplication.focusWidget() is dept.buttons["d2"]        # the chosen department, not the first
    qtbot.keyClick(dept.buttons["d2"], Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is chosen


GROUP_TEXTS = """
| survey |             |         |                  |                              |                          |             |
|        | type        | name    | label            | hint                         | guidance_hint            | appearance  |
|        | begin group | safety  | Safety           | You can skip any question.   |                          |             |
|        | begin group | feel    | Feeling safe     |                              | This is not a diagnosis. | field-list  |
|        | select_one yn | home  | Safe at home?    |                              |                          |             |
|        | end group   |         |                  |                              |                          |             |
|        | text        | more    | More             |                              |                          |             |
|        | end group   |         |                  |                              |                          |             |
| choices |            |         |                  |                              |                          |             |
|        | list_name   | name    | label            |                              |                          |             |
|        | yn          | yes     | Yes              |                              |                          |             |
|        | yn          | not_at_all | Not at all    |                              |                          |             |
"""


def test_group_hint_and_guidance_are_shown_and_go_to_reads_labels(qtbot, write_form):
    runner = open_runner(qtbot, write_form, "group_texts", GROUP_TEXTS)
    page = runner.screen_view.widget()
    shown = [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]
    assert "You can skip any question." in shown
    assert any("This is not a diagnosis." in text for text in shown)
    runner.screen_view.widgets["/data/safety/feel/home"].buttons["not_at_all"].click()
    runner.show_hierarchy()
    tree = runner.hierarchy_view.tree
    rows = {}

    def collect(item):
        rows[item.text(1)] = item.text(2)
        for i in range(item.childCount()):
            collect(item.child(i))
    for i in range(tree.topLevelItemCount()):
        collect(tree.topLevelItem(i))
    assert rows["Safe at home?"] == "Not at all"


RANKING = """
| survey |             |        |                                  |          |
|        | type        | name   | label                            | required |
|        | rank needs  | ranked | Put them in order                | yes      |
|        | text        | after  | After                            |          |
| choices |            |        |                                  |          |
|        | list_name   | name   | label                            |          |
|        | needs       | food   | Food                             |          |
|        | needs       | water  | Water                            |          |
|        | needs       | school | School                           |          |
"""


def test_a_rank_question_is_answered_with_the_order_shown_and_page_down_moves_on(qtbot, write_form):
    runner = open_runner(qtbot, write_form, "ranking", RANKING)
    qtbot.waitUntil(lambda: runner.session.node("/data/ranked").value == "food water school", timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: runner.screen.path == "/data/after", timeout=2000)   # no "an answer is needed"
    runner.go_back()
    widget = runner.screen_view.widgets["/data/ranked"]
    widget.list.setCurrentRow(2)
    widget.up_button.click()                                 # still changeable
    assert runner.session.node("/data/ranked").value == "food school water"


CONSENT_SCRIPT = " ".join(["Read aloud: taking part is voluntary, you can stop at any time and skip any question."] * 9)
LONG_NOTE = f"""
| survey |               |         |                       |
|        | type          | name    | label                 |
|        | begin group   | consent | Consent               |
|        | note          | script  | {CONSENT_SCRIPT}      |
|        | select_one yn | agree   | Do you agree?         |
|        | end group     |         |                       |
|        | text          | after   | After                 |
| choices |              |         |                       |
|        | list_name     | name    | label                 |
|        | yn            | yes     | Yes                   |
|        | yn            | no      | No                    |
"""


def test_large_text_on_a_small_screen_gives_the_reminder_room_to_the_script_and_page_down_reads_on(
        qtbot, qapp, settings, write_form):
    from fieldapp.ui.app import apply_text_size
    from fieldapp.ui.settings.options import TEXT_SCALE
    settings.set(TEXT_SCALE, 200)                    # 200 % text on a 1366x768 laptop
    apply_text_size(qapp, settings)
    try:
        path = write_form("long_note", LONG_NOTE)
        session = load_form(str(path)).new_session()
        runner = InterviewRunner(session, confirm=lambda *a: True)
        qtbot.addWidget(runner)
        runner.resize(1366, 768)
        runner.show()
        runner.activateWindow()
        qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
        assert runner.screen.path == "/data/consent/script"
        qtbot.waitUntil(lambda: not runner.shortcut_hint.isVisible(), timeout=2000)   # the script needs the room
        bar = runner.screen_view.verticalScrollBar()
        assert bar.maximum() > 0                         # still longer than the screen: Page Down scrolls it
        focus = QApplication.focusWidget() or runner
        qtbot.keyClick(focus, Qt.Key.Key_PageDown)
        assert runner.screen.path == "/data/consent/script" and bar.value() > 0
        for _ in range(20):
            if bar.value() == bar.maximum():
                break
            qtbot.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_PageDown)
        assert runner.screen.path == "/data/consent/script" and bar.value() == bar.maximum()
        qtbot.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_PageDown)     # from the end: the next screen
        assert runner.screen.path == "/data/consent/agree"
        qtbot.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_PageUp)       # a short page: back at once
        assert runner.screen.path == "/data/consent/script"
    finally:
        settings.set(TEXT_SCALE, 100)
        apply_text_size(qapp, settings)


def test_an_empty_cascading_list_says_what_to_answer_first(qtbot, write_form):
    runner = open_runner(qtbot, write_form, "places", PLACES)
    dept = runner.screen_view.widgets["/data/where/dept"]
    assert dept.waiting.isVisibleTo(runner) and "“Country”" in dept.waiting.text()
    runner.screen_view.widgets["/data/where/country"].buttons["hn"].click()
    dept = runner.screen_view.widgets["/data/where/dept"]
    assert not dept.waiting.isVisibleTo(runner) and list(dept.buttons) == ["d1", "d2"]


READ_FIRST = f"""
| survey |             |        |                                  |             |
|        | type        | name   | label                            | appearance  |
|        | begin group | page   | Before we start                  | field-list  |
|        | note        | script | {CONSENT_SCRIPT[:300]}           |             |
|        | text        | code   | Your code                        |             |
|        | end group   |        |                                  |             |
"""


def test_the_first_answer_of_a_page_is_in_view_with_large_text_on_a_small_screen(qtbot, qapp, settings, write_form):
    from fieldapp.ui.app import apply_text_size
    from fieldapp.ui.settings.options import TEXT_SCALE
    settings.set(TEXT_SCALE, 200)
    apply_text_size(qapp, settings)
    try:
        runner = open_runner(qtbot, write_form, "read_first", READ_FIRST, size=(1024, 600))
        edit = runner.screen_view.widgets["/data/page/code"].edit
        assert QApplication.focusWidget() is edit
        qtbot.waitUntil(lambda: visible_in_viewport(runner.screen_view, edit), timeout=2000)
    finally:
        settings.set(TEXT_SCALE, 100)
        apply_text_size(qapp, settings)


LONG_CHOICES = """
| survey |                  |        |                      |
|        | type             | name   | label                |
|        | select_one many  | where  | Where did it happen? |
| choices |                 |        |                      |
|        | list_name        | name   | label                |
""" + "\n".join(f"|        | many | c{i} | {'A long place name, number ' * 2}{i} |" for i in range(20)) + "\n"


def test_the_arrow_keys_bring_the_option_they_reach_into_view(qtbot, write_form):
    runner = open_runner(qtbot, write_form, "long_choices", LONG_CHOICES, size=(700, 420))
    buttons = list(runner.screen_view.widgets["/data/where"].buttons.values())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is buttons[0], timeout=2000)
    for button in buttons[:15]:
        qtbot.keyClick(button, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is buttons[15]
    assert visible_in_viewport(runner.screen_view, buttons[15])
