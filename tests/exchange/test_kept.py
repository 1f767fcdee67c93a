"""Adding to a master through the work database kept beside it: same content as a full merge, rows appended,
the checksum still checks every cell, and anything unusual falls back to reading the master as a workbook."""

from __future__ import annotations

import io

import openpyxl
import pytest

from fieldapp.exchange import kept, master_append
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange import merge as merge_module
from fieldapp.exchange.books import decrypt
from fieldapp.exchange.merge import merge
from fieldapp.exchange.xlsx_out import encrypt
from tests.exchange.test_merge import NOW, PW, as_dicts, book, child, read_master



@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)

MAIN = "child_intake"


@pytest.fixture
def spy(monkeypatch):
    """Which inputs were opened as workbooks, and whether the master was appended to."""
    seen = {"opened": [], "appended": []}
    real_open, real_plan = merge_module.open_source, master_append.append_plan

    def opening(path, password):
        seen["opened"].append(path.name)
        return real_open(path, password)

    def planning(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        seen["appended"].append(plan is not None)
        return plan

    monkeypatch.setattr(merge_module, "open_source", opening)
    monkeypatch.setattr(master_append, "append_plan", planning)
    return seen


def _content(sheets, name):
    """Rows by _uuid / _key, without where they sit or when they were merged."""
    skip = {ml.INDEX, ml.MERGED_AT, "_parent_index"}
    rows = as_dicts(sheets[name])
    key = "_uuid" if name == MAIN else "_key"
    return {r[key]: {k: v for k, v in r.items() if k not in skip} for r in rows}


def _first(tmp_path):
    a = book(tmp_path / "a.xlsx", [child("uuid:1", members=["Rosa", "Iris"]), child("uuid:2", name="Luis", age=9),
                                   child("uuid:3", name="Eva", age=15, members=["Tom"])])
    merge([a], tmp_path / "m1.xlsx", password=PW, now=NOW)
    return a


def test_new_submissions_are_appended_without_reading_the_master(tmp_path, spy):
    a = _first(tmp_path)
    side = kept.kept_path(tmp_path / "m1.xlsx")
    assert side.is_file() and not side.read_bytes().startswith(b"SQLite format 3")   # encrypted like the master
    # submitted earlier than the master's rows: appended after them all the same, the master's rows keep their place
    new = book(tmp_path / "new.xlsx", [child("uuid:0", name="Nina", members=["Ada"], submitted="2023-01-01T00:00:00"),
                                       child("uuid:1", members=["Rosa", "Iris"])], device="laptop-4")
    spy["opened"].clear()
    result = merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password=PW, now="2025-02-01T00:00:00+00:00")
    assert spy["opened"] == ["new.xlsx"] and spy["appended"][-1] is True
    logs = {log.name: log for log in result.inputs}
    assert logs["m1.xlsx"].counts["kept"] == 3 and logs["new.xlsx"].counts["added"] == 1
    assert logs["new.xlsx"].counts["duplicates"] == 1
    m1, _ = read_master(tmp_path / "m1.xlsx")
    m2, _ = read_master(tmp_path / "m2.xlsx")
    assert m2[MAIN][:4] == m1[MAIN]                       # the earlier rows, untouched, in their place
    main = as_dicts(m2[MAIN])
    assert [r["_uuid"] for r in main][-1] == "uuid:0" and [r[ml.INDEX] for r in main] == [1, 2, 3, 4]
    assert main[-1][ml.MERGED_AT] == "2025-02-01T00:00:00+00:00" and main[0][ml.MERGED_AT] == NOW
    for m in as_dicts(m2["member"]):                      # every repeat row under its parent
        assert as_dicts(m2[m["_parent_table"]])[m["_parent_index"] - 1]["_uuid"] == m["_submission_uuid"]
    # the same content as merging the device workbooks in one go, and the same summary figures
    merge([a, new], tmp_path / "full.xlsx", password=PW, now=NOW)
    full, _ = read_master(tmp_path / "full.xlsx")
    for sheet in (MAIN, "member"):
        assert _content(m2, sheet) == _content(full, sheet), sheet
    assert m2[ml.SUMMARY_SHEET] == full[ml.SUMMARY_SHEET]


