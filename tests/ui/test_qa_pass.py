"""Screens fixed in the QA walk: nothing clipped, nothing stranded at the far edge, nothing that looks pressable when it is not.

Requirements: UI-Q1 a form's long problem messages wrap in the problems dialog, plain and with the app's styling
(no sideways scrolling); UI-Q2 with nothing left to fix, the Finalize button sits under the summary;
UI-Q3 a disabled main button is styled as disabled; UI-Q4 the go-to view marks a required
question not reached yet as required, not as an error; UI-Q5 removing a repeat entry names it once;
UI-Q6 every question inside a group marked sensitive has "prefer not to answer" at hand;
UI-Q7 a set-up message below the window's edge is scrolled into view; UI-Q8 the date calendar speaks
the app's language; UI-Q9 a note in the go-to view has no "not answered" mark; UI-Q10 a spreadsheet
problem is placed by sheet, row and column (no XML path); UI-Q11 on a short window the shortcut reminder
gives its room to the questions; UI-Q12 a narrow Forms list drops minor columns before the form's name.
"""

from __future__ import annotations

from fieldapp.ui.app import style_sheet
from fieldapp.ui.library.problems_dialog import ProblemsDialog
from fieldapp.ui.runner.finalize_page import FinalizePage
from fieldapp.ui.runner.hierarchy_view import HierarchyView
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from fieldapp.xform.model.errors import Problem
from fieldapp.xform.model.views import HierarchyItem
from tests.ui import forms


