"""Writing a file so a pulled USB stick or a full disk never leaves half of it: temp file, fsync, rename."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from fieldapp.exchange import layout
from fieldapp.exchange.errors import FileTooLarge, FolderUnwritable

TEMP_PREFIX = ".fieldapp-partial-"


def write_atomic(path, data: bytes, *, opener=open) -> None:
    """Put `data` at `path` whole or not at all: the earlier file stays whole until the new one is complete.

    `opener` is for tests (a stick pulled out half way). Raises FolderUnwritable when the folder refuses.
    """
    path = Path(path)
    if len(data) > layout.FILE_SIZE_LIMIT:
        raise FileTooLarge(f"{len(data)} bytes: FAT32 sticks hold files below 4 GB", str(path.name))
    # The temp name is short and FAT-safe, in the same folder so the rename stays on one file system.
    temp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with opener(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        raise FolderUnwritable(exc.strerror or str(exc), str(path)) from exc


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows and some sticks cannot open a folder: nothing to do."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def leftovers(folder) -> list[Path]:
    """Partial files an interrupted write left behind (removed at the next sync)."""
    folder = Path(folder)
    return sorted(folder.glob(f"{TEMP_PREFIX}*.tmp")) if folder.is_dir() else []
