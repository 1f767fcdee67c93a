"""Schema migrations: numbered, each in its own transaction, recorded with the version they bring.

Requirement: issue 3 (schema created and upgraded by numbered sqlite_utils migrations, each in a transaction).
"""

import pytest

from fieldapp.store import migrations
from tests.store.conftest import reopen


def versions(store):
    conn = store.database.conn
    applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    return conn.execute("PRAGMA user_version").fetchone()[0], applied


def test_a_new_store_has_every_migration(store):
    assert versions(store) == (migrations.known_versions(), [m.name for m in migrations.migrations._migrations])


def test_a_later_migration_upgrades_an_existing_store(store, data_dir, monkeypatch):
    store.set_setting("kept", True)
    store.close()
    added = migrations.Migrations._Migration(
        "0099_add_notes", lambda db: db["notes"].create({"id": int, "text": str}, pk="id"))
    monkeypatch.setattr(migrations.migrations, "_migrations", migrations.migrations._migrations + [added])
    store = reopen(data_dir)
    number, applied = versions(store)
    assert number == migrations.known_versions() and applied[-1] == "0099_add_notes"
    assert store.database.db["notes"].exists() and store.get_setting("kept") is True
    store.close()


def test_a_failing_migration_leaves_nothing_half_done(store, data_dir, monkeypatch):
    before = versions(store)
    store.close()

    def half_then_fail(db):
        db["half"].create({"id": int}, pk="id")
        raise RuntimeError("migration bug")

    failing = migrations.Migrations._Migration("0099_fails", half_then_fail)
    monkeypatch.setattr(migrations.migrations, "_migrations", migrations.migrations._migrations + [failing])
    with pytest.raises(RuntimeError):
        reopen(data_dir)
    monkeypatch.setattr(migrations.migrations, "_migrations", migrations.migrations._migrations[:-1])
    store = reopen(data_dir)
    assert versions(store) == before
    assert not store.database.db["half"].exists()
    store.close()
