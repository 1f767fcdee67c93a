"""The audit trail: who did what and when, per submission, inside the encrypted database; exportable without answers.

Event names follow ODK's audit log (form_start, question, form_save,
form_exit, form_resume, form_finalize, add_repeat, delete_repeat, with old and
new values on answer changes) plus FieldApp's own safeguarding events.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from fieldapp.store.clock import stamp

# ODK Collect's audit events, in our spelling.
ODK_EVENTS = ("form_start", "form_resume", "form_save", "form_exit", "form_finalize", "finalize_error",
              "question", "group_questions", "jump", "end_screen", "add_repeat", "delete_repeat",
              "answer_changed", "constraint_error", "language_change")
# FieldApp's safeguarding events (SAFEGUARDING.md items 4-9, 14-17).
FIELDAPP_EVENTS = ("decline", "undecline", "pause", "privacy_screen", "distress", "referral", "withdraw",
                   "export", "purge", "edit", "unlock", "passphrase_changed", "recovery_code_created", "consent",
                   "attach", "detach", "sync", "form_import", "service_directory", "pseudonym_key", "pin_changed",
                   "privacy_check", "skip", "reveal", "self_interview", "referral_outcome",
                   "service_list", "prefill")
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


def insert(database, at: str | int, instance_id: str | None, event: str, *, path: str | None = None,
           old_value: str | None = None, new_value: str | None = None, details: dict | None = None) -> None:
    """Append one event at `at` (a store timestamp or epoch ms), inside the transaction of the change it records."""
    at_ms = at if isinstance(at, int) else int(dt.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() * 1000)
    database.execute(
        "INSERT INTO audit (subject, at, event, path, old_value, new_value, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (term_id(database, instance_id), at_ms, term_id(database, event), term_id(database, path), old_value,
         new_value, json.dumps(details, ensure_ascii=False, default=str) if details else None))


def term_id(database, term: str | None) -> int | None:
    """The number standing for a submission id, path or event name (created on first use, cached)."""
    if term is None:
        return None
    cache = database.term_cache
    found = cache.get(term)
    if found is None:
        database.execute("INSERT OR IGNORE INTO audit_terms (term) VALUES (?)", (term,))
        found = database.fetchall("SELECT id FROM audit_terms WHERE term = ?", (term,))[0][0]
        cache[term] = found
    return found


_SELECT = ("SELECT a.id, s.term, a.at, e.term, p.term, a.old_value, a.new_value, a.details FROM audit a "
           "LEFT JOIN audit_terms s ON s.id = a.subject JOIN audit_terms e ON e.id = a.event "
           "LEFT JOIN audit_terms p ON p.id = a.path")


def events(database, instance_id: str | None = None, include_values: bool = False) -> list[AuditEvent]:
    """Events in the order they happened; values (answers, free-text details) only when asked for."""
    if instance_id is not None:
        rows = database.fetchall(_SELECT + " WHERE a.subject = (SELECT id FROM audit_terms WHERE term = ?) "
                                 "ORDER BY a.id", (instance_id,))
    else:
        rows = database.fetchall(_SELECT + " ORDER BY a.id")
    result = []
    for event_id, subject, at, event, path, old_value, new_value, details_text in rows:
        details = json.loads(details_text) if details_text else None
        if not include_values:
            details = _without_values(details)
        result.append(AuditEvent(
            id=event_id, instance_id=subject, at=stamp_ms(at), event=event, path=path,
            old_value=old_value if include_values else None,
            new_value=new_value if include_values else None, details=details))
    return result


def count_by_subject(database, event: str) -> dict[str, int]:
    """{instance_id: number of `event` events} for every submission that has any."""
    rows = database.fetchall("SELECT s.term, COUNT(*) FROM audit a JOIN audit_terms s ON s.id = a.subject "
                             "WHERE a.event = (SELECT id FROM audit_terms WHERE term = ?) GROUP BY s.term", (event,))
    return {subject: count for subject, count in rows}


def stamp_ms(at_ms: int) -> str:
    return stamp(dt.datetime.fromtimestamp(at_ms / 1000, dt.timezone.utc))


# Details keys that never carry an answer or a person's words, so they survive a values-free export.
_SAFE_DETAIL_KEYS = {"kind", "outcome", "reason_code", "count", "profile", "form_id", "form_version",
                     "language", "position", "previous_instance_id", "new_instance_id", "problems", "erase",
                     "status", "file_kind", "by", "choice", "action", "service_type", "repeat", "screen",
                     "media_type", "size", "rows", "file_name", "submissions", "forms",
                     "observed_risk"}   # the interviewer's own yes/no at a refusal, never an answer


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
        subjects = [row[0] for row in database.fetchall(
            f"SELECT id FROM audit_terms WHERE term IN ({','.join('?' * len(chunk))})", chunk)]
        if not subjects:
            continue
        marks = ",".join("?" * len(subjects))
        rows = database.fetchall(f"SELECT id, details FROM audit WHERE subject IN ({marks}) AND details IS NOT NULL",
                                 subjects)
        for event_id, details in rows:
            kept = _without_values(json.loads(details))
            database.execute("UPDATE audit SET details = ? WHERE id = ?", (json.dumps(kept) if kept else None, event_id))
        database.execute(f"UPDATE audit SET old_value = NULL, new_value = NULL WHERE subject IN ({marks})", subjects)
