"""Every user preference, declared once with its key, type and default; stored with QSettings as plain values.

Survey data never goes here: QSettings is plain text on disk. Only plain
values are written (text and numbers; bytes as base64 text): PySide6 stores
other Python objects as pickles, which it would unpickle on reading, so
whoever could write the settings file could run code in the app. The file is
an INI file on every platform, and an entry holding a Python object (an older
FieldApp wrote the window geometry so) is removed unread when the app starts.
"""

from __future__ import annotations

import base64
import configparser
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal


@dataclass(frozen=True)
class Option:
    key: str
    default: object
    kind: type


APP_LANGUAGE = Option("app/language", "es", str)
QUESTIONNAIRE_LANGUAGE = Option("interview/default_language", "", str)   # "" = the form's default
TEXT_SCALE = Option("display/text_scale", 100, int)                        # percent, 100..200
IDLE_LOCK_MINUTES = Option("security/idle_lock_minutes", 10, int)          # 0 = never
WINDOW_GEOMETRY = Option("window/geometry", b"", bytes)
WINDOW_STATE = Option("window/state", b"", bytes)
ALL_OPTIONS = (APP_LANGUAGE, QUESTIONNAIRE_LANGUAGE, TEXT_SCALE, IDLE_LOCK_MINUTES, WINDOW_GEOMETRY, WINDOW_STATE)

TEXT_SCALES = (100, 125, 150, 175, 200)


class AppSettings(QObject):
    """Typed access to the declared options; pass one in (tests give a QSettings on a temp file)."""

    sig_option_changed = Signal(str)
    """An option was changed. Argument: the option's key."""

    def __init__(self, qsettings: QSettings | None = None, parent=None):
        super().__init__(parent)
        if qsettings is None:
            qsettings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "FieldApp", "FieldApp")
            older = QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "FieldApp", "FieldApp")
            carry_over_older_file(Path(older.fileName()), qsettings)
        self._store = qsettings
        self._drop_python_objects()

    def _drop_python_objects(self) -> None:
        """Remove, without reading them, entries holding a pickled Python object (see the module's note).

        The lines go from the file's text itself: asking Qt to remove the key can make it parse (and so
        unpickle) the value.
        """
        if self._store.format() != QSettings.Format.IniFormat:
            return
        path = Path(self._store.fileName())
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        kept = [line for line in text.splitlines(keepends=True)
                if not line.partition("=")[2].lstrip().startswith("@Variant(")]
        if len(kept) == len(text.splitlines(keepends=True)):
            return
        try:
            path.write_text("".join(kept), encoding="utf-8")
        except OSError:
            return
        self._store.sync()      # read the cleaned file again

    def get(self, option: Option):
        raw = self._store.value(option.key, option.default)
        if raw is None:
            return option.default
        try:
            if option.kind is bytes:
                if isinstance(raw, str):
                    return base64.b64decode(raw.encode("ascii"), validate=True) if raw else b""
                return bytes(raw)           # a QByteArray (plain bytes, never a pickle)
            if option.kind is int:
                return int(raw)
            return option.kind(raw)
        except (TypeError, ValueError):
            return option.default   # a hand-edited or corrupt value must not stop the app

    def set(self, option: Option, value) -> None:
        if self.get(option) == value:
            return
        if option.kind is bytes:
            value = base64.b64encode(bytes(value)).decode("ascii")     # text, never a pickled bytes object
        self._store.setValue(option.key, value)
        self._store.sync()
        self.sig_option_changed.emit(option.key)


def carry_over_older_file(older: Path, store: QSettings) -> int:
    """Copy the plain preferences of an older FieldApp's settings file into a new, still empty `store`.

    Older versions used the platform's native format; on Linux that is an INI
    text file beside the new one (FieldApp.conf), so an interviewer who had set
    200 % text keeps it. Only declared text and number options are copied,
    read as text (never through Qt, which could unpickle a value); the old file
    is left as it was. The Windows registry and macOS property lists are not
    read. Returns the number of options copied.
    """
    new = Path(store.fileName())
    if older == new or older.suffix != ".conf" or not older.is_file() or new.exists():
        return 0
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str            # keys keep their case
    try:
        parser.read_string(older.read_text(encoding="utf-8", errors="replace"))
    except (OSError, configparser.Error):
        return 0
    copied = 0
    for option in ALL_OPTIONS:
        if option.kind is bytes:
            continue                    # window geometry: not worth any risk
        section, _, key = option.key.rpartition("/")
        raw = parser.get(section or "General", key, fallback=None)
        if raw is None or raw.lstrip().startswith("@"):
            continue
        try:
            value = option.kind(raw.strip().strip('"'))
        except ValueError:
            continue
        store.setValue(option.key, value)
        copied += 1
    if copied:
        store.sync()
    return copied
