"""The common frame of every question widget: label, hint, guidance, media, problem message and decline display."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.protect import marks
from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.media import MediaStrip
from fieldapp.xform.model.views import Media, QuestionView

TYPING_PAUSE_MS = 600   # autosave waits for a pause in typing, so no keystroke ever waits for the disk
YES = ("yes", "true", "true()", "1")


def markdown_label(text: str, parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent, objectName=name)
    label.setTextFormat(Qt.TextFormat.MarkdownText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class QuestionWidget(QFrame):
    """Base of all question widgets. Subclasses build the input and translate to/from the XForm string."""

    sig_value_changed = Signal(str)
    """The interviewer changed the answer. Argument: the new value as the XForm string ("" = cleared)."""
    sig_decline_toggled = Signal(bool)
    """"Prefer not to answer" was pressed (True) or taken back (False)."""
    sig_auto_advance = Signal()
    """The answer is complete and the screen may move on (appearance "quick")."""

    def __init__(self, question: QuestionView, parent=None):
        super().__init__(parent)
        self.question = question
        self._updating = False
        self._pending: str | None = None
        self._local_problem: str | None = None
        self.setObjectName("question")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 12)
        layout.setSpacing(8)
        self.label = markdown_label("", self, "questionLabel")
        layout.addWidget(self.label)
        self.hint = markdown_label("", self, "questionHint")
        layout.addWidget(self.hint)
        self.guidance = markdown_label("", self, "guidance")
        layout.addWidget(self.guidance)
        self.media = MediaStrip(question.media, question.label, self)
        layout.addWidget(self.media)
        # the hint's own audio (recorded for it in this language): a button of its own, under the label's
        self.hint_media = MediaStrip(Media(audio=question.hint_media.audio), question.hint, self,
                                     play_words=tr("▶ Play the hint"))
        layout.addWidget(self.hint_media)
        self.input_area = QVBoxLayout()
        self.input_area.setSpacing(6)
        layout.addLayout(self.input_area)
        self.build_input()
        # a list filtered by an earlier answer (Department by Country) is empty until that answer is given
        self.waiting = QLabel(self, objectName="notice")
        self.waiting.setWordWrap(True)
        layout.addWidget(self.waiting)
        self.problem = QLabel(self, objectName="problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(tr("Problem with this answer"))
        layout.addWidget(self.problem)
        # Under the label, not below the answers: on a long list of choices at 1366x768 it stays in sight.
        # Made after the input so Tab still reaches the answer first (Ctrl+D declines from the answer).
        decline_row = QHBoxLayout()
        self.decline_button = QPushButton(self, objectName="declineButton")
        self.decline_button.setAutoDefault(False)
        self.decline_button.clicked.connect(self._on_decline_clicked)
        self.declined_note = QLabel(tr("Declined: the respondent prefers not to answer."), self, objectName="declined")
        decline_row.addWidget(self.decline_button)
        decline_row.addWidget(self.declined_note, 1)
        layout.insertLayout(layout.indexOf(self.label) + 1, decline_row)
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(TYPING_PAUSE_MS)
        self._commit_timer.timeout.connect(self.flush)
        self.set_question(question)

    # -- for subclasses ------------------------------------------------------
    def build_input(self) -> None:
        raise NotImplementedError

    def value(self) -> str:
        raise NotImplementedError

    def set_value(self, value: str) -> None:
        """Show `value` (an XForm string) without emitting sig_value_changed."""
        raise NotImplementedError

    def input_widgets(self) -> list[QWidget]:
        """The focusable controls (readonly/declined disable them; accessible names set on them)."""
        return []

    def focus_input(self) -> None:
        for widget in self.input_widgets():
            if widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def emit_value(self) -> None:
        """Call when the interviewer made a complete change (a click, a choice)."""
        if self._updating:
            return
        self._commit_timer.stop()
        self._pending = None
        self.sig_value_changed.emit(self.value())

    def emit_value_later(self) -> None:
        """Call on each keystroke: the value is committed after a pause in typing (or on leaving the field)."""
        if self._updating:
            return
        self._pending = "pending"
        self._commit_timer.start()

    def set_local_problem(self, message: str | None) -> None:
        """A problem the widget itself found (e.g. a time typed as 25:99): shown like the form's problems."""
        self._local_problem = message
        self._show_problem(message or self.question.problem)

    # -- updates from the session ----------------------------------------------
    @Slot()
    def flush(self) -> None:
        """Commit a value still waiting for a typing pause (before navigation or saving)."""
        self.commit_editing()
        if self._pending is not None:
            self._commit_timer.stop()
            self._pending = None
            self.sig_value_changed.emit(self.value())

    def commit_editing(self) -> None:
        """Hook: widgets that read their text on leaving the field (dates, times, places) commit it here."""

    def has_pending_value(self) -> bool:
        return self._pending is not None

    def set_question(self, question: QuestionView) -> None:
        """Refresh from a new view of the same question (value, problem, language, declined)."""
        self.question = question
        marker = "\\* " if question.required else ""
        self.label.setText(marker + (question.label or ""))
        self.label.setVisible(bool(question.label) and not self.hides_label())
        self.label.setAccessibleName(question.label + (" " + tr("(required)") if question.required else ""))
        self.hint.setText(question.hint or "")
        self.hint.setVisible(bool(question.hint))
        self.guidance.setText(tr("For the interviewer:") + " " + question.guidance if question.guidance else "")
        self.guidance.setVisible(bool(question.guidance))
        if not self.has_pending_value() and self.value() != question.value:
            self._updating = True
            try:
                self.set_value(question.value)
            finally:
                self._updating = False
        for widget in self.input_widgets():
            widget.setEnabled(not question.readonly and not question.declined)
            if not widget.accessibleName():
                widget.setAccessibleName(question.label)
        self._show_problem(self._local_problem or question.problem)
        waits_for = getattr(question, "waits_for", ())
        self.waiting.setText(tr("Answer “{question}” first: the choices here depend on it.").format(
            question="”, “".join(waits_for)) if waits_for else "")
        self.waiting.setVisible(bool(waits_for))
        self.declined_note.setVisible(question.declined)
        can_decline = marks.can_decline(question.extra, question.readonly)   # never on the interviewer's checks
        self.decline_button.setVisible(can_decline or question.declined)
        self.decline_button.setText(tr("Answer after all (Ctrl+D)") if question.declined
                                    else tr("Prefer not to answer (Ctrl+D)"))
        self.decline_button.setAccessibleName(tr("Answer after all") if question.declined else tr("Prefer not to answer"))

    def _show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        for widget in self.input_widgets():
            widget.setAccessibleDescription(message or self.question.hint or "")

    def hides_label(self) -> bool:
        return False

    def is_sensitive(self) -> bool:
        return marks.is_sensitive(self.question.extra)

    @Slot()
    def _on_decline_clicked(self) -> None:
        self.flush()
        self.sig_decline_toggled.emit(not self.question.declined)
