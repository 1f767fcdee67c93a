"""The runner's header and footer are parts of their own, with a place for more buttons that joins the Tab chain."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from fieldapp.ui.runner.footer import RunnerFooter
from fieldapp.ui.runner.header import RunnerHeader
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.ui import forms


def test_header_and_footer_take_added_buttons_into_the_tab_chain(qtbot, write_form):
    session = load_form(str(write_form("relevance", forms.RELEVANCE))).new_session()
    runner = InterviewRunner(session, confirm=lambda *a: True)
    qtbot.addWidget(runner)
    assert isinstance(runner.header, RunnerHeader) and isinstance(runner.footer, RunnerFooter)
    pause = runner.footer.add_button(QPushButton("Pause"))
    privacy = runner.header.add_button(QPushButton("Privacy"))
    runner.resize(900, 700)
    runner.show()
    runner.show_screen(session.current())     # the Tab chain is laid when a screen is shown
    assert runner.footer.buttons() == [runner.next_button, runner.exit_button, pause, runner.back_button]
    assert runner.header.buttons()[-1] is privacy
    row = runner.footer.row
    order = [row.itemAt(i).widget() for i in range(row.count()) if row.itemAt(i).widget()]
    assert order == [runner.back_button, runner.exit_button, pause, runner.next_button]   # beside Save and exit
    assert runner.exit_button.nextInFocusChain() is pause
    assert pause.nextInFocusChain() is runner.back_button
    assert runner.jump_button.nextInFocusChain() is privacy
