"""Identifying and sensitive answers masked in "Go to…" until revealed (each reveal audited); the interviewer's
guidance hidden by one key while the screen faces the respondent.

Requirements: SG-14 PII masked on screen until revealed; SG-11 guidance for the interviewer only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.protect.safety_forms import SAFE_INTAKE

GUIDED = """
| survey |               |        |                          |                                          |
|        | type          | name   | label                    | guidance_hint                            |
|        | select_one yn | assent | Do you want to go on?    | If in doubt, mark "Not now".             |
| choices |              |        |                          |                                          |
|        | list_name     | name   | label                    |                                          |
|        | yn            | yes    | Yes                      |                                          |
|        | yn            | no     | Not now                  |                                          |
| settings |             |        |                          |                                          |
|        | form_title    | form_id |                         |                                          |
|        | Guided        | guided |                          |                                          |
"""


def open_runner(qtbot, store, form):
    session = store.new_session(form, interviewer="Ana")
    runner = InterviewRunner(session, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(1100, 760)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    return runner


def rows(runner):
    tree = runner.hierarchy_view.tree
    return {tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): tree.topLevelItem(i)
            for i in range(tree.topLevelItemCount())}


def test_names_and_disclosures_are_masked_in_go_to_until_revealed(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("safe", SAFE_INTAKE))))
    session = runner.session
    for path, value in (("/data/case_code", "GT-0042"), ("/data/private", "yes"), ("/data/name", "Marisol"),
                        ("/data/hurt", "yes"), ("/data/school", "Escuela Central")):
        session.answer(path, value)
    runner.show_hierarchy()
    found = rows(runner)
    assert found["/data/name"].text(2) == "••••••" and found["/data/hurt"].text(2) == "••••••"
    assert found["/data/school"].text(2) == "Escuela Central" and found["/data/case_code"].text(2) == "GT-0042"
    shown = " ".join(row.text(2) for row in found.values())
    assert "Marisol" not in shown
    runner.hierarchy_view.tree.setCurrentItem(found["/data/name"])
    qtbot.keyClick(runner.hierarchy_view.tree, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert found["/data/name"].text(2) == "Marisol" and found["/data/hurt"].text(2) == "••••••"
    reveals = [e for e in store.audit(session.instance_id) if e.event == "reveal"]
    assert [(e.path, e.details) for e in reveals] == [("/data/name", {"screen": "hierarchy"})]
    assert "Marisol" not in store.audit_csv(session.instance_id)
    runner.close_hierarchy()
    runner.show_hierarchy()                       # masked again next time
    assert rows(runner)["/data/name"].text(2) == "••••••"


def test_one_key_hides_the_guidance_while_the_screen_faces_the_child(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("guided", GUIDED))))
    widget = runner.screen_view.widgets["/data/assent"]
    assert widget.guidance.isVisible()
    qtbot.keyClick(runner.screen_view.widget(), Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert not widget.guidance.isVisible() and runner.safety_controls.facing_note.isVisible()
    runner.screen_view.sig_answered.emit("/data/assent", "no")     # an answer refreshes the page: still hidden
    runner.answer("/data/assent", "no")
    runner.safety_controls.after_change()
    assert not runner.screen_view.widgets["/data/assent"].guidance.isVisible()
    qtbot.keyClick(runner.screen_view.widget(), Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert runner.screen_view.widgets["/data/assent"].guidance.isVisible()
