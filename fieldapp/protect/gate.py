"""What must happen before a screen is shown: consent and assent first, then the app's privacy check.

`InterviewGate.before(screen_path)` answers, for the screen a move is about to show, what stands in the way:
a refusal (the interview ends with only the consent record), missing consent (go back to it), a waiver whose
reason is not recorded, or a privacy check. Every step is in the audit trail as codes, never answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.protect import consent, parts, privacy

REFUSED, CONSENT_MISSING, WAIVER, PRIVACY = "refused", "consent_missing", "waiver", "privacy_check"


@dataclass(frozen=True)
class Stop:
    kind: str                                  # REFUSED | CONSENT_MISSING | WAIVER | PRIVACY
    status: consent.ConsentStatus | None = None
    checks: tuple[privacy.Checkpoint, ...] = ()
    back_to: str = ""                          # the consent question to go back to


class InterviewGate:
    """Consent and privacy rules for one interview; `safety` is its InterviewSafety (store, session, log)."""

    def __init__(self, safety):
        self.safety = safety
        form = safety.session.form
        self.order = parts.question_order(form)
        self.consent_questions = consent.questions(form)
        self.gate_place = consent.gate(self.consent_questions)
        self.checkpoints = privacy.checkpoints(form, self.order, parts.marked_parts(form, self.order),
                                               self.consent_questions)
        self.checked: set[str] = set()     # privacy checks made since this opening
        trail = list(safety.store.audit(safety.instance_id))
        self.waiver_recorded = any(e.event == "consent" and (e.details or {}).get("action") == "waiver"
                                   for e in trail)
        self.given_logged = any(e.event == "consent" and (e.details or {}).get("action") == "given" for e in trail)
        self._answered = {e.path for e in trail if e.event == "answer_changed" and e.path}
        # only an interview begun here can hold a form default nobody gave (a corrected version holds answers)
        self._begun_here = any(e.event == "form_start" for e in trail)
        self.cleared = self._clear_preset() if self._begun_here else []

    @property
    def session(self):
        return self.safety.session

    # -- consent ----------------------------------------------------------------------------
    def _clear_preset(self) -> list[str]:
        """A consent answer nobody gave (a form default) is emptied at once: silence is not assent."""
        cleared = []
        for path in consent.preset(self.session, self.consent_questions):
            if path in self._answered:
                continue
            self.session.answer(path, "")
            self.safety.log("consent", path=path, action="default_cleared")
            cleared.append(path)
        return cleared

    def status(self) -> consent.ConsentStatus:
        return consent.status(self.session, self.consent_questions, waiver_recorded=self.waiver_recorded)

    def record_waiver(self, reason: str, authorised_by: str) -> None:
        """The consent step is met without a guardian: why, and who authorised it (codes only)."""
        consent.check_waiver(reason, authorised_by)
        self.safety.log("consent", action="waiver", reason_code=reason, by=authorised_by)
        self.waiver_recorded = True

    def consent_given(self) -> None:
        """Recorded once, when the interview first goes past the consent step with every consent given."""
        if self.given_logged:
            return
        self.given_logged = True
        self.safety.log("consent", action="given", kind=consent.child_step(self.session) or "adult",
                        outcome="waiver" if self.status().waiver else "guardian")

    def refuse(self, observed_risk: bool | None = None) -> str:
        """End the interview: the store keeps only the consent record, the outcome and the interviewer's
        observation of risk (`observed_risk`, None when not asked). Returns the outcome."""
        found = self.status()
        outcome = found.outcome or "consent_refused"
        seen = None if observed_risk is None else ("yes" if observed_risk else "no")
        self.safety.store.refuse(self.safety.instance_id, consent.record_paths(self.session, self.consent_questions),
                                 outcome, observed_risk=seen, kind=consent.child_step(self.session) or "adult")
        return outcome

    # -- before a screen --------------------------------------------------------------------
    def place(self, path: str) -> int | None:
        if path == "":
            return len(self.order)     # the end screen stands after every question
        return parts.place_of(path, self.order)

    def before(self, path: str) -> Stop | None:
        """What must happen before the screen at `path` ("" = the end) is shown, None when nothing.

        The first time a move goes past the consent step with every consent given, that is recorded."""
        place = self.place(path)
        if self.gate_place is not None and place is not None:
            found = self.status()
            if found.state == consent.REFUSED and place > self._place_of(found.refused_at):
                return Stop(REFUSED, found)
            if place > self.gate_place and found.state != consent.GIVEN:
                if found.needs_waiver_record:
                    return Stop(WAIVER, found)
                back = found.missing[0] if found.missing else self._first_consent_path()
                if not back:
                    return None
                return Stop(CONSENT_MISSING, found, back_to=back)
            if place > self.gate_place:
                self.consent_given()      # the first move past the consent step records it (once)
        due = privacy.due(self.checkpoints, place, self.checked)
        if due:
            return Stop(PRIVACY, checks=tuple(due))
        return None

    def _place_of(self, path: str) -> int:
        found = self.place(path)
        return found if found is not None else -1

    def _first_consent_path(self) -> str:
        """Where to go back to: the first consent question that applies now, else the last question before the
        consent step's end that applies and has no answer (its answer decides which consent questions apply),
        else the last one that applies."""
        for question in self.consent_questions:
            if question.answerable and consent._relevant(self.session, question.path):
                return question.path
        before = [ref for ref, place in sorted(self.order.items(), key=lambda item: item[1])
                  if self.gate_place is not None and place <= self.gate_place and consent._relevant(self.session, ref)]
        unanswered = [ref for ref in before if not self.session.readonly(ref) and not self.session.value(ref)]
        return (unanswered or before[-1:] or [""])[0]

    # -- the app's privacy check ------------------------------------------------------------
    def privacy_checked(self, checks, choice: str) -> str:
        """Record the interviewer's answer for these checkpoints; returns "private" or "not_private"."""
        privacy.check_choice(choice)
        outcome = privacy.outcome(choice)
        for point in checks:
            self.safety.log("privacy_check", path=point.where if point.where != privacy.START else None,
                            outcome=outcome, choice=choice, kind="app",
                            screen=point.where if point.where == privacy.START else None)
            if outcome == "private":
                self.checked.add(point.where)
        if outcome == "private":
            self.clear_reschedule()
        return outcome

    def reschedule(self) -> None:
        """Not private: keep the interview as it is, to go on another day; the list shows it as rescheduled."""
        store, session = self.safety.store, self.session
        store.save(session, "pause", action="reschedule", reason_code="not_private")
        store.set_outcome(self.safety.instance_id, "rescheduled")

    def clear_reschedule(self) -> None:
        record = self.safety.store.submission(self.safety.instance_id)
        if getattr(record, "outcome", None) == "rescheduled":
            self.safety.store.set_outcome(self.safety.instance_id, None)
