"""The consent waiver record: why no guardian consents, and who authorised going on without one."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from fieldapp.protect import consent
from fieldapp.ui.i18n import tr

REASON_WORDS = {
    "unaccompanied": "The child is unaccompanied and no guardian can be reached",
    "guardian_risk": "The guardian may be a source of harm",
    "guardian_unreachable": "The guardian cannot be reached in time",
    "other": "Another reason approved by a supervisor",
}
AUTHORITY_WORDS = {
    "state_authority": "The state child-protection authority (PGN, DINAF, CONAPINA, DIF…)",
    "court": "A judge or court",
    "supervisor": "My supervisor",
    "case_manager": "The child's case manager",
}


class WaiverDialog(QDialog):
    """Two choices, neither made beforehand; OK stays off until both are chosen."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Consent waiver"))
        layout = QVBoxLayout(self)
        note = QLabel(tr("No guardian consents to this interview. Record why, and who authorised going on "
                         "without a guardian's consent. The child's own agreement is still asked."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.reason = QComboBox(self)
        self.authority = QComboBox(self)
        for box, words in ((self.reason, REASON_WORDS), (self.authority, AUTHORITY_WORDS)):
            box.addItem(tr("Choose…"), "")
            for code in (consent.WAIVER_REASONS if box is self.reason else consent.WAIVER_AUTHORITIES):
                box.addItem(tr(words[code]), code)
            box.currentIndexChanged.connect(self._update)
        form.addRow(tr("Reason"), self.reason)
        form.addRow(tr("Authorised by"), self.authority)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    @Slot()
    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.reason.currentData()) and bool(self.authority.currentData()))

    def choice(self) -> tuple[str, str] | None:
        if not (self.reason.currentData() and self.authority.currentData()):
            return None
        return self.reason.currentData(), self.authority.currentData()


def ask_waiver(parent) -> tuple[str, str] | None:
    dialog = WaiverDialog(parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    choice = dialog.choice() if accepted else None
    dialog.deleteLater()
    return choice
