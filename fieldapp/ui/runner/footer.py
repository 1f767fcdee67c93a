"""The interview runner's footer: Back, Save and exit, Next, and the reminder of the keyboard shortcuts."""

from __future__ import annotations

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
        middle = [self.row.itemAt(i).widget() for i in range(self.row.count())
                  if isinstance(self.row.itemAt(i).widget(), QWidget)
                  and self.row.itemAt(i).widget() not in (self.back_button, self.next_button)]
        return [self.next_button, *middle, self.back_button]
