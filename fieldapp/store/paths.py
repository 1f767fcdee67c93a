"""Where a FieldApp data folder lives and which files in it belong to the store."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "FieldApp"
DATABASE_NAME = "fieldapp.db"
KEYFILE_NAME = "fieldapp.keys"
# SQLite's companions of the database file (write-ahead log, shared index, rollback journal).
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")


def default_data_dir() -> Path:
    """The platform's per-user data folder for FieldApp (XDG on Linux, Application Support on macOS, %APPDATA% on Windows)."""
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_FOLDER
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_FOLDER
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_FOLDER.lower()


def database_path(data_dir) -> Path:
    return Path(data_dir) / DATABASE_NAME


def keyfile_path(data_dir) -> Path:
    return Path(data_dir) / KEYFILE_NAME


def store_exists(data_dir) -> bool:
    """True when `data_dir` holds a FieldApp store (its database and key file), whether or not it can be unlocked."""
    return database_path(data_dir).is_file() and keyfile_path(data_dir).is_file()
