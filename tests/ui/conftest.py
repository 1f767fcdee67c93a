"""UI test fixtures: settings on a temp file, work run inline, an encrypted store in a temp folder, forms from markdown."""

from __future__ import annotations

import textwrap

import pytest
from PySide6.QtCore import QSettings

from fieldapp.ui import i18n
from fieldapp.ui.settings.options import AppSettings
from fieldapp.ui.tasks import InlineExecutor, TaskRunner

PASSPHRASE = "tres tristes tigres"


@pytest.fixture(autouse=True)
def english_app():
    """Tests read English words; the Spanish catalogue has its own test."""
    i18n.set_app_language("en")
    yield
    i18n.set_app_language("en")


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
def write_form(tmp_path):
    """write_form(name, markdown) -> path of a .md XLSForm."""
    def write(name: str, markdown: str):
        path = tmp_path / f"{name}.md"
        path.write_text(textwrap.dedent(markdown).strip() + "\n", encoding="utf-8")
        return path
    return write
