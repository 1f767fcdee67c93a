"""The calm neutral screen of a break: everything is saved; the interview goes on exactly where it stopped."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr


class BreakPage(QWidget):
    """Shown instead of the questions during a break; nothing of the interview is visible on it."""

    sig_continue = Signal()
    """Go on with the interview where it was."""
    sig_leave = Signal()
    """Keep it for another day (it stays a draft, resumed from the Interviews list)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("breakPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        title = QLabel(tr("Taking a break"), self, objectName="pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        text = QLabel(tr("Everything is saved. Take the time you need: stretch, drink some water, breathe slowly. "
                         "The interview goes on exactly where it stopped, today or another day."), self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text)
        layout.addSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        self.leave_button = QPushButton(tr("Keep it for another day"), self)
        self.continue_button = QPushButton(tr("Continue the interview"), self)
        self.continue_button.setProperty("primary", True)
        row.addWidget(self.leave_button)
        row.addWidget(self.continue_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.continue_button.clicked.connect(self.sig_continue)
        self.leave_button.clicked.connect(self.sig_leave)
