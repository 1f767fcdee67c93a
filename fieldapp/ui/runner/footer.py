"""The interview runner's footer: Back, Save and exit, Next, and the reminder of the keyboard shortcuts."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr


class RunnerFooter(QFrame):
    """Back on the left, Save and exit in the middle, Next on the right; `add_button` puts more beside Save and exit."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="runnerFooter")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        self.row = QHBoxLayout()
        self.back_button = QPushButton(tr("‹ Back"), self)
        self.back_button.setAccessibleName(tr("Back"))
        self.exit_button = QPushButton(tr("Save and exit"), self)
        self.next_button = QPushButton(tr("Next ›"), self)
        self.next_button.setAccessibleName(tr("Next"))
        self.next_button.setProperty("primary", True)
        self.row.addWidget(self.back_button)
        self.row.addStretch(1)
        self.row.addWidget(self.exit_button)
        self._middle_end = self.row.count()   # where added buttons go: after Save and exit, before the stretch
        self.row.addStretch(1)
        self.row.addWidget(self.next_button)
        outer.addLayout(self.row)
        # on a narrow screen with large text the middle buttons go to a line of their own (see `fit`)
        self.second_row = QHBoxLayout()
        self.second_row.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.second_row)
        self._texts: dict[QPushButton, str] = {}   # a button's full text while its key hint is dropped
        self.shortcut_hint = QLabel(tr("Page Down: next · Page Up: back · Ctrl+J: go to · Ctrl+L: language · "
                                       "Ctrl+S: save and exit · everything is saved as you go"), self, objectName="muted")
        self.shortcut_hint.setWordWrap(True)
        self.shortcut_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(self.shortcut_hint)

    def add_button(self, button: QWidget) -> QWidget:
        """Put a button in the middle group, after Save and exit (and after buttons added before it); returns it."""
        button.setParent(self)
        self.row.insertWidget(self._middle_end, button)
        self._middle_end += 1
        return button

    def buttons(self) -> list[QWidget]:
        """The row's buttons in Tab order: Next first (it is what the last answer leads to), then the middle, then Back."""
        return [self.next_button, *self._middle(), self.back_button]

    def _middle(self) -> list[QWidget]:
        items = [self.row.itemAt(i) for i in range(self.row.count())]
        items += [self.second_row.itemAt(i) for i in range(self.second_row.count())]
        return [item.widget() for item in items if isinstance(item.widget(), QWidget)
                and item.widget() not in (self.back_button, self.next_button)]

    def fit(self, compact: bool, width: int) -> None:
        """On a short screen the buttons drop their key hints (kept in the tooltips); where one row is still too
        narrow for them, the middle buttons take a line of their own: never a button cut, never a window wider
        than the screen."""
        for button in [self.back_button, *self._middle(), self.next_button]:
            if not isinstance(button, QPushButton):
                continue
            full = self._texts.get(button, button.text())
            short = re.sub(r"\s*\([^()]*\)$", "", full) if compact else full
            if short != full:
                self._texts[button] = full
                if full not in (button.toolTip() or ""):
                    button.setToolTip(f"{full}. {button.toolTip()}" if button.toolTip() else full)
            else:
                self._texts.pop(button, None)
            if button.text() != short:
                button.setText(short)
        middle = self._middle()
        margins = self.layout().contentsMargins()
        spacing = max(6, self.row.spacing())
        one_row = (sum(w.sizeHint().width() for w in [self.back_button, *middle, self.next_button] if not w.isHidden())
                   + spacing * (len(middle) + 3) + margins.left() + margins.right())
        apart = compact and one_row > width
        in_second = self.second_row.count() > 0
        if apart and not in_second:
            for widget in middle:
                self.row.removeWidget(widget)
                self.second_row.addWidget(widget)
            self.second_row.insertStretch(0, 1)
            self.second_row.addStretch(1)
        elif not apart and in_second:
            widgets = []
            while self.second_row.count():
                item = self.second_row.takeAt(0)
                if item.widget() is not None:
                    widgets.append(item.widget())
            for offset, widget in enumerate(widgets):   # back after Back and its stretch, in their order
                self.row.insertWidget(2 + offset, widget)
