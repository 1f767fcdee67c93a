"""The shell: first-run set-up, unlock (wrong passphrase, another try), the places, idle lock, settings applied.

Requirements: UI-S1 set-up asks device, interviewer, passphrase twice with a strength hint and
shows a recovery code; UI-S2 unlock refuses a wrong passphrase with a message and allows
another try; UI-S3 Forms / Interviews / Settings places; UI-S4 window state remembered;
UI-S5 importing a form runs in the background and shows validate's problems in plain words.
"""

from __future__ import annotations

import pytest

from fieldapp.ui.setup.setup_page import SetupPage
from fieldapp.ui.setup.strength import passphrase_strength
from fieldapp.ui.setup.unlock_page import UnlockPage
from fieldapp.ui.settings.options import APP_LANGUAGE, IDLE_LOCK_MINUTES, TEXT_SCALE, WINDOW_GEOMETRY
from tests.ui import forms
from tests.ui.conftest import PASSPHRASE


@pytest.fixture
def window_factory(open_window):
    def make(data_dir, **kw):
        return open_window(folder=data_dir, **kw)
    return make


def set_up(window, passphrase=PASSPHRASE):
    gate = window.gate
    gate.device_name.setText("Laptop 3")
    gate.interviewer.setText("Ana")
    gate.passphrase.setText(passphrase)
    gate.confirm.setText(passphrase)
    gate.create_button.click()


def test_passphrase_strength_words():
    assert passphrase_strength("abc")[0] == 0
    assert passphrase_strength("abcdefgh")[0] == 1
    assert passphrase_strength("a" * 16) == (1, "Repeated letters or words are easy to guess.")
    assert passphrase_strength("tres tristes tigres")[0] == 3


def test_first_run_set_up_then_recovery_code_then_places(window_factory, data_dir):
    window = window_factory(data_dir)
    assert isinstance(window.gate, SetupPage)
    gate = window.gate
    gate.passphrase.setText("short")
    assert "Too short" in gate.strength.text()
    gate.device_name.setText("Laptop 3")
    gate.interviewer.setText("Ana")
    gate.passphrase.setText(PASSPHRASE)
    gate.confirm.setText("something else")
    gate.create_button.click()
    assert "not the same" in gate.message.text()
    set_up(window)
    code = gate.code_label.text()
    assert len(code.replace(" ", "")) >= 20
    assert not gate.continue_button.isEnabled()         # only after "I have written it down"
    gate.written_down.setChecked(True)
    gate.continue_button.click()
    assert window.store is not None
    assert window.store.get_setting("interviewer") == "Ana"
    assert window.stack.currentWidget() is window.places_page
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["Forms", "Interviews", "Sync", "Coordinator", "Settings"]


def test_unlock_wrong_passphrase_then_another_try(window_factory, data_dir, store):
    store.close()
    window = window_factory(data_dir)
    assert isinstance(window.gate, UnlockPage)
    window.gate.passphrase.setText("not the passphrase")
    window.gate.unlock_button.click()
    assert window.store is None
    assert window.gate.message.isVisibleTo(window) and "not correct" in window.gate.message.text()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.unlock_button.click()
    assert window.store is not None
    assert window.stack.currentWidget() is window.places_page


def test_unlock_with_recovery_code_sets_a_new_passphrase(window_factory, data_dir, store):
    code = store.create_recovery_code()
    store.close()
    window = window_factory(data_dir)
    window.gate.forgot_button.click()
    window.gate.recovery_code.setText(code)
    window.gate.new_passphrase.setText("una frase nueva y larga")
    window.gate.unlock_button.click()
    assert window.store is not None
    window.store.close()
    from fieldapp.store import open_store
    open_store(data_dir, "una frase nueva y larga", create=False).close()


def unlocked(window_factory, data_dir, store, **kw):
    store.close()
    return window_factory(data_dir, unlock=True, **kw)


def test_places_switch_and_idle_lock(window_factory, data_dir, store, settings):
    window = unlocked(window_factory, data_dir, store)
    window.show_place("settings")
    assert window.place_stack.currentWidget() is window.places["settings"]
    window.nav.setCurrentRow(1)
    assert window.place_stack.currentWidget() is window.places["interviews"]
    window.lock()
    assert window.stack.currentWidget() is window.lock_page
    window.lock_page.passphrase.setText("wrong wrong wrong")
    window.lock_page.unlock_button.click()
    assert window.lock_page is not None and window.lock_page.message.text()
    window.lock_page.passphrase.setText(PASSPHRASE)
    window.lock_page.unlock_button.click()
    assert window.lock_page is None and window.stack.currentWidget() is window.places_page


