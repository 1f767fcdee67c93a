"""The calm banner that tells the interviewer a referral rule fired: what to say, the services, and the outcome."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from fieldapp.protect.referrals import OUTCOMES
from fieldapp.ui.i18n import tr
from fieldapp.ui.safety.referral_words import outcome_words, service_lines, type_words

MAX_SERVICES = 2


class ReferralBanner(QFrame):
    """Shows one pending referral at a time; the outcome buttons record it (the next one then shows)."""

    sig_outcome_chosen = Signal(str, str)
    """An outcome was chosen. Arguments: the question's positional path, the outcome code."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("referralBanner")
        self.setStyleSheet("QFrame#referralBanner { background: #eef6f1; border-left: 5px solid #2e7d4f; }")
        self.path = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600; color: #1d4d32;")
        layout.addWidget(self.heading)
        self.say = QLabel(self)
        self.say.setWordWrap(True)
        layout.addWidget(self.say)
        self.services = QLabel(self)
        self.services.setWordWrap(True)
        layout.addWidget(self.services)
        row = QHBoxLayout()
        self.buttons = {}
        for outcome in OUTCOMES:
            button = QPushButton(outcome_words(outcome), self)
            button.setAutoDefault(False)
            button.clicked.connect(self._chooser(outcome))
            self.buttons[outcome] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.hide()

    def show_referral(self, referral, services, waiting: int, directory_empty: bool) -> None:
        self.path = referral.path
        more = tr(" ({n} more waiting)").format(n=waiting) if waiting else ""
        self.heading.setText(tr("For the interviewer: offer a referral, {kind}.").format(
            kind=type_words(referral.referral_type)) + more)
        self.say.setText(tr("Stay calm and thank the respondent. You might say: “Thank you for telling me. "
                            "There are people who can help; would you like me to put you in touch?” "
                            "Call your supervisor now if the respondent is in danger."))
        if directory_empty:
            self.services.setText(tr("No service directory on this laptop yet: import one in Settings, or "
                                     "give the organisation's contact."))
        elif services:
            self.services.setText("\n".join(service_lines(s) for s in services[:MAX_SERVICES]))
        else:
            self.services.setText(tr("The directory lists no service of this kind: ask your supervisor."))
        self.show()

    def _chooser(self, outcome: str):
        @Slot()
        def choose() -> None:
            if self.path:
                self.sig_outcome_chosen.emit(self.path, outcome)
        return choose
