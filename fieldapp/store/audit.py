"""The audit trail: who did what and when, per submission, inside the encrypted database; exportable without answers.

Event names follow ODK's audit log (form_start, question, form_save,
form_exit, form_resume, form_finalize, add_repeat, delete_repeat, with old and
new values on answer changes) plus FieldApp's own safeguarding events.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

# ODK Collect's audit events, in our spelling.
ODK_EVENTS = ("form_start", "form_resume", "form_save", "form_exit", "form_finalize", "finalize_error",
              "question", "group_questions", "jump", "end_screen", "add_repeat", "delete_repeat",
              "answer_changed", "constraint_error", "language_change")
# FieldApp's safeguarding events (SAFEGUARDING.md items 4-9, 14-17).
FIELDAPP_EVENTS = ("decline", "undecline", "pause", "privacy_screen", "distress", "referral", "withdraw",
                   "export", "purge", "edit", "unlock", "passphrase_changed", "recovery_code_created", "consent")
CSV_COLUMNS = ("id", "instance_id", "at", "event", "path", "old_value", "new_value", "details")


@dataclass(frozen=True)
class AuditEvent:
    id: int
    instance_id: str | None
    at: str
    event: str
    path: str | None = None
    old_value: str | None = None      # None when exported without values
    new_value: str | None = None
    details: dict | None = None


def insert(database, at: str, instance_id: str | None, event: str, *, path: str | None = None,
           old_value: str | None = None, new_value: str | None = None, details: dict | None = None) -> None:
    """Append one event (call inside the transaction of the change it records, so both land or neither)."""
    database.execute(
        "INSERT INTO audit (instance_id, at, event, path, old_value, new_value, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (instance_id, at, event, path, old_value, new_value,
         json.dumps(details, ensure_ascii=False, default=str) if details else None))


def events(database, instance_id: str | None = None, include_values: bool = False,
           since: str | None = None) -> list[AuditEvent]:
    """Events in the order they happened; values (answers, free-text details) only when asked for."""
    clauses, params = [], []
    if instance_id is not None:
        clauses.append("instance_id = ?")
        params.append(instance_id)
    if since is not None:
        clauses.append("at >= ?")
        params.append(since)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = database.query(f"SELECT * FROM audit {where} ORDER BY id", params)
    result = []
    for row in rows:
        details = json.loads(row["details"]) if row["details"] else None
        if not include_values:
            details = _without_values(details)
        result.append(AuditEvent(
            id=row["id"], instance_id=row["instance_id"], at=row["at"], event=row["event"], path=row["path"],
            old_value=row["old_value"] if include_values else None,
            new_value=row["new_value"] if include_values else None, details=details))
    return result


# Details keys that never carry an answer or a person's words, so they survive a values-free export.
_SAFE_DETAIL_KEYS = {"kind", "outcome", "reason_code", "count", "profile", "form_id", "form_version",
                     "language", "position", "previous_instance_id", "new_instance_id", "problems", "erase",
                     "status", "file_kind", "by", "choice", "action", "service_type", "repeat", "screen"}


def _without_values(details: dict | None) -> dict | None:
    if not details:
        return details
    return {k: v for k, v in details.items() if k in _SAFE_DETAIL_KEYS} or None


def to_csv(events_list: list[AuditEvent]) -> str:
    """The events as CSV text (one header row), for a coordinator or an auditor."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events_list:
        writer.writerow([event.id, event.instance_id or "", event.at, event.event, event.path or "",
                         event.old_value or "", event.new_value or "",
                         json.dumps(event.details, ensure_ascii=False) if event.details else ""])
    return out.getvalue()


def forget_values(database, instance_ids: list[str]) -> None:
    """Erase answers and free text from these submissions' events (withdrawal, purge); the events themselves stay."""
    for start in range(0, len(instance_ids), 500):
        chunk = instance_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = database.query(f"SELECT id, details FROM audit WHERE instance_id IN ({marks}) AND details IS NOT NULL",
                              chunk)
        for row in rows:
            kept = _without_values(json.loads(row["details"]))
            database.execute("UPDATE audit SET details = ? WHERE id = ?",
                             (json.dumps(kept) if kept else None, row["id"]))
        database.execute(f"UPDATE audit SET old_value = NULL, new_value = NULL WHERE instance_id IN ({marks})", chunk)
