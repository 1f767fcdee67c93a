"""The privacy switch, break, distress and stop-and-withdraw in the interview, by key and button.

Requirements: SG-6 one key and one big button hide the whole window (title, pop-ups, dialogs, tooltips)
and the PIN brings it back; SG-5 break saves and resumes exactly there; SG-7 distress script and choice;
SG-8 stop and withdraw erases only after a deliberate confirmation; every event in the audit trail.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip, QWidget

from fieldapp.protect import pin
from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.ui.safety.privacy_screen import PrivacyCover
from fieldapp.ui.safety.withdraw_dialog import WithdrawDialog
from fieldapp.xform import load_form
from tests.protect.safety_forms import SAFE_INTAKE
from tests.ui.conftest import PASSPHRASE


@pytest.fixture
def interview(qtbot, store, write_form):
    form = load_form(str(write_form("safe", SAFE_INTAKE)))
    session = store.new_session(form, interviewer="Ana")
    exits = []
    runner = InterviewRunner(session, save_and_exit=lambda s: exits.append(store.exit(s)) or True,
                             finalize=store.finalize, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.setWindowTitle("Intake of Marisol")
    runner.resize(1000, 700)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    runner.exits = exits
    return runner


def actions(store, instance_id, event):
    return [(e.details or {}).get("action") for e in store.audit(instance_id) if e.event == event]


def visible_windows(runner):
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not runner]


def test_the_key_covers_everything_and_the_pin_brings_it_back(qtbot, store, interview):
    pin.set_pin(store, "2468")
    runner = interview
    runner.screen_view.widgets["/data/case_code"].edit.setFocus()
    qtbot.keyClicks(runner.screen_view.widgets["/data/case_code"].edit, "GT-0042")
    QToolTip.showText(runner.mapToGlobal(runner.rect().center()), "Marisol said her uncle hits her", runner)
    box = QMessageBox(QMessageBox.Icon.Question, "Remove?", "Remove Marisol's brother?", parent=runner)
    box.show()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F12)
    cover = runner.findChild(PrivacyCover)
    assert cover is not None and cover.isVisible() and cover.geometry() == runner.rect()
    assert runner.windowTitle() == "Health information"
    assert not box.isVisible() and not QToolTip.isVisible() and visible_windows(runner) == []
    assert not runner.pages.isEnabled()                     # the keyboard cannot reach the answers behind
    assert QApplication.focusWidget() is cover.code
    assert store.get_setting("privacy_pin") and runner.session.value("/data/case_code") == "GT-0042"  # typing was kept
    grabbed = runner.grab().toImage()
    assert grabbed.pixelColor(5, 5).name() == "#ffffff"      # what a task-bar preview shows: the white health page
    qtbot.keyClicks(cover.code, "1111")
    qtbot.keyClick(cover.code, Qt.Key.Key_Return)
    assert cover.isVisible() and "Try again" in cover.message.text()
    qtbot.keyClicks(cover.code, "2468")
    qtbot.keyClick(cover.code, Qt.Key.Key_Return)
    assert runner.findChild(PrivacyCover) is None or not runner.findChild(PrivacyCover).isVisible()
    assert runner.windowTitle() == "Intake of Marisol" and runner.pages.isEnabled()
    assert actions(store, runner.session.instance_id, "privacy_screen") == ["on", "refused", "off"]
    assert "GT-0042" not in store.audit_csv(runner.session.instance_id)


def test_the_big_button_covers_too_and_without_a_pin_the_passphrase_is_asked(qtbot, store, interview):
    runner = interview
    runner.safety_controls.privacy_button.click()
    cover = runner.findChild(PrivacyCover)
    assert cover.isVisible() and "passphrase" in cover.message.text()
    qtbot.keyClicks(cover.code, PASSPHRASE)
    qtbot.keyClick(cover.code, Qt.Key.Key_Return)
    assert not runner.findChild(PrivacyCover) or not runner.findChild(PrivacyCover).isVisible()
    events = [e for e in store.audit(runner.session.instance_id) if e.event == "privacy_screen"]
    assert events[-1].details == {"action": "off", "by": "passphrase"}


def test_a_dialog_open_when_someone_walks_in_is_cancelled(qtbot, store, interview):
    pin.set_pin(store, "2468")
    runner = interview
    chosen = []

    def press_f12_in_the_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WithdrawDialog)
        dialog.erase.setChecked(True)
        qtbot.keyClick(dialog, Qt.Key.Key_F12)

    QTimer.singleShot(50, press_f12_in_the_dialog)
    runner.safety_controls.stop()           # opens the real dialog; F12 inside it closes it as "go back"
    chosen.append(runner.session.instance_id)
    assert store.submission(runner.session.instance_id).status == "draft"
    assert runner.findChild(PrivacyCover).isVisible()


def test_break_saves_shows_a_calm_page_and_resumes_exactly_there(qtbot, store, interview):
    runner = interview
    runner.next_button.click()
    assert runner.screen.path == "/data/private"
    qtbot.keyClick(runner.screen_view.widget(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    controls = runner.safety_controls
    assert controls.on_break and runner.pages.currentWidget() is controls.break_page
    assert not runner.header.isVisible() and not runner.footer.isVisible()
    page_text = " ".join(w.text() for w in controls.break_page.findChildren(QWidget) if hasattr(w, "text"))
    assert "Is the child alone" not in page_text
    assert controls.bar.isVisible()           # the privacy screen and stop stay at hand during a break
    controls.break_page.continue_button.click()
    assert runner.screen.path == "/data/private" and runner.footer.isVisible()
    assert not runner.banner.isVisible(), runner.banner.text()      # no refusal or error on the way back
    assert actions(store, runner.session.instance_id, "pause") == ["start", "end"]


def test_a_break_left_for_another_day_resumes_there(qtbot, store, interview):
    runner = interview
    runner.next_button.click()
    runner.safety_controls.start_break()
    runner.safety_controls.break_page.leave_button.click()
    assert runner.exits
    again = store.resume(runner.session.instance_id)
    assert again.current().path == "/data/private"


def test_distress_shows_the_script_and_records_the_choice(qtbot, store, interview):
    runner = interview
    seen = {}

    def answer(parent, script, note):
        seen["script"], seen["note"] = script, note
        return "break"

    runner.safety_controls.ask_distress = answer
    qtbot.keyClick(runner.screen_view.widget(), Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert "You decide" in seen["script"] and "mental health" in seen["note"]
    assert runner.safety_controls.on_break
    trail = [(e.event, e.details) for e in store.audit(runner.session.instance_id) if e.event == "distress"]
    assert [d["action"] for _e, d in trail] == ["flagged", "choice"] and trail[-1][1]["choice"] == "break"


def test_the_distress_dialog_offers_three_choices(qtbot):
    from fieldapp.ui.safety.distress_dialog import DistressDialog
    dialog = DistressDialog("Breathe.", "Offer support.")
    qtbot.addWidget(dialog)
    assert set(dialog.buttons) == {"continue", "break", "stop"}
    dialog.buttons["stop"].click()
    assert dialog.choice == "stop"


def test_erasing_needs_a_deliberate_confirmation(qtbot):
    dialog = WithdrawDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.keep.isChecked() and not dialog.erase.isChecked()   # no default
    assert not dialog.stop_button.isEnabled() and dialog.back_button.isDefault()
    dialog.erase.setChecked(True)
    assert not dialog.stop_button.isEnabled() and dialog.confirm_erase.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)      # Enter goes back, never erases
    assert dialog.choice is None
    dialog.confirm_erase.setChecked(True)
    dialog.stop_button.click()
    assert dialog.choice == "erase"


def test_stop_and_erase_from_the_interview(qtbot, store, interview):
    runner = interview
    runner.screen_view.widgets["/data/case_code"].edit.setFocus()
    qtbot.keyClicks(runner.screen_view.widgets["/data/case_code"].edit, "GT-0042")
    runner.flush()
    runner.safety_controls.ask_withdraw = lambda parent: "erase"
    with qtbot.waitSignal(runner.sig_closed) as closed:
        qtbot.keyClick(runner.screen_view.widget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert closed.args == [runner.session.instance_id, "withdrawn"]
    assert store.submission(runner.session.instance_id).status == "withdrawn"
    assert "GT-0042" not in store.audit_csv(runner.session.instance_id, include_values=True)


def test_going_back_from_stop_changes_nothing(qtbot, store, interview):
    runner = interview
    runner.safety_controls.ask_withdraw = lambda parent: None
    runner.safety_controls.stop()
    assert store.submission(runner.session.instance_id).status == "draft"



def test_the_cover_reads_as_a_health_page_in_spanish(qtbot):
    from fieldapp.ui import i18n
    from fieldapp.ui.safety.privacy_screen import health_page
    i18n.set_app_language("es")
    title, tips = health_page()
    assert title == "Hábitos saludables para toda la familia" and len(tips) == 6
    assert i18n.tr("Health information") == "Información de salud"
