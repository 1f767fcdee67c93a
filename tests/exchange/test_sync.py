"""The sync folder: atomic, idempotent, FAT-safe, several laptops, a pulled stick, and what comes back."""

import io
import os

import pytest

from fieldapp.exchange import crypto, layout, safefiles
from fieldapp.exchange.errors import FolderUnwritable, PasswordNeeded
from fieldapp.exchange.export import PSEUDONYM_KEY_SETTING
from fieldapp.exchange.sync import (
    SERVICE_DIRECTORY_SETTING, purge_confirmed, service_directory_bytes, sync, write_receipt,
)
from fieldapp.store import open_store
from tests.exchange.conftest import FORM_V1, PASSPHRASE, PASSWORD, as_dicts, read_workbook, write_form


def _finalize(store, form, age):
    session = store.new_session(form)
    session.answer("/data/age", str(age))
    store.finalize(session)
    return session.instance_id


def _device_files(stick):
    return sorted(p.name for p in (stick / layout.SYNC_DEVICES).iterdir())


def test_sync_writes_once_and_twice_writes_nothing_new(store, forms_dir, stick):
    form = write_form(forms_dir)
    first = _finalize(store, form, 5)
    with pytest.raises(PasswordNeeded):
        sync(store, stick)
    report = sync(store, stick, PASSWORD)
    [name] = _device_files(stick)
    assert report.written == 1 and name.startswith("kid__") and name.endswith(".xlsx")
    assert not set('<>:"\\|?*') & set(name)                    # FAT32/exFAT-safe
    path = stick / layout.SYNC_DEVICES / name
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    import fieldapp.exchange.sync as sync_module
    built = []
    original = sync_module.build_workbook
    sync_module.build_workbook = lambda *a, **k: built.append(1) or original(*a, **k)
    try:
        again = sync(store, stick)                             # the password was kept in the store
    finally:
        sync_module.build_workbook = original
    assert again.written == 0 and (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert built == []                                         # nothing new: not even built again
    assert again.sent[0].submissions == 1 and not again.sent[0].written
    sheets, _ = read_workbook(path.read_bytes(), PASSWORD)
    assert [r["_uuid"] for r in as_dicts(sheets, "kid")] == [first]
    _finalize(store, form, 6)
    assert sync(store, stick).written == 1
    sheets, _ = read_workbook(path.read_bytes(), PASSWORD)
    assert len(as_dicts(sheets, "kid")) == 2
    assert [e.details["file_name"] for e in store.audit() if e.event == "sync"] == [name, name]
    other_password = PASSWORD + " nueva"
    assert sync(store, stick, other_password).written == 1     # a new password rewrites the file
    assert len(as_dicts(read_workbook(path.read_bytes(), other_password)[0], "kid")) == 2


def test_two_laptops_one_folder(tmp_path, forms_dir, stick):
    names = set()
    for laptop in ("a", "b"):
        other = open_store(tmp_path / f"data-{laptop}", PASSPHRASE)
        _finalize(other, write_form(forms_dir), 3)
        sync(other, stick, PASSWORD)
        names |= set(_device_files(stick))
        other.close()
    assert len(names) == 2 and set(_device_files(stick)) == names


class _PulledStick:
    """A file that takes half of what is written, then fails as a removed USB stick does."""

    def __init__(self, path, mode):
        self._file = open(path, mode)

    def write(self, data):
        self._file.write(data[:len(data) // 2])
        self._file.flush()
        raise OSError(5, "Input/output error")

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()


def test_pulled_stick_leaves_the_earlier_file_whole(store, forms_dir, stick):
    form = write_form(forms_dir)
    _finalize(store, form, 5)
    sync(store, stick, PASSWORD)
    [name] = _device_files(stick)
    path = stick / layout.SYNC_DEVICES / name
    earlier = path.read_bytes()
    sent_before = store.get_setting("exchange.sent")
    _finalize(store, form, 7)
    with pytest.raises(FolderUnwritable):
        sync(store, stick, opener=_PulledStick)
    assert path.read_bytes() == earlier                         # the earlier file, whole
    assert len(as_dicts(read_workbook(earlier, PASSWORD)[0], "kid")) == 1
    assert store.get_setting("exchange.sent") == sent_before    # the store did not count it as sent
    assert _device_files(stick) == [name]                      # no half file left beside it
    assert sync(store, stick).written == 1                     # the next sync sends it
    assert len(as_dicts(read_workbook(path.read_bytes(), PASSWORD)[0], "kid")) == 2


def test_half_written_temp_file_from_a_crash_is_cleared(store, forms_dir, stick):
    _finalize(store, write_form(forms_dir), 5)
    devices = stick / layout.SYNC_DEVICES
    devices.mkdir()
    (devices / f"{safefiles.TEMP_PREFIX}abc.tmp").write_bytes(b"half")
    sync(store, stick, PASSWORD)
    assert all(not n.startswith(safefiles.TEMP_PREFIX) for n in _device_files(stick))


def test_receipts_stop_resending_and_lead_to_a_purge(store, forms_dir, stick):
    form = write_form(forms_dir)
    held = [_finalize(store, form, age) for age in (4, 5)]
    kept = _finalize(store, form, 6)
    sync(store, stick, PASSWORD)
    write_receipt(stick, "kid", "master", held + ["uuid:not-from-this-laptop"])
    report = sync(store, stick)
    assert report.confirmed == sorted(held)
    [name] = _device_files(stick)
    sheets, _ = read_workbook((stick / layout.SYNC_DEVICES / name).read_bytes(), PASSWORD)
    assert [r["_uuid"] for r in as_dicts(sheets, "kid")] == [kept]     # only what the master lacks
    assert purge_confirmed(store, report.confirmed) == 2
    assert [r.instance_id for r in store.submissions()] == [kept]
    assert sorted(e.instance_id for e in store.audit() if e.event == "purge" and e.instance_id) == sorted(held)
    summary = [e for e in store.audit() if e.event == "purge" and not e.instance_id][-1]
    assert summary.details["count"] == 2
    assert sync(store, stick).confirmed == []


def test_reads_back_forms_key_and_service_directory(store, forms_dir, stick):
    _finalize(store, write_form(forms_dir), 5)
    (stick / layout.SYNC_FORMS).mkdir()
    (stick / layout.SYNC_FORMS / "kid_v3.md").write_text(FORM_V1.replace("VERSION", "3"), encoding="utf-8")
    (stick / layout.SYNC_FORMS / "broken.md").write_text("| survey |\n| | type | name |\n| | text | |\n")
    from fieldapp.exchange import sealedkey
    sealedkey.write_sealed_key(stick, bytes.fromhex("0f" * 32), PASSWORD)
    (stick / layout.SYNC_SERVICES).mkdir()
    directory = "servicio,tipo,contacto,municipio\nCasa Hogar,child_protection,7765 1234,Xela\n".encode()
    (stick / layout.SYNC_SERVICES / "servicios.csv").write_bytes(directory)
    report = sync(store, stick, PASSWORD)
    arrived = {a.file_name: a for a in report.forms}
    assert arrived["kid_v3.md"].new and arrived["kid_v3.md"].version == "3"
    assert not arrived["broken.md"].new and (arrived["broken.md"].problems or arrived["broken.md"].error)
    assert "3" in {r.version for r in store.forms()}
    assert report.key_updated and store.get_setting(PSEUDONYM_KEY_SETTING) == "0f" * 32
    assert report.service_directory == "servicios.csv"
    assert service_directory_bytes(store) == ("servicios.csv", directory)
    from fieldapp.protect import services
    assert [s.service for s in services.load(store).services] == ["Casa Hogar"]
    again = sync(store, stick)
    assert not again.key_updated and again.service_directory is None
    assert not any(a.new for a in again.forms)
    (stick / layout.SYNC_SERVICES / "servicios.csv").write_bytes(b"nombre\nsin columnas\n")
    broken = sync(store, stick)
    assert broken.service_directory is None and broken.service_problems       # reported, not kept
    assert service_directory_bytes(store) == ("servicios.csv", directory)
