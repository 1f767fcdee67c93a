"""Self-interview in the runner: the mode choice, the practice, the respondent's locked-down screen, the handback
that hides the answers, and referral prompts held until the interviewer has the laptop back.

The rules and the audit trail are fieldapp.protect.self_interview's; this module only shows and blocks. The
runner asks `intercept(before, screen)` before showing a screen and `allows(action)` before leaving it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from fieldapp.protect import self_interview
from fieldapp.protect.self_interview import SelfInterview
from fieldapp.ui.i18n import tr
from fieldapp.ui.selfint.pages import AnsweredPage, HandbackPage, ModePage, PracticePage, StopPage
from fieldapp.ui.shell.messages import error_text

from fieldapp.ui.voice.controls import READ_KEY

STOP_KEY = "Esc"
# keys that stay live while the respondent holds the laptop (the privacy key F12 is the window's own filter)
RESPONDENT_KEYS = {READ_KEY, "Ctrl+D", "PgDown", "PgUp", "Escape", "Esc"}

RESPONDENT_STYLE = """
QLabel#questionLabel, QLabel#pageTitle { font-size: 22pt; }
QLabel#groupHint, QLabel#breadcrumb, QLabel#muted, QLabel#declined, QLabel#problem, QLabel#notice { font-size: 16pt; }
QRadioButton, QCheckBox { font-size: 18pt; min-height: 40px; }
QPushButton { font-size: 16pt; min-height: 44px; }
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit { font-size: 18pt; }
"""


class RespondentBar(QFrame):
    """What the respondent can press besides the answers (each has "Prefer not to answer"): read aloud, hide, stop."""

    def __init__(self, parent=None):
        super().__init__(parent, objectName="respondentBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 6)
        self.read_button = QPushButton(tr("Read aloud ({key})").format(key=READ_KEY), self)
        self.read_button.setAccessibleName(tr("Read aloud"))
        self.hide_button = QPushButton(tr("Hide the screen (F12)"), self)
        self.stop_button = QPushButton(tr("I want to stop ({key})").format(key=STOP_KEY), self)
        self.stop_button.setProperty("danger", True)
        for button in (self.read_button, self.hide_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.stop_button)
        self.stop_button.setAutoDefault(False)
        self.note = QLabel(self, objectName="notice")
        self.note.setWordWrap(True)
        self.note.hide()
        row.insertWidget(2, self.note, 2)
        self.setStyleSheet("QPushButton { font-size: 14pt; min-height: 44px; } QLabel { font-size: 13pt; }")


class SelfInterviewControls(QObject):
    """Attached to an InterviewRunner that has safety controls; idle for forms without `fieldapp:self` groups."""

    def __init__(self, runner, safety_controls, read_aloud):
        super().__init__(runner)
        self.runner = runner
        self.controls = safety_controls
        self.rules = SelfInterview(safety_controls.safety)
        self.active = None           # the part (its positional path) the respondent is answering now
        self.handing_back = None     # (part, outcome) while the handback page waits for the interviewer
        self._visited: list[str] = []
        self._pending_part = None     # the part whose mode page or answered page shows
        self._switched_off: list[QShortcut] = []
        self._hidden: list[QWidget] = []
        self.read_aloud_controls = read_aloud
        self.reader = read_aloud.reader
        read_aloud.items_for_page = self._items_for_page
        read_aloud.say = self._say_reading
        self.mode_page, self.practice_page = ModePage(runner), PracticePage(runner)
        self.stop_page, self.handback_page, self.answered_page = StopPage(runner), HandbackPage(runner), AnsweredPage(runner)
        for page in (self.mode_page, self.practice_page, self.stop_page, self.handback_page, self.answered_page):
            runner.pages.addWidget(page)
        self.bar = RespondentBar(runner)
        self.bar.hide()
        runner.layout().insertWidget(1, self.bar)
        self.mode_page.sig_start.connect(self.hand_over)
        self.mode_page.sig_skip.connect(self.skip_part)
        self.practice_page.sig_done.connect(self.practice_done)
        self.stop_page.sig_stop.connect(self.stop_part)
        self.stop_page.sig_go_on.connect(self.back_to_questions)
        self.handback_page.sig_code.connect(self.take_back)
        self.handback_page.sig_continue.connect(self.after_handback)
        self.answered_page.sig_hand_over.connect(self.hand_over_again)
        self.answered_page.sig_go_past.connect(self.go_past)
        self.bar.read_button.clicked.connect(self.read_aloud)
        self.bar.hide_button.clicked.connect(self.controls.hide_screen)
        self.bar.stop_button.clicked.connect(self.ask_stop)
        self._escape = QShortcut(QKeySequence("Escape"), runner)
        self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape.activated.connect(self.ask_stop)
        self._escape.setEnabled(False)
        # answers of a self-interview part are masked in "Go to…" for good, with no reveal
        masked = runner.hierarchy_view.masked
        runner.hierarchy_view.masked = lambda path: self.rules.hidden(path) or masked(path)
        runner.hierarchy_view.revealable = lambda path: not self.rules.hidden(path)

    # -- what the runner asks ------------------------------------------------------------------------
    @property
    def respondent_has_laptop(self) -> bool:
        return self.active is not None or self.handing_back is not None

    def allows(self, action: str) -> bool:
        """"back", "hierarchy", "jump", "exit", "finalize", "language", "safety": none while the respondent holds it
        (Back only inside the part, past its first screen: handled by `back`)."""
        return not self.respondent_has_laptop

    def holds_referrals(self) -> bool:
        return self.respondent_has_laptop or self.runner.pages.currentWidget() in (
            self.mode_page, self.practice_page, self.stop_page, self.handback_page)

    def intercept(self, before, screen) -> bool:
        """Before a screen shows: True when a self-interview page shows instead (the session stays at `screen`)."""
        if self.handing_back is not None:
            self._show(self.handback_page)
            return True
        part = self.rules.place(screen.path) if screen is not None and screen.kind != "end" else None
        if self.active is not None:
            if part == self.active:
                if not self._visited or self._visited[-1] != screen.path:
                    self._visited.append(screen.path)
                return False
            self.begin_handback(self.active, "completed")   # a move out of the part: the part is done
            return True
        if part is None:
            return False
        state = self.rules.state(part)
        self._pending_part = part
        if state.step == self_interview.NEW:
            self._show(self.mode_page)
            self.mode_page.show_part(self.rules.label(part), state.mode)
        else:
            self._show(self.answered_page)
            self.answered_page.show_part(self.rules.label(part), state.step == self_interview.STARTED)
        return True

    def back(self) -> bool:
        """Back while the respondent answers: only to earlier screens of the part. True when handled here."""
        if not self.respondent_has_laptop:
            return False
        if self.active is None or self.runner.pages.currentWidget() is not self.runner.screen_view \
                or len(self._visited) < 2:
            return True
        self.runner.flush()
        here = self.runner.screen
        try:
            screen = self.runner.session.previous()
            if self.rules.place(screen.path) != self.active:
                screen = self.runner.session.jump(here.path)   # never out of the part
            else:
                self._visited.pop()
        except Exception as exc:
            self.runner._say(error_text(exc))
            return True
        self.runner.show_screen(screen)
        return True

    def screen_shown(self) -> None:
        """After a screen of the part shows: the respondent's look, Back only where it stays in the part."""
        self.runner.footer.show()
        if self.active is None:
            return
        self._respondent_look()
        self.runner.back_button.setEnabled(len(self._visited) > 1)
        if self.rules.state(self.active).mode == "headphones":
            self.read_aloud()

    # -- the steps ---------------------------------------------------------------------------------------
    @Slot(str)
    def hand_over(self, mode: str) -> None:
        part = self._pending_part
        if not self._run(self.rules.choose_mode, part, mode):
            return
        self.active = part
        self._visited = []
        self._lock_down()
        if not self._run(self.rules.start, part):
            return
        self._show(self.practice_page)
        self.practice_page.start()
        if mode == "headphones":
            self.read_aloud()

    @Slot(bool)
    def practice_done(self, answered: bool) -> None:
        self.reader.stop_sound()
        self._run(self.rules.practised, self.active, answered)
        self.runner.show_screen(self.runner.session.current())

    @Slot()
    def hand_over_again(self) -> None:
        """Back to the respondent (a part started before a lock or a break, or an answer to change): no practice."""
        part = self._pending_part
        self.active = part
        self._visited = []
        self._lock_down()
        if not self._run(self.rules.start, part):
            return
        self.runner.show_screen(self.runner.session.current())

    @Slot()
    def skip_part(self) -> None:
        part = self._pending_part
        if self._run(self.rules.skip, part) and self._run(self.rules.handback, part, "skipped"):
            self.runner._say(tr("“{part}” was skipped: its questions are recorded as not answered by choice.").format(
                part=self.rules.label(part)))
            self.go_past(say=False)

    @Slot()
    def ask_stop(self) -> None:
        if self.active is None or self.handing_back is not None:
            return
        self.runner.flush()
        self.reader.stop_sound()
        self._show(self.stop_page)
        self.stop_page.start()

    @Slot()
    def back_to_questions(self) -> None:
        self.runner.show_screen(self.runner.session.current())

    @Slot()
    def stop_part(self) -> None:
        if self._run(self.rules.stop, self.active):
            self.begin_handback(self.active, "stopped")

    def begin_handback(self, part, outcome: str) -> None:
        self.reader.stop_sound()
        self.handing_back = (part, outcome)
        self.active = None
        old = self.runner.screen_view.takeWidget()   # nothing of the answers stays behind the handback page
        if old is not None:
            old.deleteLater()
        self.runner.screen_view.widgets = {}
        self.runner.screen_view.screen = None
        self.bar.hide()
        self.handback_page.ask(outcome, _code_hint(self.controls.safety.store))
        self._show(self.handback_page)
        self.handback_page.code.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str)
    def take_back(self, code: str) -> None:
        from fieldapp.ui.safety.controls import privacy_verifier
        if self.handing_back is None:
            return
        if privacy_verifier(self.controls.safety.store)(code) is None:
            self.controls.safety.log(self_interview.EVENT, path=self.handing_back[0], action="handback_refused")
            self.handback_page.refused()
            return
        part, outcome = self.handing_back
        summary = self.rules.handback(part, outcome)
        self.handback_page.tell(self.rules.label(part), outcome, summary.answered, summary.declined)

    @Slot()
    def after_handback(self) -> None:
        if self.handing_back is None:
            return
        part, outcome = self.handing_back
        self.handing_back = None
        self._unlock()
        if outcome == "completed":
            self.runner.show_screen(self.runner.session.current())
        else:
            self.go_past(part, say=False)
        self.controls.show_pending()   # the referral prompts held during the part, for the interviewer now

    @Slot()
    def go_past(self, part=None, say: bool = True) -> None:
        """From inside a part the interviewer may not see, on to the first screen after it."""
        part = part if part is not None else self._pending_part
        session = self.runner.session
        screen = session.current()
        for _step in range(2000):
            if screen.kind == "end" or self.rules.place(screen.path) != part:
                break
            moved = session.next()
            if moved.kind == screen.kind and moved.path == screen.path:
                self.runner._say(tr("This part still has a question that needs an answer. Give the laptop to the "
                                    "respondent to finish it, or skip the part."))
                return
            screen = moved
        self.runner.show_screen(screen)

    # -- read aloud ----------------------------------------------------------------------------------------
    @Slot()
    def read_aloud(self) -> None:
        self.read_aloud_controls.read_screen()

    def _items_for_page(self, page):
        """What "read aloud" reads on the respondent's own pages (the practice, the stop question, the handback)."""
        if page is self.practice_page:
            return self.practice_page.items()
        if page is self.stop_page:
            return [(label.text(), None) for label in page.findChildren(QLabel) if label.isVisible()] + [
                (self.stop_page.go_on_button.text(), None), (self.stop_page.stop_button.text(), None)]
        if page is self.handback_page and self.handing_back is not None:
            return [(self.handback_page.thanks.text(), None), (self.handback_page.give_back.text(), None)]
        return None

    def _say_reading(self, text: str) -> None:
        if self.respondent_has_laptop:
            if text:   # said to the respondent, not to the interviewer
                text = tr("This computer cannot read this aloud. If you need help, ask the interviewer.")
            self.bar.note.setText(text)
            self.bar.note.setVisible(bool(text))
        elif text:
            self.runner._say(text)

    # -- while the respondent holds the laptop -------------------------------------------------------------
    def _lock_down(self) -> None:
        """Nothing outside the part: no header (Go to…, language, title), no Save and exit, no interviewer keys."""
        runner = self.runner
        self.controls.facing = True
        hide = [runner.header, self.controls.bar, runner.footer.exit_button, runner.shortcut_hint,
                self.controls.referral_banner]
        hide += [b for b in runner.footer.buttons() if b not in (runner.back_button, runner.next_button)]
        self._hidden = [w for w in hide if w is not None and not w.isHidden()]
        for widget in self._hidden:
            widget.hide()
        self._switched_off = []
        for shortcut in runner.findChildren(QShortcut):
            if shortcut.isEnabled() and shortcut.key().toString() not in RESPONDENT_KEYS:
                shortcut.setEnabled(False)
                self._switched_off.append(shortcut)
        self._escape.setEnabled(True)
        self.bar.show()
        for page in (runner.screen_view, runner.footer, self.practice_page, self.stop_page, self.handback_page):
            page.setStyleSheet(RESPONDENT_STYLE)

    def _unlock(self) -> None:
        runner = self.runner
        for widget in self._hidden:
            widget.show()
        for shortcut in self._switched_off:
            shortcut.setEnabled(True)
        self._hidden, self._switched_off = [], []
        self._escape.setEnabled(False)
        self.bar.hide()
        self.bar.note.hide()
        self.controls.facing = False
        runner.screen_view.setStyleSheet("")
        runner.footer.setStyleSheet("")
        runner.back_button.setEnabled(True)
        runner._fit_reminder()

    def _respondent_look(self) -> None:
        """The interviewer's guidance is not on the respondent's screen (neither the questions' nor the groups')."""
        self.controls.apply_facing()
        page = self.runner.screen_view.widget()
        if page is not None:
            for label in page.findChildren(QLabel, "guidance"):
                label.hide()
        self.runner.shortcut_hint.hide()   # it lists the interviewer's keys

    def _show(self, page: QWidget) -> None:
        """A self-interview page; the footer's Back and Next belong to the questions (the mode page keeps Back)."""
        self.runner.pages.setCurrentWidget(page)
        self.runner.footer.setVisible(page in (self.mode_page, self.answered_page))
        self.runner.next_button.setEnabled(False)   # the page's own buttons go on; Back stays the interviewer's

    def _run(self, operation, *args) -> bool:
        try:
            operation(*args)
        except Exception as exc:   # recording failed (disk full): said, nothing lost
            self.runner._say(error_text(exc))
            return False
        return True


def _code_hint(store) -> str:
    from fieldapp.ui.safety.controls import privacy_hint
    return privacy_hint(store)()


def attach_self_interview(runner):
    """SelfInterviewControls for a runner whose form has `fieldapp:self` parts; None otherwise."""
    controls = runner.safety_controls
    if controls is None or not SelfInterview(controls.safety).parts:
        return None
    made = SelfInterviewControls(runner, controls, runner.read_aloud)
    controls.hold_referrals = made.holds_referrals
    return made
