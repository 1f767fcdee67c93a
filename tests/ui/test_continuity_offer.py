"""A returning child: the case code finds the earlier intake, and the app offers (keyboard first) to fill in
what does not change between visits; sensitive and identifying answers are never carried over.

Requirement: SG-11 continuity without retelling; sensitive items are never pre-filled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldapp.protect import continuity
from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.protect.test_continuity import EARLIER, RETURNING


def test_the_case_code_offers_to_fill_in_the_earlier_non_sensitive_answers(qtbot, store, write_form):
    form = load_form(str(write_form("returning", RETURNING)))
    earlier = store.new_session(form)
    for path, value in EARLIER.items():
        earlier.answer(path, value)
    continuity.remember_case_code(store, earlier, "/data/setting/case_code", "GT-0042")
    store.finalize(earlier)
    session = store.new_session(form)
    runner = InterviewRunner(session, confirm=lambda *a: True, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(1024, 600)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    QTest.keyClick(runner.safety_controls.steps.page, Qt.Key.Key_1)      # the privacy check at the start: alone
    offer = runner.safety_controls.continuity_offer

    def past_the_privacy_check():   # the app's own check ("1": alone with the child) before the form's screens
        for _ in range(3):
            if runner.pages.currentWidget() is runner.screen_view:
                return
            QTest.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_1)
    past_the_privacy_check()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)     # past the place, to the case code
    past_the_privacy_check()
    edit = runner.screen_view.widgets["/data/setting/case_code"].edit
    edit.setFocus()
    QTest.keyClicks(edit, "GT-0042")
    runner.flush()
    qtbot.waitUntil(offer.isVisible, timeout=2000)
    assert "2 of its answers" in offer.text.text()
    assert QApplication.focusWidget() is edit                   # the offer does not take the keyboard away
    QTest.keyClick(edit, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert session.value("/data/school") == "Escuela 5" and session.value("/data/speaks") == "yes"
    for never in ("/data/hurt", "/data/safety/safe_home", "/data/name", "/data/consent/agree", "/data/notes"):
        assert session.value(never) == "", never
    assert "2 answers were filled in" in offer.text.text() and not offer.fill_button.isVisible()
    events = [e for e in store.audit(session.instance_id) if e.event == "prefill"]
    assert [e.details["count"] for e in events] == [2]
    offer.dismiss_button.click()
    assert not offer.isVisible()


def test_a_case_code_without_an_earlier_interview_offers_nothing(qtbot, store, write_form):
    form = load_form(str(write_form("returning", RETURNING)))
    session = store.new_session(form)
    runner = InterviewRunner(session, confirm=lambda *a: True, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.show()
    runner.answer("/data/setting/case_code", "GT-9999")
    runner.screen_view.sig_answered.emit("/data/setting/case_code", "GT-9999")
    assert not runner.safety_controls.continuity_offer.isVisible()
    assert store.submission(session.instance_id).case_code == "GT-9999"
