"""Stop and withdraw: end the interview, keeping what was collected or erasing it when the respondent asks.

Erasing cannot happen by accident: nothing is chosen at first, the erase choice needs a separate
confirmation tick, and the button that acts is never the default one (Enter goes back to the interview).
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QRadioButton,
                               QVBoxLayout)

from fieldapp.ui.i18n import tr

KEEP, ERASE = "keep", "erase"


class WithdrawDialog(QDialog):
    """`choice` is None (go back), KEEP or ERASE after exec()."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Stop the interview"))
        self.choice: str | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(tr("The respondent may stop at any time, without giving a reason. What did they ask for?"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.keep = QRadioButton(tr("Stop here and keep what was collected"), self)
        self.erase = QRadioButton(tr("Stop and erase everything collected today"), self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for button in (self.keep, self.erase):
            self.group.addButton(button)
            layout.addWidget(button)
        self.confirm_erase = QCheckBox(tr("I told the respondent that every answer will be erased and this cannot "
                                          "be undone. Only an anonymous note that an interview was withdrawn stays."), self)
        self.confirm_erase.hide()
        layout.addWidget(self.confirm_erase)
        row = QHBoxLayout()
        self.back_button = QPushButton(tr("Go back to the interview"), self)
        self.back_button.setDefault(True)
        self.stop_button = QPushButton(tr("Stop the interview"), self)
        self.stop_button.setProperty("danger", True)
        self.stop_button.setAutoDefault(False)
        self.stop_button.setEnabled(False)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.stop_button)
        layout.addLayout(row)
        self.group.buttonToggled.connect(self._update)
        self.confirm_erase.toggled.connect(self._update)
        self.back_button.clicked.connect(self.reject)
        self.stop_button.clicked.connect(self._stop)

    @Slot()
    def _update(self, *_args) -> None:
        erasing = self.erase.isChecked()
        self.confirm_erase.setVisible(erasing)
        if not erasing:
            self.confirm_erase.setChecked(False)
        self.stop_button.setText(tr("Erase and stop") if erasing else tr("Stop the interview"))
        self.stop_button.setEnabled(self.keep.isChecked() or (erasing and self.confirm_erase.isChecked()))

    @Slot()
    def _stop(self) -> None:
        if self.keep.isChecked():
            self.choice = KEEP
        elif self.erase.isChecked() and self.confirm_erase.isChecked():
            self.choice = ERASE
        else:
            return
        self.accept()


def ask_withdraw(parent) -> str | None:
    dialog = WithdrawDialog(parent)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice
