"""The merge's work database: every input row lands here first, so memory stays flat however many rows come in.

SQLite through sqlite-utils; SQLCipher when any input was encrypted, so nothing
readable reaches the disk: keyed with the master's password when the database is
to be kept beside the master (see `kept`), else with a random key that lives only
in memory and the file deleted when the merge ends.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils

_DATE, _DATETIME, _TIME = "$d", "$dt", "$t"


def _encode(value):
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dt.time):
        return {_TIME: value.isoformat()}
    return str(value)


def _decode(obj):
    if len(obj) == 1:
        if _DATE in obj:
            return dt.date.fromisoformat(obj[_DATE])
        if _DATETIME in obj:
            return dt.datetime.fromisoformat(obj[_DATETIME])
        if _TIME in obj:
            return dt.time.fromisoformat(obj[_TIME])
    return obj


def dumps(row: list) -> str:
    """A row of cells as JSON, dates and times kept as themselves."""
    return json.dumps(row, default=_encode, ensure_ascii=False, separators=(",", ":"))


_decoder = json.JSONDecoder(object_hook=_decode)


def loads(text: str) -> list:
    return _decoder.decode(text)


SCHEMA = {
    "tables": {"id": int, "input_id": int, "name": str, "kind": str, "columns": str},
    "subs": {"id": int, "input_id": int, "table_id": int, "seq": int, "uuid": str, "root": str, "deprecated": str,
             "status": str, "version": str, "device": str, "source_file": str, "merged_at": str, "sort_key": str,
             "hash": str, "data": str, "outcome": str, "out_index": int, "prev_outcome": str, "prev_index": int},
    "reps": {"id": int, "input_id": int, "table_id": int, "seq": int, "sub_uuid": str, "key": str,
             "parent_key": str, "hash": str, "data": str},
}


def sql_text(text: str) -> str:
    """`text` as an SQL string literal (PRAGMA key and ATTACH ... KEY take no parameters)."""
    return "'" + text.replace("'", "''") + "'"


class WorkDatabase:
    def __init__(self, encrypted: bool, folder: Path | None = None, passphrase: str | None = None):
        """`folder`: where the file lives (beside the master when it is to be kept); `passphrase`: key it with
        this password (SQLCipher derives the key from it) instead of a random key."""
        self.folder = Path(tempfile.mkdtemp(prefix=".fieldapp-merge-", dir=str(folder) if folder else None))
        self.path = self.folder / "work.db"
        path = str(self.path)
        self.encrypted = encrypted
        self.passphrase = passphrase if encrypted else None
        if encrypted:
            import sqlcipher3
            conn = sqlcipher3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA cipher_log_level = NONE")
            if passphrase:
                conn.execute(f"PRAGMA key = {sql_text(passphrase)}")
            else:
                conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # A scratch database: a crash loses nothing (the inputs are still there), so no fsync. The rollback
        # journal (so a rejected input's rows can be taken back) is a file beside it, encrypted like it: in
        # memory it would grow with every row an UPDATE of the whole table touches.
        conn.execute("PRAGMA journal_mode = TRUNCATE")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -32000")
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        for name, columns in SCHEMA.items():
            self.db[name].create(columns, pk="id")
        self.db["meta"].create({"key": str, "value": str}, pk="key")     # what the next merge needs to know
        self.db["numbers"].create({"key": str, "data": bytes}, pk="key")  # the summary's numbers, for the next merge
        # each master sheet's compressed XML, for the next merge to carry over (see master_append)
        self.db["sheet_bytes"].create({"title": str, "part": int, "data": bytes}, pk=("title", "part"))
        self.indexed = False

    def index(self) -> None:
        """Index the rows (once). Before a kept master's rows are copied in (filling indexed tables costs less
        than reading every row again per index), else once every input is read (bulk rows load faster bare)."""
        if self.indexed:
            return
        self.indexed = True
        self.db["subs"].create_index(["uuid"])
        self.db["subs"].create_index(["root"])
        self.db["subs"].create_index(["outcome", "out_index"])
        self.db["reps"].create_index(["input_id", "sub_uuid", "seq"])
        self.db["reps"].create_index(["input_id", "key"])      # a nested repeat row finds its parent row

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql, params)

    def close(self, keep_as: Path | None = None) -> None:
        """Close; the file is deleted, or moved to `keep_as` (beside the master) to be read by the next merge."""
        try:
            self.conn.close()
            if keep_as is not None:
                os.chmod(self.path, 0o600)          # as private as the master beside it
                os.replace(self.path, keep_as)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
