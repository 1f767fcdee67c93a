"""Consent, assent and the app's privacy check in the interview, by keyboard; refusals and reschedules in the
Interviews list, with names masked until revealed (each reveal recorded).

Requirements: SG-1 privacy check, "not private" reschedules as an outcome; SG-2 consent or a recorded waiver,
then assent; without them only the consent record is kept; SG-14 PII masked in lists until revealed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.interviews.interviews_page import InterviewsPage
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.protect.safety_forms import CONSENTED

D = "/data"


def open_runner(qtbot, store, write_form, confirm=lambda *a: True):
    session = store.new_session(load_form(str(write_form("consented", CONSENTED))), interviewer="Ana")
    runner = InterviewRunner(session, safety=InterviewSafety(store, session), confirm=confirm,
                             save_and_exit=store.exit)
    qtbot.addWidget(runner)
    runner.resize(1366, 768)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    return runner


def answer_and_next(qtbot, runner, path, value):
    widget = runner.screen_view.widgets[path]
    widget.set_value(value)
    widget.emit_value()
    qtbot.keyClick(QApplication.focusWidget() or runner, Qt.Key.Key_PageDown)


def test_a_guardian_s_no_ends_the_interview_with_only_the_consent_record(qtbot, store, write_form):
    asked = []
    runner = open_runner(qtbot, store, write_form, confirm=lambda _p, title, text: asked.append(text) or True)
    instance_id = runner.session.instance_id
    answer_and_next(qtbot, runner, f"{D}/place", "Casa del Migrante")
    answer_and_next(qtbot, runner, f"{D}/route", "guardian")
    with qtbot.waitSignal(runner.sig_closed) as closed:
        answer_and_next(qtbot, runner, f"{D}/guardian_ok", "no")
    assert closed.args == [instance_id, "refused"]
    assert "guardian did not give consent" in asked[0] and "only the consent record is kept" in asked[0]
    record = store.consent_record(instance_id)
    assert record["values"] == {f"{D}/guardian_ok": "no", f"{D}/consent_ok": "no"}
    assert store.submission(instance_id).outcome == "consent_refused"


def test_a_mistaken_no_can_be_corrected(qtbot, store, write_form):
    runner = open_runner(qtbot, store, write_form, confirm=lambda *a: False)
    answer_and_next(qtbot, runner, f"{D}/place", "x")
    answer_and_next(qtbot, runner, f"{D}/route", "guardian")
    answer_and_next(qtbot, runner, f"{D}/guardian_ok", "no")
    assert runner.screen.path == f"{D}/guardian_ok"            # back on the answer to correct
    assert store.submission(runner.session.instance_id).status == "draft"
    answer_and_next(qtbot, runner, f"{D}/guardian_ok", "yes")
    steps = runner.safety_controls.steps
    assert steps.on_check                                        # the guardian has left: privacy, by key
    qtbot.keyClick(steps.page, Qt.Key.Key_2)
    assert runner.screen.path == f"{D}/age" and not steps.on_check


def test_nothing_goes_past_consent_without_it(qtbot, store, write_form):
    runner = open_runner(qtbot, store, write_form)
    runner.session.answer(f"{D}/place", "x")
    runner.jump(f"{D}/school")
    assert runner.screen.path == f"{D}/route"            # the first unanswered question of the consent step
    assert "Consent first" in runner.banner.text()


def test_the_child_hears_words_for_their_age_and_a_no_ends_it(qtbot, store, write_form):
    runner = open_runner(qtbot, store, write_form)
    answer_and_next(qtbot, runner, f"{D}/place", "x")
    answer_and_next(qtbot, runner, f"{D}/route", "guardian")
    answer_and_next(qtbot, runner, f"{D}/guardian_ok", "yes")
    runner.safety_controls.steps.page.answers["alone"].click()
    answer_and_next(qtbot, runner, f"{D}/age", "16")
    assert runner.screen.path == f"{D}/assent"
    assert "15 to 17" in runner.banner.text()                   # her own informed consent
    widget = runner.screen_view.widgets[f"{D}/assent"]
    assert widget.value() == ""                                  # nothing chosen beforehand
    with qtbot.waitSignal(runner.sig_closed) as closed:
        answer_and_next(qtbot, runner, f"{D}/assent", "no")
    assert closed.args[1] == "refused"
    assert store.submission(runner.session.instance_id).outcome == "assent_refused"


def test_a_waiver_is_recorded_before_going_on(qtbot, store, write_form):
    runner = open_runner(qtbot, store, write_form)
    runner.safety_controls.steps.ask_waiver = lambda _parent: ("unaccompanied", "state_authority")
    answer_and_next(qtbot, runner, f"{D}/place", "x")
    answer_and_next(qtbot, runner, f"{D}/route", "waiver")
    runner.safety_controls.steps.page.answers["alone"].click()
    answer_and_next(qtbot, runner, f"{D}/age", "5")
    assert runner.screen.path == f"{D}/name"
    events = [e.details for e in store.audit(runner.session.instance_id) if e.event == "consent"]
    assert {"action": "waiver", "reason_code": "unaccompanied", "by": "state_authority"} in events
    assert events[-1] == {"action": "given", "kind": "assent", "outcome": "waiver"}


def test_not_private_reschedules_and_the_list_says_so(qtbot, store, write_form):
    runner = open_runner(qtbot, store, write_form)
    instance_id = runner.session.instance_id
    answer_and_next(qtbot, runner, f"{D}/place", "x")
    answer_and_next(qtbot, runner, f"{D}/route", "guardian")
    answer_and_next(qtbot, runner, f"{D}/guardian_ok", "yes")
    steps = runner.safety_controls.steps
    qtbot.keyClick(steps.page, Qt.Key.Key_3)                    # not private
    assert steps.page.reschedule_button.isVisible() and not steps.page.answers["alone"].isVisible()
    with qtbot.waitSignal(runner.sig_closed) as closed:
        steps.page.reschedule_button.click()
    assert closed.args == [instance_id, "rescheduled"]
    record = store.submission(instance_id)
    assert (record.status, record.outcome) == ("draft", "rescheduled")
    page = InterviewsPage(store)
    qtbot.addWidget(page)
    assert page.table.item(0, 2).text() == "Rescheduled (not private)"
    assert page.resume_button.isEnabled()                        # it goes on another day


def test_refused_interviews_are_listed_plainly(qtbot, store, write_form):
    runner = open_runner(qtbot, store, write_form)
    answer_and_next(qtbot, runner, f"{D}/place", "x")
    answer_and_next(qtbot, runner, f"{D}/route", "guardian")
    answer_and_next(qtbot, runner, f"{D}/guardian_ok", "no")
    page = InterviewsPage(store)
    qtbot.addWidget(page)
    assert page.table.item(0, 2).text() == "Consent refused"
    assert not page.resume_button.isEnabled() and not page.edit_button.isEnabled()
    page.status_filter.setCurrentIndex(page.status_filter.findData("refused"))
    assert page.table.rowCount() == 1


def test_names_are_masked_in_the_list_and_search_until_revealed(qtbot, store, write_form):
    session = store.new_session(load_form(str(write_form("consented", CONSENTED))), interviewer="Ana")
    session.answer(f"{D}/name", "Xiomara")
    store.set_case_code(session.instance_id, "GT-77")
    store.exit(session)
    page = InterviewsPage(store)
    qtbot.addWidget(page)
    page.show()
    shown = page.table.item(0, 0).text()
    assert "Xiomara" not in shown and "GT-77" not in shown and "••••" in shown
    page.search.setText("Xiom")
    page.refresh()
    assert page.table.rowCount() == 1 and "Xiomara" not in page.table.item(0, 0).text()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "intake-Xiomara" in page.table.item(0, 0).text() and "GT-77" in page.table.item(0, 0).text()
    reveals = [e for e in store.audit(session.instance_id) if e.event == "reveal"]
    assert [(e.details) for e in reveals] == [{"screen": "interviews"}]
    assert not page.reveal_button.isEnabled()


def test_consent_to_share_says_what_with_whom_and_the_exception(qtbot, store, write_form):
    from tests.protect.safety_forms import SHARING
    session = store.new_session(load_form(str(write_form("sharing", SHARING))))
    runner = InterviewRunner(session, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(1366, 768)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    answer_and_next(qtbot, runner, "/data/sick", "yes")
    answer_and_next(qtbot, runner, "/data/hurt", "yes")
    assert runner.screen.path == "/data/share"
    words = runner.banner.text()
    assert "Health" in words and "Child protection" in words and "serious danger" in words
    widget = runner.screen_view.widgets["/data/share"]
    widget.set_value("no")
    widget.emit_value()
    assert "Consent to share refused" in runner.banner.text() and "mandatory reporting" in runner.banner.text()
    safety = runner.safety
    assert safety.referrals["/data/sick"].outcome == "consent_refused"
    assert [r.path for r in safety.pending()] == ["/data/hurt"]


def test_a_child_who_says_no_but_looks_at_risk_leaves_a_flag(qtbot, store, write_form):
    """A refusal ends the interview, but the interviewer's own observation of risk is asked and kept."""
    asked = []
    answers = iter([True, True])      # end the interview: yes; signs of risk: yes
    runner = open_runner(qtbot, store, write_form,
                         confirm=lambda _p, title, text: asked.append(title) or next(answers))
    answer_and_next(qtbot, runner, f"{D}/place", "x")
    answer_and_next(qtbot, runner, f"{D}/route", "guardian")
    answer_and_next(qtbot, runner, f"{D}/guardian_ok", "yes")
    runner.safety_controls.steps.page.answers["alone"].click()
    answer_and_next(qtbot, runner, f"{D}/age", "9")
    with qtbot.waitSignal(runner.sig_closed):
        answer_and_next(qtbot, runner, f"{D}/assent", "no")
    instance_id = runner.session.instance_id
    assert asked == ["End the interview?", "Before you leave"]
    assert store.consent_record(instance_id)["observed_risk"] == "yes"
    refused = [e.details for e in store.audit(instance_id) if e.event == "consent"
               and e.details.get("action") == "refused"]
    assert refused and refused[0]["observed_risk"] == "yes"


def test_no_sign_of_risk_is_recorded_as_no(qtbot, store, write_form):
    answers = iter([True, False])
    runner = open_runner(qtbot, store, write_form, confirm=lambda *a: next(answers))
    answer_and_next(qtbot, runner, f"{D}/place", "x")
    answer_and_next(qtbot, runner, f"{D}/route", "guardian")
    with qtbot.waitSignal(runner.sig_closed):
        answer_and_next(qtbot, runner, f"{D}/guardian_ok", "no")
    assert store.consent_record(runner.session.instance_id)["observed_risk"] == "no"
