"""The interview lifecycle on the store: durable drafts, resume, finalize, edit, withdraw, purge, listing, audit.

Requirements: issue 3 (lifecycle, listing), SAFEGUARDING.md items 5 (resume
exactly), 8 (withdrawal keeps only an anonymous record), 16 (purge), 17 (audit
without values). Uses the fake session (tests/store/fakes.py).
"""

import datetime as dt

import pytest

from fieldapp.store import FinalizeRefused, FormNotRegistered, SubmissionNotFound, WrongStatus
from tests.store.conftest import reopen
from tests.store.fakes import fake_form


def test_every_change_is_durable_without_close(store, data_dir, form):
    session = store.new_session(form, interviewer="ana", case_code="GT-001")
    session.answer("/data/q1", "Maria")
    session.answer("/data/q2", "12")
    session.decline("/data/q3")
    session.add_repeat("/data/member")
    session.answer("/data/member[1]/name", "Luis")
    session.set_language("Español (es)")
    session.next()
    session.next()
    session.answer("/data/q2", "13")
    expected = session.dump()
    # A second connection sees everything, without the first ever saving or closing (as after a crash).
    other = reopen(data_dir)
    resumed = other.resume(session.instance_id)
    assert resumed.dump() == expected
    assert resumed.declined("/data/q3")
    assert resumed.language == "Español (es)" and resumed.position == 2
    other.close()


def test_answer_on_a_declined_question_clears_the_decline(store, data_dir, form):
    session = store.new_session(form)
    session.decline("/data/q2")
    session.answer("/data/q2", "changed my mind")
    other = reopen(data_dir)
    resumed = other.resume(session.instance_id)
    assert not resumed.declined("/data/q2") and resumed.value("/data/q2") == "changed my mind"
    other.close()


def test_removing_a_repeat_shifts_the_saved_positions(store, data_dir, form):
    session = store.new_session(form)
    for name in ("a", "b", "c"):
        session.add_repeat("/data/member")
        session.answer(f"/data/member[{session.repeat_count('/data/member')}]/name", name)
    session.remove_repeat("/data/member", 1)
    other = reopen(data_dir)
    resumed = other.resume(session.instance_id)
    assert [resumed.value(f"/data/member[{i}]/name") for i in (1, 2)] == ["b", "c"]
    assert resumed.repeat_count("/data/member") == 2
    other.close()


def test_after_a_failed_write_the_next_one_saves_everything(store, data_dir, form, monkeypatch):
    from fieldapp.store import DiskFull, submissions
    session = store.new_session(form)
    real = submissions.save_values

    def full_once(*args):
        monkeypatch.setattr(submissions, "save_values", real)
        raise DiskFull("simulated")

    monkeypatch.setattr(submissions, "save_values", full_once)
    with pytest.raises(DiskFull):
        session.answer("/data/q1", "shown but not saved")
    session.answer("/data/q2", "saved")             # space again: this write catches up
    other = reopen(data_dir)
    resumed = other.resume(session.instance_id)
    assert (resumed.value("/data/q1"), resumed.value("/data/q2")) == ("shown but not saved", "saved")
    other.close()


def test_resumed_session_keeps_saving(store, data_dir, form):
    session = store.new_session(form)
    session.answer("/data/q1", "first")
    store.close()
    store = reopen(data_dir)
    resumed = store.resume(session.instance_id)
    resumed.answer("/data/q2", "second")
    store.close()
    store = reopen(data_dir)
    again = store.resume(session.instance_id)
    assert (again.value("/data/q1"), again.value("/data/q2")) == ("first", "second")
    store.close()


def test_finalize_refuses_with_problems_then_accepts(store, form):
    session = store.new_session(form)
    with pytest.raises(FinalizeRefused) as caught:
        store.finalize(session)
    assert [p.path for p in caught.value.problems] == ["/data/q1"]
    assert "/data/q1" in str(caught.value)
    assert store.submission(session.instance_id).status == "draft"
    session.answer("/data/q1", "Maria")
    store.finalize(session)
    record = store.submission(session.instance_id)
    assert record.status == "finalized" and record.finalized_at
    assert record.title == "Case Maria"          # the instance name replaces the form title
    assert "<q1>Maria</q1>" in store.instance_xml(session.instance_id)
    with pytest.raises(WrongStatus):
        session.answer("/data/q2", "after finalize")   # a finalized filling is changed only through edit()
    with pytest.raises(WrongStatus):
        store.resume(session.instance_id)