def test_long_problem_messages_wrap_in_the_dialog(qtbot):
    long_message = "These nodes depend on each other in a cycle (calculation/relevance): " + ", ".join(
        f"/data/question_{n}" for n in range(12))
    dialog = ProblemsDialog("cycle.xlsx", [Problem("cycle", long_message, sheet="survey", row=2, column="calculation")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.list.horizontalScrollBar().isVisible()
    assert dialog.list.visualItemRect(dialog.list.item(0)).right() <= dialog.list.viewport().width()


def test_finalize_button_sits_under_the_summary_when_all_is_complete(qtbot):
    page = FinalizePage()
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    page.show_problems([], {})
    qtbot.waitExposed(page)
    assert page.finalize_button.isEnabled()
    assert page.finalize_button.geometry().bottom() < page.height() / 2


def test_a_disabled_primary_button_is_styled_as_disabled():
    sheet = style_sheet(100)
    assert 'QPushButton[primary="true"]:disabled' in sheet


def test_required_question_not_reached_is_not_marked_as_an_error(qtbot):
    view = HierarchyView()
    qtbot.addWidget(view)
    view.show_items([HierarchyItem("question", "/data/dept", "Department", status="problem"),
                     HierarchyItem("question", "/data/age", "Age", value="150", status="problem")])
    not_reached, wrong = view.tree.topLevelItem(0), view.tree.topLevelItem(1)
    assert not_reached.text(0) == "*"
    assert wrong.text(0) == "!"


def test_removing_a_repeat_entry_names_it_once(qtbot, write_form):
    session = load_form(str(write_form("household", forms.HOUSEHOLD))).new_session()
    asked = []
    runner = InterviewRunner(session, confirm=lambda _parent, _title, text: asked.append(text) or True)
    qtbot.addWidget(runner)
    runner.jump("/data/member[1]/mname")
    runner.remove_repeat_button.click()
    assert asked == ["Remove “Household member 1” and all its answers? This cannot be undone."]
    assert session.repeat_count("/data/member") == 0


SENSITIVE_GROUP = """
| survey   |             |         |                          |                          |
|          | type        | name    | label                    | bind::fieldapp:sensitive |
|          | integer     | age     | Age                      |                          |
|          | begin group | safety  | Safety                   | yes                      |
|          | select_one yn | hurt  | Has anyone hurt you?     |                          |
|          | end group   |         |                          |                          |
| choices  |             |         |                          |                          |
|          | list_name   | name    | label                    |                          |
|          | yn          | yes     | Yes                      |                          |
|          | yn          | no      | No                       |                          |
| settings |             |         |                          |                          |
|          | form_id     | namespaces |                       |                          |
|          | sensitive_group | fieldapp="urn:fieldapp:xforms" |  |                     |
"""


def test_questions_in_a_sensitive_group_can_be_declined(qtbot, write_form):
    session = load_form(str(write_form("sensitive_group", SENSITIVE_GROUP))).new_session()
    runner = InterviewRunner(session, confirm=lambda *a: True)
    qtbot.addWidget(runner)
    runner.show()
    assert not runner.screen_view.widgets["/data/age"].decline_button.isVisible()
    runner.jump("/data/safety/hurt")
    widget = runner.screen_view.widgets["/data/safety/hurt"]
    assert widget.decline_button.isVisible()
    widget.decline_button.click()
    assert session.declined("/data/safety/hurt")
    assert runner.screen_view.widgets["/data/safety/hurt"].declined_note.isVisible()


def test_set_up_message_scrolls_into_view_on_a_small_window(qtbot, open_window, tmp_path):
    window = open_window(folder=tmp_path / "new-data")
    window.resize(700, 260)                 # the message would sit below the window's edge
    gate = window.gate
    gate.device_name.setText("Laptop 3")
    gate.interviewer.setText("Ana")
    gate.passphrase.setText("tres tristes tigres")
    gate.confirm.setText("tres tristes tigre")
    gate.create_button.click()
    qtbot.waitUntil(lambda: not gate.message.visibleRegion().isEmpty(), timeout=2000)


def test_date_calendar_speaks_the_app_language(qtbot):
    from PySide6.QtCore import QLocale
    from fieldapp.ui import i18n
    from fieldapp.ui.widgets.date import date_calendar
    i18n.set_app_language("es")
    calendar = date_calendar(None)
    qtbot.addWidget(calendar)
    assert calendar.locale().language() == QLocale.Language.Spanish
    assert calendar.locale().monthName(11) == "noviembre"


WITH_NOTE = """
| survey |         |        |                         |
|        | type    | name   | label                   |
|        | note    | intro  | Read this to the child. |
|        | text    | name   | Your name               |
"""


def test_a_note_has_no_answer_mark_in_the_go_to_view(qtbot, write_form):
    session = load_form(str(write_form("with_note", WITH_NOTE))).new_session()
    runner = InterviewRunner(session, confirm=lambda *a: True)
    qtbot.addWidget(runner)
    runner.show_hierarchy()
    tree = runner.hierarchy_view.tree
    marks = {tree.topLevelItem(i).text(1): tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())}
    assert marks == {"Read this to the child.": "", "Your name": "○"}


def test_a_spreadsheet_problem_is_placed_by_row_not_by_xml_path():
    from fieldapp.ui.library.problems import problem_words
    words = problem_words(Problem("cycle", "A cycle.", sheet="survey", row=2, column="calculation", path="/data/a"))
    assert words == "Sheet “survey”, row 2, column “calculation”: A cycle."
    assert "/data/q" in problem_words(Problem("x", "Broken.", line=4, path="/data/q"))


def test_short_window_gives_the_shortcut_reminder_room_to_the_questions(qtbot, qapp, settings, write_form):
    from fieldapp.ui.app import apply_text_size
    from fieldapp.ui.settings.options import TEXT_SCALE
    settings.set(TEXT_SCALE, 200)                  # large text on a 1024x600 laptop
    apply_text_size(qapp, settings)
    try:
        runner = InterviewRunner(load_form(str(write_form("with_note", WITH_NOTE))).new_session(),
                                 confirm=lambda *a: True)
        qtbot.addWidget(runner)
        runner.resize(1000, 1400)               # a tall screen: room for the reminder
        runner.show()
        qtbot.waitUntil(lambda: runner.shortcut_hint.isVisible(), timeout=2000)
        runner.resize(1000, 600)
        qtbot.waitUntil(lambda: not runner.shortcut_hint.isVisible(), timeout=2000)
        runner.resize(1000, 1400)
        qtbot.waitUntil(lambda: runner.shortcut_hint.isVisible(), timeout=2000)
    finally:
        settings.set(TEXT_SCALE, 100)
        apply_text_size(qapp, settings)


def test_narrow_forms_list_drops_minor_columns_before_the_name(qtbot, open_window, store, tmp_path):
    store.close()
    window = open_window(unlock=True, size=(1400, 700))
    path = tmp_path / "school.md"
    path.write_text(forms.BILINGUAL.strip() + "\n", encoding="utf-8")
    forms_page = window.places["forms"]
    forms_page.import_file(str(path))
    header = forms_page.tree.header()
    qtbot.waitUntil(lambda: not any(header.isSectionHidden(c) for c in range(4)), timeout=2000)
    window.resize(560, 700)
    qtbot.waitUntil(lambda: header.isSectionHidden(3), timeout=2000)     # the date gives way first
    assert not header.isSectionHidden(0)
    assert forms_page.tree.columnWidth(0) >= forms_page.tree.fontMetrics().averageCharWidth() * 20


def test_a_note_is_styled_as_text_to_read_not_as_a_question(qtbot):
    from fieldapp.ui.widgets.registry import create_widget
    from tests.ui.helpers import question
    note = create_widget(question("note", label="Read this aloud."))
    asked = create_widget(question("text", label="Your name"))
    qtbot.addWidget(note)
    qtbot.addWidget(asked)
    assert note.label.objectName() == "noteText" and asked.label.objectName() == "questionLabel"
    assert "QLabel#noteText" in style_sheet(100)


def test_long_problem_messages_wrap_in_the_dialog_with_the_apps_styling(qtbot, app_styling):
    long_message = "These nodes depend on each other in a cycle (calculation/relevance): " + ", ".join(
        f"/data/question_{n}" for n in range(12))
    dialog = ProblemsDialog("cycle.xlsx", [Problem("cycle", long_message, sheet="survey", row=2, column="calculation")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.list.horizontalScrollBar().isVisible()
    assert dialog.list.visualItemRect(dialog.list.item(0)).right() <= dialog.list.viewport().width()
