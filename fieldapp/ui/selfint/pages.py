"""The self-interview's own pages: the mode choice (for the interviewer), the practice question and the
handback (for the respondent, then the interviewer's PIN), and the page of a part already answered alone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from fieldapp.ui.i18n import tr
from fieldapp.ui.shell.flow_row import FlowRow
from fieldapp.ui.shell.wrapping_button import WrappingRadio
from fieldapp.ui.shell.keyboard import enter_presses_buttons
from fieldapp.ui.shell.fitting import scrolling_body


def _words(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent, objectName=name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def mode_names() -> dict[str, str]:
    return {"alone": tr("The respondent reads alone on the screen"),
            "headphones": tr("The respondent listens with headphones (each question is read aloud)"),
            "interviewer_reads": tr("I read the questions aloud; the respondent answers on the screen")}


def outcome_words(outcome: str) -> str:
    return {"completed": tr("completed by the respondent"), "skipped": tr("skipped"),
            "stopped": tr("stopped by the respondent")}.get(outcome, outcome)


class _Page(QFrame):
    def __init__(self, parent, name: str):
        super().__init__(parent, objectName=name)
        self.box = QVBoxLayout(scrolling_body(self))   # large text on a small laptop: the page scrolls, never grows
        self.box.setContentsMargins(48, 32, 48, 32)
        self.box.setSpacing(18)


class ModePage(_Page):
    """Before a self-interview part (the interviewer): how the respondent will answer, or skip the part."""

    sig_start = Signal(str)
    """The chosen mode: hand the laptop over."""
    sig_skip = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, "selfModePage")
        self.title = _words("", self, "pageTitle")
        self.box.addWidget(self.title)
        self.box.addWidget(_words(tr("The next part is answered by the respondent on the screen. You will not see the "
                                     "answers. While the respondent has the laptop, nothing else can be opened; "
                                     "your PIN takes it back."), self))
        self.box.addWidget(_words(tr("How will the respondent answer?"), self, "questionLabel"))
        self.modes = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for number, (mode, words) in enumerate(mode_names().items(), 1):
            button = WrappingRadio(f"{number}. {words}", self)
            button.setProperty("mode", mode)
            self.modes.addButton(button)
            self.buttons[mode] = button
            self.box.addWidget(button)
        self.problem = _words("", self, "problem")
        self.problem.hide()
        self.box.addWidget(self.problem)
        row = FlowRow(spacing=12)    # the two buttons go one under the other when large text leaves no room
        self.skip_button = QPushButton(tr("Skip this part"), self)
        self.skip_button.setAutoDefault(False)
        self.start_button = QPushButton(tr("Hand over: start with a practice question"), self, objectName="primary")
        row.addWidget(self.skip_button)
        row.addWidget(self.start_button)
        self.box.addLayout(row)
        self.box.addStretch(1)
        self.start_button.clicked.connect(self._on_start)
        self.skip_button.clicked.connect(self.sig_skip)
        enter_presses_buttons(self)

    def show_part(self, label: str, mode: str = "") -> None:
        self.title.setText(tr("Self-interview: {part}").format(part=label))
        self.problem.hide()
        for key, button in self.buttons.items():
            button.setChecked(key == mode)
        chosen = self.buttons.get(mode) or next(iter(self.buttons.values()))
        chosen.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:
        keys = {Qt.Key.Key_1: "alone", Qt.Key.Key_2: "headphones", Qt.Key.Key_3: "interviewer_reads"}
        if event.key() in keys:
            button = self.buttons[keys[event.key()]]
            button.setChecked(True)
            button.setFocus()
            return
        super().keyPressEvent(event)

    def chosen(self) -> str:
        button = self.modes.checkedButton()
        return button.property("mode") if button is not None else ""

    @Slot()
    def _on_start(self) -> None:
        if not self.chosen():   # no default: the interviewer says how, each time
            self.problem.setText(tr("Choose how the respondent will answer (1, 2 or 3) first."))
            self.problem.show()
            return
        self.sig_start.emit(self.chosen())


class PracticePage(_Page):
    """A practice question for the respondent, in large text; the answer is never kept."""

    sig_done = Signal(bool)
    """Go on to the real questions. Argument: whether the practice was answered."""

    def __init__(self, parent=None):
        super().__init__(parent, "selfPracticePage")
        self.box.addWidget(_words(tr("Practice"), self, "pageTitle"))
        self.explain = _words(tr("This is only to practise: your answer is not saved. Choose an answer, then press "
                                 "“Next”. You can skip any question or stop at any time."), self, "groupHint")
        self.box.addWidget(self.explain)
        self.question = _words(tr("Which do you like more?"), self, "questionLabel")
        self.box.addWidget(self.question)
        self.choices = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for number, words in enumerate((tr("Sunny days"), tr("Rainy days"), tr("Both the same")), 1):
            button = WrappingRadio(f"{number}. {words}", self)
            self.choices.addButton(button)
            self.buttons.append(button)
            self.box.addWidget(button)
        self.choices.buttonClicked.connect(self._on_choice)
        self.well_done = _words("", self, "muted")
        self.box.addWidget(self.well_done)
        row = QHBoxLayout()
        row.addStretch(1)
        self.next_button = QPushButton(tr("Next: the real questions"), self, objectName="primary")
        row.addWidget(self.next_button)
        self.box.addLayout(row)
        self.box.addStretch(1)
        self.next_button.clicked.connect(lambda: self.sig_done.emit(self.choices.checkedButton() is not None))
        enter_presses_buttons(self)

    def items(self) -> list[tuple[str, None]]:
        """What "read aloud" reads here (the practice has no recordings)."""
        return [(self.explain.text(), None), (self.question.text(), None)] + [(b.text(), None) for b in self.buttons]

    def start(self) -> None:
        self.choices.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.choices.setExclusive(True)
        self.well_done.setText("")
        self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:
        index = event.key() - Qt.Key.Key_1
        if 0 <= index < len(self.buttons):
            self.buttons[index].click()
            self.buttons[index].setFocus()
            return
        super().keyPressEvent(event)

    @Slot()
    def _on_choice(self, *_args) -> None:
        self.well_done.setText(tr("Well done. That is how you answer. Now press “Next”."))


class StopPage(_Page):
    """The respondent pressed "I want to stop": a plain question, so a stray key does not end the part."""

    sig_stop = Signal()
    sig_go_on = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, "selfStopPage")
        self.box.addWidget(_words(tr("Do you want to stop these questions?"), self, "pageTitle"))
        self.box.addWidget(_words(tr("That is fine. The answers you gave are kept and nobody here will see them. "
                                     "Then give the laptop back to the interviewer."), self, "groupHint"))
        row = QHBoxLayout()
        self.go_on_button = QPushButton(tr("No, go on with the questions"), self)
        self.stop_button = QPushButton(tr("Yes, stop"), self, objectName="primary")
        row.addWidget(self.go_on_button)
        row.addStretch(1)
        row.addWidget(self.stop_button)
        self.box.addLayout(row)
        self.box.addStretch(1)
        self.go_on_button.clicked.connect(self.sig_go_on)
        self.stop_button.clicked.connect(self.sig_stop)
        enter_presses_buttons(self)

    def start(self) -> None:
        self.go_on_button.setFocus(Qt.FocusReason.OtherFocusReason)


class HandbackPage(_Page):
    """The end of the part: thanks for the respondent, then the interviewer's PIN, then what happened (no answers)."""

    sig_code = Signal(str)
    """The interviewer typed a code (the PIN or the passphrase)."""
    sig_continue = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, "selfHandbackPage")
        self.thanks = _words(tr("Thank you. You have finished these questions."), self, "pageTitle")
        self.box.addWidget(self.thanks)
        self.give_back = _words(tr("Please give the laptop back to the interviewer now."), self, "questionLabel")
        self.box.addWidget(self.give_back)
        self.code_label = _words(tr("Interviewer: type your PIN to take the laptop back."), self)
        self.box.addWidget(self.code_label)
        self.code = QLineEdit(self)
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setAccessibleName(tr("Interviewer's PIN"))
        self.code.setMaximumWidth(320)
        self.box.addWidget(self.code)
        self.hint = _words("", self, "muted")
        self.box.addWidget(self.hint)
        self.problem = _words("", self, "problem")
        self.problem.hide()
        self.box.addWidget(self.problem)
        self.summary = _words("", self, "questionLabel")
        self.summary.hide()
        self.box.addWidget(self.summary)
        row = QHBoxLayout()
        row.addStretch(1)
        self.continue_button = QPushButton(tr("Continue the interview"), self, objectName="primary")
        self.continue_button.hide()
        row.addWidget(self.continue_button)
        self.box.addLayout(row)
        self.box.addStretch(1)
        self.code.returnPressed.connect(self._submit)
        self.continue_button.clicked.connect(self.sig_continue)
        enter_presses_buttons(self)

    def ask(self, outcome: str, hint: str = "") -> None:
        """The respondent's side: thanks and the PIN box (nothing of the answers)."""
        self.thanks.setText(tr("Thank you. You have finished these questions.") if outcome == "completed"
                            else tr("Thank you. We stop these questions here."))
        for widget in (self.thanks, self.give_back, self.code_label, self.code):
            widget.show()
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.problem.hide()
        self.summary.hide()
        self.continue_button.hide()
        self.code.clear()
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def refused(self) -> None:
        self.code.clear()
        self.problem.setText(tr("That is not the PIN. Only the interviewer can take the laptop back."))
        self.problem.show()

    def tell(self, label: str, outcome: str, answered: int, declined: int) -> None:
        """The interviewer's side: what happened with the part, never which answer or what it was."""
        for widget in (self.thanks, self.give_back, self.code_label, self.code, self.hint, self.problem):
            widget.hide()
        self.summary.setText(tr("“{part}”: {outcome}. {answered} answered, {declined} not answered by choice. "
                                "The answers stay hidden from you.").format(
            part=label, outcome=outcome_words(outcome), answered=answered, declined=declined))
        self.summary.show()
        self.continue_button.show()
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _submit(self) -> None:
        code = self.code.text()
        self.code.clear()
        if code:
            self.sig_code.emit(code)


