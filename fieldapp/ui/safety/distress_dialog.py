"""The distress protocol on screen: the organisation's script, then the respondent's choice (continue, break, stop)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from fieldapp.ui.i18n import tr


class DistressDialog(QDialog):
    """`choice` is "continue", "break" or "stop" after exec() (None when closed: treated as continue later)."""

    def __init__(self, script: str, referral_note: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("The respondent is upset"))
        self.choice: str | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Follow these steps, calmly:"), self, objectName="pageTitle")
        layout.addWidget(heading)
        self.script = QLabel(script, self)
        self.script.setWordWrap(True)
        self.script.setObjectName("guidance")
        layout.addWidget(self.script)
        self.referral = QLabel(referral_note, self, objectName="notice")
        self.referral.setWordWrap(True)
        self.referral.setVisible(bool(referral_note))
        layout.addWidget(self.referral)
        layout.addWidget(QLabel(tr("What did the respondent choose?"), self))
        row = QHBoxLayout()
        self.buttons = {}
        for choice, words in (("continue", tr("Continue the interview")), ("break", tr("Take a break")),
                              ("stop", tr("Stop the interview"))):
            button = QPushButton(words, self)
            button.setAutoDefault(False)
            button.clicked.connect(self._chooser(choice))
            self.buttons[choice] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.resize(640, 480)

    def _chooser(self, choice: str):
        @Slot()
        def choose() -> None:
            self.choice = choice
            self.accept()
        return choose


def ask_distress(parent, script: str, referral_note: str = "") -> str | None:
    dialog = DistressDialog(script, referral_note, parent)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice
