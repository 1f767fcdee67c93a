"""Every user preference, declared once with its key, type and default; stored with QSettings.

Survey data never goes here: QSettings is plain text on disk.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        self._store = qsettings if qsettings is not None else QSettings("FieldApp", "FieldApp")

    def get(self, option: Option):
        raw = self._store.value(option.key, option.default)
        if raw is None:
            return option.default
        try:
            if option.kind is bytes:
                return bytes(raw) if not isinstance(raw, str) else raw.encode("latin-1")
            if option.kind is int:
                return int(raw)
            return option.kind(raw)
        except (TypeError, ValueError):
            return option.default   # a hand-edited or corrupt value must not stop the app

    def set(self, option: Option, value) -> None:
        if self.get(option) == value:
            return
        self._store.setValue(option.key, value)
        self._store.sync()
        self.sig_option_changed.emit(option.key)
