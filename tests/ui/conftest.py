"""UI test fixtures: settings on a temp file, work run inline, an encrypted store in a temp folder, forms from markdown."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtGui import QFont

from fieldapp.ui import i18n
from fieldapp.ui.settings.options import AppSettings
from fieldapp.ui.tasks import InlineExecutor, TaskRunner
from tests.support import scenario

PASSPHRASE = "tres tristes tigres"


@pytest.fixture(autouse=True)
def english_app():
    """Tests read English words; the Spanish catalogue has its own test."""
    i18n.set_app_language("en")
    yield
    i18n.set_app_language("en")


@pytest.fixture(autouse=True)
def same_qt_application(qapp):
    """Each test starts with the application's font, style sheet, translator and error hook as the first test had
    them; a test that applies a text size or the app's styling does not hand them to the next."""
    font, sheet, hook = QFont(qapp.font()), qapp.styleSheet(), sys.excepthook
    windows = set(qapp.topLevelWidgets())
    yield
    for stray in set(qapp.topLevelWidgets()) - windows:    # windows and pop-ups the test did not hand to qtbot
        stray.close()
        stray.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)
    if qapp.font() != font:
        qapp.setFont(font)
    translator = getattr(qapp, "_fieldapp_translator", None)
    if translator is not None:
        qapp.removeTranslator(translator)
        qapp._fieldapp_translator = None
    sys.excepthook = hook


@pytest.fixture
def app_styling(qapp):
    """The app's real look (its style sheet and font at 100 %), as a user sees it; put back afterwards."""
    from fieldapp.ui.app import BASE_POINT_SIZE, style_sheet
    font = QFont(qapp.font())
    font.setPointSize(BASE_POINT_SIZE)
    qapp.setFont(font)
    qapp.setStyleSheet(style_sheet(100))
    return qapp


@pytest.fixture
def settings(tmp_path):
    qsettings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    app_settings = AppSettings(qsettings)
    from fieldapp.ui.settings.options import APP_LANGUAGE
    app_settings.set(APP_LANGUAGE, "en")
    return app_settings


@pytest.fixture
def inline_tasks(qapp):
    return TaskRunner(InlineExecutor())


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    from fieldapp.store import open_store
    opened = open_store(data_dir, PASSPHRASE, create=True)
    opened.set_setting("interviewer", "Ana")
    yield opened
    try:
        opened.close()
    except Exception:
        pass


@pytest.fixture
def open_window(qtbot, settings, inline_tasks, tmp_path, data_dir):
    """open_window(unlock=False, size=None, folder=None, **options): the app's main window on the test's data
    folder, shown, answering yes to every question, without the bundled forms unless `bundled_dir` says so."""
    from fieldapp.ui.shell.main_window import MainWindow

    def make(*, unlock: bool = False, size: tuple[int, int] | None = None, folder=None, **options):
        options.setdefault("bundled_dir", tmp_path / "no-bundled-forms")
        options.setdefault("confirm", lambda *a: True)
        window = MainWindow(folder or data_dir, settings=settings, tasks=inline_tasks, **options)
        qtbot.addWidget(window)
        if size:
            window.resize(*size)
        window.show()
        if unlock:
            unlock_window(window)
        return window
    return make


def unlock_window(window, passphrase: str = PASSPHRASE):
    """Type the passphrase into the lock screen and press Unlock, as the interviewer does."""
    window.gate.passphrase.setText(passphrase)
    window.gate.unlock_button.click()
    assert window.store is not None, "the window did not unlock"
    return window


@pytest.fixture
def unlocked_window(open_window, store):
    """The app's main window unlocked on the test's store (closed here first: the window opens it itself)."""
    store.close()
    return open_window(unlock=True)


@pytest.fixture
def write_form(tmp_path):
    """write_form(name, markdown) -> path of a .md XLSForm in the test's folder."""
    def write(name: str, markdown: str):
        return scenario.write_form(tmp_path, markdown, name)
    return write
