"""The app's privacy check, asked of the interviewer at the start and before each sensitive part.

Three answers, each a big button with its own key (1, 2, 3); there is no "prefer not to answer". After
"not private" the page says to pause, and offers to reschedule (an outcome, not a failure), a break, or to
check again once the room is private.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.protect import privacy
from fieldapp.ui.shell.fitting import scrolling_body
from fieldapp.ui.shell.flow_row import FlowRow
from fieldapp.ui.shell.wrapping_button import WrappingButton
from fieldapp.ui.i18n import tr


class PrivacyCheckPage(QWidget):
    sig_chosen = Signal(str)
    """The interviewer's answer: "alone", "trusted_adult" or "not_private"."""
    sig_reschedule = Signal()
    sig_break = Signal()
    sig_check_again = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("privacyCheckPage")
        layout = QVBoxLayout(scrolling_body(self))   # large text on a small laptop: the page scrolls, nothing is cut
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        self.title = QLabel(tr("Privacy check"), self, objectName="pageTitle")
        layout.addWidget(self.title)
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        layout.addSpacing(16)
        self.answers = {}
        for key, (choice, words) in enumerate(((privacy.ALONE, tr("The respondent is alone with me")),
                                               (privacy.TRUSTED_ADULT, tr("Only a trusted adult the child chose is "
                                                                          "here (not a household member)")),
                                               (privacy.NOT_PRIVATE, tr("It is not private: someone else can "
                                                                        "hear or see"))), start=1):
            button = WrappingButton(f"{key}. {words}", self)   # a long answer wraps: never wider than the screen
            button.setMinimumHeight(48)
            button.setToolTip(words)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, c=choice: self.sig_chosen.emit(c))
            shortcut = QShortcut(QKeySequence(str(key)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
            self.answers[choice] = button
            layout.addWidget(button)
        self.pause_note = QLabel(self, objectName="notice")
        self.pause_note.setWordWrap(True)
        layout.addWidget(self.pause_note)
        row = FlowRow(spacing=6)   # three buttons that wrap onto a second line on a small screen
        self.reschedule_button = QPushButton(tr("Reschedule for another day"), self)
        self.reschedule_button.setProperty("primary", True)
        self.break_button = QPushButton(tr("Take a break"), self)
        self.again_button = QPushButton(tr("Check again: it is private now"), self)
        for button in (self.reschedule_button, self.break_button, self.again_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        layout.addLayout(row)
        layout.addStretch(2)
        self.reschedule_button.clicked.connect(self.sig_reschedule)
        self.break_button.clicked.connect(self.sig_break)
        self.again_button.clicked.connect(self.sig_check_again)
        self.ask(at_start=True)

    def ask(self, at_start: bool) -> None:
        """The question: before going on with the interview (start) or before a sensitive part."""
        self.question.setText(
            tr("Before you start: who else can hear or see this conversation now?") if at_start else
            tr("The next part is sensitive. Before going on: who else can hear or see this conversation now?"))
        for button in self.answers.values():
            button.show()
        for widget in (self.pause_note, self.reschedule_button, self.break_button, self.again_button):
            widget.hide()
        self.answers[privacy.ALONE].setFocus(Qt.FocusReason.OtherFocusReason)

    def not_private(self) -> None:
        """Pause: say so calmly, and offer to reschedule."""
        for button in self.answers.values():
            button.hide()
        self.question.setText("")
        self.pause_note.setText(tr("Not private: do not go on. This is not a failure. Thank the respondent; wait "
                                   "until you can talk alone, or agree on another day. Rescheduling keeps "
                                   "everything saved, and the interview is listed as rescheduled."))
        for widget in (self.pause_note, self.reschedule_button, self.break_button, self.again_button):
            widget.show()
        self.reschedule_button.setFocus(Qt.FocusReason.OtherFocusReason)