class AnsweredPage(_Page):
    """A part the respondent answered alone, reached again by the interviewer: the answers are not shown."""

    sig_hand_over = Signal()
    sig_go_past = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, "selfAnsweredPage")
        self.title = _words("", self, "pageTitle")
        self.box.addWidget(self.title)
        self.note = _words("", self, "groupHint")
        self.box.addWidget(self.note)
        row = QHBoxLayout()
        self.hand_button = QPushButton(tr("Give the laptop to the respondent"), self)
        self.past_button = QPushButton(tr("Go on past this part"), self, objectName="primary")
        row.addWidget(self.hand_button)
        row.addStretch(1)
        row.addWidget(self.past_button)
        self.box.addLayout(row)
        self.box.addStretch(1)
        self.hand_button.clicked.connect(self.sig_hand_over)
        self.past_button.clicked.connect(self.sig_go_past)
        enter_presses_buttons(self)

    def show_part(self, label: str, started: bool) -> None:
        self.title.setText(tr("Self-interview: {part}").format(part=label))
        if started:
            self.note.setText(tr("The respondent was answering this part alone. To go on, give them the laptop; "
                                 "the answers stay hidden from you."))
            self.hand_button.setText(tr("Give the laptop to the respondent to go on"))
        else:
            self.note.setText(tr("The respondent answered this part alone: the answers stay hidden from you. To "
                                 "change an answer, give them the laptop."))
            self.hand_button.setText(tr("Give the laptop to the respondent"))
        (self.hand_button if started else self.past_button).setFocus(Qt.FocusReason.OtherFocusReason)