def test_settings_page_changes_language_text_size_and_lock(window_factory, data_dir, store, settings):
    window = unlocked(window_factory, data_dir, store)
    page = window.places["settings"]
    page.text_scale.setCurrentIndex(page.text_scale.findData(150))
    assert settings.get(TEXT_SCALE) == 150
    page.idle_lock.setCurrentIndex(page.idle_lock.findData(5))
    assert settings.get(IDLE_LOCK_MINUTES) == 5 and window.idle_timer.interval() == 300_000
    page.app_language.setCurrentIndex(page.app_language.findData("es"))
    assert settings.get(APP_LANGUAGE) == "es"
    assert window.nav.item(0).text() == "Formularios"       # pages rebuilt in Spanish
    settings.set(APP_LANGUAGE, "en")


def test_window_geometry_remembered(window_factory, data_dir, settings):
    window = window_factory(data_dir)
    window.resize(700, 500)
    window.close()
    assert settings.get(WINDOW_GEOMETRY)
    again = window_factory(data_dir)
    assert again.width() == 700 and again.restore_window_state()   # height is held up by the page's minimum


def test_import_form_with_problems_says_where(window_factory, data_dir, store, tmp_path):
    window = unlocked(window_factory, data_dir, store)
    bad = tmp_path / "bad.md"
    bad.write_text("| survey |        |      |       |\n|        | type   | name | label |\n"
                   "|        | integer | age | Age |\n|        | text | age | Again |\n", encoding="utf-8")
    page = window.places["forms"]
    page.import_file(str(bad))
    assert page.problems_dialog is not None
    text = page.problems_dialog.list.item(0).text()
    assert "row" in text.lower()
    page.problems_dialog.close()


def test_import_good_form_lists_it_and_starts_an_interview(window_factory, data_dir, store, tmp_path):
    window = unlocked(window_factory, data_dir, store)
    good = tmp_path / "household.md"
    good.write_text(forms.HOUSEHOLD.strip() + "\n", encoding="utf-8")
    page = window.places["forms"]
    page.import_file(str(good))
    assert page.tree.topLevelItem(0).text(0) == "Household"
    page.start_button.click()
    assert window.runner is not None and window.stack.currentWidget() is window.runner
    window.runner.exit_button.click()
    assert window.runner is None
    interviews = window.places["interviews"]
    assert window.place_stack.currentWidget() is interviews
    assert interviews.table.rowCount() == 1 and interviews.resume_button.isEnabled()


def test_cancelled_import_adds_nothing(qtbot, data_dir, store, settings, tmp_path):
    from fieldapp.ui.library.forms_page import FormsPage
    from fieldapp.ui.tasks import TaskRunner
    from concurrent.futures import ThreadPoolExecutor
    import threading
    gate = threading.Event()

    class SlowExecutor(ThreadPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            def held():
                gate.wait(5)
                return fn(*args, **kwargs)
            return super().submit(held)

    tasks = TaskRunner(SlowExecutor(max_workers=1))
    page = FormsPage(store, tasks, bundled_dir=tmp_path / "none")
    qtbot.addWidget(page)
    good = tmp_path / "household.md"
    good.write_text(forms.HOUSEHOLD.strip() + "\n", encoding="utf-8")
    page.import_file(str(good))
    assert page.progress.isVisibleTo(page) or page.cancel_button.isVisibleTo(page)
    page.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: page.task is None, timeout=5000)
    assert "cancelled" in page.status.text()
    assert page.tree.topLevelItemCount() == 0
    tasks.shutdown()


def test_change_passphrase_from_settings(window_factory, data_dir, store):
    window = unlocked(window_factory, data_dir, store)
    page = window.places["settings"]
    page.new_passphrase.setText("otra frase bastante larga")
    page.confirm_passphrase.setText("otra frase bastante larga")
    page.change_button.click()
    assert "changed" in page.passphrase_message.text()
    window.store.close()
    window.store = None
    from fieldapp.store import open_store
    open_store(data_dir, "otra frase bastante larga", create=False).close()