def test_edit_makes_a_new_version(store, form):
    session = store.new_session(form, case_code="C-7")
    session.answer("/data/q1", "Maria")
    store.finalize(session)
    first = session.instance_id
    edited = store.edit(first)
    assert edited.instance_id != first and edited.deprecated_id == first
    assert edited.value("/data/q1") == "Maria"
    with pytest.raises(WrongStatus):
        store.edit(edited.instance_id)              # drafts are resumed, not edited
    edited.answer("/data/q1", "María")
    store.finalize(edited)
    record = store.submission(edited.instance_id)
    assert (record.root_id, record.deprecated_id, record.case_code) == (first, first, "C-7")
    assert "<deprecatedID>" + first in store.instance_xml(edited.instance_id)
    listed = [r.instance_id for r in store.submissions(status="finalized")]
    assert listed == [edited.instance_id]            # the replaced version is not listed twice
    everything = store.submissions(include_superseded=True)
    assert {r.instance_id for r in everything} == {first, edited.instance_id}
    assert store.submission(first).superseded_by == edited.instance_id


def test_withdraw_erases_and_keeps_an_anonymous_record(store, data_dir, form):
    session = store.new_session(form, interviewer="ana", case_code="GT-009")
    session.answer("/data/q1", "Rosa Secret")
    store.log_event(session.instance_id, "distress", note="Rosa cried", outcome="paused")
    store.withdraw(session.instance_id)
    record = store.submission(session.instance_id)
    assert record.status == "withdrawn" and record.case_code is None and record.title == form.form_id
    assert store.instance_xml(session.instance_id) is None
    with pytest.raises(WrongStatus):
        session.answer("/data/q2", "x")
    with pytest.raises(WrongStatus):
        store.resume(session.instance_id)
    events = store.audit(session.instance_id, include_values=True)
    assert events[-1].event == "withdraw"
    assert all(e.old_value is None and e.new_value is None for e in events)
    assert all("Rosa" not in str(e.details) for e in events)
    assert [e.details for e in events if e.event == "distress"] == [{"outcome": "paused"}]
    store.close()
    for path in data_dir.iterdir():
        assert b"Rosa Secret" not in path.read_bytes()


def test_withdraw_erases_every_version_and_purge_takes_earlier_versions(store, data_dir, form):
    session = store.new_session(form)
    session.answer("/data/q1", "First Version Secret")
    store.finalize(session)
    edited = store.edit(session.instance_id)
    edited.answer("/data/q1", "Second Version Secret")
    store.finalize(edited)
    with pytest.raises(WrongStatus):
        store.edit(session.instance_id)                 # only the latest version is edited
    store.withdraw(edited.instance_id)
    statuses = {r.instance_id: r.status for r in store.submissions(include_superseded=True)}
    assert statuses == {session.instance_id: "withdrawn", edited.instance_id: "withdrawn"}
    store.close()
    for path in data_dir.iterdir():
        assert b"Version Secret" not in path.read_bytes()
    store = reopen(data_dir)
    assert store.purge([edited.instance_id]) == 2
    assert store.submissions(include_superseded=True) == []
    store.close()


def test_withdraw_without_erasing_keeps_answers(store, form):
    session = store.new_session(form)
    session.answer("/data/q1", "keep")
    store.withdraw(session.instance_id, erase=False)
    assert store.submission(session.instance_id).status == "withdrawn"
    assert store.submissions(status="withdrawn")[0].instance_id == session.instance_id


def test_purge_removes_confirmed_submissions_only(store, form):
    done = store.new_session(form)
    done.answer("/data/q1", "x")
    store.finalize(done)
    draft = store.new_session(form)
    with pytest.raises(WrongStatus):
        store.purge([done.instance_id, draft.instance_id])
    assert store.submission(done.instance_id).status == "finalized"     # refused as a whole
    assert store.purge([done.instance_id, "uuid:unknown"]) == 1
    with pytest.raises(SubmissionNotFound):
        store.submission(done.instance_id)
    assert [e.event for e in store.audit(done.instance_id)][-1] == "purge"
    assert all(e.new_value is None for e in store.audit(done.instance_id, include_values=True))


def test_listing_filters(store, fake_forms):
    today = [None]
    store._clock = lambda: today[0]

    def on(day):
        today[0] = dt.datetime(2026, 3, day, 9, tzinfo=dt.timezone.utc)

    intake, needs = fake_form("intake", required=()), fake_form("needs", title="Community needs")
    on(1)
    a = store.new_session(intake, interviewer="ana", case_code="GT-100")
    on(2)
    b = store.new_session(intake, interviewer="luis", case_code="GT-200")
    on(3)
    c = store.new_session(needs, interviewer="ana")
    on(4)
    b.answer("/data/q1", "Pedro")
    on(5)
    store.finalize(c)
    ids = lambda records: [r.instance_id for r in records]
    assert ids(store.submissions()) == [c.instance_id, b.instance_id, a.instance_id]
    assert ids(store.submissions(form_id="intake")) == [b.instance_id, a.instance_id]
    assert ids(store.submissions(status="finalized")) == [c.instance_id]
    assert ids(store.submissions(status=["draft", "finalized"], interviewer="ana")) == [c.instance_id, a.instance_id]
    assert ids(store.submissions(case_code="GT-200")) == [b.instance_id]
    assert ids(store.submissions(text="gt-1")) == [a.instance_id]
    assert ids(store.submissions(text="pedro")) == [b.instance_id]           # the instance name
    assert ids(store.submissions(text="%")) == []                              # wildcards are literal
    assert ids(store.submissions(since=dt.date(2026, 3, 4))) == [c.instance_id, b.instance_id]
    assert ids(store.submissions(until=dt.date(2026, 3, 1))) == [a.instance_id]
    assert ids(store.submissions(limit=1)) == [c.instance_id]
    record = store.submissions(form_id="needs")[0]
    assert (record.form_version, record.title, record.created_at) == ("1", "Community needs", "2026-03-03T09:00:00.000Z")


