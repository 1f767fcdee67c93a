"""Submission rows: drafts and finalized fillings, their saved state, and fast listing and search.

Listing columns live in `submissions`, the bulky blobs in `submission_data`.
A draft's state is the session's whole dump() (zlib-compressed JSON) plus the
`draft_values` overlay: one row per node changed since that dump, so a single
answer writes a few small rows instead of the whole filling.
"""

from __future__ import annotations

import json
import zlib
from typing import NamedTuple

from fieldapp.store.errors import SubmissionNotFound

STATUSES = ("draft", "finalized", "withdrawn", "refused")
# The key of FormSession.dump() holding positional path -> value (the overlay is merged into it).
VALUES_KEY = "values"
DRAFT_COMPRESSION = 1       # drafts are rewritten often: fast
FINAL_COMPRESSION = 6       # finalized ones once: small


class SubmissionRecord(NamedTuple):
    """One submission as lists show it (no answers). A NamedTuple: lists of ten thousand build fast."""
    instance_id: str
    root_id: str
    deprecated_id: str | None
    form_id: str
    form_version: str
    status: str                 # "draft" | "finalized" | "withdrawn" | "refused" (consent or assent refused)
    created_at: str
    updated_at: str
    interviewer: str | None
    case_code: str | None
    title: str
    finalized_at: str | None = None
    superseded_by: str | None = None   # a later edited version replaced this one
    outcome: str | None = None         # consent_refused, assent_refused, rescheduled... (None: nothing to say)


_COLUMNS = ("instance_id, root_id, deprecated_id, form_id, form_version, status, created_at, updated_at, "
            "interviewer, case_code, title, finalized_at, superseded_by, outcome")


def _record(row: dict) -> SubmissionRecord:
    return SubmissionRecord(**{k: row[k] for k in row})


def pack(data: dict, level: int = DRAFT_COMPRESSION) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), level)


def unpack(blob: bytes | None) -> dict | None:
    return json.loads(zlib.decompress(blob).decode("utf-8")) if blob else None


def pack_text(text: str, level: int = FINAL_COMPRESSION) -> bytes:
    return zlib.compress(text.encode("utf-8"), level)


def unpack_text(blob: bytes | None) -> str | None:
    return zlib.decompress(blob).decode("utf-8") if blob else None


def get_row(database, instance_id: str) -> dict:
    """The submission's columns with its `state` and `xml` blobs."""
    rows = database.query("SELECT s.*, d.state, d.xml FROM submissions s LEFT JOIN submission_data d "
                          "USING (instance_id) WHERE s.instance_id = ?", (instance_id,))
    if not rows:
        raise SubmissionNotFound(instance_id)
    return rows[0]


def get_record(database, instance_id: str) -> SubmissionRecord:
    rows = database.query(f"SELECT {_COLUMNS} FROM submissions WHERE instance_id = ?", (instance_id,))
    if not rows:
        raise SubmissionNotFound(instance_id)
    return _record(rows[0])


def draft_state(database, row: dict) -> dict:
    """The draft's dump() with the answers saved since then laid over it."""
    state = unpack(row["state"]) or {}
    overlay = database.query("SELECT path, value FROM draft_values WHERE instance_id = ?", (row["instance_id"],))
    if overlay:
        values = state.setdefault(VALUES_KEY, {})
        for item in overlay:
            values[item["path"]] = item["value"]
    return state


def save_full(database, instance_id: str, state: dict, now: str, **columns) -> None:
    """Replace the saved state by a whole dump() and drop the overlay it now contains (inside a transaction)."""
    sets = ", ".join(f"{name} = ?" for name in columns)
    database.execute(f"UPDATE submissions SET updated_at = ?{', ' + sets if sets else ''} WHERE instance_id = ?",
                     (now, *columns.values(), instance_id))
    set_data(database, instance_id, state=pack(state))
    database.execute("DELETE FROM draft_values WHERE instance_id = ?", (instance_id,))


def insert(database, record: dict, state: bytes | None, xml: bytes | None = None) -> None:
    """A new submission row and its data (inside a transaction)."""
    database.db["submissions"].insert(record)
    database.execute("INSERT INTO submission_data (instance_id, state, xml) VALUES (?, ?, ?)",
                     (record["instance_id"], state, xml))


_UNSET = object()


def set_data(database, instance_id: str, *, state=_UNSET, xml=_UNSET) -> None:
    """Replace the packed state and/or XML (None erases them)."""
    for column, value in (("state", state), ("xml", xml)):
        if value is not _UNSET:
            database.execute(f"UPDATE submission_data SET {column} = ? WHERE instance_id = ?", (value, instance_id))


def save_values(database, instance_id: str, values: dict[str, str], now: str) -> None:
    """Upsert the changed nodes of one answer (inside a transaction)."""
    database.conn.executemany(
        "INSERT INTO draft_values (instance_id, path, value) VALUES (?, ?, ?) "
        "ON CONFLICT (instance_id, path) DO UPDATE SET value = excluded.value",
        [(instance_id, path, "" if value is None else str(value)) for path, value in values.items()])
    database.execute("UPDATE submissions SET updated_at = ? WHERE instance_id = ?", (now, instance_id))


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(database, *, form_id=None, status=None, interviewer=None, case_code=None, since=None, until=None,
           text=None, limit=None, include_superseded=False, root_id=None) -> list[SubmissionRecord]:
    """Submissions matching every given filter, most recently changed first (indexed columns only)."""
    clauses, params = [], []
    for column, wanted in (("form_id", form_id), ("status", status), ("interviewer", interviewer),
                           ("case_code", case_code), ("root_id", root_id)):
        if wanted is None:
            continue
        if isinstance(wanted, (list, tuple, set, frozenset)):
            clauses.append(f"{column} IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        else:
            clauses.append(f"{column} = ?")
            params.append(wanted)
    if since is not None:
        clauses.append("updated_at >= ?")
        params.append(since)
    if until is not None:
        clauses.append("updated_at < ?")
        params.append(until)
    if text:
        pattern = f"%{escape_like(text.strip())}%"
        clauses.append("(title LIKE ? ESCAPE '\\' OR case_code LIKE ? ESCAPE '\\' OR instance_id LIKE ? ESCAPE '\\')")
        params.extend([pattern, pattern, pattern])
    if not include_superseded:
        clauses.append("superseded_by IS NULL")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    limit_sql = f" LIMIT {int(limit)}" if limit else ""
    rows = database.fetchall(f"SELECT {_COLUMNS} FROM submissions {where} ORDER BY updated_at DESC, instance_id"
                             f"{limit_sql}", params)
    return list(map(SubmissionRecord._make, rows))
