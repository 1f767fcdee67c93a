"""On the end screen: every referral that fired, with its outcome to record, and the printable service list."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from fieldapp.protect.referrals import OUTCOMES
from fieldapp.ui.i18n import tr
from fieldapp.ui.safety.referral_words import outcome_words, type_words


class ReferralPanel(QFrame):
    sig_outcome_chosen = Signal(str, str)
    """An outcome was chosen in the list. Arguments: positional path, outcome code."""
    sig_print_requested = Signal()
    """Print the service list for the respondent."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("referralPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self, objectName="notice")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        # ten referrals must not push Finalize below a 768-pixel screen: the list scrolls
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setMinimumHeight(40)
        rows = QWidget(self.scroll)
        self.form = QFormLayout(rows)
        self.scroll.setWidget(rows)
        layout.addWidget(self.scroll, 1)
        row = QHBoxLayout()
        self.print_button = QPushButton(tr("Print the service list (PDF)"), self)
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip(tr("For every respondent, whatever they said: the services for this area."))
        row.addWidget(self.print_button)
        self.print_note = QLabel(self, objectName="muted")
        self.print_note.setWordWrap(True)
        row.addWidget(self.print_note, 1)
        layout.addLayout(row)
        self.boxes: dict[str, QComboBox] = {}
        self.print_button.clicked.connect(self.sig_print_requested)

    def show_referrals(self, referrals, labels: dict[str, str]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.boxes = {}
        pending = [r for r in referrals if not r.outcome]
        if not referrals:
            self.heading.setText(tr("No referral rule fired in this interview. Offer the service list anyway."))
        elif pending:
            self.heading.setText(tr("{n} referral(s) fired in this interview; record what happened with each "
                                    "before finalizing.").format(n=len(referrals)))
        else:
            self.heading.setText(tr("Referrals fired in this interview, with what happened:"))
        for referral in referrals:
            box = QComboBox(self.scroll.widget())
            box.addItem(tr("— choose what happened —"), "")
            for outcome in OUTCOMES:
                box.addItem(outcome_words(outcome), outcome)
            box.setCurrentIndex(max(0, box.findData(referral.outcome)))
            caption = f"{type_words(referral.referral_type)} ({labels.get(referral.path, referral.path)})"
            box.setAccessibleName(caption)
            box.currentIndexChanged.connect(self._chooser(referral.path, box))
            self.form.addRow(caption, box)
            self.form.labelForField(box).setWordWrap(True)
            self.boxes[referral.path] = box
        self.scroll.setVisible(bool(referrals))
        # the rows keep their height and the list scrolls (a resizable scroll area would squeeze them into its view)
        self.scroll.widget().setMinimumHeight(self.form.sizeHint().height())

    def set_outcome(self, path: str, outcome: str) -> bool:
        """Show an outcome recorded elsewhere (the banner) without rebuilding (focus stays where it is)."""
        box = self.boxes.get(path)
        if box is None:
            return False
        box.blockSignals(True)
        box.setCurrentIndex(max(0, box.findData(outcome)))
        box.blockSignals(False)
        return True

    def _chooser(self, path: str, box: QComboBox):
        @Slot(int)
        def chosen(_index: int) -> None:
            if box.currentData():
                self.sig_outcome_chosen.emit(path, box.currentData())
        return chosen
