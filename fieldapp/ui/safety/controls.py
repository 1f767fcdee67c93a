"""The safety bar of the interview: privacy screen, break, distress and stop, on every screen, by button and key.

It attaches to an InterviewRunner and acts through fieldapp.protect.protocol.InterviewSafety, which
saves, erases and writes the audit trail; this module only asks and shows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton

from fieldapp.protect import marks, pin
from fieldapp.ui.i18n import app_language, tr
from fieldapp.ui.safety.break_page import BreakPage
from fieldapp.ui.safety.continuity_offer import ContinuityOffer
from fieldapp.ui.safety.distress_dialog import ask_distress
from fieldapp.ui.safety.privacy_screen import PRIVACY_KEY_TEXT, PrivacySwitch
from fieldapp.ui.safety.referral_banner import ReferralBanner
from fieldapp.ui.safety.referral_panel import ReferralPanel
from fieldapp.ui.safety.withdraw_dialog import ERASE, KEEP, ask_withdraw
from fieldapp.ui.shell.messages import error_text

PRIVACY_BUTTON_HEIGHT = 56   # the one button to find without looking, when the screen has the room
BREAK_KEY, DISTRESS_KEY, STOP_KEY, DECLINE_KEY, FACING_KEY = "Ctrl+B", "Ctrl+U", "Ctrl+W", "Ctrl+D", "Ctrl+G"


def _choose_pdf_path(parent) -> str:
    from PySide6.QtWidgets import QFileDialog
    path, _filter = QFileDialog.getSaveFileName(parent, tr("Save the service list"), "services.pdf", "PDF (*.pdf)")
    return path


def privacy_verifier(store):
    """verify(code) -> "pin" or "passphrase" when the code brings the interview back, None otherwise."""
    def verify(code: str) -> str | None:
        if pin.verify_pin(store, code):
            return "pin"
        if pin.unlock_with_passphrase(store, code):
            return "passphrase"
        return None
    return verify


def privacy_hint(store):
    """What the cover says under the code box: as little as possible, but enough for the interviewer."""
    def hint() -> str:
        if not pin.has_pin(store):
            return tr("No PIN is set yet: type the passphrase (set a PIN in Settings).")
        if pin.pin_locked(store):
            return tr("Too many wrong tries: type the passphrase.")
        return ""
    return hint


class SafetyBar(QFrame):
    """The safety buttons in one row; where the row is too narrow for them (large text, small screens) they drop
    their key hints (the keys stay in the tooltips and the shortcut reminder) instead of being cut."""

    def __init__(self, parent):
        super().__init__(parent, objectName="safetyBar")
        self._labels: list[tuple[QPushButton, str, str]] = []   # (button, with its key, without)

    def labelled(self, full: str, short: str) -> QPushButton:
        button = QPushButton(full, self)
        button.setToolTip(full)
        self._labels.append((button, full, short))
        return button

    def _width_with_keys(self, with_keys: bool = True) -> int:
        layout = self.layout()
        margins = layout.contentsMargins()
        width = margins.left() + margins.right() + layout.spacing() * len(self._labels)
        for button, full, short in self._labels:
            metrics = button.fontMetrics()
            padding = button.sizeHint().width() - metrics.horizontalAdvance(button.text())
            width += max(button.minimumWidth(), metrics.horizontalAdvance(full if with_keys else short) + padding)
        return width

    def minimumSizeHint(self):
        # the labels with their keys must not widen the window beyond the screen before the first resize drops them
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), self.width_without_keys()))
        return hint

    def width_without_keys(self) -> int:
        """The width the bar needs with its shortest labels (for a compact header that puts it beside the other row)."""
        return self._width_with_keys(False)

    def set_compact(self, compact: bool) -> None:
        """On a short screen the bar is one plain row: the privacy button as tall as the others, thinner margins."""
        self.layout().setContentsMargins(16, 2 if compact else 4, 16, 2 if compact else 4)
        for button, _full, _short in self._labels:
            if button.objectName() == "privacyButton":
                button.setMinimumHeight(0 if compact else PRIVACY_BUTTON_HEIGHT)
                button.setProperty("compact", compact)
                button.style().unpolish(button)
                button.style().polish(button)

    def resizeEvent(self, event) -> None:
        with_keys = event.size().width() >= self._width_with_keys()
        for button, full, short in self._labels:
            text = full if with_keys else short
            if button.text() != text:
                button.setText(text)
        super().resizeEvent(event)


class SafetyControls(QObject):
    """Adds the safety bar, the break page and the safety keys to `runner`; `safety` is its InterviewSafety.

    `ask_withdraw(parent) -> "keep" | "erase" | None` and `ask_distress(parent, script, note) -> choice | None`
    are the dialogs; tests replace them.
    """

    def __init__(self, runner, safety):
        super().__init__(runner)
        self.runner = runner
        self.safety = safety
        self.ask_withdraw = ask_withdraw
        self.ask_distress = ask_distress
        self.choose_pdf_path = _choose_pdf_path
        self.bar = self._build_bar()
        runner.top.set_safety_bar(self.bar)     # with the header: one compact header on a short screen
        self.referral_banner = ReferralBanner(runner)
        runner.layout().insertWidget(runner.layout().indexOf(runner.top) + 1, self.referral_banner)
        runner.top.sig_compact.connect(self.referral_banner.set_compact)
        self.referral_banner.set_compact(runner.top.compact)
        # a returning child's case code offers to carry over what does not change between visits
        self.continuity_offer = ContinuityOffer(runner, safety)
        self.referral_banner.sig_outcome_chosen.connect(self.record_outcome)
        self.referral_panel = ReferralPanel(runner.finalize_page)
        runner.finalize_page.layout().insertWidget(2, self.referral_panel, 2)
        self.referral_panel.sig_outcome_chosen.connect(self.record_outcome)
        self.referral_panel.sig_print_requested.connect(self.print_service_list)
        runner.hierarchy_view.masked = self.is_masked
        runner.hierarchy_view.sig_reveal_requested.connect(self.reveal)
        self.facing = False      # the screen faces the respondent: the interviewer's guidance is hidden
        self.hold_referrals = lambda: False   # True while the respondent holds the laptop (a self-interview part)
        # connected after the runner's own slots, so these run once the answer is kept
        runner.screen_view.sig_answered.connect(self.after_change)
        runner.screen_view.sig_decline_toggled.connect(self.after_change)
        self.break_page = BreakPage(runner)
        runner.pages.addWidget(self.break_page)
        self.break_page.sig_continue.connect(self.end_break)
        self.break_page.sig_leave.connect(self._leave_from_break)
        from fieldapp.ui.safety.consent_steps import ConsentSteps
        self.steps = ConsentSteps(self)      # consent, assent and the app's privacy check before each screen
        for keys, slot in ((BREAK_KEY, self.start_break), (DISTRESS_KEY, self.flag_distress),
                           (STOP_KEY, self.stop), (DECLINE_KEY, self.decline_here), (FACING_KEY, self.toggle_facing)):
            shortcut = QShortcut(QKeySequence(keys), runner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.privacy_switch()   # the key works from the first moment, on the window that holds the interview

    def _build_bar(self) -> QFrame:
        bar = SafetyBar(self.runner)
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 4, 16, 4)
        self.privacy_button = bar.labelled(tr("Hide the screen ({key})").format(key=PRIVACY_KEY_TEXT),
                                           tr("Hide the screen"))
        self.privacy_button.setObjectName("privacyButton")
        self.privacy_button.setAccessibleName(tr("Hide the screen"))
        self.privacy_button.setToolTip(tr("Someone walked in: cover the interview at once. Your PIN brings it back."))
        self.privacy_button.setMinimumHeight(PRIVACY_BUTTON_HEIGHT)
        self.break_button = bar.labelled(tr("Break ({key})").format(key=BREAK_KEY), tr("Break"))
        self.distress_button = bar.labelled(tr("Upset? ({key})").format(key=DISTRESS_KEY), tr("Upset?"))
        self.distress_button.setAccessibleName(tr("The respondent is upset"))
        self.stop_button = bar.labelled(tr("Stop ({key})").format(key=STOP_KEY), tr("Stop"))
        self.stop_button.setAccessibleName(tr("Stop the interview"))
        self.stop_button.setProperty("danger", True)
        row.addWidget(self.privacy_button)
        self.facing_note = QLabel(tr("Facing the respondent: your guidance is hidden ({key} shows it)").format(
            key=FACING_KEY), bar, objectName="muted")
        self.facing_note.setWordWrap(True)
        self.facing_note.hide()
        row.addWidget(self.facing_note, 1)
        row.addStretch(1)
        for button in (self.break_button, self.distress_button, self.stop_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        self.privacy_button.clicked.connect(self.hide_screen)
        self.break_button.clicked.connect(self.start_break)
        self.distress_button.clicked.connect(self.flag_distress)
        self.stop_button.clicked.connect(self.stop)
        return bar

    # -- privacy switch -------------------------------------------------------------------
    def privacy_switch(self) -> PrivacySwitch:
        store = self.safety.store
        switch = PrivacySwitch.for_window(self.runner.window(), privacy_verifier(store), hint=privacy_hint(store),
                                          log=self.log_privacy)
        if switch.window is self.runner and self.runner.flush not in switch.before_engage:
            switch.before_engage.append(self.runner.flush)   # a main window flushes its own runner
        return switch

    def log_privacy(self, action: str, **details) -> None:
        if action == "on":
            self.safety.privacy_screen_on(self.runner.screen.kind if self.runner.screen else "")
        elif action == "off":
            self.safety.privacy_screen_off(details.get("by", "pin"))
        else:
            self.safety.privacy_screen_refused()

    @Slot()
    def hide_screen(self) -> None:
        self.privacy_switch().engage()

    # -- break ------------------------------------------------------------------------------
    @property
    def on_break(self) -> bool:
        return self.runner.pages.currentWidget() is self.break_page

    @Slot()
    def start_break(self) -> None:
        if self.on_break:
            return
        self.runner.flush()
        if not self._run(self.safety.pause):
            return
        self.runner.header.hide()
        self.runner.footer.hide()
        self.runner.pages.setCurrentWidget(self.break_page)
        self.break_page.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def end_break(self) -> None:
        if not self.on_break:
            return
        self._run(self.safety.resume)
        self.runner.header.show()
        self.runner.footer.show()
        self.runner.show_screen(self.runner.session.current())

    @Slot()
    def _leave_from_break(self) -> None:
        self.runner.header.show()
        self.runner.footer.show()
        self.runner.save_and_exit()

    # -- distress ---------------------------------------------------------------------------
    @Slot()
    def flag_distress(self) -> None:
        self.runner.flush()
        self._run(self.safety.distress_flagged)
        note = tr("Offer support: psychosocial care (mental health) is on the service list for this area. "
                  "If the respondent is in danger, call your supervisor now.")
        choice = self.ask_distress(self.runner, self.safety.distress_script(app_language()), note)
        if choice is None:
            return
        self._run(self.safety.distress_choice, choice)
        if choice == "break":
            self.start_break()
        elif choice == "stop":
            self.stop()

    # -- stop and withdraw ------------------------------------------------------------------
    @Slot()
    def stop(self) -> None:
        self.runner.flush()
        choice = self.ask_withdraw(self.runner)
        if choice not in (KEEP, ERASE):
            return
        if not self._run(self.safety.withdraw, choice == ERASE):
            return
        self.runner.sig_closed.emit(self.safety.instance_id, "withdrawn")

    # -- referrals ------------------------------------------------------------------------------
    @Slot()
    def after_change(self, path: str = "", *_args) -> None:
        """After every answer: a privacy check is recorded; a rule that fires now shows the calm banner."""
        self.apply_facing()
        if isinstance(path, str) and path:
            try:
                outcome = self.safety.privacy_checked(path)
            except Exception as exc:   # recording failed (disk full): say so, the answer itself is kept
                self.runner._say(error_text(exc))
                outcome = None
            if outcome == "not_private":
                self.steps.show_not_private()
            self.steps.answered(path)
        if not self.safety.has_referral_rules:
            return
        try:
            self.safety.check_referrals()
            self.steps.share_answered(self.safety.share_refused())
        except Exception as exc:   # recording failed (disk full): say so, the answer itself is kept
            self.runner._say(error_text(exc))
        self.show_pending()

    def show_pending(self) -> None:
        pending = self.safety.pending() if self.safety.has_referral_rules else []
        # the end page lists them all; "Go to…" needs the room
        at_end = self.runner.pages.currentWidget() in (self.runner.finalize_page, self.runner.hierarchy_view)
        if not pending or self.on_break or at_end or self.hold_referrals():
            self.referral_banner.hide()
            return
        first = pending[0]
        directory = self.safety.directory()
        self.referral_banner.show_referral(first, self.safety.services_for(first.referral_type), len(pending) - 1,
                                           not directory.usable)

    @Slot(str, str)
    def record_outcome(self, path: str, outcome: str) -> None:
        if not self._run(self.safety.record_outcome, path, outcome):
            return
        self.show_pending()
        if not self.referral_panel.set_outcome(path, outcome):
            self.show_referrals_at_end()

    def show_referrals_at_end(self) -> None:
        holding = self.safety.holding() if self.safety.has_referral_rules else []
        labels = {}
        for referral in holding:
            try:
                labels[referral.path] = self.safety.session.question(referral.path).label
            except Exception:   # the label is a nicety; the type still says what it is about
                labels[referral.path] = referral.path
        self.referral_panel.show_referrals(holding, labels)
        # with referrals to record, their list takes the free room (the filler would leave it empty)
        self.runner.finalize_page.filler.setVisible(not holding)

    def ready_to_finalize(self) -> bool:
        """Finalize waits until every fired referral has an outcome (the end screen says which)."""
        if not self.safety.has_referral_rules or not self.safety.pending():
            return True
        self.show_referrals_at_end()
        self.runner.pages.setCurrentWidget(self.runner.finalize_page)
        self.runner._say(tr("Record what happened with each referral (on this page) before finalizing."))
        box = next(iter(b for b in self.referral_panel.boxes.values() if not b.currentData()), None)
        if box is not None:
            box.setFocus()
        return False

    @Slot()
    def print_service_list(self) -> None:
        from fieldapp.ui.safety.service_list import print_service_list
        path = self.choose_pdf_path(self.runner)
        if not path:
            return
        directory = self.safety.directory()
        try:
            print_service_list(self.safety.services_for(None), directory.example, path)
        except Exception as exc:
            self.runner._say(error_text(exc))
            return
        self.safety.log("service_list", action="printed", count=len(directory.services))
        self.referral_panel.print_note.setText(tr("The service list was saved as a PDF to print."))

    # -- identifying answers and the screen facing the respondent -----------------------------------
    def is_masked(self, path: str) -> bool:
        """Identifying (fieldapp:pii) and sensitive answers are masked on review screens until revealed."""
        try:
            extra = self.safety.session.question(path).extra
        except Exception:   # a path the session cannot show: nothing to mask
            return False
        return marks.is_pii(extra) or marks.is_sensitive(extra)

    @Slot(str)
    def reveal(self, path: str) -> None:
        if self._run(lambda: self.safety.log("reveal", path=path, screen="hierarchy")):
            self.runner.hierarchy_view.reveal(path)

    @Slot()
    def toggle_facing(self) -> None:
        """Ctrl+G: the screen turns to the respondent (guidance hidden) or back to the interviewer."""
        self.facing = not self.facing
        self.facing_note.setVisible(self.facing)
        self.apply_facing()

    def apply_facing(self) -> None:
        for widget in self.runner.screen_view.widgets.values():
            guidance = getattr(widget, "guidance", None)
            if guidance is not None:
                guidance.setVisible(bool(widget.question.guidance) and not self.facing)

    # -- after every move ----------------------------------------------------------------------
    def before_screen(self, screen) -> bool:
        """Consent and the privacy check come before `screen` is shown: True when one took the screen's place."""
        return self.steps.intercept(screen)

    def screen_shown(self, before, screen) -> None:
        """Say so when a move forward went past a part that does not apply (and the words for the child)."""
        self.steps.words_for(screen)
        if screen is not None and screen.kind == "end":
            self.show_referrals_at_end()
        self.show_pending()
        self.apply_facing()
        if before is None or screen is None:
            return
        labels = self.safety.moved(before.path if before.kind != "end" else "", screen.path if screen.kind != "end" else "")
        if labels:
            self.runner._say(tr("Skipped, it does not apply with the answers given: {parts}. This is noted in the "
                                "record.").format(parts=", ".join(f"“{label}”" for label in labels)))

    def progress_words(self, answered: int) -> str:
        declined = self.safety.declined_total()
        if not declined:
            return tr("{answered} answered").format(answered=answered)
        return tr("{answered} answered · {declined} declined").format(answered=answered, declined=declined)

    # -- decline ---------------------------------------------------------------------------------
    @Slot()
    def decline_here(self) -> None:
        """Ctrl+D: prefer not to answer the question being answered (or the only sensitive one on the page)."""
        if self.runner.pages.currentWidget() is not self.runner.screen_view:
            return
        widgets = self.runner.screen_view.widgets
        focused = QApplication.focusWidget()
        target = next((w for w in widgets.values() if focused is not None and (w is focused or w.isAncestorOf(focused))), None)
        if target is None:
            offered = [w for w in widgets.values()
                       if marks.can_decline(w.question.extra, w.question.readonly) or w.question.declined]
            target = offered[0] if len(offered) == 1 else None
        if target is None:
            self.runner._say(tr("Move to the question first (Tab), then press {key}.").format(key=DECLINE_KEY))
            return
        question = target.question
        if not question.declined and not marks.can_decline(question.extra, question.readonly):
            self.runner._say(tr("This question cannot be declined: it is one of the interviewer's own checks, "
                                "or it is not a sensitive question."))
            return
        target.flush()
        self.runner.decline(question.path, not question.declined)

    def _run(self, operation, *args) -> bool:
        """Run a safeguarding action; a refusal (disk full) is shown in the runner's banner, never lost."""
        try:
            operation(*args)
        except Exception as exc:
            self.runner._say(error_text(exc))
            return False
        return True
