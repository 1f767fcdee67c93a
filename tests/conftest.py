"""Shared test set-up: Qt runs headless, every test starts from the same state, and compiled forms go to a temporary cache.

State a test may change and the next would inherit is put back after each
test: the app language here, Qt's font, style sheet and translator in
tests/ui/conftest.py. The suite runs in any order (pytest-randomly, when
installed, shuffles it and prints the seed to replay).
"""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def temporary_form_cache(tmp_path_factory, monkeypatch):
    """Compiled forms go to a folder of this test's own, never the user's cache folder (nor another test's)."""
    from fieldapp.xform.load import cache
    folder = tmp_path_factory.mktemp("form-cache")
    monkeypatch.setenv("FIELDAPP_CACHE_DIR", str(folder))
    cache.set_sealing_key(None)          # a store left open by an earlier test does not seal this one's forms
    yield folder
    cache.set_sealing_key(None)


@pytest.fixture(autouse=True)
def same_app_language(monkeypatch):
    """The app's words start in the field default, from the shipped catalogues only, and come back to it."""
    from fieldapp.ui import i18n
    monkeypatch.delenv("FIELDAPP_LOCALE_DIR", raising=False)
    i18n.set_app_language(i18n.FIELD_DEFAULT)
    yield
    i18n.set_app_language(i18n.FIELD_DEFAULT)


def pytest_terminal_summary(terminalreporter, config):
    """Name the random test order even under -q, so a failure that depends on it can be replayed."""
    if config.pluginmanager.hasplugin("randomly"):
        seed = config.getoption("randomly_seed", None)
        if isinstance(seed, int):
            terminalreporter.write_line(f"test order: random, replay with -p randomly --randomly-seed={seed}")
