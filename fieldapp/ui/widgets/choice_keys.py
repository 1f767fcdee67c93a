"""Arrow keys move between the choices of a list (radio buttons and check boxes that are not auto-exclusive)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

_FORWARD = (Qt.Key.Key_Down, Qt.Key.Key_Right)
_BACKWARD = (Qt.Key.Key_Up, Qt.Key.Key_Left)


class ChoiceArrowKeys(QObject):
    """Install on each button of a choice list; Tab still leaves the list."""

    def __init__(self, buttons: list, parent=None):
        super().__init__(parent)
        self._buttons = buttons
        for button in buttons:
            button.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress and obj in self._buttons:
            key = event.key()
            if key in _FORWARD or key in _BACKWARD:
                step = 1 if key in _FORWARD else -1
                index = (self._buttons.index(obj) + step) % len(self._buttons)
                self._buttons[index].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False
