"""End to end: stores filled through the API, exported by the real device export, merged, compared value by value.

The inputs hold one file given twice, an edited version, a conflict, a corrupt file, a wrong-password file and a
workbook of another form; the master must hold exactly what was entered, typed, with repeat rows under their
parents, declines coded, the log right, no formula cell, and be encrypted.
"""

from __future__ import annotations

import pytest

import datetime as dt
import io
import shutil

import openpyxl

from fieldapp.exchange import crypto, layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.export import export_form
from fieldapp.exchange.merge import merge
from fieldapp.store import open_store
from fieldapp.xform import load_form
from tests.exchange.conftest import PASSPHRASE, PASSWORD, write_form

OTHER_FORM = """
| survey   |         |       |       |
|          | type    | name  | label |
|          | integer | count | Count |
| settings |         |       |       |
|          | form_id | version |     |
|          | other   | 1     |       |
"""


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


def fill(store, form, answers: dict, repeats=(), declined=(), finalize=True):
    session = store.new_session(form, interviewer="ana")
    for path, value in answers.items():
        session.answer(f"/data/{path}", value)
    for path, value in repeats:
        if path.endswith("+"):
            session.add_repeat(f"/data/{path[:-1]}")
        else:
            session.answer(f"/data/{path}", value)
    for path in declined:
        session.decline(f"/data/{path}")
    if finalize:
        store.finalize(session)
    return session


def laptop(tmp_path, name):
    store = open_store(tmp_path / name, PASSPHRASE)
    store.set_setting("device_id", name)
    return store


def read_master(path):
    data = crypto.decrypt_workbook(path.read_bytes(), PASSWORD)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}
    types = {c.data_type for ws in book.worksheets for row in ws.iter_rows() for c in row}
    return sheets, types


def dicts(sheets, name):
    rows = sheets[name]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def rewrite(path, out, change):
    """Another copy of an exported workbook with one answer changed and its checksum made right again (what a
    second laptop restored from the same backup would send): the same _uuid, different content."""
    data = crypto.decrypt_workbook(path.read_bytes(), PASSWORD)
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    check = layout.Checksum()
    for ws in book.worksheets:
        if ws.title in (layout.FORM_SHEET, layout.CODES_SHEET):
            continue
        check.sheet(ws.title)
        for row in ws.iter_rows(values_only=True):
            check.row(row)
    form = book[layout.FORM_SHEET]
    for row in form.iter_rows():
        if row[0].value == "checksum":
            row[1].value = check.hexdigest()
    buffer = io.BytesIO()
    book.save(buffer)
    out.write_bytes(crypto.encrypt_workbook(buffer.getvalue(), PASSWORD))
    return out


