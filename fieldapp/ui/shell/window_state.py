"""Remembers the main window's size and position between runs (Picard's mixin pattern)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

from fieldapp.ui.settings.options import WINDOW_GEOMETRY, WINDOW_STATE


class WindowStateMixin:
    """Mix into a QMainWindow that has `self.settings` (AppSettings)."""

    def restore_window_state(self) -> bool:
        geometry = self.settings.get(WINDOW_GEOMETRY)
        state = self.settings.get(WINDOW_STATE)
        restored = bool(geometry) and self.restoreGeometry(QByteArray(geometry))
        if state:
            self.restoreState(QByteArray(state))
        return restored

    def save_window_state(self) -> None:
        self.settings.set(WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(WINDOW_STATE, bytes(self.saveState().data()))
