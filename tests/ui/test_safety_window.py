"""The privacy switch and the PIN in the whole app: Settings sets the PIN, F12 covers any place, the audit knows where.

Requirement: SG-6 the PIN is set in Settings (not the passphrase); the switch works on every screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldapp.protect import pin
from fieldapp.ui.safety.privacy_screen import PrivacyCover
from fieldapp.ui.shell.main_window import MainWindow
from tests.protect.safety_forms import SAFE_INTAKE
from tests.ui.conftest import PASSPHRASE


@pytest.fixture
def window(qtbot, settings, inline_tasks, tmp_path, data_dir, store):
    store.close()
    made = MainWindow(data_dir, settings=settings, tasks=inline_tasks, confirm=lambda *a: True,
                      bundled_dir=tmp_path / "no-bundled-forms")
    qtbot.addWidget(made)
    made.show()
    made.gate.passphrase.setText(PASSPHRASE)
    made.gate.unlock_button.click()
    return made


def test_set_the_pin_in_settings(qtbot, window):
    box = window.places["settings"].pin_box
    box.new_pin.setText("12")
    box.again.setText("12")
    box.save_button.click()
    assert "at least 4 digits" in box.message.text() and not pin.has_pin(window.store)
    box.new_pin.setText("2468")
    box.again.setText("2468")
    QTest.keyClick(box.again, Qt.Key.Key_Return)
    assert pin.has_pin(window.store) and "A PIN is set" in box.caption.text()
    assert pin.verify_pin(window.store, "2468")


def test_f12_in_an_interview_covers_the_main_window(qtbot, window, tmp_path):
    pin.set_pin(window.store, "2468")
    path = tmp_path / "safe.md"
    path.write_text(SAFE_INTAKE.strip() + "\n", encoding="utf-8")
    window.places["forms"].import_file(str(path))
    window.places["forms"].start_button.click()
    runner = window.runner
    QTest.keyClicks(runner.screen_view.widgets["/data/case_code"].edit, "GT-0042")
    QTest.keyClick(runner.screen_view.widgets["/data/case_code"].edit, Qt.Key.Key_F12)
    cover = window.findChild(PrivacyCover)
    assert cover.isVisible() and window.windowTitle() == "Health information"
    assert cover.geometry() == window.rect()
    assert runner.session.value("/data/case_code") == "GT-0042"     # typing was kept before covering
    QTest.keyClicks(cover.code, "2468")
    QTest.keyClick(cover.code, Qt.Key.Key_Return)
    assert window.windowTitle() == "FieldApp" and window.stack.currentWidget() is runner
    trail = [e for e in window.store.audit(runner.session.instance_id) if e.event == "privacy_screen"]
    assert [e.details["action"] for e in trail] == ["on", "off"]


def test_f12_on_the_interviews_list_is_logged_for_the_laptop(qtbot, window):
    pin.set_pin(window.store, "2468")
    window.show_place("interviews")
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    assert window.findChild(PrivacyCover).isVisible()
    trail = [e for e in window.store.audit() if e.event == "privacy_screen"]
    assert trail[-1].instance_id is None and trail[-1].details == {"action": "on"}


def test_large_text_on_a_laptop_screen_keeps_every_safety_button_readable(qtbot, qapp, settings, tmp_path):
    """At 200 % text on 1366x768 the safety buttons drop their key hints instead of being cut."""
    from fieldapp.ui.app import apply_text_size
    from fieldapp.ui.runner.runner import InterviewRunner
    from fieldapp.ui.safety.controls import SafetyControls
    from fieldapp.ui.settings.options import TEXT_SCALE
    from fieldapp.protect.protocol import InterviewSafety
    from fieldapp.store import open_store
    from tests.support.scenario import write_form
    from fieldapp.xform import load_form

    from fieldapp.ui import i18n
    i18n.set_app_language("es")                 # the field default, and the longer words
    settings.set(TEXT_SCALE, 200)
    apply_text_size(qapp, settings)
    store = open_store(tmp_path / "data", "a long enough passphrase for tests 4821")
    try:
        form = load_form(write_form(tmp_path, "| survey |  |  |  |\n|  | type | name | label |\n|  | text | a | A |\n"))
        session = store.new_session(form)
        runner = InterviewRunner(session, safety=InterviewSafety(store, session))
        qtbot.addWidget(runner)
        runner.resize(1366, 768)
        runner.show()
        qtbot.waitExposed(runner)
        bar = runner.findChild(SafetyControls).bar

        def readable(button):
            return button.fontMetrics().horizontalAdvance(button.text()) <= button.contentsRect().width()

        buttons = [b for b in bar.findChildren(type(runner.next_button)) if b.isVisible()]
        assert len(buttons) == 4
        qtbot.waitUntil(lambda: all(readable(b) for b in buttons), timeout=2000)
        assert all(b.toolTip() for b in buttons)     # the keys are still told, in the tooltips
    finally:
        store.close()
        settings.set(TEXT_SCALE, 100)
        apply_text_size(qapp, settings)
