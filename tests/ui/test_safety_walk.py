"""The bundled child intake walked as an interviewer would, with a privacy interruption, a disclosure, a
decline, a distress break and the adolescent's self-interview part (its disclosure prompted only after the
handback, its answers never on screen for the interviewer), ending with the expected record and an audit trail
without answer values.

Requirement: issue 12 "done when": a whole interview with every safeguarding behaviour, by keyboard and button.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldapp.protect import pin, services
from fieldapp.ui.library.bundled import bundled_forms_dir
from fieldapp.ui.safety.privacy_screen import PrivacyCover
from fieldapp.ui.shell.main_window import MainWindow
from tests.protect.test_services import EXAMPLE
from tests.support.interviewer import walk_screens as walk
from tests.ui.conftest import PASSPHRASE

DISCLOSURE = "/data/journey/reason_left"
DECLINED = "/data/health/self_harm_thoughts"
ALONE = "/data/safety/safety_private"
ALONE_DISCLOSURE = ALONE + "/hurt_at_home"


def visible_words(window) -> str:
    """Every word a person could read on the window now."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
    words = [window.windowTitle()]
    for kind in (QLabel, QAbstractButton, QLineEdit):
        words += [w.text() for w in window.findChildren(kind) if w.isVisible()]
    return "\n".join(words)


@pytest.fixture
def window(qtbot, settings, inline_tasks, data_dir, store):
    pin.set_pin(store, "2468")
    services.keep(store, EXAMPLE.name, EXAMPLE.read_bytes())
    store.close()
    made = MainWindow(data_dir, settings=settings, tasks=inline_tasks, confirm=lambda *a: True,
                      bundled_dir=bundled_forms_dir())
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    made.gate.passphrase.setText(PASSPHRASE)
    made.gate.unlock_button.click()
    return made


def test_child_intake_with_every_safeguard(qtbot, window):
    forms_page = window.places["forms"]
    rows = {forms_page.tree.topLevelItem(i).data(0, 0x0100): i for i in range(forms_page.tree.topLevelItemCount())}
    forms_page.tree.setCurrentItem(forms_page.tree.topLevelItem(rows["child_intake"]))
    forms_page.start_button.click()
    runner = window.runner
    assert runner is not None, forms_page.status.text()
    controls = runner.safety_controls
    store = window.store

    # someone walks in on the first screen: F12, then the PIN
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F12)
    cover = window.findChild(PrivacyCover)
    assert cover.isVisible() and window.windowTitle() == "Health information"
    QTest.keyClicks(cover.code, "2468")
    QTest.keyClick(cover.code, Qt.Key.Key_Return)
    assert window.windowTitle() == "FieldApp"

    # the whole form, with the child telling of violence at home
    outcomes_seen = []

    def record_banner_outcomes():
        while controls.referral_banner.isVisible():
            outcomes_seen.append(controls.referral_banner.path)
            controls.referral_banner.buttons["referred"].click()

    # the self-interview part: what shows at the handback, and whether the prompt waited for it
    selfint = runner.self_interview
    at_handback = []

    def on_page(_index):
        if runner.pages.currentWidget() is selfint.handback_page:
            at_handback.append((visible_words(window), controls.referral_banner.isVisible()))
    runner.pages.currentChanged.connect(on_page)
    selfint.handback_page.sig_code.connect(
        lambda _code: at_handback.append((visible_words(window), controls.referral_banner.isVisible())))
    walk(qtbot, runner, overrides={"/data/setting/interviewer_code": "GT-07", DISCLOSURE: "violence_home",
                                   ALONE_DISCLOSURE: "yes"}, handback_code="2468", self_mode="headphones")
    assert len(at_handback) == 2, "the walk went through one self-interview handback"
    for words, banner_shown in at_handback:
        assert not banner_shown                                     # the respondent never sees a referral prompt
        assert "hit you or hurt you" not in words and "Yes" not in words and "Sí" not in words
    assert "completed by the respondent" in at_handback[1][0]
    assert ALONE_DISCLOSURE in controls.safety.referrals             # fired inside the part, prompted after it
    assert DISCLOSURE in controls.safety.referrals                  # the rule fired during the walk
    assert not controls.referral_banner.isVisible()                 # the end page lists them instead
    runner.jump(DISCLOSURE)
    assert controls.referral_banner.isVisible()
    record_banner_outcomes()
    assert DISCLOSURE in outcomes_seen

    # the child prefers not to answer one sensitive question: Ctrl+D on it
    runner.jump(DECLINED)
    runner.screen_view.widgets[DECLINED].focus_input()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert runner.session.declined(DECLINED)

    # the child gets upset: the script, then a break, then on again exactly there
    controls.ask_distress = lambda parent, script, note: "break"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert controls.on_break
    controls.break_page.continue_button.click()
    assert runner.screen.path == DECLINED

    # to the end: every fired referral gets what happened, then Finalize
    runner.jump(DECLINED)
    while runner.screen.kind != "end":
        runner.next_button.click()
    for path, box in controls.referral_panel.boxes.items():
        if not box.currentData():
            box.setCurrentIndex(box.findData("already_receiving"))
    assert controls.safety.pending() == []
    with qtbot.waitSignal(runner.sig_closed) as closed:
        runner.finalize_page.finalize_button.click()
    instance_id = closed.args[0]

    # the record: finalized, the decline kept as a decline, the disclosure's referral recorded
    record = store.submission(instance_id)
    assert record.status == "finalized"
    xml = store.instance_xml(instance_id)
    assert "violence_home" in xml and "<self_harm_thoughts/>" in xml
    trail = store.audit(instance_id)
    events = [(e.event, (e.details or {}).get("action") or (e.details or {}).get("outcome")) for e in trail]
    order = [("privacy_screen", "on"), ("privacy_screen", "off"), ("referral", "fired"),
             ("self_interview", "mode"), ("self_interview", "start"), ("self_interview", "practice"),
             ("self_interview", "handback"), ("referral_outcome", "referred"), ("decline", None),
             ("distress", "flagged"), ("distress", "choice"),
             ("pause", "start"), ("pause", "end"), ("form_finalize", None)]
    positions = [events.index(step) for step in order]
    assert positions == sorted(positions), events
    referral_paths = {e.path for e in trail if e.event == "referral"}
    assert DISCLOSURE in referral_paths
    without_values = store.audit_csv(instance_id)
    assert "GT-07" not in without_values and "violence_home" not in without_values
    assert "<hurt_at_home>yes</hurt_at_home>" in xml                 # kept in the record, never shown
    alone = [e.details for e in trail if e.event == "self_interview"]
    assert alone[0] == {"action": "mode", "choice": "headphones"} and alone[-1]["outcome"] == "completed"
    assert all(set(d) <= {"action", "choice", "status", "outcome", "count"} for d in alone)