def test_forms_are_registered_once_per_version(store, fake_forms):
    first = store.register_form(fake_form("intake", version="1"))
    assert store.register_form(fake_form("intake", version="1")) == first
    second = store.register_form(fake_form("intake", version="2", questions=("q1", "q9")))
    assert [(f.form_id, f.version) for f in store.forms()] == [("intake", "1"), ("intake", "2")]
    assert store.load_form("intake").version == "2"
    assert store.load_form("intake", "1").version == "1"
    assert second.languages == ("English (en)", "Español (es)")
    store.hide_form("intake")
    assert store.forms(include_hidden=False) == [] and all(f.hidden for f in store.forms())
    with pytest.raises(FormNotRegistered):
        store.load_form("nope")


def test_a_draft_resumes_on_its_own_form_version(store, data_dir, fake_forms):
    session = store.new_session(fake_form("intake", version="1", questions=("q1", "q2")))
    session.answer("/data/q2", "v1 answer")
    store.register_form(fake_form("intake", version="2", questions=("q1",)))
    store.close()
    store = reopen(data_dir)
    resumed = store.resume(session.instance_id)
    assert resumed.form.version == "1" and resumed.value("/data/q2") == "v1 answer"
    store.close()


def test_audit_trail_and_export_without_values(store, form):
    session = store.new_session(form)
    session.next()
    session.answer("/data/q1", "Maria")
    session.answer("/data/q1", "Marta")
    session.decline("/data/q2")
    store.pause(session)
    store.log_event(session.instance_id, "privacy_screen")
    store.log_event(session.instance_id, "referral", outcome="referred", service_type="health", note="called")
    events = store.audit(session.instance_id, include_values=True)
    assert [e.event for e in events] == ["form_start", "question", "answer_changed", "answer_changed", "decline",
                                         "pause", "privacy_screen", "referral"]
    assert (events[3].old_value, events[3].new_value) == ("Maria", "Marta")
    assert all(e.at.endswith("Z") for e in events)
    csv_text = store.audit_csv(session.instance_id)
    assert "answer_changed" in csv_text and "Marta" not in csv_text and "Maria" not in csv_text
    assert "called" not in csv_text and "referred" in csv_text
    assert "Marta" in store.audit_csv(session.instance_id, include_values=True)


def test_decline_and_undecline_are_audited(store, form):
    session = store.new_session(form)
    session.answer("/data/q2", "same")
    session.answer("/data/q2", "same")             # repeating a value still records what was answered
    session.decline("/data/q2")
    session.decline("/data/q2", False)
    events = store.audit(session.instance_id, include_values=True)
    assert [(e.event, e.new_value) for e in events][1:] == [
        ("answer_changed", "same"), ("answer_changed", "same"), ("decline", None), ("undecline", None)]


def test_save_and_exit(store, data_dir, form):
    session = store.new_session(form)
    session.answer("/data/q1", "x")
    store.save(session)
    store.exit(session)
    with pytest.raises(WrongStatus):
        session.answer("/data/q2", "after exit")
    resumed = store.resume(session.instance_id)
    assert resumed.value("/data/q1") == "x"
    assert [e.event for e in store.audit(session.instance_id)][-3:] == ["form_save", "form_exit", "form_resume"]


def test_a_background_thread_can_list_while_answers_are_saved(store, form):
    import threading
    session = store.new_session(form)
    failures = []
    stop = threading.Event()

    def list_again_and_again():
        try:
            while not stop.is_set():
                store.submissions()
                store.audit(session.instance_id)
        except Exception as exc:       # surfaced below: errors must not die silently in a thread
            failures.append(exc)

    worker = threading.Thread(target=list_again_and_again)
    worker.start()
    try:
        for i in range(100):
            session.answer("/data/q1", str(i))
    finally:
        stop.set()
        worker.join(10)
    assert failures == []
    assert store.submission(session.instance_id).status == "draft"
