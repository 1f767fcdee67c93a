"""Answers that are files: kept encrypted inside the database, carried over by edit, erased by withdraw and purge.

Requirements: task B (attachments table and Store.attach/attachment/attachments,
size limit with a typed error, nothing in the clear); SAFEGUARDING.md items 8,
12 and 16; store fixes: finalize saves the state after to_xml() stamped `end`,
and verify_passphrase() checks the key file without a second connection.
"""

import pytest

from fieldapp.store import (
    AttachmentNotFound, AttachmentTooLarge, AttachmentUnreadable, NotAFileQuestion, WrongStatus, open_store, submissions,
)
from fieldapp.xform import load_form
from tests.store.conftest import PASSPHRASE

FILES_FORM = """
| survey   |              |         |          |          |
|          | type         | name    | label    | required |
|          | start        | start   |          |          |
|          | end          | end     |          |          |
|          | text         | name    | Name     | yes      |
|          | image        | photo   | Photo    |          |
|          | begin_repeat | member  | Member   |          |
|          | audio        | voice   | Voice    |          |
|          | end_repeat   |         |          |          |
| settings |              |         |          |          |
|          | form_id      | version |          |          |
|          | files        | 1       |          |          |
"""
# A marker a scan of the data folder would find if the bytes were anywhere in the clear.
MARKER = b"CHILD-PHOTO-MARKER-93417"
PICTURE = b"\x89PNG\r\n\x1a\n" + MARKER * 40


@pytest.fixture
def files_form(tmp_path):
    path = tmp_path / "forms" / "files.md"
    path.parent.mkdir()
    path.write_text(FILES_FORM)
    return load_form(path, cache=False)


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "outside" / "maria_lopez.png"
    path.parent.mkdir()
    path.write_bytes(PICTURE)
    return path


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "data", PASSPHRASE)
    yield opened
    if not opened.database.closed:
        opened.close()


def scan(folder, needle: bytes) -> list[str]:
    return [p.name for p in sorted(folder.rglob("*")) if p.is_file() and needle in p.read_bytes()]


def test_attach_keeps_the_bytes_encrypted_and_answers_with_a_new_name(tmp_path, store, files_form, picture):
    session = store.new_session(files_form)
    name = store.attach(session, "/data/photo", picture)
    assert name.endswith(".png") and "maria" not in name       # the chosen file's name may identify the child
    assert session.value("/data/photo") == name
    assert store.attachment(session.instance_id, name) == PICTURE
    [record] = store.attachments(session.instance_id)
    assert (record.file_name, record.path, record.media_type, record.size) == (name, "/data/photo", "image/png",
                                                                                len(PICTURE))
    assert len(record.sha256) == 64
    events = [e for e in store.audit(session.instance_id) if e.event == "attach"]
    assert events[0].path == "/data/photo" and events[0].details == {"media_type": "image/png", "size": len(PICTURE)}
    data_dir = tmp_path / "data"
    assert scan(data_dir, MARKER) == []
    store.close()
    assert scan(data_dir, MARKER) == []
    # Durable like any answer: a restarted app finds the answer and the file.
    again = open_store(data_dir, PASSPHRASE)
    resumed = again.resume(session.instance_id)
    assert resumed.value("/data/photo") == name
    assert again.attachment(session.instance_id, name) == PICTURE
    again.close()


def test_attach_by_instance_id_needs_an_open_draft(store, files_form, picture):
    session = store.new_session(files_form)
    name = store.attach(session.instance_id, "/data/photo", picture)
    assert session.value("/data/photo") == name
    store.exit(session)
    with pytest.raises(WrongStatus):
        store.attach(session.instance_id, "/data/photo", picture)


def test_two_files_in_one_millisecond_get_different_names(tmp_path, files_form, picture):
    import datetime as dt
    fixed = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
    store = open_store(tmp_path / "data", PASSPHRASE, clock=lambda: fixed)
    session = store.new_session(files_form)
    first = store.attach(session, "/data/photo", picture)
    second = store.attach(session, "/data/member[1]/voice", picture)
    assert first != second and {first, second} == {a.file_name for a in store.attachments(session.instance_id)}
    store.close()


def test_too_large_or_unreadable_files_are_refused_and_change_nothing(store, files_form, picture, tmp_path):
    session = store.new_session(files_form)
    store.set_setting("max_attachment_mb", 0.0001)      # about 100 bytes
    with pytest.raises(AttachmentTooLarge) as caught:
        store.attach(session, "/data/photo", picture)
    assert "smaller file" in caught.value.text("en") and "más pequeño" in caught.value.text("es")
    with pytest.raises(AttachmentUnreadable):
        store.attach(session, "/data/photo", tmp_path / "gone.png")
    with pytest.raises(AttachmentUnreadable):
        store.attach(session, "/data/photo", tmp_path)
    assert session.value("/data/photo") == "" and store.attachments(session.instance_id) == []
    with pytest.raises(AttachmentNotFound):
        store.attachment(session.instance_id, "nothing.png")
    store.set_setting("max_attachment_mb", 50)
    with pytest.raises(NotAFileQuestion):
        store.attach(session, "/data/name", picture)
    assert session.value("/data/name") == "" and store.attachments(session.instance_id) == []


