"""A keyboard-only walk of both bundled forms in Spanish, on laptop screens at 100 % and 200 % text.

At every screen, and after every answer: the keyboard is in an answer of the page (never lost, never on a
footer button), no text is cut short, no placeholder shows; at the end, "Go to…" reads the answers' labels,
not their codes. A representative subset, to stay fast: each form walked whole in two of the four combinations, each
combination walked by one form (the intake, the longer form with the referrals, at the most common and at
the tightest; the community form, with its household repeat, at the other two).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui import i18n
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.ui.conftest import PASSPHRASE
from tests.support.interviewer import walk_screens_by_keyboard
from tests.ui.screen_checks import cut_texts, focus_problem

FORMS = Path(__file__).resolve().parents[2] / "forms"
WALKS = [pytest.param("child_intake", (1366, 768), 100),
         pytest.param("child_intake", (1024, 600), 200),
         ("community_needs", (1366, 768), 200), ("community_needs", (1024, 600), 100)]


@functools.lru_cache(maxsize=None)
def loaded(form_id: str):
    return load_form(FORMS / f"{form_id}.xlsx")


@pytest.fixture
def text_size(qapp, settings):
    from fieldapp.ui.app import apply_text_size
    from fieldapp.ui.settings.options import TEXT_SCALE

    def apply(percent: int) -> None:
        settings.set(TEXT_SCALE, percent)
        apply_text_size(qapp, settings)
    yield apply
    apply(100)


HOUSEHOLD = {"/data/household/hh_size": "2"}   # two people: the roster's screens twice, not twelve times


def placeholders(runner) -> list[str]:
    """Visible texts that still hold a form's placeholder instead of words."""
    return [label.text() for label in runner.findChildren(QLabel)
            if label.isVisibleTo(runner) and ("${" in label.text() or "jr:itext" in label.text())]


def codes_in_go_to(runner) -> list[str]:
    """Answers that "Go to…" shows as choice codes where the choice has a label."""
    session = runner.session
    tree = runner.hierarchy_view.tree
    wrong = []

    def visit(row):
        path = row.data(0, Qt.ItemDataRole.UserRole)
        shown = row.data(2, Qt.ItemDataRole.UserRole) or row.text(2)   # a masked answer: what "Show" reveals
        if path and shown:
            try:
                view = session.question(path)
            except Exception:
                view = None
            labels = {c.value: c.label for c in view.choices} if view is not None else {}
            for code in (view.value.split() if view is not None and labels else []):
                label = labels.get(code, code)
                if label != code and (code in shown.split() or label not in shown):
                    wrong.append(f"{path}: {shown!r} shows {code!r} for {label!r}")
        for index in range(row.childCount()):
            visit(row.child(index))
    for index in range(tree.topLevelItemCount()):
        visit(tree.topLevelItem(index))
    return wrong


@pytest.mark.parametrize("form_id,size,percent", WALKS,
                         ids=[f"{f}-{w}x{h}-{p}" for f, (w, h), p in (getattr(x, "values", x) for x in WALKS)])
def test_a_keyboard_only_walk_keeps_the_focus_the_text_and_the_labels(qtbot, store, text_size, form_id, size,
                                                                        percent):
    i18n.set_app_language("es")
    text_size(percent)
    form = loaded(form_id)
    session = store.new_session(form, interviewer="Ana")
    session.set_language("Español (es)")
    runner = InterviewRunner(session, confirm=lambda *a: True, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(*size)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    problems = []

    def check(runner, moment):
        where = f"{runner.screen.path} ({moment})"
        controls = runner.safety_controls
        while controls.referral_banner.isVisible():     # the interviewer records the outcome and goes on
            controls.referral_banner.buttons["referred"].click()
            runner.screen_view.focus_first()
        if (cut := cut_texts(runner)):
            try:
                qtbot.waitUntil(lambda: not cut_texts(runner), timeout=500)   # a page still laying out
            except Exception:
                problems.append(f"{where}: cut {cut_texts(runner)}")
        if (lost := focus_problem(runner)):
            problems.append(f"{where}: {lost}")
        if (raw := placeholders(runner)):
            problems.append(f"{where}: placeholder {raw}")
        assert runner.size().height() == size[1], f"{where}: the window grew to {runner.size()}"

    seen = walk_screens_by_keyboard(qtbot, runner, check, overrides=HOUSEHOLD, handback_code=PASSPHRASE)
    assert len(seen) > 10
    qtbot.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert runner.pages.currentWidget() is runner.hierarchy_view
    problems += codes_in_go_to(runner)
    assert not problems, "\n".join(problems[:20])
