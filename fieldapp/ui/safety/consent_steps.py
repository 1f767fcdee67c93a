"""Consent, assent and privacy before each screen: the runner's side of fieldapp.protect.gate.

Before a screen is shown the gate says what stands in the way: a refusal ends the interview (after a
confirmation, keeping only the consent record), missing consent sends the interviewer back to it, a waiver
asks for its reason and authority, and a privacy check shows its page. "Not private" offers to reschedule.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

from fieldapp.protect import consent, gate, marks, privacy, referrals
from fieldapp.ui.i18n import tr
from fieldapp.ui.safety.privacy_check_page import PrivacyCheckPage
from fieldapp.ui.safety.referral_words import type_words
from fieldapp.ui.safety.waiver_dialog import ask_waiver
from fieldapp.ui.shell.messages import error_text

# What the interviewer reads to the child, by the child's age (the form's own texts come first on the screen).
CHILD_WORDS = {
    "assent": "Read to the child: “You can say yes or no, and no is fine: nothing bad will happen. You can skip "
              "any question or stop whenever you want.”",
    "own_consent": "The adolescent is 15 to 17 and gives their own consent. Read: “You decide if you take part. "
                   "You can skip any question or stop at any time, and the help we can give does not change. I "
                   "would only share what you tell me if you or another child were in serious danger, and I "
                   "would talk with you first.”",
}


class ConsentSteps(QObject):
    """Attached by SafetyControls; `ask_waiver(parent) -> (reason, authority) | None` is replaced by tests."""

    def __init__(self, controls):
        super().__init__(controls)
        self.controls = controls
        self.runner = controls.runner
        self.safety = controls.safety
        self.gate = controls.safety.gate
        self.ask_waiver = ask_waiver
        self.checks: tuple = ()
        self._busy = False
        self.page = PrivacyCheckPage(self.runner)
        self.runner.pages.addWidget(self.page)
        self.page.sig_chosen.connect(self.privacy_answered)
        self.page.sig_reschedule.connect(self.reschedule)
        self.page.sig_break.connect(self._break)
        self.page.sig_check_again.connect(self.check_again)
        self.roles = {q.path: q.role for q in self.gate.consent_questions}

    @property
    def on_check(self) -> bool:
        return self.runner.pages.currentWidget() is self.page

    # -- before each screen ---------------------------------------------------------------------
    def intercept(self, screen) -> bool:
        """True when something had to happen before `screen` (the runner then shows what it asked)."""
        if self._busy or screen is None:
            return False
        try:
            stop = self.gate.before("" if screen.kind == "end" else screen.path)
        except Exception as exc:   # recording failed (disk full): say so, never block silently
            self.runner._say(error_text(exc))
            return False
        if stop is None:
            return False
        self._busy = True
        try:
            if stop.kind == gate.REFUSED:
                self._refused(stop.status)
            elif stop.kind == gate.CONSENT_MISSING:
                self.runner.jump(stop.back_to)
                self.runner._say(tr("Consent first: the interview goes on only when every consent question that "
                                    "applies is answered “yes”."))
            elif stop.kind == gate.WAIVER:
                self._waiver(screen)
            else:
                self._ask_privacy(stop.checks)
        finally:
            self._busy = False
        return True

    def _refused(self, status) -> None:
        who = {"guardian": tr("The guardian did not give consent."), "child": tr("The child did not agree.")}.get(
            status.refused_by, tr("Consent was not given."))
        question = tr("{who} The interview ends here: only the consent record is kept, every other answer is "
                      "erased. End the interview now?").format(who=who)
        if self.runner._confirm(self.runner, tr("End the interview?"), question):
            self.end_refused(observed_risk=self.runner._confirm(self.runner, tr("Before you leave"), tr(
                "Did you see signs that the child may be at risk now? For example: injuries, fear of the adult "
                "with them, no safe place to sleep tonight, an adult who controls what the child says. Do not ask "
                "the child anything more. “Yes” keeps this flag (not the child's answers) for your supervisor.")))
        else:
            self.runner.jump(status.refused_at)
            self.runner._say(tr("Correct the consent answer if it was a mistake; otherwise go on to end the "
                                "interview."))

    def end_refused(self, observed_risk: bool | None = None) -> None:
        self.runner.flush()
        try:
            self.gate.refuse(observed_risk)
        except Exception as exc:
            self.runner._say(error_text(exc))
            return
        if observed_risk:
            self.runner._say(tr("The risk you saw is recorded. Call your supervisor today, before you leave the "
                                "child, and give the service list."))
        self.runner.sig_closed.emit(self.safety.instance_id, "refused")

    def _waiver(self, screen) -> None:
        choice = self.ask_waiver(self.runner)
        if choice is None:
            self.runner.jump(self.gate._first_consent_path())
            self.runner._say(tr("Without a guardian's consent, record the waiver (its reason and who authorised "
                                "it) before going on."))
            return
        if not self.controls._run(self.gate.record_waiver, *choice):
            return
        self._busy = False
        if not self.intercept(screen):
            self.runner.show_screen(self.runner.session.current())

    # -- the app's privacy check -----------------------------------------------------------------
    def _ask_privacy(self, checks) -> None:
        self.checks = tuple(checks)
        self.runner.header.hide()
        self.runner.footer.hide()
        self.runner.pages.setCurrentWidget(self.page)
        self.page.ask(at_start=any(point.where == privacy.START for point in checks))

    @Slot(str)
    def privacy_answered(self, choice: str) -> None:
        try:
            outcome = self.gate.privacy_checked(self.checks, choice)
        except Exception as exc:
            self.runner._say(error_text(exc))
            return
        if outcome == "not_private":
            self.page.not_private()
            return
        self._back_to_interview()

    def show_not_private(self) -> None:
        """The form's own privacy question was answered "not private": the same pause and offer."""
        self.checks = ()
        self.runner.header.hide()
        self.runner.footer.hide()
        self.runner.pages.setCurrentWidget(self.page)
        self.page.not_private()

    @Slot()
    def check_again(self) -> None:
        if self.checks:
            self.page.ask(at_start=any(point.where == privacy.START for point in self.checks))
        else:
            self._back_to_interview()     # the form's own question: answer it again there

    @Slot()
    def reschedule(self) -> None:
        self.runner.flush()
        if not self.controls._run(self.gate.reschedule):
            return
        self.runner.header.show()
        self.runner.footer.show()
        if self.runner._save_and_exit is not None:
            self.runner._guard(self.runner._save_and_exit, self.runner.session)
        self.runner.sig_closed.emit(self.safety.instance_id, "rescheduled")

    @Slot()
    def _break(self) -> None:
        self.runner.header.show()
        self.runner.footer.show()
        self.controls.start_break()

    def _back_to_interview(self) -> None:
        self.runner.header.show()
        self.runner.footer.show()
        self.runner.show_screen(self.runner.session.current())

    # -- after an answer, and the words for the child ------------------------------------------------
    def answered(self, path: str) -> None:
        """A "no" to a consent question: say what happens next."""
        role = self.roles.get(path)
        if not role:
            return
        try:
            said = consent.word(self.runner.session.value(path))
        except Exception:   # the question is gone from the filling
            return
        if said == "no":
            self.runner._say(tr("Not agreed. When you go on, the interview ends and only the consent record is "
                                "kept. If it was a mistake, change the answer."))

    def share_answered(self, mandatory: list) -> None:
        """Consent to share was refused: say what followed (outcomes recorded; mandatory reporting stays)."""
        if referrals.share_consent(self.runner.session) != "no":
            return
        words = tr("Consent to share refused: no referral is made without it. Give the service list so the "
                   "family can go themselves.")
        if mandatory:
            words += " " + tr("Violence against a child falls under mandatory reporting: talk with your supervisor "
                              "today, and tell the child before anything is reported.")
        self.runner._say(words)

    def _share_words(self) -> str:
        """What is shared, with whom, and the mandatory-reporting exception, for the consent-to-share screen."""
        fired = self.safety.holding() if self.safety.has_referral_rules else []
        kinds = sorted({referral.referral_type for referral in fired if referral.referral_type})
        organisations = []
        try:
            for kind in kinds or [None]:
                for service in self.safety.services_for(kind)[:3]:
                    name = service.organisation or service.service
                    if name and name not in organisations:
                        organisations.append(name)
        except Exception:   # no directory: the services are named by the interviewer
            organisations = []
        what = ", ".join(type_words(kind) for kind in kinds) or tr("what you need")
        whom = ", ".join(organisations) or tr("the services on the list for your area")
        return tr("Read: “If you agree, we tell {whom} your name, how to reach you and that you need help with: "
                  "{what}. Only that, and only to help you. If you say no, we give you the list so you can go "
                  "yourself. If you or another child were in serious danger, the law asks us to tell the "
                  "child-protection authority even without your yes; we would talk with you first.”").format(
            whom=whom, what=what)

    def words_for(self, screen) -> None:
        """On the consent-to-share and assent screens, the words to read (by the child's age)."""
        if screen is None or screen.kind == "end":
            return
        if any(marks.role(q.extra) == referrals.SHARE_ROLE for q in screen.questions):
            self.runner._say(self._share_words())
            return
        if not any(marks.role(q.extra) == consent.ASSENT for q in screen.questions):
            return
        step = consent.child_step(self.runner.session)
        if step:
            self.runner._say(tr(CHILD_WORDS[step]))
