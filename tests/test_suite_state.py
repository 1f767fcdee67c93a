"""The suite's own hygiene: compiled forms never reach the user's cache folder, and no test hands its state to the next.

Each pair below has one test that changes the state and one that expects the
starting state; the suite runs in random order (pytest-randomly), so when the
reset is missing the second fails whenever it runs after the first.
"""

from __future__ import annotations

from pathlib import Path

from fieldapp.ui import i18n
from fieldapp.xform import load_form
from fieldapp.xform.load import cache

FORM = "| survey |\n|        | type | name | label |\n|        | text | a    | A     |\n"


def test_compiled_forms_go_to_this_tests_own_temporary_folder(tmp_path, temporary_form_cache):
    assert cache.cache_dir() == temporary_form_cache
    assert not str(cache.cache_dir()).startswith(str(Path.home() / ".cache"))
    path = tmp_path / "f.md"
    path.write_text(FORM, encoding="utf-8")
    cache.set_sealing_key(bytes(32))     # as an unlocked store does (the fixture takes it away again)
    load_form(path)
    assert list((temporary_form_cache / "forms").glob("*.sealed"))


def test_a_test_may_leave_a_sealing_key_behind():
    cache.set_sealing_key(bytes(32))


def test_each_test_starts_with_no_sealing_key():
    assert cache.sealing_key() is None


def test_another_test_starts_with_an_empty_cache_folder(temporary_form_cache):
    assert not (temporary_form_cache / "forms").exists()


def test_a_test_may_switch_the_app_language():
    i18n.set_app_language("en")
    assert i18n.tr("Unlock") == "Unlock"


def test_each_test_starts_in_the_field_default_language():
    assert i18n.app_language() == i18n.FIELD_DEFAULT == "es"
    assert i18n.tr("Unlock") == "Desbloquear"
