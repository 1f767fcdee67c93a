"""Self-interview in the runner, by keyboard: the mode choice, a practice that is never stored, the respondent's
locked-down screen, Back that never leaves the part, the handback that hides the answers and needs the PIN,
referral prompts held until then, a stop, a skipped part, and the part's answers masked afterwards.

Requirement: SG-10 self-interview for the most sensitive parts (issue 12).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldapp.protect import pin, services
from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.protect.safety_forms import SAFE_INTAKE, SELF_PART
from tests.protect.test_services import CSV

PIN = "2468"
HURT, SCARED = "/data/alone/hurt", "/data/alone/scared"


def open_runner(qtbot, store, form, size=(1366, 768)):
    session = store.new_session(form, interviewer="Ana")
    runner = InterviewRunner(session, finalize=store.finalize, confirm=lambda *a: True,
                             safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(*size)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    return runner


@pytest.fixture
def runner(qtbot, store, write_form):
    pin.set_pin(store, PIN)
    services.keep(store, "servicios.csv", CSV.encode("utf-8"))
    return open_runner(qtbot, store, load_form(str(write_form("alone", SELF_PART))))


def key(qtbot, runner, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget() or runner, k, modifier)


def type_in(qtbot, runner, text):
    qtbot.keyClicks(QApplication.focusWidget(), text)


def to_the_part(qtbot, runner, mode_key=Qt.Key.Key_1):
    """The interviewer answers the first question, reaches the mode page and hands over (practice answered)."""
    selfint = runner.self_interview
    type_in(qtbot, runner, "GT-07")
    key(qtbot, runner, Qt.Key.Key_PageDown)
    assert runner.pages.currentWidget() is selfint.mode_page
    key(qtbot, runner, mode_key)
    selfint.mode_page.start_button.setFocus()
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.pages.currentWidget() is selfint.practice_page
    key(qtbot, runner, Qt.Key.Key_2)                 # the practice answer: never stored
    key(qtbot, runner, Qt.Key.Key_Return)
    selfint.practice_page.next_button.setFocus()
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.pages.currentWidget() is runner.screen_view and runner.screen.path == HURT
    return selfint


def choose(qtbot, runner, path, value):
    widget = runner.screen_view.widgets[path]
    widget.buttons[value].setFocus()
    key(qtbot, runner, Qt.Key.Key_Space)


def events(store, runner, name="self_interview"):
    return [e for e in store.audit(runner.session.instance_id) if e.event == name]


def test_the_mode_is_chosen_with_no_default_and_recorded(qtbot, store, runner):
    selfint = runner.self_interview
    type_in(qtbot, runner, "GT-07")
    key(qtbot, runner, Qt.Key.Key_PageDown)
    assert runner.pages.currentWidget() is selfint.mode_page
    assert not any(b.isChecked() for b in selfint.mode_page.buttons.values())
    selfint.mode_page.start_button.setFocus()
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.pages.currentWidget() is selfint.mode_page and selfint.mode_page.problem.isVisible()
    key(qtbot, runner, Qt.Key.Key_2)
    selfint.mode_page.start_button.setFocus()
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.pages.currentWidget() is selfint.practice_page
    trail = events(store, runner)
    assert [(e.details["action"], e.details.get("choice")) for e in trail] == [("mode", "headphones"),
                                                                                ("start", "headphones")]


def test_the_practice_is_never_stored(qtbot, store, runner):
    to_the_part(qtbot, runner)
    xml = runner.session.to_xml()
    assert "Rainy" not in xml and "rainy" not in xml
    practice = [e for e in events(store, runner) if e.details["action"] == "practice"]
    assert len(practice) == 1 and practice[0].details["status"] == "answered"


def test_nothing_outside_the_part_while_the_respondent_holds_the_laptop(qtbot, store, runner):
    to_the_part(qtbot, runner)
    assert runner.header.isHidden() and runner.safety_controls.bar.isHidden()
    assert runner.exit_button.isHidden() and runner.read_aloud.button.isHidden()
    assert runner.self_interview.bar.isVisible() and runner.self_interview.bar.stop_button.isVisible()
    assert not runner.back_button.isEnabled()                     # the part's first screen
    for k, modifier in ((Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier),
                        (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
                        (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier),
                        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
                        (Qt.Key.Key_PageUp, Qt.KeyboardModifier.NoModifier)):
        key(qtbot, runner, k, modifier)
        assert runner.pages.currentWidget() is runner.screen_view and runner.screen.path == HURT, k
    runner.show_hierarchy()                                        # not even when called directly
    runner.jump("/data/intro")
    runner.save_and_exit()
    assert runner.pages.currentWidget() is runner.screen_view and runner.screen.path == HURT
    choose(qtbot, runner, HURT, "no")
    key(qtbot, runner, Qt.Key.Key_PageDown)
    assert runner.screen.path == SCARED and runner.back_button.isEnabled()
    key(qtbot, runner, Qt.Key.Key_PageUp)                          # Back inside the part works
    assert runner.screen.path == HURT and not runner.back_button.isEnabled()


def test_the_handback_hides_the_answers_and_needs_the_pin(qtbot, store, runner):
    selfint = to_the_part(qtbot, runner)
    choose(qtbot, runner, HURT, "yes")                              # a disclosure: its rule fires now...
    assert HURT in runner.safety_controls.safety.referrals
    assert not runner.safety_controls.referral_banner.isVisible()   # ...but the respondent never sees the prompt
    key(qtbot, runner, Qt.Key.Key_PageDown)
    assert not runner.safety_controls.referral_banner.isVisible()
    choose(qtbot, runner, SCARED, "no")
    key(qtbot, runner, Qt.Key.Key_PageDown)
    page = selfint.handback_page
    assert runner.pages.currentWidget() is page
    assert not runner.safety_controls.referral_banner.isVisible()
    shown = " ".join(label.text() for label in page.findChildren(type(page.summary)) if label.isVisible())
    assert "Yes" not in shown and "No" not in shown
    assert not runner.screen_view.widgets                           # the answers' widgets are gone
    type_in(qtbot, runner, "1111")
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.pages.currentWidget() is page and page.problem.isVisible()   # a wrong PIN: still handed over
    type_in(qtbot, runner, PIN)
    key(qtbot, runner, Qt.Key.Key_Return)
    assert "completed" in page.summary.text() and "2 answered" in page.summary.text()
    assert "Yes" not in page.summary.text() and "yes" not in page.summary.text()
    key(qtbot, runner, Qt.Key.Key_Return)                          # Continue: the interviewer has it back
    assert runner.screen.path == "/data/school" and runner.pages.currentWidget() is runner.screen_view
    assert runner.header.isVisible() and runner.safety_controls.bar.isVisible() and runner.exit_button.isVisible()
    assert runner.safety_controls.referral_banner.isVisible()       # now the interviewer sees the prompt
    actions = [(e.details["action"], e.details.get("outcome")) for e in events(store, runner)]
    assert actions[-2:] == [("handback_refused", None), ("handback", "completed")]
    assert ",yes," not in store.audit_csv(runner.session.instance_id)


def test_after_the_handback_the_part_stays_hidden(qtbot, store, runner):
    selfint = to_the_part(qtbot, runner)
    choose(qtbot, runner, HURT, "no")
    key(qtbot, runner, Qt.Key.Key_PageDown)
    key(qtbot, runner, Qt.Key.Key_PageDown)
    type_in(qtbot, runner, PIN)
    key(qtbot, runner, Qt.Key.Key_Return)
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.screen.path == "/data/school"
    key(qtbot, runner, Qt.Key.Key_PageUp)                          # Back into the part: the answers do not show
    assert runner.pages.currentWidget() is selfint.answered_page
    assert not runner.screen_view.isVisible()
    key(qtbot, runner, Qt.Key.Key_Return)                          # "Go on past this part"
    assert runner.screen.path == "/data/school" and runner.pages.currentWidget() is runner.screen_view
    key(qtbot, runner, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    tree = runner.hierarchy_view.tree
    found = tree.findItems("Does anyone at home hurt you?", Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly, 1)
    assert found and found[0].text(2) == runner.hierarchy_view.MASK
    tree.setCurrentItem(found[0])
    key(qtbot, runner, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert found[0].text(2) == runner.hierarchy_view.MASK           # no reveal for a self-interview answer
    assert not [e for e in store.audit(runner.session.instance_id) if e.event == "reveal"]


def test_i_want_to_stop_ends_the_part_and_goes_past_it(qtbot, store, runner):
    selfint = to_the_part(qtbot, runner)
    key(qtbot, runner, Qt.Key.Key_Escape)
    assert runner.pages.currentWidget() is selfint.stop_page
    key(qtbot, runner, Qt.Key.Key_Return)                          # the focus is on "No, go on"
    assert runner.pages.currentWidget() is runner.screen_view and runner.screen.path == HURT
    key(qtbot, runner, Qt.Key.Key_Escape)
    selfint.stop_page.stop_button.setFocus()
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.pages.currentWidget() is selfint.handback_page
    type_in(qtbot, runner, PIN)
    key(qtbot, runner, Qt.Key.Key_Return)
    assert "stopped" in selfint.handback_page.summary.text() and "2 not answered by choice" in \
        selfint.handback_page.summary.text()
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.screen.path == "/data/school"
    assert runner.session.declined(HURT) and runner.session.declined(SCARED)
    actions = [(e.details["action"], e.details.get("outcome")) for e in events(store, runner)]
    assert ("stop", None) in actions and actions[-1] == ("handback", "stopped")


def test_the_interviewer_can_skip_the_part(qtbot, store, runner):
    selfint = runner.self_interview
    type_in(qtbot, runner, "GT-07")
    key(qtbot, runner, Qt.Key.Key_PageDown)
    selfint.mode_page.skip_button.setFocus()
    key(qtbot, runner, Qt.Key.Key_Return)
    assert runner.screen.path == "/data/school" and "skipped" in runner.banner.text()
    assert runner.session.declined(HURT)
    assert [(e.details["action"], e.details.get("outcome")) for e in events(store, runner)][-1] == ("handback",
                                                                                                     "skipped")


def test_a_resumed_interview_inside_the_part_hands_over_again_without_showing_answers(qtbot, store, runner):
    to_the_part(qtbot, runner)
    choose(qtbot, runner, HURT, "yes")
    store.exit(runner.session)        # the app locked while the respondent held the laptop
    session = store.resume(runner.session.instance_id)
    again = InterviewRunner(session, safety=InterviewSafety(store, session))
    qtbot.addWidget(again)
    again.resize(1366, 768)
    again.show()
    assert again.pages.currentWidget() is again.self_interview.answered_page
    assert not again.screen_view.isVisible()
    again.self_interview.answered_page.hand_button.click()
    assert again.pages.currentWidget() is again.screen_view and again.header.isHidden()


def test_a_form_without_self_parts_has_no_self_interview(qtbot, store, write_form):
    runner = open_runner(qtbot, store, load_form(str(write_form("plain", SAFE_INTAKE))))
    assert runner.self_interview is None and runner.read_aloud is not None


def test_the_respondent_never_sees_the_interviewer_s_guidance(qtbot, store, runner):
    to_the_part(qtbot, runner)
    page = runner.screen_view.widget()
    assert not [label for label in page.findChildren(type(runner.banner)) if label.isVisible()
                and "Offer the laptop" in label.text()]
    assert runner.shortcut_hint.isHidden()


def test_the_mode_page_goes_on_only_by_its_own_buttons(qtbot, store, runner):
    type_in(qtbot, runner, "GT-07")
    key(qtbot, runner, Qt.Key.Key_PageDown)
    assert runner.pages.currentWidget() is runner.self_interview.mode_page
    assert not runner.next_button.isEnabled() and runner.back_button.isEnabled()
    key(qtbot, runner, Qt.Key.Key_PageUp)                          # Back: the interviewer's, before the part
    assert runner.screen.path == "/data/intro" and runner.next_button.isEnabled()


def test_with_headphones_each_question_is_read_as_it_shows(qtbot, store, runner, monkeypatch):
    from fieldapp.ui.i18n import app_language, set_app_language
    from fieldapp.ui.voice import read_aloud
    monkeypatch.setattr(read_aloud, "DEFAULT_ENGINES", ("mock",))
    runner.read_aloud.reader = read_aloud.ReadAloud(runner)
    runner.self_interview.reader = runner.read_aloud.reader
    before = app_language()
    set_app_language("en")
    try:
        to_the_part(qtbot, runner, mode_key=Qt.Key.Key_2)
        assert runner.read_aloud.last_ways == ["voice", "voice", "voice"]   # the question and its two choices
        assert runner.self_interview.bar.note.isHidden()
        key(qtbot, runner, Qt.Key.Key_Escape)
        assert not runner.read_aloud.reader.busy                   # the stop question silences the reading
        key(qtbot, runner, Qt.Key.Key_F5)
        assert len(runner.read_aloud.last_ways) == 4                # its title, its words and both buttons
    finally:
        set_app_language(before)
        runner.read_aloud.reader.stop_sound()


def test_go_to_keeps_no_copy_of_a_self_interview_answer(qtbot, store, runner):
    to_the_part(qtbot, runner)
    choose(qtbot, runner, HURT, "yes")
    runner.self_interview.begin_handback(runner.self_interview.active, "stopped")
    runner.self_interview.take_back(PIN)
    runner.self_interview.after_handback()
    runner.show_hierarchy()
    found = runner.hierarchy_view.tree.findItems("Does anyone at home hurt you?",
                                                 Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly, 1)
    assert found[0].text(2) == runner.hierarchy_view.MASK
    assert found[0].data(2, Qt.ItemDataRole.UserRole) is None       # nothing to reveal, not even hidden in the row
