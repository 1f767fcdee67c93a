"""Registered forms: each version of a form's XForm kept in the database, so drafts always reopen on their own form."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from fieldapp.store.errors import FormNotRegistered, StoreDamaged


@dataclass(frozen=True)
class FormRecord:
    """One registered (form_id, version, content) as the form library lists it."""
    id: int
    form_id: str
    version: str
    title: str
    languages: tuple[str, ...]
    content_hash: str
    registered_at: str
    hidden: bool


_COLUMNS = "id, form_id, version, title, languages, content_hash, registered_at, hidden"


def _record(row: dict) -> FormRecord:
    return FormRecord(id=row["id"], form_id=row["form_id"], version=row["version"] or "",
                      title=row["title"] or row["form_id"], languages=tuple(json.loads(row["languages"] or "[]")),
                      content_hash=row["content_hash"] or "", registered_at=row["registered_at"],
                      hidden=bool(row["hidden"]))


def content_hash_of(form) -> str:
    """The form's own hash (of its source files) when the loader set one, else a hash of its XForm text."""
    return form.content_hash or hashlib.sha256(form.xform.encode("utf-8")).hexdigest()


def register(database, form, now: str) -> FormRecord:
    """Keep `form`'s XForm and version; registering the same content again returns the existing record."""
    digest = content_hash_of(form)
    version = form.version or ""
    with database.transaction():
        existing = database.query(
            f"SELECT {_COLUMNS} FROM forms WHERE form_id = ? AND version = ? AND content_hash = ?",
            (form.form_id, version, digest))
        if existing:
            return _record(existing[0])
        if not form.xform:
            raise StoreDamaged(f"form {form.form_id} has no XForm text to keep")
        database.execute(
            "INSERT INTO forms (form_id, version, title, languages, content_hash, xform, source_path, media_dir,"
            " registered_at, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (form.form_id, version, form.title, json.dumps(list(form.languages)), digest, form.xform,
             form.source_path, form.media_dir, now))
        row = database.query(f"SELECT {_COLUMNS} FROM forms WHERE id = last_insert_rowid()")[0]
    return _record(row)


def list_forms(database, include_hidden: bool = True) -> list[FormRecord]:
    where = "" if include_hidden else "WHERE hidden = 0"
    rows = database.query(f"SELECT {_COLUMNS} FROM forms {where} ORDER BY form_id, registered_at, id")
    return [_record(row) for row in rows]


def find(database, form_id: str, version: str | None = None) -> dict:
    """The stored row (with the XForm text) of a form; the most recently registered when `version` is None."""
    if version is None:
        rows = database.query("SELECT * FROM forms WHERE form_id = ? ORDER BY registered_at DESC, id DESC LIMIT 1",
                              (form_id,))
    else:
        rows = database.query("SELECT * FROM forms WHERE form_id = ? AND version = ? "
                              "ORDER BY registered_at DESC, id DESC LIMIT 1", (form_id, version or ""))
    if not rows:
        raise FormNotRegistered(form_id if version is None else f"{form_id} ({version})")
    return rows[0]


def by_id(database, ref: int) -> dict:
    rows = database.query("SELECT * FROM forms WHERE id = ?", (ref,))
    if not rows:
        raise FormNotRegistered(str(ref))
    return rows[0]


def set_hidden(database, form_id: str, hidden: bool) -> None:
    with database.transaction():
        database.execute("UPDATE forms SET hidden = ? WHERE form_id = ?", (int(hidden), form_id))


def form_from_row(row: dict):
    """Rebuild a Form from its kept XForm text; attachments are looked up next to the original file, as at registration."""
    from dataclasses import replace
    from pathlib import Path

    from fieldapp.xform.load.loader import build_form

    original = row.get("source_path")
    # The kept text is XForm XML whatever the original was (.xlsx, .md): name it so, in the original's folder.
    source = str(Path(original).with_suffix(".xml")) if original else f"{row['form_id']}.xml"
    form, _ = build_form(row["xform"].encode("utf-8"), source)
    # Same identity as when it was registered, so registering it again finds the existing record.
    return replace(form, content_hash=row["content_hash"], source_path=original,
                   media_dir=row.get("media_dir") or form.media_dir)
