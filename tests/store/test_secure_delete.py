"""Erased answers are gone from the disk, not only from SQL: the decrypted pages of the database and its log hold none.

Requirement: SAFEGUARDING.md (withdrawal and purge erase), issue 8 "secure
deletion and the checkpoint after an erase". The files are encrypted, so
searching their bytes proves nothing; these tests decrypt every page with the
data key (tests/store/pages.py) and look there, free pages, freed cells and old
log frames included. Before the erase each secret must be readable that way,
so the look itself is known to work.
"""

from __future__ import annotations

import pytest

from fieldapp.store.paths import DATABASE_COMPANIONS
from tests.store.pages import database_pages, log_pages, readable

SECRET = "Rosa-Quetzal-Secreto-"


def on_disk(store, data_dir) -> list[bytes]:
    key = store.database._data_key
    database = data_dir / "fieldapp.db"
    return database_pages(database, key) + log_pages(database.with_name(database.name + DATABASE_COMPANIONS[0]), key)


def interview(store, form, tag: str, finalize: bool):
    session = store.new_session(form, case_code=f"GT-{tag}")
    for round_number in range(30):          # many writes: answers in the log, in checkpointed pages, in the audit
        session.answer("/data/q1", f"{SECRET}{tag}-{round_number}")
        session.answer("/data/q2", f"{SECRET}{tag}-q2")
    if finalize:
        store.finalize(session)
    return session


def test_a_withdrawal_leaves_no_erased_answer_in_the_database_or_its_log(store, data_dir, form):
    kept = interview(store, form, "kept", finalize=False)
    gone = interview(store, form, "gone", finalize=False)
    store.database.execute("PRAGMA wal_checkpoint(PASSIVE)")     # part of it in the database file, part in the log
    gone.answer("/data/q3", f"{SECRET}gone-last")
    assert readable(on_disk(store, data_dir), f"{SECRET}gone-q2")
    assert readable(on_disk(store, data_dir), f"{SECRET}gone-last")

    store.withdraw(gone.instance_id)

    pages = on_disk(store, data_dir)
    for answer in (f"{SECRET}gone-q2", f"{SECRET}gone-last", f"{SECRET}gone-29", f"{SECRET}gone-0"):
        assert not readable(pages, answer), answer
    assert readable(pages, f"{SECRET}kept-q2")        # what was not erased is still there (and findable)
    key = bytes(store.database._data_key)
    store.close()
    pages = database_pages(data_dir / "fieldapp.db", key)
    assert not readable(pages, f"{SECRET}gone-q2") and readable(pages, f"{SECRET}kept-q2")


def test_a_purge_leaves_no_purged_interview_in_the_database_or_its_log(store, data_dir, form):
    kept = interview(store, form, "kept", finalize=True)
    gone = interview(store, form, "gone", finalize=True)
    assert readable(on_disk(store, data_dir), f"{SECRET}gone-q2")

    assert store.purge([gone.instance_id]) == 1

    pages = on_disk(store, data_dir)
    assert not readable(pages, f"{SECRET}gone-q2")
    assert not readable(pages, f"{SECRET}gone-29")
    assert readable(pages, f"{SECRET}kept-q2")
    assert store.instance_xml(kept.instance_id)
