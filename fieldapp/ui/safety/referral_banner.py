"""The calm banner that tells the interviewer a referral rule fired: what to say, the services, and the outcome."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from fieldapp.protect.referrals import OUTCOMES
from fieldapp.ui.i18n import tr
from fieldapp.ui.safety.referral_words import outcome_words, service_lines, type_words
from fieldapp.ui.shell.flow_row import FlowRow

MAX_SERVICES = 2


class _Details(QScrollArea):
    """What to say and the services: as tall as its text where there is room, scrolling (never cut) where there is
    not; it asks no height of the window, so a banner never keeps a laptop's window taller than its screen."""

    def _text_width(self) -> int:
        """The width its text is laid out in: its own, or (not laid out yet) the banner's, as wide as the interview."""
        width = self.viewport().width()
        banner = self.parentWidget()
        holder = banner.parentWidget() if banner is not None else None
        if holder is not None and width < holder.width() // 2:
            margins = banner.layout().contentsMargins()
            width = holder.width() - margins.left() - margins.right() - 8
        return max(1, width)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        width = self._text_width()
        height = inner.heightForWidth(width) if inner.hasHeightForWidth() else inner.sizeHint().height()
        return QSize(inner.sizeHint().width(), height + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # the text wraps differently at the new width: ask the banner for the height it needs now
        if abs(self.sizeHint().height() - event.size().height()) > 4:
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height() * 2)


class ReferralBanner(QFrame):
    """Shows one pending referral at a time; the outcome buttons record it (the next one then shows).

    Its heading always shows; what to say, the services and the outcome buttons fold away behind one button
    where the screen is short (`set_compact`), and the interviewer opens them at any time (the end page lists
    every referral too, and Finalize waits for their outcomes).
    """

    sig_outcome_chosen = Signal(str, str)
    """An outcome was chosen. Arguments: the question's positional path, the outcome code."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("referralBanner")
        self.setStyleSheet("QFrame#referralBanner { background: #eef6f1; border-left: 5px solid #2e7d4f; }")
        self.path = ""
        self.compact = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)   # bold in the text itself: measured bold from the start
        self.heading.setStyleSheet("color: #1d4d32;")
        top.addWidget(self.heading, 1)
        self.details_button = QPushButton(self)
        self.details_button.setCheckable(True)
        self.details_button.setAutoDefault(False)
        self.details_button.toggled.connect(self._show_details)
        top.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        inner = QWidget()
        inner.setObjectName("referralDetails")
        inner.setStyleSheet("QWidget#referralDetails { background: transparent; }")
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 4)
        self.say = QLabel(inner)
        self.say.setWordWrap(True)
        inner_layout.addWidget(self.say)
        self.services = QLabel(inner)
        self.services.setWordWrap(True)
        inner_layout.addWidget(self.services)
        row = FlowRow(spacing=6)
        self.buttons = {}
        for outcome in OUTCOMES:
            button = QPushButton(outcome_words(outcome), inner)
            button.setAutoDefault(False)
            button.clicked.connect(self._chooser(outcome))
            self.buttons[outcome] = button
            row.addWidget(button)
        inner_layout.addLayout(row)
        inner_layout.addStretch(1)
        self.details = _Details(self)
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details.viewport().setAutoFillBackground(False)
        self.details.setStyleSheet("QScrollArea, QWidget#qt_scrollarea_viewport, QWidget#referralDetails "
                                   "{ background: transparent; }")
        self.details.setWidget(inner)
        layout.addWidget(self.details)
        self.details_button.setChecked(True)
        self.hide()

    def show_referral(self, referral, services, waiting: int, directory_empty: bool) -> None:
        new = referral.path != self.path
        self.path = referral.path
        more = tr(" ({n} more waiting)").format(n=waiting) if waiting else ""
        self.heading.setText("<b>" + html.escape(tr("For the interviewer: offer a referral, {kind}.").format(
            kind=type_words(referral.referral_type)) + more) + "</b>")
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
        if new:   # a new referral opens as the screen allows; one already shown keeps what the interviewer chose
            self.details_button.setChecked(not self.compact)
        self.details.updateGeometry()
        self.show()

    def set_compact(self, compact: bool) -> None:
        """A short screen folds the details away (the question needs the room); a tall one opens them again."""
        if compact != self.compact:
            self.compact = compact
            self.details_button.setChecked(not compact)

    @Slot(bool)
    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(tr("Hide the details") if shown else tr("Details and outcome…"))
        self.details_button.setAccessibleName(self.details_button.text())

    def _chooser(self, outcome: str):
        @Slot()
        def choose() -> None:
            if self.path:
                self.sig_outcome_chosen.emit(self.path, outcome)
        return choose
