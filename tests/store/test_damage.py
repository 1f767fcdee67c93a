"""Damaged files are reported as damage, with a typed error and words saying what to do, and kept as they are.

Requirement: issue 8, "The store" (a zero-byte or truncated database, page
corruption, a key file of the wrong version or shape).
"""

import json
import os

import pytest

from fieldapp.store import DatabaseTruncated, KeyFileDamaged, StoreDamaged, open_store
from fieldapp.store import database as store_database
from fieldapp.store.paths import database_path, keyfile_path
from tests.store.conftest import reopen
from tests.store.test_open import snapshot

PAGE = 4096


@pytest.fixture
def filled(store, data_dir):
    """A closed store with a few hundred pages of data."""
    for i in range(600):
        store.set_setting(f"k{i}", "x" * 500)
    store.close()
    return data_dir


def refused_untouched(data_dir, error_type):
    before = snapshot(data_dir)
    with pytest.raises(error_type) as caught:
        reopen(data_dir, create=False)
    assert snapshot(data_dir) == before, "a damaged folder must be kept exactly as it was"
    return caught.value


def says_what_to_do(error):
    english, spanish = error.text("en"), error.text("es")
    assert "backup" in english and "coordinator" in english
    assert "copia de seguridad" in spanish and "coordinador" in spanish


def test_a_zero_byte_database_beside_its_key_file_is_damage_not_a_new_store(filled):
    database_path(filled).write_bytes(b"")
    error = refused_untouched(filled, DatabaseTruncated)
    says_what_to_do(error)
    assert database_path(filled).stat().st_size == 0
    # Even when asked to create, the empty file is not silently replaced by an empty store.
    with pytest.raises(DatabaseTruncated):
        reopen(filled, create=True)


@pytest.mark.parametrize("keep", [100, PAGE * 7 + 1000, None])
def test_a_truncated_database_is_damage(filled, keep):
    data = database_path(filled).read_bytes()
    database_path(filled).write_bytes(data[:keep if keep is not None else (len(data) // PAGE // 2) * PAGE])
    error = refused_untouched(filled, StoreDamaged)
    says_what_to_do(error)
    assert "other files" not in error.text("en")


@pytest.mark.parametrize("pages", [range(0, 1), range(1, 3), range(5, 40, 3)])
def test_page_corruption_is_damage_not_a_raw_database_error(filled, pages):
    data = bytearray(database_path(filled).read_bytes())
    for page in pages:
        data[page * PAGE + 100:page * PAGE + 300] = os.urandom(200)
    database_path(filled).write_bytes(bytes(data))
    try:
        store = reopen(filled, create=False)
    except StoreDamaged as error:
        says_what_to_do(error)
        return
    # The damaged pages were not among those opening reads: reading everything must say "damaged".
    with pytest.raises(StoreDamaged):
        store.database.query("SELECT * FROM settings")
    store.close()


def _edit_keyfile(data_dir, change):
    data = json.loads(keyfile_path(data_dir).read_text())
    change(data)
    keyfile_path(data_dir).write_text(json.dumps(data))


@pytest.mark.parametrize("change", [
    lambda d: d.update(version="one"),
    lambda d: d.update(version=None),
    lambda d: d.update(version=0),
    lambda d: d.update(keys="abc"),
    lambda d: d.update(keys=["abc"]),
    lambda d: d.update(keys=[]),
    lambda d: d.update(recovery="abc"),
    lambda d: d["keys"][0].update(by_passphrase="zz"),
    lambda d: d["keys"][0]["by_passphrase"]["kdf"].update(n="x"),
    lambda d: d["keys"][0]["by_passphrase"]["kdf"].update(n=2 ** 40),    # would ask for terabytes of memory
    lambda d: d["keys"][0]["by_passphrase"].pop("nonce"),
], ids=["version-text", "version-null", "version-zero", "keys-text", "key-text", "no-keys", "recovery-text",
        "wrapping-text", "kdf-text", "kdf-huge", "no-nonce"])
def test_a_key_file_of_the_wrong_version_or_shape_is_damage(filled, change):
    _edit_keyfile(filled, change)
    error = refused_untouched(filled, KeyFileDamaged)
    assert error.code == "keyfile_damaged"
    assert "fieldapp.keys" in error.text("en") and "fieldapp.keys" in error.text("es")
    assert "recovery code" in error.text("en")


def test_a_key_file_cut_short_is_damage(filled):
    text = keyfile_path(filled).read_text()
    keyfile_path(filled).write_text(text[: len(text) // 2])
    refused_untouched(filled, KeyFileDamaged)
    keyfile_path(filled).write_text("")
    refused_untouched(filled, KeyFileDamaged)


def test_set_up_cut_short_never_leaves_an_empty_database_beside_the_key_file(data_dir, fake_forms, monkeypatch):
    """The database is built under a temporary name and renamed when whole, so an empty one is always damage."""
    real_migrate = __import__("fieldapp.store.migrations", fromlist=["migrate"]).migrate

    def power_cut(store):
        raise KeyboardInterrupt("power cut during set-up")

    monkeypatch.setattr("fieldapp.store.migrations.migrate", power_cut)
    with pytest.raises(KeyboardInterrupt):
        open_store(data_dir, "tres tristes tigres comen trigo")
    assert keyfile_path(data_dir).exists() and not database_path(data_dir).exists()
    assert (data_dir / ("fieldapp.db" + store_database.BUILDING_SUFFIX)).exists()
    monkeypatch.setattr("fieldapp.store.migrations.migrate", real_migrate)
    store = open_store(data_dir, "tres tristes tigres comen trigo")
    store.set_setting("k", "v")
    store.close()
    assert sorted(p.name for p in data_dir.iterdir()) == ["fieldapp.db", "fieldapp.keys"]
