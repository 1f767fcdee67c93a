"""Opening the store: creation, passphrase, recovery code, re-keying, and every refusal leaving the folder untouched.

Requirements: SAFEGUARDING.md item 12 (encrypted at rest, a wrong passphrase
changes nothing), issue 3 (foreign folder, newer version, read-only folder).
"""

import json
import os
import sqlite3

import pytest

from fieldapp.store import (
    DatabaseUnreadable, NewerStoreVersion, NoRecoveryCode, NotAFieldAppFolder, PassphraseNeeded, StoreMissing, WeakPassphrase,
    WrongPassphrase, WrongRecoveryCode, open_store, store_exists,
)
from fieldapp.store.attempts import ATTEMPTS_NAME
from fieldapp.store.paths import database_path, default_data_dir, keyfile_path
from tests.store.conftest import PASSPHRASE, reopen


def snapshot(folder):
    """Every file in the folder with its bytes, to prove nothing was written.

    The count of wrong passphrases (.fieldapp.attempts, no data in it) is left out: it must change.
    """
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != ATTEMPTS_NAME}


def test_creates_on_first_use_and_reopens(data_dir, fake_forms):
    assert not store_exists(data_dir)
    store = reopen(data_dir)
    store.set_setting("interviewer", "Ana")
    store.close()
    assert store_exists(data_dir)
    assert sorted(p.name for p in data_dir.iterdir()) == ["fieldapp.db", "fieldapp.keys"]
    if os.name == "posix":
        assert data_dir.stat().st_mode & 0o777 == 0o700
    store = reopen(data_dir)
    assert store.get_setting("interviewer") == "Ana"
    assert store.get_setting("missing", 7) == 7
    store.close()


def test_the_database_is_not_plain_sqlite(store, data_dir):
    store.close()
    assert not database_path(data_dir).read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(database_path(data_dir)).execute("SELECT * FROM sqlite_master").fetchall()


def test_wrong_passphrase_changes_nothing(store, data_dir):
    store.close()
    before = snapshot(data_dir)
    with pytest.raises(WrongPassphrase) as caught:
        reopen(data_dir, "not the passphrase")
    assert caught.value.code == "wrong_passphrase"
    assert "Nothing was changed" in str(caught.value)
    assert "No se cambió nada" in caught.value.text("es")
    assert snapshot(data_dir) == before


def test_missing_secret_and_missing_store(data_dir, fake_forms):
    with pytest.raises(StoreMissing):
        open_store(data_dir, PASSPHRASE, create=False)
    assert not data_dir.exists()
    with pytest.raises(PassphraseNeeded):
        open_store(data_dir)
    with pytest.raises(WeakPassphrase):
        open_store(data_dir, "   ")
    reopen(data_dir).close()
    with pytest.raises(PassphraseNeeded):
        open_store(data_dir)


def test_passphrase_change_rekeys(store, data_dir):
    store.set_setting("k", "v")
    key_before = keyfile_path(data_dir).read_text()
    store.change_passphrase("a new passphrase")
    assert keyfile_path(data_dir).read_text() != key_before
    store.close()
    with pytest.raises(WrongPassphrase):
        reopen(data_dir)
    store = reopen(data_dir, "a new passphrase")
    assert store.get_setting("k") == "v"
    assert [e.event for e in store.audit()][-1] == "passphrase_changed"
    store.close()


def test_old_key_file_copy_does_not_open_after_a_change(store, data_dir):
    """Re-keying means a stolen copy of the old key file plus the old passphrase opens nothing."""
    old_keys = keyfile_path(data_dir).read_text()
    store.change_passphrase("another passphrase")
    store.close()
    keyfile_path(data_dir).write_text(old_keys)
    with pytest.raises(DatabaseUnreadable):
        reopen(data_dir)