def test_interviews_search_and_form_versions(window_factory, data_dir, store, write_form):
    from fieldapp.xform import load_form
    first = load_form(str(write_form("v1", forms.HOUSEHOLD)))
    second = load_form(str(write_form("v2", forms.HOUSEHOLD.replace("| Household    | household | 1 ", "| Household    | household | 2 "))))
    store.register_form(first)
    store.register_form(second)
    for case in ("CASE-001", "CASE-777"):
        store.exit(store.new_session(second, interviewer="Ana", case_code=case))
    window = unlocked(window_factory, data_dir, store)
    forms_page = window.places["forms"]
    top = forms_page.tree.topLevelItem(0)
    assert top.text(1) == "2" and top.childCount() == 1 and top.child(0).text(1) == "1"
    interviews = window.places["interviews"]
    interviews.refresh()
    assert interviews.table.rowCount() == 2
    interviews.search.setText("777")
    interviews.refresh()
    assert interviews.table.rowCount() == 1 and "CASE-777" not in interviews.table.item(0, 0).text()  # masked
    interviews.reveal_selected()
    assert "CASE-777" in interviews.table.item(0, 0).text()
    interviews.status_filter.setCurrentIndex(interviews.status_filter.findData("finalized"))
    assert interviews.table.rowCount() == 0 and interviews.empty_note.isVisibleTo(interviews)


def test_every_control_on_screen_has_an_accessible_name(qtbot, write_form):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit
    from fieldapp.ui.runner.runner import InterviewRunner
    from fieldapp.xform import load_form
    runner = InterviewRunner(load_form(str(write_form("household", forms.HOUSEHOLD))).new_session())
    qtbot.addWidget(runner)
    for _ in range(6):
        controls = [c for kind in (QAbstractButton, QComboBox, QLineEdit) for c in runner.findChildren(kind)]
        for control in controls:
            if control.isVisibleTo(runner) and not isinstance(control.parent(), QComboBox):
                assert control.accessibleName() or (isinstance(control, QAbstractButton) and control.text()), control
        runner.go_next()


def test_lock_during_an_interview_and_come_back(window_factory, data_dir, store, tmp_path):
    window = unlocked(window_factory, data_dir, store)
    path = tmp_path / "household.md"
    path.write_text(forms.HOUSEHOLD.strip() + "\n", encoding="utf-8")
    window.places["forms"].import_file(str(path))
    window.places["forms"].start_button.click()
    runner = window.runner
    from PySide6.QtTest import QTest
    QTest.keyClicks(runner.screen_view.widgets["/data/village"].edit, "Mixco")
    instance_id, question = runner.session.instance_id, [q.path for q in runner.session.current().questions]
    window.lock()                                            # the idle timer's slot
    assert runner.session.value("/data/village") == "Mixco"  # typing was committed before hiding
    assert window.stack.currentWidget() is window.lock_page
    assert window.store is None and window.runner is None    # the data is closed, not just hidden
    window.lock_page.passphrase.setText(PASSPHRASE)
    window.lock_page.unlock_button.click()
    assert window.stack.currentWidget() is window.runner     # reopened on the same interview
    assert window.runner.session.instance_id == instance_id
    assert window.runner.session.value("/data/village") == "Mixco"
    assert [q.path for q in window.runner.session.current().questions] == question


def test_closing_the_window_mid_interview_keeps_the_draft(window_factory, data_dir, store, settings, tmp_path):
    from fieldapp.ui.settings.options import QUESTIONNAIRE_LANGUAGE
    settings.set(QUESTIONNAIRE_LANGUAGE, "es")
    window = unlocked(window_factory, data_dir, store)
    path = tmp_path / "school.md"
    path.write_text(forms.BILINGUAL.strip() + "\n", encoding="utf-8")
    window.places["forms"].import_file(str(path))
    window.places["forms"].start_button.click()
    runner = window.runner
    assert runner.session.language == "Español (es)"         # the default from Settings
    from PySide6.QtTest import QTest
    QTest.keyClicks(runner.screen_view.widgets["/data/name"].edit, "Rosa")
    instance_id = runner.session.instance_id
    window.close()
    from fieldapp.store import open_store
    reopened = open_store(data_dir, PASSPHRASE, create=False)
    try:
        assert reopened.resume(instance_id).value("/data/name") == "Rosa"
    finally:
        reopened.close()


def test_run_app_opens_the_set_up_and_quits(tmp_path):
    # in a subprocess: quitting the application's event loop would stop every later qtbot wait here
    import subprocess
    import sys
    code = (
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from fieldapp.ui.app import create_application, run_app\n"
        "from fieldapp.ui.shell.main_window import MainWindow\n"
        "app = create_application()\n"
        "def look_and_quit():\n"
        "    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]\n"
        "    print(*[type(w.gate).__name__ for w in windows])\n"
        "    for window in windows:\n"
        "        window.close()\n"
        "    app.quit()\n"
        "QTimer.singleShot(200, look_and_quit)\n"
        f"raise SystemExit(run_app({str(tmp_path / 'fresh')!r}))\n"
    )
    env = dict(__import__("os").environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["SetupPage"]
