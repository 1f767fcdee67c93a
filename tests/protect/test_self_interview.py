"""Self-interview parts: the steps recorded with codes only, read back after a resume, the stop and the
handback summary that never carries answers, and answers of the part hidden from the interviewer.

Requirement: SG-10 self-interview for the most sensitive parts (issue 12).
"""

from __future__ import annotations

import pytest

from fieldapp.protect import marks, self_interview
from fieldapp.protect.errors import UnknownChoice
from fieldapp.protect.protocol import InterviewSafety
from fieldapp.protect.self_interview import SelfInterview
from tests.protect.safety_forms import SAFE_INTAKE, SELF_PART

PART = "/data/alone"


@pytest.fixture
def interview(store, load_md):
    session = store.new_session(load_md(SELF_PART), interviewer="Ana")
    return session, InterviewSafety(store, session)


def test_the_part_of_a_screen(interview):
    session, safety = interview
    own = SelfInterview(safety)
    assert [p.ref for p in own.parts] == [PART]
    assert own.part_at("/data/alone/hurt").ref == PART and own.part_at(PART).ref == PART
    assert own.part_at("/data/intro") is None and own.part_at("/data/alone_other/q") is None
    assert own.hidden("/data/alone/scared") and not own.hidden("/data/school")


def test_no_parts_in_a_form_without_them(store, load_md):
    session = store.new_session(load_md(SAFE_INTAKE))
    own = SelfInterview(InterviewSafety(store, session))
    assert own.parts == [] and own.part_at("/data/hurt") is None


def test_questions_of_a_self_part_can_be_declined_but_never_the_interviewer_s_checks():
    assert marks.can_decline({"fieldapp:self": "yes"})
    assert not marks.can_decline({"fieldapp:self": "yes", "fieldapp:role": "privacy"})
    assert not marks.can_decline({})


def test_steps_are_recorded_with_codes_and_read_back(store, interview):
    session, safety = interview
    own = SelfInterview(safety)
    own.choose_mode(PART, "headphones")
    own.practised(PART, answered=True)
    own.start(PART)
    session.answer("/data/alone/hurt", "yes")
    again = SelfInterview(InterviewSafety(store, session))        # a resume reads the trail
    state = again.state(PART)
    assert (state.mode, state.practised, state.step) == ("headphones", True, self_interview.STARTED)
    summary = again.handback(PART, "completed")
    assert summary == self_interview.Summary("completed", answered=1, declined=0, left=1)
    assert SelfInterview(InterviewSafety(store, session)).state(PART).step == self_interview.HANDED_BACK
    trail = [e for e in store.audit(session.instance_id) if e.event == "self_interview"]
    assert [e.details["action"] for e in trail] == ["mode", "practice", "start", "handback"]
    assert trail[0].details["choice"] == "headphones" and trail[-1].details["outcome"] == "completed"
    exported = store.audit_csv(session.instance_id)
    assert "headphones" in exported and "completed" in exported   # codes survive the export without values
    assert ",yes," not in exported


def test_a_stop_declines_what_is_left_so_the_interview_can_be_finalized(store, interview):
    session, safety = interview
    own = SelfInterview(safety)
    own.start(PART)
    session.answer("/data/alone/scared", "no")
    assert own.stop(PART) == 1
    assert session.declined("/data/alone/hurt") and not session.declined("/data/alone/scared")
    assert session.value("/data/alone/scared") == "no"
    summary = own.handback(PART, "stopped")
    assert summary == self_interview.Summary("stopped", answered=1, declined=1, left=0)
    assert not [p for p in session.validate() if p.path.startswith(PART)]


def test_a_skipped_part_is_recorded_as_declined(store, interview):
    session, safety = interview
    own = SelfInterview(safety)
    assert own.skip(PART) == 2
    assert own.handback(PART, "skipped") == self_interview.Summary("skipped", 0, 2, 0)


def test_unknown_modes_and_outcomes_are_refused(interview):
    _session, safety = interview
    own = SelfInterview(safety)
    with pytest.raises(UnknownChoice):
        own.choose_mode(PART, "by_phone")
    with pytest.raises(UnknownChoice):
        own.handback(PART, "finished")


def test_a_corrected_version_keeps_the_part_handed_back(store, interview):
    session, safety = interview
    own = SelfInterview(safety)
    own.choose_mode(PART, "alone")
    own.start(PART)
    session.answer("/data/alone/hurt", "no")
    own.handback(PART, "completed")
    store.finalize(session)
    corrected = store.edit(session.instance_id)
    again = SelfInterview(InterviewSafety(store, corrected))
    assert again.state(PART).step == self_interview.HANDED_BACK and again.state(PART).mode == "alone"


IN_A_REPEAT = """
| survey |               |          |                          |                      |
|        | type          | name     | label                    | bind::fieldapp:self  |
|        | begin repeat  | child    | Child                    |                      |
|        | text          | name     | Name                     |                      |
|        | begin group   | alone    | On your own              | yes                  |
|        | select_one yn | hurt     | Does anyone hurt you?    |                      |
|        | end group     |          |                          |                      |
|        | end repeat    |          |                          |                      |
| choices |              |          |                          |                      |
|        | list_name     | name     | label                    |                      |
|        | yn            | yes      | Yes                      |                      |
|        | yn            | no       | No                       |                      |
| settings |             |          |                          |                      |
|        | form_title    | form_id  | namespaces               |                      |
|        | Repeated      | repeated_self | fieldapp="urn:fieldapp:xforms" |          |
"""


def test_each_repeat_instance_of_a_part_has_its_own_handback(store, load_md):
    session = store.new_session(load_md(IN_A_REPEAT))
    session.add_repeat("/data/child")
    session.add_repeat("/data/child")
    own = SelfInterview(InterviewSafety(store, session))
    first, second = own.place("/data/child[1]/alone/hurt"), own.place("/data/child[2]/alone/hurt")
    assert (first, second) == ("/data/child[1]/alone", "/data/child[2]/alone")
    assert own.place("/data/child[1]/name") is None
    own.start(first)
    session.answer("/data/child[1]/alone/hurt", "yes")
    assert own.handback(first, "completed").answered == 1
    assert own.state(first).step == self_interview.HANDED_BACK and own.state(second).step == self_interview.NEW
    assert own.summary(second).answered == 0
    assert own.label(second) == "On your own"