def test_an_appended_master_read_as_a_workbook_checks_every_cell(tmp_path, spy):
    _first(tmp_path)
    new = book(tmp_path / "new.xlsx", [child("uuid:7", name="Nina", members=["Ada"])], device="laptop-4")
    newer = book(tmp_path / "newer.xlsx", [child("uuid:8", name="Olga")], device="laptop-5")
    merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password=PW)
    merge([tmp_path / "m2.xlsx", newer], tmp_path / "m3.xlsx", password=PW)
    assert spy["appended"] == [False, True, True]
    sheets, _ = read_master(tmp_path / "m3.xlsx")
    assert ml.CHECKSUM_BLOCKS in {row[0] for row in sheets["_form"]}
    kept.kept_path(tmp_path / "m3.xlsx").unlink()         # now it must be read (and checked) as a workbook
    result = merge([tmp_path / "m3.xlsx"], tmp_path / "m4.xlsx", password=PW)
    assert not result.rejected and result.rows == 5
    # a cell changed by hand in the appended rows is caught
    wb = openpyxl.load_workbook(io.BytesIO(decrypt((tmp_path / "m3.xlsx").read_bytes(), PW)))
    ws = wb[MAIN]
    ws.cell(ws.max_row, 1).value = "changed"
    out = io.BytesIO()
    wb.save(out)
    (tmp_path / "m3.xlsx").write_bytes(encrypt(out.getvalue(), PW))
    result = merge([tmp_path / "m3.xlsx", newer], tmp_path / "m5.xlsx", password=PW)
    assert [log.code for log in result.inputs] == ["checksum", None]


def test_an_edit_of_a_row_in_the_master_rewrites_it_whole(tmp_path, spy):
    _first(tmp_path)
    edit = book(tmp_path / "edit.xlsx", [child("uuid:1b", age=13, root="uuid:1", deprecated="uuid:1", members=["Rosa"])],
                device="laptop-2")
    result = merge([tmp_path / "m1.xlsx", edit], tmp_path / "m2.xlsx", password=PW)
    assert spy["appended"][-1] is False and "m1.xlsx" not in spy["opened"]
    assert {log.name: log.counts["replaced"] for log in result.inputs}["m1.xlsx"] == 1
    main = {r["_uuid"]: r for r in as_dicts(read_master(tmp_path / "m2.xlsx")[0][MAIN])}
    assert set(main) == {"uuid:1b", "uuid:2", "uuid:3"} and main["uuid:1b"]["age"] == 13
    members = as_dicts(read_master(tmp_path / "m2.xlsx")[0]["member"])
    assert sorted((m["_submission_uuid"], m["household/member/mname"]) for m in members) == [
        ("uuid:1b", "Rosa"), ("uuid:3", "Tom")]


def test_a_master_changed_since_is_read_as_a_workbook(tmp_path, spy):
    _first(tmp_path)
    data = decrypt((tmp_path / "m1.xlsx").read_bytes(), PW)
    (tmp_path / "m1.xlsx").write_bytes(encrypt(data, PW))      # same sheets, other bytes
    new = book(tmp_path / "new.xlsx", [child("uuid:7", name="Nina")], device="laptop-4")
    spy["opened"].clear()
    result = merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password=PW)
    assert sorted(spy["opened"]) == ["m1.xlsx", "new.xlsx"] and result.rows == 4 and not result.rejected


def test_the_wrong_password_opens_neither_the_master_nor_its_work_database(tmp_path, spy):
    _first(tmp_path)
    new = book(tmp_path / "new.xlsx", [child("uuid:7", name="Nina")], device="laptop-4", password="another password")
    result = merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password="another password")
    assert [(log.name, log.code) for log in result.rejected] == [("m1.xlsx", "wrong_password")]
    assert result.rows == 1