def test_stores_exported_and_merged_hold_exactly_what_was_entered(tmp_path, forms_dir):
    v1 = write_form(forms_dir, "1")
    v2 = write_form(forms_dir, "2", extra_question=True)
    inbox = tmp_path / "inbox"
    inbox.mkdir()

    a = laptop(tmp_path, "laptop-a")
    first = fill(a, v1, {"consent": "yes", "name": "=Ana Pérez", "age": "12", "height": "1.45",
                         "arrived": "2026-03-01", "colors": "red blue", "comment": "línea\nsegunda",
                         "safety/hurt": "no", "member[1]/mname": "Rosa", "member[1]/mage": "40",
                         "member[1]/pet[1]/kind": "dog"},
                 repeats=[("member[1]/pet+", None), ("member[1]/pet[2]/kind", "cat"), ("member+", None),
                          ("member[2]/mname", "Luis"), ("member[2]/mage", "8")])
    second = fill(a, v1, {"consent": "yes", "age": "7"}, declined=["name"])
    export_form(a, "kid", inbox / "a.xlsx", "full", password=PASSWORD)
    shutil.copy(inbox / "a.xlsx", inbox / "a-again.xlsx")                    # one file given twice
    edited = a.edit(second.instance_id)                                       # an edited version
    edited.answer("/data/age", "8")
    a.finalize(edited)
    export_form(a, "kid", inbox / "a-later.xlsx", "full", password=PASSWORD)

    b = laptop(tmp_path, "laptop-b")
    third = fill(b, v2, {"consent": "yes", "age": "15", "school": "Escuela 5", "height": "1.6"})
    gone = fill(b, v2, {"consent": "yes", "age": "9", "name": "Teo"})
    b.withdraw(gone.instance_id)
    export_form(b, "kid", inbox / "b.xlsx", "full", password=PASSWORD)
    export_form(b, "kid", inbox / "b-other-password.xlsx", "full", password="another password 77")
    (forms_dir / "other.md").write_text(OTHER_FORM, encoding="utf-8")
    other_form = load_form(forms_dir / "other.md", cache=False)
    b.register_form(other_form)
    fill(b, other_form, {"count": "3"})
    export_form(b, "other", inbox / "other-form.xlsx", "full", password=PASSWORD)
    data = (inbox / "b.xlsx").read_bytes()
    (inbox / "corrupt.xlsx").write_bytes(data[: len(data) // 3])

    def rename(book):
        sheet = book["kid"]
        column = [c.value for c in sheet[1]].index("height") + 1
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, [c.value for c in sheet[1]].index("_uuid") + 1).value == third.instance_id:
                sheet.cell(row, column).value = 1.99
    rewrite(inbox / "b.xlsx", inbox / "b-restored-copy.xlsx", rename)    # a conflict

    result = merge([inbox], tmp_path / "master.xlsx", password=PASSWORD, form=v2, receipts_dir=tmp_path / "sync")
    logs = {log.name: log for log in result.inputs}
    assert logs["b-other-password.xlsx"].code == "wrong_password"
    assert logs["corrupt.xlsx"].code == "corrupt"
    assert logs["other-form.xlsx"].code == "other_form"
    assert {n for n, log in logs.items() if log.status == "merged"} == {
        "a.xlsx", "a-again.xlsx", "a-later.xlsx", "b.xlsx", "b-restored-copy.xlsx"}
    assert result.exit_code == 1 and result.encrypted

    sheets, types = read_master(tmp_path / "master.xlsx")
    assert "f" not in types                                                   # no formula cell anywhere
    main = {r["_uuid"]: r for r in dicts(sheets, "kid")}
    assert set(main) == {first.instance_id, edited.instance_id}              # the edit replaced its original
    one = main[first.instance_id]
    assert one["name"] == "=Ana Pérez" and one["age"] == 12 and one["height"] == 1.45
    assert one["arrived"] == dt.datetime(2026, 3, 1) and one["colors"] == "red blue" and one["colors/blue"] == 1
    assert one["comment"] == "línea\nsegunda" and one["safety/hurt"] == "no"
    assert one["_source_file"] in ("a.xlsx", "a-again.xlsx", "a-later.xlsx") and one["_device_id"] == "laptop-a"
    assert one["school"] is None                                              # a v2 column, blank in v1
    two = main[edited.instance_id]
    assert two["age"] == 8 and two["name"] == layout.DECLINED and two["_deprecated_uuid"] == second.instance_id
    assert two["safety/hurt"] == layout.NOT_ASKED
    header = sheets["kid"][0]
    assert header.index("school") == header.index("photo") - 1                 # the newest version's order

    members = dicts(sheets, "member")
    pets = dicts(sheets, "pet")
    assert [m["member/mname"] for m in members if m["_submission_uuid"] == first.instance_id] == ["Rosa", "Luis"]
    assert [m["member/mage"] for m in members if m["_submission_uuid"] == first.instance_id] == [40, 8]
    main_rows = dicts(sheets, "kid")
    for m in members:
        if m["_parent_table"] == "kid":
            assert main_rows[m["_parent_index"] - 1]["_uuid"] == m["_submission_uuid"]
    for p in pets:
        parent = members[p["_parent_index"] - 1]
        assert p["_parent_table"] == "member" and parent["_key"] == p["_parent_key"]
    assert [p["member/pet/kind"] for p in pets if p["_submission_uuid"] == first.instance_id] == ["dog", "cat"]

    conflicts = dicts(sheets, ml.CONFLICTS_SHEET)
    assert sorted(c["height"] for c in conflicts) == [1.6, 1.99]
    assert {c["_source_file"] for c in conflicts} == {"b.xlsx", "b-restored-copy.xlsx"}
    assert third.instance_id not in main
    assert gone.instance_id not in main and all("Teo" not in str(r) for s in sheets.values() for r in s)
    assert dicts(sheets, ml.WITHDRAWALS_SHEET)[0]["_uuid"] == gone.instance_id

    log = {r["file"]: r for r in dicts(sheets, ml.MERGE_LOG_SHEET) if r["file"]}
    assert log["a.xlsx"]["read"] == 2 and log["a-again.xlsx"]["duplicates"] + log["a.xlsx"]["duplicates"] >= 1
    assert log["a-later.xlsx"]["updated"] + log["a-later.xlsx"]["added"] + log["a-later.xlsx"]["duplicates"] >= 2
    assert log["b.xlsx"]["conflicts"] == 1 and log["b.xlsx"]["withdrawn"] == 1
    assert "password" in log["b-other-password.xlsx"]["reason"]
    assert log["Total"]["read"] == sum(r["read"] for n, r in log.items() if n != "Total")

    ages = next(t for t in result.summary if t.column == "age" and t.dimension is None)
    stats = {label: counts[0] for label, _, counts, _ in ages.rows}
    assert stats["n"] == 2 and stats["mean"] == 10 and stats["min"] == 8 and stats["max"] == 12
    # the laptops can purge what the master holds
    (receipt,) = result.receipts
    held = {line.split(",")[0] for line in receipt.read_text(encoding="utf-8").splitlines()[1:]}
    assert {first.instance_id, second.instance_id, edited.instance_id, gone.instance_id} <= held
    assert third.instance_id not in held
    a.close()
    b.close()


def test_sync_folder_merge_receipts_then_the_laptop_purges(tmp_path, forms_dir):
    from fieldapp.exchange.sync import purge_confirmed, sync
    form = write_form(forms_dir, "1")
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / layout.SYNC_FORMS).mkdir()
    shutil.copy(forms_dir / "kid_v1.md", stick / layout.SYNC_FORMS / "kid_v1.md")
    a = laptop(tmp_path, "laptop-a")
    kept = fill(a, form, {"consent": "yes", "age": "11", "name": "Ana"})
    conflicted = fill(a, form, {"consent": "yes", "age": "9"})
    sync(a, stick, PASSWORD)
    device_file = next((stick / layout.SYNC_DEVICES).glob("*.xlsx"))

    def change_age(book):
        sheet = book["kid"]
        header = [c.value for c in sheet[1]]
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, header.index("_uuid") + 1).value == conflicted.instance_id:
                sheet.cell(row, header.index("age") + 1).value = 10
    rewrite(device_file, stick / layout.SYNC_DEVICES / "restored-copy.xlsx", change_age)

    result = merge([stick], tmp_path / "master.xlsx", password=PASSWORD, receipts_dir=stick)
    assert result.rows == 1 and result.conflicts == 2 and not result.rejected     # both copies kept aside
    assert {log.status for log in result.inputs} == {"merged"}           # forms/ and receipts/ are not data
    ages = next(t for t in result.summary if t.column == "age" and t.dimension is None)
    assert ages.label == "Age"                                             # the form came from forms/

    report = sync(a, stick)
    assert report.confirmed == [kept.instance_id]                         # the conflict stays on the laptop
    assert purge_confirmed(a, report.confirmed) == 1
    assert [r.instance_id for r in a.submissions()] == [conflicted.instance_id]
    a.close()
