"""Answers that are files (photos, recordings, documents), kept as BLOBs inside the encrypted database.

A file is read into memory and written to the `attachments` table in the same
transaction as the answer that names it; it is never copied beside the
database, never written to a temporary file. The answer's value is a new name
made from the time (as ODK Collect does), because the name the file had on
disk may itself identify the child ("maria_lopez.jpg").
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from fieldapp.store.errors import AttachmentNotFound, AttachmentTooLarge, AttachmentUnreadable

DEFAULT_MAX_MB = 50
MAX_SETTING = "max_attachment_mb"
_MB = 1024 * 1024
# Extensions kept from the chosen file: short and plain, so the new name is safe on every file system.
_MAX_EXTENSION = 5


class AttachmentRecord(NamedTuple):
    """One attached file as lists show it (no content)."""
    instance_id: str
    file_name: str
    path: str
    media_type: str
    size: int
    sha256: str
    added_at: str


_COLUMNS = "instance_id, file_name, path, media_type, size, sha256, added_at"


@dataclass(frozen=True)
class InMemoryFile:
    """A file made in the app (a recording from the microphone): its bytes go to the database, never to the disk."""
    name: str
    content: bytes


def read_source(source_file, max_bytes: int) -> bytes:
    """The chosen file's bytes; refuses (before reading) a file above `max_bytes`."""
    if isinstance(source_file, InMemoryFile):
        if len(source_file.content) > max_bytes:
            raise AttachmentTooLarge(f"{size_text(len(source_file.content))}; the limit is {size_text(max_bytes)}")
        return bytes(source_file.content)
    path = Path(source_file)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise AttachmentUnreadable(f"{path.name}: not a file")
        if size > max_bytes:
            raise AttachmentTooLarge(f"{size_text(size)}; the limit is {size_text(max_bytes)}")
        with open(path, "rb") as handle:
            # One byte more than allowed tells a file that grew since stat() from one at the limit.
            content = handle.read(max_bytes + 1)
    except OSError as exc:
        raise AttachmentUnreadable(f"{path.name}: {exc.strerror or exc}") from exc
    if len(content) > max_bytes:
        raise AttachmentTooLarge(f"more than {size_text(max_bytes)}")
    return content


def size_text(size: int) -> str:
    """A size as people read it: 820 bytes, 14 KB, 3.2 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < _MB:
        return f"{size / 1024:.0f} KB"
    return f"{size / _MB:.1f} MB"


def media_type_of(source_name: str) -> str:
    return mimetypes.guess_type(source_name)[0] or "application/octet-stream"


def new_file_name(database, instance_id: str, epoch_ms: int, source_name: str, media_type: str) -> str:
    """`<epoch ms>.<ext>`, unique within the submission (a suffix when two files share a millisecond)."""
    extension = Path(source_name).suffix.lower().lstrip(".")
    if not (extension.isalnum() and extension.isascii() and len(extension) <= _MAX_EXTENSION):
        guessed = mimetypes.guess_extension(media_type) or ".bin"
        extension = guessed.lstrip(".")
    taken = {row[0] for row in database.fetchall(
        "SELECT file_name FROM attachments WHERE instance_id = ? AND file_name LIKE ?",
        (instance_id, f"{epoch_ms}%"))}
    name, number = f"{epoch_ms}.{extension}", 1
    while name in taken:
        name = f"{epoch_ms}-{number}.{extension}"
        number += 1
    return name


def insert(database, record: AttachmentRecord, content: bytes) -> None:
    """Store one file (inside the transaction of the answer that names it)."""
    database.execute(f"INSERT INTO attachments ({_COLUMNS}, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (*record, content))


def describe(instance_id: str, file_name: str, path: str, content: bytes, source_name: str,
             added_at: str) -> AttachmentRecord:
    return AttachmentRecord(instance_id, file_name, path, media_type_of(source_name), len(content),
                            hashlib.sha256(content).hexdigest(), added_at)


def content(database, instance_id: str, file_name: str) -> bytes:
    rows = database.fetchall("SELECT content FROM attachments WHERE instance_id = ? AND file_name = ?",
                             (instance_id, file_name))
    if not rows:
        raise AttachmentNotFound(file_name)
    return bytes(rows[0][0])


def listing(database, instance_id: str) -> list[AttachmentRecord]:
    rows = database.fetchall(f"SELECT {_COLUMNS} FROM attachments WHERE instance_id = ? ORDER BY added_at, "
                             "file_name", (instance_id,))
    return list(map(AttachmentRecord._make, rows))


def find(database, instance_id: str, file_name: str) -> AttachmentRecord | None:
    rows = database.fetchall(f"SELECT {_COLUMNS} FROM attachments WHERE instance_id = ? AND file_name = ?",
                             (instance_id, file_name))
    return AttachmentRecord._make(rows[0]) if rows else None


def delete(database, instance_id: str, file_name: str) -> bool:
    cursor = database.execute("DELETE FROM attachments WHERE instance_id = ? AND file_name = ?",
                              (instance_id, file_name))
    return cursor.rowcount > 0


def delete_all(database, instance_ids: list[str]) -> None:
    for start in range(0, len(instance_ids), 500):
        chunk = instance_ids[start:start + 500]
        database.execute(f"DELETE FROM attachments WHERE instance_id IN ({','.join('?' * len(chunk))})", chunk)


def copy(database, from_instance: str, to_instance: str) -> None:
    """Carry a submission's files over to its new version (edit); the bytes are copied inside the database."""
    database.execute(f"INSERT INTO attachments ({_COLUMNS}, content) SELECT ?, file_name, path, media_type, size, "
                     "sha256, added_at, content FROM attachments WHERE instance_id = ?", (to_instance, from_instance))


def keep_only(database, instance_id: str, referenced: set[str]) -> int:
    """Drop files no answer names any more (a repeat removed, an answer retyped); returns how many went."""
    gone = [row[0] for row in database.fetchall("SELECT file_name FROM attachments WHERE instance_id = ?",
                                                (instance_id,)) if row[0] not in referenced]
    for file_name in gone:
        delete(database, instance_id, file_name)
    return len(gone)


def max_bytes(megabytes) -> int:
    """The size limit in bytes from the setting (a number of MB; a bad value falls back to the default)."""
    try:
        value = float(megabytes)
    except (TypeError, ValueError):
        value = DEFAULT_MAX_MB
    return int((value if value > 0 else DEFAULT_MAX_MB) * _MB)


def source_name(source_file) -> str:
    if isinstance(source_file, InMemoryFile):
        return os.path.basename(source_file.name)
    return os.path.basename(os.fspath(source_file))