def test_a_new_file_replaces_the_old_and_detach_removes_it(store, files_form, picture):
    session = store.new_session(files_form)
    first = store.attach(session, "/data/photo", picture)
    second = store.attach(session, "/data/photo", picture)
    assert [a.file_name for a in store.attachments(session.instance_id)] == [second] and first != second
    store.detach(session, "/data/photo")
    assert session.value("/data/photo") == "" and store.attachments(session.instance_id) == []
    assert [e.event for e in store.audit(session.instance_id)][-1] == "detach"


def test_finalize_drops_files_no_answer_names(store, files_form, picture):
    session = store.new_session(files_form)
    session.answer("/data/name", "Rosa")
    session.add_repeat("/data/member")
    kept = store.attach(session, "/data/member[1]/voice", picture)
    store.attach(session, "/data/member[2]/voice", picture)
    session.remove_repeat("/data/member", 2)
    store.finalize(session)
    assert [a.file_name for a in store.attachments(session.instance_id)] == [kept]
    assert f"<voice>{kept}</voice>" in store.instance_xml(session.instance_id)


def test_edit_carries_files_over_and_withdraw_erases_every_version(tmp_path, store, files_form, picture):
    session = store.new_session(files_form)
    session.answer("/data/name", "Rosa")
    name = store.attach(session, "/data/photo", picture)
    store.finalize(session)
    edited = store.edit(session.instance_id)
    assert edited.value("/data/photo") == name
    assert store.attachment(edited.instance_id, name) == PICTURE
    store.withdraw(edited.instance_id, erase=True)
    assert store.attachments(session.instance_id) == [] and store.attachments(edited.instance_id) == []
    count = store.database.fetchall("SELECT count(*) FROM attachments")[0][0]
    assert count == 0
    store.close()
    assert scan(tmp_path / "data", MARKER) == []


def test_withdraw_without_erase_keeps_the_files(store, files_form, picture):
    session = store.new_session(files_form)
    name = store.attach(session, "/data/photo", picture)
    store.withdraw(session.instance_id, erase=False)
    assert store.attachment(session.instance_id, name) == PICTURE


def test_purge_removes_the_files(store, files_form, picture):
    session = store.new_session(files_form)
    session.answer("/data/name", "Rosa")
    store.attach(session, "/data/photo", picture)
    store.finalize(session)
    edited = store.edit(session.instance_id)
    store.finalize(edited)
    assert store.purge([edited.instance_id]) == 2
    assert store.database.fetchall("SELECT count(*) FROM attachments")[0][0] == 0


def test_finalized_state_and_xml_have_the_same_end_time(store, files_form):
    session = store.new_session(files_form)
    session.answer("/data/name", "Rosa")
    store.finalize(session)
    row = submissions.get_row(store.database, session.instance_id)
    state_end = submissions.unpack(row["state"])["values"]["/data/end"]
    assert state_end and f"<end>{state_end}</end>" in store.instance_xml(session.instance_id)


def test_verify_passphrase_checks_the_key_file(store):
    assert store.verify_passphrase(PASSPHRASE)
    assert not store.verify_passphrase("not the passphrase")
    assert not store.verify_passphrase("")
    store.change_passphrase("a brand new passphrase")
    assert store.verify_passphrase("a brand new passphrase")
    assert not store.verify_passphrase(PASSPHRASE)


def test_a_recording_from_memory_is_kept_like_a_file_and_never_in_the_clear(tmp_path, store, files_form):
    from fieldapp.store.attachments import InMemoryFile
    session = store.new_session(files_form)
    take = b"RIFF" + MARKER * 30
    name = store.attach(session, "/data/member[1]/voice", InMemoryFile("recording.wav", take))
    assert name.endswith(".wav") and "recording" not in name
    assert store.attachment(session.instance_id, name) == take
    [record] = store.attachments(session.instance_id)
    assert record.media_type == "audio/x-wav" or record.media_type.startswith("audio/")
    assert scan(tmp_path / "data", MARKER) == []
    store.set_setting("max_attachment_mb", 0.0001)
    with pytest.raises(AttachmentTooLarge):
        store.attach(session, "/data/member[1]/voice", InMemoryFile("recording.wav", take))
    assert session.value("/data/member[1]/voice") == name
