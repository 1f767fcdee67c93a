"""Screens fixed in the QA walk: nothing clipped, nothing stranded at the far edge, nothing that looks pressable when it is not.

Requirements: UI-Q1 a form's long problem messages wrap in the problems dialog (no sideways
scrolling); UI-Q2 with nothing left to fix, the Finalize button sits under the summary;
UI-Q3 a disabled main button is styled as disabled.
"""

from __future__ import annotations

from fieldapp.ui.app import style_sheet
from fieldapp.ui.library.problems_dialog import ProblemsDialog
from fieldapp.ui.runner.finalize_page import FinalizePage
from fieldapp.xform.errors import Problem


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
