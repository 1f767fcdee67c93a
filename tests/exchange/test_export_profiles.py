"""Export profiles, encryption, attachments and the audit trail, read back from the files written."""

import os
import tempfile

import pytest

from fieldapp.exchange import crypto, layout
from fieldapp.exchange.errors import Cancelled, PasswordNeeded, PseudonymKeyMissing, WeakPassword
from fieldapp.exchange.export import export_form, pseudonym, set_pseudonym_key
from tests.exchange.conftest import PASSWORD, as_dicts, form_info, read_workbook, write_form

KEY = "a1" * 32


def _filled(store, forms_dir, tmp_path):
    form = write_form(forms_dir)
    session = store.new_session(form, interviewer="ana")
    for path, value in (("consent", "yes"), ("name", "María José O'Neil"), ("age", "13"), ("comment", "vive con su tía"),
                        ("safety/hurt", "yes")):
        session.answer(f"/data/{path}", value)
    session.answer("/data/member[1]/mname", "Pedro Pérez")
    photo = tmp_path / "maria_lopez.jpg"
    photo.write_bytes(b"\xff\xd8photo-bytes")
    file_name = store.attach(session, "/data/photo", photo)
    store.finalize(session)
    return session.instance_id, file_name


NAMES = ("María José O'Neil", "Pedro Pérez", "vive con su tía")


def _all_text(sheets):
    return " ".join(str(v) for rows in sheets.values() for row in rows for v in row if v is not None)


def test_full_profile_encrypted_with_attachments_and_audited(store, forms_dir, tmp_path):
    instance_id, file_name = _filled(store, forms_dir, tmp_path)
    out = tmp_path / "out" / "kid.xlsx"
    result = export_form(store, "kid", out, "full", password=PASSWORD)
    data = out.read_bytes()
    assert crypto.is_encrypted(data) and result.encrypted
    for name in NAMES:                      # nothing readable without the password
        assert name.encode("utf-8") not in data and name.encode("utf-16-le") not in data
    with pytest.raises(Exception):
        crypto.decrypt_workbook(data, "wrong password here")
    sheets, types = read_workbook(data, PASSWORD)
    row = as_dicts(sheets, "kid")[0]
    assert row["name"] == "María José O'Neil" and row["photo"] == file_name and "f" not in types
    files = crypto.read_archive(result.attachments_file.read_bytes(), PASSWORD)
    assert files == {f"{instance_id.removeprefix('uuid:')}/{file_name}": b"\xff\xd8photo-bytes"}
    assert result.attachments_file.name == "kid.files.zip"
    event = [e for e in store.audit() if e.event == "export"][-1]
    details = dict(event.details)
    assert details.pop("by") is not None
    assert details == {"form_id": "kid", "profile": "full", "rows": 1, "file_name": "kid.xlsx", "count": 1}
    assert event.old_value is None and event.new_value is None


def test_pseudonymized_has_codes_not_names(store, forms_dir, tmp_path):
    _filled(store, forms_dir, tmp_path)
    with pytest.raises(PseudonymKeyMissing):
        export_form(store, "kid", tmp_path / "p.xlsx", "pseudonymized", password=PASSWORD)
    set_pseudonym_key(store, KEY)
    result = export_form(store, "kid", tmp_path / "p.xlsx", "pseudonymized", password=PASSWORD)
    assert result.attachments_file is None and not (tmp_path / "p.files.zip").exists()
    sheets, _ = read_workbook((tmp_path / "p.xlsx").read_bytes(), PASSWORD)
    text = _all_text(sheets)
    assert "María" not in text and "Pedro" not in text
    row = as_dicts(sheets, "kid")[0]
    code = pseudonym(bytes.fromhex(KEY), "maría josé o'neil  ")      # same child, same code, any laptop
    assert row["name"] == code and code.startswith(layout.PSEUDONYM_PREFIX)
    assert row["comment"] == "vive con su tía" and row["safety/hurt"] == "yes"


def test_publishable_has_no_pii_sensitive_or_free_text_and_may_be_clear(store, forms_dir, tmp_path):
    _filled(store, forms_dir, tmp_path)
    result = export_form(store, "kid", tmp_path / "pub.xlsx", "publishable")
    data = (tmp_path / "pub.xlsx").read_bytes()
    assert not crypto.is_encrypted(data) and not result.encrypted
    sheets, _ = read_workbook(data)
    header = sheets["kid"][0]
    for gone in ("name", "comment", "safety/hurt", "photo", "_enumerator"):
        assert gone not in header
    assert "member/mname" not in sheets["member"][0]
    assert as_dicts(sheets, "kid")[0]["age"] == 13
    text = _all_text(sheets)
    assert "María" not in text and "Pedro" not in text and "tía" not in text and "ana" not in text.split()


def test_secrets_need_a_password(store, forms_dir, tmp_path):
    _filled(store, forms_dir, tmp_path)
    with pytest.raises(PasswordNeeded):
        export_form(store, "kid", tmp_path / "x.xlsx", "full")
    with pytest.raises(WeakPassword):
        export_form(store, "kid", tmp_path / "x.xlsx", "full", password="short")
    assert not (tmp_path / "x.xlsx").exists()


def test_cancel_leaves_no_file_and_nothing_plain_in_temp(store, forms_dir, tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    _filled(store, forms_dir, tmp_path)
    with pytest.raises(Cancelled):
        export_form(store, "kid", tmp_path / "c.xlsx", "full", password=PASSWORD, cancel=lambda: True)
    assert not (tmp_path / "c.xlsx").exists()
    export_form(store, "kid", tmp_path / "ok.xlsx", "full", password=PASSWORD)
    assert os.listdir(temp) == []            # openpyxl's write-only temp files never made
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["maria_lopez.jpg", "ok.files.zip", "ok.xlsx"]
