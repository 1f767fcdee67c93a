"""The idle lock for real: the timer locks the app (closing the data and dropping its key), activity keeps it
open, unlocking reopens the same interview; wrong tries make the unlock screen wait, across restarts.

Requirement: issue 8, "The store" (idle lock, unlock attempts) and "The test suite itself" (the idle timer
actually locking the app and activity restarting it).
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from fieldapp.store import attempts as unlock_attempts
from tests.ui import forms
from tests.ui.conftest import PASSPHRASE
from tests.ui.test_shell import unlocked, window_factory  # noqa: F401  (fixture)

SHORT_MS = 300


@pytest.fixture
def interview(window_factory, data_dir, store, tmp_path):   # noqa: F811
    window = unlocked(window_factory, data_dir, store)
    path = tmp_path / "household.md"
    path.write_text(forms.HOUSEHOLD.strip() + "\n", encoding="utf-8")
    window.places["forms"].import_file(str(path))
    window.places["forms"].start_button.click()
    QTest.keyClicks(window.runner.screen_view.widgets["/data/village"].edit, "Mixco")
    window.idle_interval_ms = SHORT_MS
    window._restart_idle_timer()
    return window


def test_the_idle_timer_locks_the_app_and_closes_the_data(interview, qtbot):
    window = interview
    database = window.store.database
    runner = window.runner
    instance_id, question = runner.session.instance_id, [q.path for q in runner.session.current().questions]
    qtbot.waitUntil(lambda: window.lock_page is not None, timeout=5000)      # nobody touched anything
    assert window.stack.currentWidget() is window.lock_page
    assert database.closed and database._data_key == b"", "locking must drop the key, not just hide the screen"
    assert window.store is None and window.runner is None and window.places_page is None
    window.lock_page.passphrase.setText(PASSPHRASE)
    window.lock_page.unlock_button.click()
    assert window.lock_page is None and window.store is not None
    assert window.stack.currentWidget() is window.runner
    assert window.runner.session.instance_id == instance_id
    assert [q.path for q in window.runner.session.current().questions] == question
    assert window.runner.session.value("/data/village") == "Mixco"   # typed before the lock, kept
    assert window.idle_timer.isActive(), "the timer runs again after unlocking"


def test_activity_restarts_the_idle_timer(interview, qtbot):
    window = interview
    target = window.runner.screen_view.widgets["/data/village"].edit
    started = time.monotonic()
    while time.monotonic() - started < SHORT_MS * 3 / 1000:     # three idle periods of steady use
        QTest.mouseMove(target, QPoint(5 + int((time.monotonic() * 1000) % 20), 5))
        QTest.keyClick(target, Qt.Key.Key_End)
        qtbot.wait(SHORT_MS // 4)
        assert window.lock_page is None, "the app locked while it was being used"
    qtbot.waitUntil(lambda: window.lock_page is not None, timeout=5000)    # then idle: it locks


def test_wrong_tries_make_the_unlock_screen_wait_and_a_restart_does_not_reset_it(
        window_factory, data_dir, store, monkeypatch):   # noqa: F811
    now = [1_000_000.0]
    monkeypatch.setattr(unlock_attempts, "clock", lambda: now[0])
    store.close()
    window = window_factory(data_dir)
    gate = window.gate
    for _ in range(unlock_attempts.FREE_TRIES):
        gate.passphrase.setText("not the passphrase at all")
        gate.unlock_button.click()
    assert gate.waiting and not gate.unlock_button.isEnabled()
    assert "Wait 5 seconds" in gate.message.text()
    # A new app on the same folder (closed and restarted) still waits.
    window.close()
    again = window_factory(data_dir)
    assert again.gate.waiting and "Wait" in again.gate.message.text()
    # Even the right passphrase is refused by the store until the wait is over.
    from fieldapp.store import TooManyAttempts, open_store
    with pytest.raises(TooManyAttempts):
        open_store(data_dir, PASSPHRASE, create=False).close()
    now[0] += 6
    again.gate._wait_until = 0      # the count-down on screen follows the monotonic clock: skip it
    again.gate._tick()
    assert not again.gate.waiting and again.gate.unlock_button.isEnabled()
    again.gate.passphrase.setText("still not the passphrase")
    again.gate.unlock_button.click()
    assert "Wait 10 seconds" in again.gate.message.text(), "each wrong try doubles the wait"
    now[0] += 11
    again.gate._wait_until = 0
    again.gate._tick()
    again.gate.passphrase.setText(PASSPHRASE)
    again.gate.unlock_button.click()
    assert again.store is not None
    assert unlock_attempts.UnlockAttempts(data_dir).failures() == 0, "the right passphrase resets the count"
