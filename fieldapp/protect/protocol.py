"""The safeguarding actions of one open interview, each recorded in the audit trail without answer values.

The runner calls these; the store does the saving and erasing. Audit events carry codes only
(action, choice, erase, count), never what the respondent said.
"""

from __future__ import annotations

from fieldapp.protect import distress, marks, parts, referrals, services
from fieldapp.protect.errors import NotDeclinable, ShareRefused, UnknownChoice
from fieldapp.protect.gate import InterviewGate


# Answers of a privacy check that mean someone else can hear (the bundled forms' codes, and a plain "no").
NOT_PRIVATE = ("not_private", "no", "no_private", "others_present", "reschedule")


class InterviewSafety:
    """Pause, privacy switch, distress, decline and withdrawal for `session`, kept in `store` (fieldapp.store.Store)."""

    def __init__(self, store, session):
        self.store = store
        self.session = session
        self.paused = False
        self._order = parts.question_order(session.form)
        self._parts = parts.marked_parts(session.form, self._order)
        self.skipped: list[str] = []      # refs of marked parts a move went past, in the order it happened
        self._rules = referrals.rules(session.form)
        self.referrals: dict[str, referrals.Referral] = self._recorded_referrals()
        self._directory: services.Directory | None = None
        # consent and assent first, then the app's own privacy checks (fieldapp.protect.gate)
        self.gate = InterviewGate(self)

    @property
    def instance_id(self) -> str:
        return self.session.instance_id

    def log(self, event: str, **details) -> None:
        self.store.log_event(self.instance_id, event, **details)

    # -- privacy switch ---------------------------------------------------------
    def privacy_screen_on(self, screen: str = "") -> None:
        """Someone walked in: the interview is hidden. `screen` is the kind of page that was showing."""
        self.store.save(self.session, "privacy_screen", action="on", screen=screen or None)

    def privacy_screen_off(self, by: str = "pin") -> None:
        self.log("privacy_screen", action="off", by=by)

    def privacy_screen_refused(self, by: str = "pin") -> None:
        """A wrong PIN (or passphrase) was typed on the privacy screen."""
        self.log("privacy_screen", action="refused", by=by)

    # -- pause ----------------------------------------------------------------------
    def pause(self) -> None:
        """A break: everything is saved now, the position included; resume() or a later resume goes on from there."""
        self.store.pause(self.session, action="start")
        self.paused = True

    def resume(self) -> None:
        self.log("pause", action="end")
        self.paused = False

    # -- distress ---------------------------------------------------------------------
    def distress_script(self, app_language: str = "es") -> str:
        return distress.script(self.session.form, self.session.language, app_language)

    def distress_flagged(self) -> None:
        self.log("distress", action="flagged", screen=self._screen_path() or None)

    def distress_choice(self, choice: str) -> None:
        """The respondent's choice after the script: continue, break or stop (a referral is suggested)."""
        self.log("distress", action="choice", choice=distress.check_choice(choice))

    # -- declines -----------------------------------------------------------------------
    def decline(self, path: str, declined: bool = True) -> None:
        """Prefer not to answer (or take it back); refused on the interviewer's own checks."""
        view = self.session.question(path)
        if declined and not marks.can_decline(view.extra, view.readonly):
            raise NotDeclinable(marks.role(view.extra) or path)
        self.session.decline(path, declined)

    def declined_count(self) -> int:
        return count_declined(self.session.hierarchy())

    def declined_total(self) -> int:
        """Declined questions now (cheap enough for every answer: read from the session's state)."""
        return len(self.session.dump().get("declined") or ())

    # -- privacy checks ----------------------------------------------------------------------------
    def privacy_checked(self, path: str) -> str | None:
        """After an answer: when `path` is a privacy check, record "private" or "not_private" (a code, not the answer)."""
        try:
            view = self.session.question(path)
        except Exception:   # not a question the session shows
            return None
        if marks.role(view.extra) != "privacy" or not view.value:
            return None
        outcome = "not_private" if view.value.strip().lower() in NOT_PRIVATE else "private"
        self.log("privacy_check", path=path, outcome=outcome, kind="form")
        if outcome == "private":
            self.gate.clear_reschedule()
        return outcome

    # -- skipped parts --------------------------------------------------------------------
    def moved(self, before_path: str, after_path: str) -> list[str]:
        """A move forward from one screen to another: the labels of marked parts it went past, each recorded once."""
        before, after = parts.place_of(before_path, self._order), parts.place_of(after_path, self._order)
        if after_path == "":      # the end screen: past every question
            after = len(self._order)
        labels = []
        for part in parts.skipped_between(self.session, self._parts, before, after):
            if part.ref in self.skipped:
                continue
            self.skipped.append(part.ref)
            self.log("skip", path=part.ref, reason_code="not_relevant",
                     kind="self_interview" if part.self_interview else "sensitive")
            labels.append(parts.plain_label(self.session.form, part.ref, self.session.language))
        return labels

    # -- referrals --------------------------------------------------------------------------------
    def _recorded_referrals(self) -> dict[str, referrals.Referral]:
        """Referrals fired before (this draft, and the version it corrects), read back from the audit trail."""
        if not self._rules:
            return {}
        trail = list(self.store.audit(self.instance_id))
        earlier = [(e.details or {}).get("previous_instance_id") for e in trail if e.event == "edit"]
        for previous in earlier:
            if previous:
                trail = list(self.store.audit(previous)) + trail
        return referrals.recorded(trail)

    @property
    def has_referral_rules(self) -> bool:
        return bool(self._rules)

    def check_referrals(self) -> list[referrals.Referral]:
        """Rules that fire now for the first time: each is recorded (path and type, never the answer)."""
        new = []
        for referral in referrals.firing(self.session, self._rules):
            if referral.path in self.referrals:
                continue
            self.referrals[referral.path] = referral
            self.log("referral", path=referral.path, action="fired", service_type=referral.referral_type)
            new.append(referral)
        return new

    def holding(self) -> list[referrals.Referral]:
        """Fired referrals whose rule still holds now (an answer corrected since may have undone one)."""
        now = {r.path for r in referrals.firing(self.session, self._rules)}
        return [r for path, r in self.referrals.items() if path in now]

    def pending(self) -> list[referrals.Referral]:
        """Fired referrals still waiting for their outcome: Finalize needs none."""
        return [r for r in self.holding() if not r.outcome]

    def record_outcome(self, path: str, outcome: str, by: str = "interviewer") -> None:
        """What became of a referral. With consent to share refused, "referred" is only possible under the
        mandatory-reporting exception (recorded as such)."""
        if outcome not in referrals.OUTCOMES:
            raise UnknownChoice(outcome)
        referral = self.referrals[path]
        extra = {"by": by} if by != "interviewer" else {}
        if outcome == "referred" and referrals.share_consent(self.session) == "no":
            if referrals.follows_refusal(referral):
                raise ShareRefused(referral.referral_type)
            extra["reason_code"] = "mandatory_reporting"
        referral.outcome = outcome
        self.log("referral_outcome", path=path, outcome=outcome, service_type=referral.referral_type, **extra)

    def share_refused(self) -> list[referrals.Referral]:
        """Consent to share was refused: every waiting referral outside mandatory reporting gets the outcome
        "consent_refused" (recorded); returns those that still need the interviewer (mandatory reporting)."""
        if referrals.share_consent(self.session) != "no":
            return []
        left = []
        for referral in self.pending():
            if referrals.follows_refusal(referral):
                self.record_outcome(referral.path, "consent_refused", by="consent_to_share")
            else:
                left.append(referral)
        return left

    def directory(self) -> services.Directory:
        if self._directory is None:
            self._directory = services.load(self.store)
        return self._directory

    def services_for(self, referral_type: str | None) -> list[services.Service]:
        """The directory's services of that type (all when None) for the child's location, nearest first."""
        return services.matching(self.directory(), referral_type, referrals.location_words(self.session))

    # -- withdrawal -----------------------------------------------------------------------
    def withdraw(self, erase: bool) -> None:
        """Stop for good; with `erase` every answer goes and only an anonymous record of the withdrawal stays."""
        self.store.withdraw(self.instance_id, erase=erase)

    def _screen_path(self) -> str:
        try:
            return self.session.current().path
        except Exception:   # the audit entry is kept even when the position cannot be read
            return ""


def count_declined(items) -> int:
    """How many questions of a hierarchy (session.hierarchy()) are declined."""
    total = 0
    for item in items:
        if item.kind == "question" and item.status == "declined":
            total += 1
        total += count_declined(item.children)
    return total
