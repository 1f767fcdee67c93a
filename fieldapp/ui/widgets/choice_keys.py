"""Keys in a list of choices: arrows move between them; in a one-choice list, one Tab stop and Enter to go on.

Radio lists follow the desktop convention: the whole list is one Tab stop (the chosen option, else
the first), the arrow keys move inside it, Space chooses, and Enter chooses the option under the
focus and goes on, as Enter does in a text field. Lists of check boxes keep a Tab stop per box.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QScrollArea

_FORWARD = (Qt.Key.Key_Down, Qt.Key.Key_Right)
_BACKWARD = (Qt.Key.Key_Up, Qt.Key.Key_Left)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _bring_into_view(button) -> None:
    """The page scrolls to the option the arrows reached (a long list goes below the screen's edge)."""
    parent = button.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(button, 0, 12)


class ChoiceArrowKeys(QObject):
    """Install on the buttons of a choice list; Tab still leaves the list.

    With `on_enter` (one-choice lists) only one button is a Tab stop, and Enter on a button
    checks it (when it is not already) and calls `on_enter(just_chosen)`.
    """

    def __init__(self, buttons: list, parent=None, on_enter: Callable[[bool], None] | None = None):
        super().__init__(parent)
        self._buttons = buttons
        self._on_enter = on_enter
        for button in buttons:
            button.installEventFilter(self)
        if on_enter is not None:
            self.settle()

    def settle(self) -> None:
        """Make the chosen button (else the first) the list's one Tab stop; call after the choice changed."""
        if self._on_enter is None or not self._buttons or any(b.hasFocus() for b in self._buttons):
            return
        self._make_tab_stop(next((b for b in self._buttons if b.isChecked()), self._buttons[0]))

    def tab_stop(self):
        """The button Tab lands on."""
        return next((b for b in self._buttons if b.focusPolicy() & Qt.FocusPolicy.TabFocus), self._buttons[0])

    def _make_tab_stop(self, stop) -> None:
        for button in self._buttons:
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind == QEvent.Type.FocusIn and self._on_enter is not None and obj in self._buttons:
            self._make_tab_stop(obj)   # Shift+Tab back into the list returns to where the arrows left it
        elif kind == QEvent.Type.KeyPress and obj in self._buttons:
            key = event.key()
            if key in _FORWARD or key in _BACKWARD:
                step = 1 if key in _FORWARD else -1
                index = (self._buttons.index(obj) + step) % len(self._buttons)
                self._buttons[index].setFocus(Qt.FocusReason.TabFocusReason)
                _bring_into_view(self._buttons[index])
                return True
            if key in _ENTER and self._on_enter is not None and event.modifiers() in (
                    Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
                just_chosen = not obj.isChecked()
                if just_chosen:
                    obj.click()
                if obj.isChecked():
                    self._on_enter(just_chosen)
                return True
        return False