def test_recovery_code_unlocks_and_survives_a_passphrase_change(store, data_dir):
    code = store.create_recovery_code()
    assert len(code.replace("-", "")) == 25
    store.set_setting("k", 1)
    store.change_passphrase("changed once more today")
    store.close()
    # Typed by hand: lower case, spaces instead of dashes.
    store = reopen(data_dir, None, recovery_code=code.lower().replace("-", " "))
    assert store.unlocked_by_recovery_code
    assert store.get_setting("k") == 1
    store.change_passphrase("chosen after recovery")
    assert not store.unlocked_by_recovery_code
    store.close()
    reopen(data_dir, "chosen after recovery").close()
    before = snapshot(data_dir)
    with pytest.raises(WrongRecoveryCode):
        reopen(data_dir, None, recovery_code="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    with pytest.raises(WrongPassphrase):   # a wrong recovery code is a wrong secret too
        reopen(data_dir, None, recovery_code="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    assert snapshot(data_dir) == before


def test_no_recovery_code_set(store, data_dir):
    store.close()
    with pytest.raises(NoRecoveryCode):
        reopen(data_dir, None, recovery_code="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")


def test_key_file_holds_no_secret_in_the_clear(store, data_dir):
    code = store.create_recovery_code()
    text = keyfile_path(data_dir).read_text()
    assert PASSPHRASE not in text and code not in text and code.replace("-", "") not in text
    assert store.database._data_key.hex() not in text


@pytest.mark.parametrize("cut", ["before_rekey", "after_rekey"])
def test_interrupted_passphrase_change_still_opens(store, data_dir, monkeypatch, cut):
    """A power cut during a change leaves the key file holding both keys; the passphrase that matches opens."""
    store.set_setting("k", "kept")
    keyfile_class = type(store.database.keyfile)
    real_save = keyfile_class.save
    saves = []

    def save_then_cut(self, path):
        saves.append(path)
        if cut == "before_rekey":       # the first save (both keys) lands, then the power goes
            real_save(self, path)
            raise KeyboardInterrupt("power cut")
        if len(saves) == 2:             # PRAGMA rekey is done; the save dropping the old key never happens
            raise KeyboardInterrupt("power cut")
        real_save(self, path)

    monkeypatch.setattr(keyfile_class, "save", save_then_cut)
    with pytest.raises(KeyboardInterrupt):
        store.change_passphrase("the new one")
    monkeypatch.setattr(keyfile_class, "save", real_save)
    store.database.conn.close()
    store.database.closed = True
    assert len(json.loads(keyfile_path(data_dir).read_text())["keys"]) == 2

    opens, refused = (PASSPHRASE, "the new one") if cut == "before_rekey" else ("the new one", PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        reopen(data_dir, refused)
    reopened = reopen(data_dir, opens)
    assert reopened.get_setting("k") == "kept"
    reopened.close()
    assert len(json.loads(keyfile_path(data_dir).read_text())["keys"]) == 1
    reopen(data_dir, opens).close()


def test_foreign_things_are_refused_untouched(tmp_path, fake_forms):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("hello")
    with pytest.raises(NotAFieldAppFolder):
        reopen(a_file)
    assert a_file.read_text() == "hello"

    other_db = tmp_path / "other"
    other_db.mkdir()
    sqlite3.connect(other_db / "fieldapp.db").execute("CREATE TABLE t (x)").connection.commit()
    before = snapshot(other_db)
    with pytest.raises(NotAFieldAppFolder) as caught:
        reopen(other_db)
    assert snapshot(other_db) == before
    assert "not FieldApp data" in str(caught.value)

    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "fieldapp.db").write_bytes(b"\x00" * 4096)
    (garbage / "fieldapp.keys").write_text("{not json")
    before = snapshot(garbage)
    with pytest.raises(NotAFieldAppFolder):
        reopen(garbage)
    assert snapshot(garbage) == before


def test_a_folder_of_other_files_is_not_used_for_new_data(tmp_path, fake_forms):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "budget.xlsx").write_bytes(b"PK...")
    (documents / ".hidden").write_text("")
    before = snapshot(documents)
    with pytest.raises(NotAFieldAppFolder) as caught:
        reopen(documents)
    assert "budget.xlsx" in str(caught.value)
    assert snapshot(documents) == before
    only_hidden = tmp_path / "fresh"
    only_hidden.mkdir()
    (only_hidden / ".DS_Store").write_text("")
    reopen(only_hidden).close()


def test_set_up_cut_after_the_key_file_is_finished_on_next_open(store, data_dir):
    store.set_setting("k", 1)
    store.close()
    for path in data_dir.glob("fieldapp.db*"):
        path.unlink()          # as if the power went between writing the key file and creating the database
    with pytest.raises(WrongPassphrase):
        reopen(data_dir, "wrong")
    reopened = reopen(data_dir)
    assert reopened.get_setting("k") is None and reopened.forms() == []
    reopened.close()


def test_a_database_swapped_for_another_stores_is_refused(tmp_path, fake_forms):
    first, second = tmp_path / "a", tmp_path / "b"
    reopen(first).close()
    reopen(second).close()
    (first / "fieldapp.db").write_bytes((second / "fieldapp.db").read_bytes())
    before = snapshot(first)
    with pytest.raises(DatabaseUnreadable):
        reopen(first)
    assert snapshot(first) == before


def test_newer_store_version_is_refused_untouched(store, data_dir):
    store.database.conn.execute("PRAGMA user_version = 999")
    store.close()
    before = snapshot(data_dir)
    with pytest.raises(NewerStoreVersion) as caught:
        reopen(data_dir)
    assert "newer version" in str(caught.value)
    assert snapshot(data_dir) == before


def test_a_newer_key_file_is_refused_untouched(store, data_dir):
    store.close()
    data = json.loads(keyfile_path(data_dir).read_text())
    data["version"] = 99
    keyfile_path(data_dir).write_text(json.dumps(data))
    before = snapshot(data_dir)
    with pytest.raises(NewerStoreVersion):
        reopen(data_dir)
    assert snapshot(data_dir) == before


def test_newer_migration_names_are_refused(store, data_dir):
    store.database.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('fieldapp.store', '9999_future', 'x')")
    store.close()
    with pytest.raises(NewerStoreVersion):
        reopen(data_dir)


def test_default_data_dir_is_per_user():
    folder = default_data_dir()
    assert folder.is_absolute()
    assert "fieldapp" in str(folder).lower()


def test_durability_level_is_a_setting(store, data_dir):
    synchronous = lambda s: s.database.conn.execute("PRAGMA synchronous").fetchone()[0]
    assert synchronous(store) == 2                      # FULL: an fsync per answer
    store.set_durability("crash")
    store.close()
    store = reopen(data_dir)
    assert synchronous(store) == 1                      # NORMAL
    with pytest.raises(ValueError):
        store.set_durability("sometimes")
    store.close()


def test_passphrase_typed_with_composed_or_combining_accents(data_dir, fake_forms):
    import unicodedata
    reopen(data_dir, unicodedata.normalize("NFC", "contraseña del niño")).close()
    reopen(data_dir, unicodedata.normalize("NFD", "contraseña del niño")).close()