def test_a_withdrawn_childs_answers_are_not_kept(tmp_path):
    a = book(tmp_path / "a.xlsx", [child("uuid:1"), child("uuid:9", name="Zoe", members=["Zed"])])
    w = book(tmp_path / "w.xlsx", [child("uuid:9", name="Zoe", status="withdrawn")], device="laptop-1")
    merge([a, w], tmp_path / "m1.xlsx", password=PW)
    import sqlcipher3
    conn = sqlcipher3.connect(str(kept.kept_path(tmp_path / "m1.xlsx")))
    conn.execute("PRAGMA key = '" + PW + "'")
    texts = [row for table in ("subs", "reps") for row in conn.execute(f"SELECT data FROM {table}")]
    assert texts and not any("Zoe" in t[0] or "Zed" in t[0] for t in texts)
    conn.close()
    # and the child stays withdrawn when the master is added to
    new = book(tmp_path / "new.xlsx", [child("uuid:7", name="Nina")], device="laptop-4")
    result = merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password=PW)
    assert result.withdrawn == 1 and result.rows == 2


def test_no_work_database_is_kept_beside_a_publishable_master(tmp_path):
    from tests.exchange.test_merge import summary_form
    a = book(tmp_path / "a.xlsx", [child("uuid:1")])
    merge([a], tmp_path / "pub.xlsx", password=PW, profile="publishable", form=summary_form(tmp_path))
    assert not kept.kept_path(tmp_path / "pub.xlsx").exists()
    merge([a], tmp_path / "full.xlsx", password=PW)
    assert kept.kept_path(tmp_path / "full.xlsx").exists()


def test_a_large_master_is_encrypted_without_extra_copies_and_opens(tmp_path, monkeypatch):
    from fieldapp.exchange import xlsx_out
    monkeypatch.setattr(xlsx_out, "LEAN_ENCRYPTION_BYTES", 0)      # every master takes the large-file path
    _first(tmp_path)
    sheets, _ = read_master(tmp_path / "m1.xlsx")                  # Office's format: msoffcrypto opens it
    import msoffcrypto                                              # (built in place: its integrity code checks)
    with open(tmp_path / "m1.xlsx", "rb") as handle:
        office = msoffcrypto.OfficeFile(handle)
        office.load_key(password=PW)
        office.decrypt(io.BytesIO(), verify_integrity=True)
    assert [r["_uuid"] for r in as_dicts(sheets[MAIN])] == ["uuid:1", "uuid:2", "uuid:3"]
    with pytest.raises(Exception):
        decrypt((tmp_path / "m1.xlsx").read_bytes(), "not the password")


def _kept_connection(master):
    import sqlcipher3
    conn = sqlcipher3.connect(str(kept.kept_path(master)), isolation_level=None)
    conn.execute("PRAGMA key = '" + PW + "'")
    return conn


def test_the_master_s_sheets_are_carried_over_compressed_not_decrypted(tmp_path, spy, monkeypatch):
    _first(tmp_path)
    conn = _kept_connection(tmp_path / "m1.xlsx")
    titles = {title for (title,) in conn.execute("SELECT DISTINCT title FROM sheet_bytes")}
    conn.close()
    assert titles == {MAIN, "member"}
    from fieldapp.exchange import books
    master_bytes, decrypted = (tmp_path / "m1.xlsx").read_bytes(), []
    real_decrypt = books.decrypt
    monkeypatch.setattr(books, "decrypt", lambda data, *a, **k: decrypted.append(bytes(data) == master_bytes)
                        or real_decrypt(data, *a, **k))
    new = book(tmp_path / "new.xlsx", [child("uuid:7", name="Nina", members=["Ada"])], device="laptop-4")
    merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password=PW)
    assert spy["appended"] == [False, True] and decrypted == [False]        # only the new workbook
    sheets, _ = read_master(tmp_path / "m2.xlsx")
    assert [r["_uuid"] for r in as_dicts(sheets[MAIN])][-1] == "uuid:7"
    assert as_dicts(sheets["member"])[-1]["household/member/mname"] == "Ada"


def test_a_work_database_without_the_sheets_bytes_writes_the_master_whole(tmp_path, spy):
    a = _first(tmp_path)
    conn = _kept_connection(tmp_path / "m1.xlsx")
    conn.execute("DROP TABLE sheet_bytes")          # as a FieldApp that did not keep them left it
    conn.close()
    new = book(tmp_path / "new.xlsx", [child("uuid:7", name="Nina", members=["Ada"])], device="laptop-4")
    spy["opened"].clear()
    result = merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password=PW, now=NOW)
    assert spy["appended"][-1] is False and spy["opened"] == ["new.xlsx"] and not result.rejected
    merge([a, new], tmp_path / "full.xlsx", password=PW, now=NOW)
    m2, _ = read_master(tmp_path / "m2.xlsx")
    full, _ = read_master(tmp_path / "full.xlsx")
    for sheet in (MAIN, "member"):
        assert _content(m2, sheet) == _content(full, sheet), sheet


