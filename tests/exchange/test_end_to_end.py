"""End to end: two laptops fill stores through the API, export every profile, and the files read back value by value."""

import datetime as dt

import pytest

from fieldapp.exchange import crypto, layout
from fieldapp.exchange.export import export_form, pseudonym, set_pseudonym_key
from fieldapp.store import open_store
from tests.exchange.conftest import PASSPHRASE, PASSWORD, as_dicts, form_info, read_workbook, write_form

KEY = "5a" * 32
TRICKY = ["=cmd|' /C calc'!A0", "+57 300 1234", "-sin respuesta", "@SUM(1,2)", "línea uno\nlínea dos",
          "Ñandú O'Higgins", "tab\tinside"]


def _laptop(tmp_path, name, forms_dir):
    store = open_store(tmp_path / f"data-{name}", PASSPHRASE)
    set_pseudonym_key(store, KEY)
    v1 = write_form(forms_dir, "1")
    v2 = write_form(forms_dir, "2", extra_question=True)
    expected = []
    for n, text in enumerate(TRICKY):
        form = v1 if n % 2 else v2
        session = store.new_session(form, interviewer="Ana")
        answers = {"consent": "yes", "name": f"{name} {text}", "age": str(8 + n), "height": f"1.{n}5",
                   "arrived": f"2025-0{1 + n}-1{n}", "comment": text + "\x0b", "colors": "blue" if n % 3 else ""}
        for path, value in answers.items():
            if value:
                session.answer(f"/data/{path}", value)
        if n == 2:
            session.decline("/data/height")
        session.answer("/data/member[1]/mname", f"hijo de {name} {n}")
        if n == 3:
            photo = tmp_path / f"{name}-{n}.jpg"
            photo.write_bytes(b"\xff\xd8" + bytes([n]) * 50)
            store.attach(session, "/data/photo", photo)
        store.finalize(session)
        expected.append((session.instance_id, answers, form.version))
    stopped = store.new_session(v2)
    stopped.answer("/data/consent", "yes")
    stopped.answer("/data/age", "16")
    store.withdraw(stopped.instance_id, erase=False)
    return store, expected, stopped.instance_id


@pytest.mark.parametrize("profile", ["full", "pseudonymized", "publishable"])
def test_two_laptops_every_profile_reads_back(tmp_path, forms_dir, profile):
    key = bytes.fromhex(KEY)
    devices = set()
    for name in ("norte", "sur"):
        store, expected, stopped = _laptop(tmp_path, name, forms_dir)
        out = tmp_path / f"{name}-{profile}.xlsx"
        password = PASSWORD if profile != "publishable" else None
        export_form(store, "kid", out, profile, password=password)
        data = out.read_bytes()
        assert crypto.is_encrypted(data) == (profile != "publishable")
        if password:
            with pytest.raises(Exception):
                crypto.decrypt_workbook(data, "not the password at all")
        sheets, types = read_workbook(data, password)
        assert "f" not in types
        info = form_info(sheets)
        assert info["profile"] == profile and info["form_versions"] == "2 1"
        assert info["removed_characters"] == len(TRICKY)             # the vertical tab in each comment
        devices.add(info["device_id"])
        rows = {r["_uuid"]: r for r in as_dicts(sheets, "kid")}
        for instance_id, answers, version in expected:
            row = rows[instance_id]
            assert row["_version"] == version and row["age"] == int(answers["age"])
            assert row["arrived"] == dt.datetime.fromisoformat(answers["arrived"])
            if answers["height"] and instance_id != expected[2][0]:
                assert row["height"] == float(answers["height"])
            if profile == "full":
                assert row["name"] == answers["name"] and row["comment"] == answers["comment"][:-1]
            elif profile == "pseudonymized":
                assert row["name"] == pseudonym(key, answers["name"])
            else:
                assert "name" not in row and "comment" not in row
            assert row["colors/blue"] == (1 if answers["colors"] else None)
            assert (row.get("school") is None) if version == "1" else True
        assert rows[expected[2][0]]["height"] == layout.DECLINED
        assert rows[expected[0][0]]["safety/hurt"] == layout.NOT_ASKED if profile != "publishable" else True
        assert rows[stopped]["_status"] == layout.STATUS_WITHDRAWN and rows[stopped]["age"] == 16
        assert rows[stopped]["height"] == layout.NOT_REACHED
        members = as_dicts(sheets, "member")
        main_keys = set(rows)
        assert members and all(m["_parent_key"] in main_keys for m in members)
        text = " ".join(str(v) for rows_ in sheets.values() for row in rows_ for v in row if v is not None)
        if profile != "full":
            assert name not in text and "hijo de" not in text
        attachments = tmp_path / f"{name}-{profile}.files.zip"
        assert attachments.exists() == (profile == "full")
        if profile == "full":
            assert len(crypto.read_archive(attachments.read_bytes(), PASSWORD)) == 1
        store.close()
    assert len(devices) == 2