def test_without_the_zip_writer_s_internals_appending_still_gives_the_same_master(tmp_path, spy, monkeypatch):
    a = _first(tmp_path)
    from fieldapp.exchange import deflate_resume
    real_mark = deflate_resume.mark
    monkeypatch.setattr(deflate_resume, "supported", lambda entry: False)
    monkeypatch.setattr(deflate_resume, "mark", real_mark)
    new = book(tmp_path / "new.xlsx", [child("uuid:7", name="Nina", members=["Ada"])], device="laptop-4")
    merge([tmp_path / "m1.xlsx", new], tmp_path / "m2.xlsx", password=PW, now=NOW)
    assert spy["appended"][-1] is True
    merge([a, new], tmp_path / "full.xlsx", password=PW, now=NOW)
    m2, _ = read_master(tmp_path / "m2.xlsx")
    full, _ = read_master(tmp_path / "full.xlsx")
    for sheet in (MAIN, "member"):
        assert _content(m2, sheet) == _content(full, sheet), sheet
    # that master left no point to carry on from: the next one is written whole, and right
    newer = book(tmp_path / "newer.xlsx", [child("uuid:8", name="Olga")], device="laptop-5")
    result = merge([tmp_path / "m2.xlsx", newer], tmp_path / "m3.xlsx", password=PW)
    assert spy["appended"][-1] is False and result.rows == 5 and not result.rejected


def test_adding_rows_beyond_excel_s_limit_on_a_repeat_sheet_is_refused(tmp_path, spy, monkeypatch):
    from fieldapp.exchange import master as master_module
    from fieldapp.exchange.problems import MergeError
    _first(tmp_path)                                    # 3 submissions, 3 household members
    monkeypatch.setattr(master_module, "EXCEL_MAX_ROWS", 6)     # room for a header and 5 rows
    fits = book(tmp_path / "fits.xlsx", [child("uuid:7", name="Nina", members=["Ada", "Bo"])], device="laptop-4")
    result = merge([tmp_path / "m1.xlsx", fits], tmp_path / "m2.xlsx", password=PW)
    assert spy["appended"][-1] is True and result.rows == 4
    over = book(tmp_path / "over.xlsx", [child("uuid:8", name="Olga", members=["Cy"])], device="laptop-5")
    with pytest.raises(MergeError) as err:
        merge([tmp_path / "m2.xlsx", over], tmp_path / "m3.xlsx", password=PW)
    assert err.value.code == "too_many_rows" and err.value.params["sheet"] == "member"
    assert not (tmp_path / "m3.xlsx").exists()


def test_adding_to_the_same_master_file_again_and_again(tmp_path, spy):
    """The app adds new workbooks to the master in place: each time the sheets are carried over, and the
    master, read as a workbook at the end, still checks every cell."""
    _first(tmp_path)
    for n, name in enumerate(["Nina", "Olga", "Pia"]):
        new = book(tmp_path / f"new{n}.xlsx", [child(f"uuid:{10 + n}", name=name, members=["Ada"])],
                   device=f"laptop-{n}")
        result = merge([tmp_path / "m1.xlsx", new], tmp_path / "m1.xlsx", password=PW)
        assert not result.rejected and result.rows == 4 + n
    assert spy["appended"] == [False, True, True, True]
    sheets, _ = read_master(tmp_path / "m1.xlsx")
    assert [r["_uuid"] for r in as_dicts(sheets[MAIN])] == ["uuid:1", "uuid:2", "uuid:3", "uuid:10", "uuid:11",
                                                             "uuid:12"]
    assert [m["household/member/mname"] for m in as_dicts(sheets["member"])][-3:] == ["Ada"] * 3
    kept.kept_path(tmp_path / "m1.xlsx").unlink()
    result = merge([tmp_path / "m1.xlsx"], tmp_path / "m9.xlsx", password=PW)
    assert not result.rejected and result.rows == 6
