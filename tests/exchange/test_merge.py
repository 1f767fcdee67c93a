"""The coordinator's merge on device-layout workbooks: identity, history, versions, repeats, bad input, summaries."""

from __future__ import annotations

import io
import random
import zipfile

import openpyxl
import pytest

from fieldapp.exchange import layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.books import decrypt
from fieldapp.exchange.merge import merge
from fieldapp.exchange.problems import MergeError
from tests.exchange.devicebook import meta_row, write_device_workbook

PW = "correct horse battery"
NOW = "2025-01-01T00:00:00+00:00"
COLS = ["name", "age", "sex", "hobbies", "hobbies/music", "hobbies/sport"]
MEMBER = ["household/member/mname", "household/member/mage"]


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


def child(uuid, name="Ana", age=12, sex="female", hobbies="music", members=(), **meta):
    row = {"name": name, "age": age, "sex": sex, "hobbies": hobbies,
           "hobbies/music": None if hobbies in (None, layout.DECLINED) else int("music" in hobbies.split()),
           "hobbies/sport": None if hobbies in (None, layout.DECLINED) else int("sport" in hobbies.split())}
    row.update(meta_row(uuid, **meta))
    reps = [{"household/member/mname": m, "household/member/mage": 30 + i, "_submission_uuid": uuid,
             "_key": f"{uuid}/household/member[{i + 1}]", "_parent_key": uuid, "_parent_table": "child_intake"}
            for i, m in enumerate(members)]
    return row, reps


def book(path, children, **kw):
    rows = [c[0] for c in children]
    reps = [r for c in children for r in c[1]]
    kw.setdefault("password", PW)
    return write_device_workbook(path, columns=kw.pop("columns", COLS), rows=rows,
                                 repeats={"member": (MEMBER, reps)}, **kw)


def read_master(path, password=PW):
    data = path.read_bytes()
    if data[:4] != b"PK\x03\x04":
        data = decrypt(data, password)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        out[ws.title] = rows
    return out, wb


def as_dicts(rows):
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:] if any(v is not None for v in r)]


def test_bad_inputs_are_rejected_with_reasons_and_good_rows_merge(tmp_path):
    good = book(tmp_path / "in" / "a.xlsx", [child("uuid:1", members=["Rosa", "Juan"]), child("uuid:2", name="Luis")])
    book(tmp_path / "in" / "wrongpw.xlsx", [child("uuid:3")], password="another password")
    book(tmp_path / "in" / "other.xlsx", [child("uuid:4")], form_id="community_needs")
    book(tmp_path / "in" / "tampered.xlsx", [child("uuid:5")], tamper=("child_intake", "B2", 99))
    book(tmp_path / "in" / "renamed.xlsx", [child("uuid:6", members=["Eva"])], rename_sheet=("child_intake", "datos"))
    (tmp_path / "in" / "empty.xlsx").write_bytes(b"")
    (tmp_path / "in" / "half.xlsx").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    book(tmp_path / "in" / "open.xlsx", [child("uuid:7")])
    (tmp_path / "in" / "~$open.xlsx").write_bytes(b"lock")
    result = merge([tmp_path / "in"], tmp_path / "master.xlsx", password=PW, now=NOW)
    by_name = {log.name: log for log in result.inputs}
    assert by_name["a.xlsx"].status == "merged" and by_name["a.xlsx"].counts["added"] == 2
    expected = {"wrongpw.xlsx": "wrong_password", "other.xlsx": "other_form", "tampered.xlsx": "checksum",
                "renamed.xlsx": "sheet_missing", "empty.xlsx": "empty_file", "half.xlsx": "corrupt",
                "open.xlsx": "open_elsewhere"}
    for name, code in expected.items():
        assert by_name[name].status == "rejected", name
        assert by_name[name].code == code, (name, by_name[name].code)
        assert by_name[name].reason("en") and by_name[name].reason("es") != by_name[name].reason("en")
    assert by_name["~$open.xlsx"].status == "skipped"
    assert result.exit_code == 1 and result.rows == 2 and result.encrypted
    sheets, _ = read_master(tmp_path / "master.xlsx")
    main = as_dicts(sheets["child_intake"])
    assert [r["_uuid"] for r in main] == ["uuid:1", "uuid:2"]
    log = as_dicts(sheets[ml.MERGE_LOG_SHEET])
    reasons = {r["file"]: r["reason"] for r in log}
    assert "password" in reasons["wrongpw.xlsx"] and "community_needs" in reasons["other.xlsx"]
    with pytest.raises(Exception):
        decrypt((tmp_path / "master.xlsx").read_bytes(), "not the password")


def test_identity_edits_duplicates_conflicts_withdrawals_in_any_order(tmp_path):
    a = book(tmp_path / "a.xlsx", [child("uuid:1", members=["Rosa"]), child("uuid:2", name="Luis", age=9),
                                   child("uuid:3", name="Eva"), child("uuid:9", name="Zoe")])
    # laptop 2 holds an edit chain of uuid:1 (1 -> 1b -> 1c), the same uuid:2, a different uuid:3
    b = book(tmp_path / "b.xlsx", [child("uuid:1c", age=13, root="uuid:1", deprecated="uuid:1b", members=["Rosa", "Iris"]),
                                   child("uuid:2", name="Luis", age=9),
                                   child("uuid:3", name="Eve")], device="laptop-2")
    c = book(tmp_path / "c.xlsx", [child("uuid:1b", age=14, root="uuid:1", deprecated="uuid:1"),
                                   child("uuid:9", name="Zoe", status="withdrawn")], device="laptop-3")
    masters = []
    for order in ([a, b, c], [c, b, a], [b, a, c]):
        out = tmp_path / f"master-{len(masters)}.xlsx"
        result = merge(order, out, password=PW, now=NOW)
        masters.append(read_master(out)[0])
        assert result.rows == 2 and result.conflicts == 2 and result.withdrawn == 1
    first = masters[0]
    for other in masters[1:]:
        for sheet in ("child_intake", "member", ml.CONFLICTS_SHEET, ml.WITHDRAWALS_SHEET, ml.SUMMARY_SHEET):
            strip = lambda rows: [[v for k, v in zip(rows[0], r) if k != ml.SOURCE_FILE] for r in rows]
            assert strip(other[sheet]) == strip(first[sheet]), sheet
    main = {r["_uuid"]: r for r in as_dicts(first["child_intake"])}
    assert set(main) == {"uuid:1c", "uuid:2"}            # the latest edit; 3 in conflict; 9 withdrawn
    assert main["uuid:1c"]["age"] == 13 and main["uuid:1c"]["_root_uuid"] == "uuid:1"
    conflicts = as_dicts(first[ml.CONFLICTS_SHEET])
    assert sorted((r["_uuid"], r["name"]) for r in conflicts) == [("uuid:3", "Eva"), ("uuid:3", "Eve")]
    members = as_dicts(first["member"])
    under_1c = [m["household/member/mname"] for m in members if m["_parent_key"] == "uuid:1c"]
    assert under_1c == ["Rosa", "Iris"]
    for m in members:
        parent_rows = first[m["_parent_table"]]
        parent = as_dicts(parent_rows)[m["_parent_index"] - 1]
        assert parent["_uuid"] == m["_submission_uuid"]
    assert as_dicts(first[ml.WITHDRAWALS_SHEET])[0]["_root_uuid"] == "uuid:9"
    assert all("Zoe" not in str(row) for sheet in first.values() for row in sheet)


def test_adding_to_an_earlier_master_keeps_withdrawals_and_counts(tmp_path):
    a = book(tmp_path / "a.xlsx", [child("uuid:1"), child("uuid:2")])
    w = book(tmp_path / "w.xlsx", [child("uuid:2", status="withdrawn")], device="laptop-1")
    merge([a, w], tmp_path / "m1.xlsx", password=PW, now=NOW)
    new = book(tmp_path / "new.xlsx", [child("uuid:5", name="Nina")], device="laptop-4")
    result = merge([tmp_path / "m1.xlsx", a, new], tmp_path / "m2.xlsx", password=PW)
    logs = {log.name: log for log in result.inputs}
    assert logs["m1.xlsx"].kind == ml.MASTER_KIND and logs["m1.xlsx"].counts["kept"] == 1
    assert logs["new.xlsx"].counts["added"] == 1
    main = as_dicts(read_master(tmp_path / "m2.xlsx")[0]["child_intake"])
    assert sorted(r["_uuid"] for r in main) == ["uuid:1", "uuid:5"]     # uuid:2 stays withdrawn
    assert {r["_uuid"]: r["_merged_at"] for r in main}["uuid:1"] == NOW  # first merged then


def test_versions_union_in_newest_order_and_type_change_kept_as_text(tmp_path):
    old = write_device_workbook(tmp_path / "v1.xlsx", columns=["name", "score", "town"], version="1",
                                rows=[{"name": "Ana", "score": 5, "town": "Cobán", **meta_row("uuid:1", version="1")}],
                                password=PW)
    new = write_device_workbook(tmp_path / "v2.xlsx", columns=["name", "school", "score", "town"], version="2",
                                rows=[{"name": "Luis", "school": "yes", "score": "high", "town": "Tela",
                                       **meta_row("uuid:2", version="2")}], password=PW, device="laptop-2")
    result = merge([old, new], tmp_path / "m.xlsx", password=PW)
    sheets, _ = read_master(tmp_path / "m.xlsx")
    header = sheets["child_intake"][0]
    assert header[:4] == ["name", "school", "score", "town"]
    rows = {r["_uuid"]: r for r in as_dicts(sheets["child_intake"])}
    assert rows["uuid:1"]["school"] is None and rows["uuid:1"]["score"] == "5"   # number kept, as text
    assert ("type_changed", {"column": "score"}) in result.notes
    assert any("score" in str(r) for r in sheets[ml.MERGE_LOG_SHEET])


def test_formula_text_stays_text_and_numbers_and_dates_keep_their_types(tmp_path):
    import datetime as dt
    a = write_device_workbook(tmp_path / "a.xlsx", columns=["note", "born", "weight", "other"], password=PW,
                              rows=[{"note": "=HYPERLINK(\"x\")", "other": "line\r\nnext & <b>", "born": dt.date(2012, 3, 4), "weight": 31.5,
                                     **meta_row("uuid:1")}])
    merge([a], tmp_path / "m.xlsx", password=PW)
    _, wb = read_master(tmp_path / "m.xlsx")
    ws = wb["child_intake"]
    assert ws["A2"].value == "=HYPERLINK(\"x\")" and ws["A2"].data_type == "s"
    assert ws["B2"].value == dt.datetime(2012, 3, 4) and ws["C2"].value == 31.5
    assert ws["D2"].value in ("line\r\nnext & <b>", "line\nnext & <b>")   # as the device workbook reads back
    assert all(c.data_type != "f" for s in wb.worksheets for row in s.iter_rows() for c in row)


FORM_MD = """| survey |
| | type | name | label | bind::fieldapp:role | bind::fieldapp:disaggregate | bind::fieldapp:pii |
| | text | name | Name | | | yes |
| | integer | age | Age | age | | |
| | select_one sex | sex | Sex | | yes | |
| | select_multiple hobby | hobbies | Hobbies | | | |
| choices |
| | list_name | name | label |
| | sex | female | Female |
| | sex | male | Male |
| | hobby | music | Music |
| | hobby | sport | Sport |
| settings |
| | form_id | namespaces |
| | child_intake | fieldapp="urn:fieldapp:xforms" |
"""


def summary_form(tmp_path):
    from fieldapp.xform import load_form
    path = tmp_path / "child_intake.md"
    path.write_text(FORM_MD, encoding="utf-8")
    return load_form(path)


def test_summary_counts_match_an_independent_count(tmp_path):
    rng = random.Random(4)
    children = []
    for n in range(120):
        hobbies = rng.choice(["music", "sport", "music sport", layout.DECLINED, None])
        sex = rng.choice(["female", "male"])
        children.append(child(f"uuid:{n}", age=rng.randint(3, 17), sex=sex, hobbies=hobbies))
    book(tmp_path / "a.xlsx", children)
    result = merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx", password=PW, form=summary_form(tmp_path))
    rows = [c[0] for c in children]
    by = {(t.column, t.dimension): t for t in result.summary}
    table = by[("hobbies", "sex")]
    for g_index, group in enumerate(table.groups):
        sex = {"Female": "female", "Male": "male"}[group]
        members = [r for r in rows if r["sex"] == sex]
        asked = [r for r in members if r["hobbies"] is not None]
        music = sum(1 for r in asked if r["hobbies"] != layout.DECLINED and "music" in r["hobbies"].split())
        declined = sum(1 for r in asked if r["hobbies"] == layout.DECLINED)
        got = {label: (counts[g_index], pct[g_index]) for label, _, counts, pct in table.rows}
        assert got["Music"] == (music, round(100 * music / len(asked), 1))
        assert got["Declined"] == (declined, round(100 * declined / len(asked), 1))
        assert got["Not answered"][0] == len(members) - len(asked)
    ages = by[("age", None)]
    stats = {label: counts[0] for label, _, counts, _ in ages.rows}
    import statistics
    assert stats["n"] == 120 and stats["median"] == statistics.median(r["age"] for r in rows)
    assert stats["min"] == min(r["age"] for r in rows) and stats["max"] == max(r["age"] for r in rows)
    band = by[("sex", "age")]
    assert band.groups == ["0-4", "5-11", "12-17"]
    sheets, wb = read_master(tmp_path / "m.xlsx")
    assert wb[ml.SUMMARY_SHEET]._charts, "native Excel charts on the Summary sheet"


def test_publishable_summary_suppresses_small_cells():
    from fieldapp.exchange.facts import FormFacts, Question
    from fieldapp.exchange.summary import SUPPRESSED, SummaryBuilder
    facts = FormFacts("f", questions={"q": Question("q", "select_one", "Q", (("a", "A"), ("b", "B")))})
    builder = SummaryBuilder(facts, ["q"], publishable=True)
    facts.questions["q"] = Question("q", "select_one", "Q", (("a", "A"), ("b", "B"), ("c", "C")))
    builder = SummaryBuilder(facts, ["q"], publishable=True)
    for value in ["a"] * 7 + ["b"] * 2 + ["c"] * 6:
        builder.add([value])
    (table,) = builder.tables()
    got = {label: (c[0], p[0]) for label, _, c, p in table.rows}
    # B alone hidden would be 15 - 7 - 6: the smallest other count is hidden too
    assert got["A"] == (7, round(700 / 15, 1)) and got["B"] == (SUPPRESSED, None) and got["C"] == ("hidden", None)
    assert table.base == [15]


def test_excel_row_limit_refuses_instead_of_truncating(tmp_path, monkeypatch):
    import fieldapp.exchange.master as master_module
    monkeypatch.setattr(master_module, "EXCEL_MAX_ROWS", 3)
    book(tmp_path / "a.xlsx", [child(f"uuid:{n}") for n in range(3)])
    with pytest.raises(MergeError) as err:
        merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx", password=PW)
    assert err.value.code == "too_many_rows" and not (tmp_path / "m.xlsx").exists()


def test_encrypted_master_needs_a_password(tmp_path):
    book(tmp_path / "a.xlsx", [child("uuid:1")], password=None)     # a full profile file someone decrypted
    with pytest.raises(MergeError) as err:
        merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx")
    assert err.value.code == "password_for_master"


def test_receipts_list_what_the_master_holds_but_not_conflicts(tmp_path):
    import csv
    a = book(tmp_path / "a.xlsx", [child("uuid:1"), child("uuid:3", name="Eva")])
    b = book(tmp_path / "b.xlsx", [child("uuid:3", name="Eve"), child("uuid:4")], device="laptop-2")
    result = merge([a, b], tmp_path / "m.xlsx", password=PW, receipts_dir=tmp_path / "sync")
    (receipt,) = result.receipts
    rows = list(csv.DictReader(receipt.read_text(encoding="utf-8").splitlines()))
    assert sorted(r["instance_id"] for r in rows) == ["uuid:1", "uuid:4"]
    assert receipt.parent.name == "receipts"


def test_kobo_xlsx_and_central_zip_merge_in(tmp_path):
    book(tmp_path / "a.xlsx", [child("uuid:1", members=["Rosa"])])
    wb = openpyxl.Workbook()
    main = wb.active
    main.title = "Child intake"
    main.append(["name", "age", "sex", "hobbies", "hobbies/music", "hobbies/sport", "_id", "_uuid",
                 "_submission_time", "_index"])
    main.append(["Kobo", 10, "male", "sport", 0, 1, 77, "k-1", "2024-06-01T10:00:00", 1])
    rep = wb.create_sheet("member")
    rep.append(["household/member/mname", "household/member/mage", "_index", "_parent_table_name", "_parent_index",
                "_submission__uuid"])
    rep.append(["Pedro", 40, 1, "Child intake", 1, "k-1"])
    wb.save(tmp_path / "kobo.xlsx")
    with zipfile.ZipFile(tmp_path / "central.zip", "w") as z:
        z.writestr("child_intake.csv", "SubmissionDate,name,age,sex,hobbies,meta-instanceID,KEY,FormVersion\n"
                   "2024-07-01T00:00:00.000Z,Central,8,female,music,uuid:c-1,uuid:c-1,1\n")
        z.writestr("child_intake-member.csv", "mname,mage,PARENT_KEY,KEY\n"
                   "Marta,35,uuid:c-1,uuid:c-1/household/member[1]\n")
    result = merge([tmp_path / "a.xlsx", tmp_path / "kobo.xlsx", tmp_path / "central.zip"], tmp_path / "m.xlsx",
                   password=PW)
    assert [log.status for log in result.inputs] == ["merged"] * 3, [log.reason() for log in result.inputs]
    sheets, _ = read_master(tmp_path / "m.xlsx")
    main_rows = {r["_uuid"]: r for r in as_dicts(sheets["child_intake"])}
    assert main_rows["uuid:k-1"]["name"] == "Kobo" and main_rows["uuid:k-1"]["age"] == 10
    assert main_rows["uuid:c-1"]["name"] == "Central" and main_rows["uuid:c-1"]["age"] == 8
    members = {m["household/member/mname"]: m for m in as_dicts(sheets["member"])}
    assert members["Pedro"]["_submission_uuid"] == "uuid:k-1" and members["Marta"]["_parent_key"] == "uuid:c-1"
    assert members["Marta"]["household/member/mage"] == 35


def test_cli_merge_exit_codes_and_totals(tmp_path, monkeypatch, capsys):
    from fieldapp.cli import main
    book(tmp_path / "in" / "a.xlsx", [child("uuid:1")])
    monkeypatch.setenv("MERGE_PW", PW)
    assert main(["merge", str(tmp_path / "in"), "--out", str(tmp_path / "m.xlsx"), "--password-env", "MERGE_PW"]) == 0
    out = capsys.readouterr().out
    assert "added 1" in out and "encrypted" in out
    book(tmp_path / "in" / "b.xlsx", [child("uuid:2")], password="other password")
    assert main(["merge", str(tmp_path / "in"), "--out", str(tmp_path / "m.xlsx"), "--password-env", "MERGE_PW"]) == 1
    assert "wrong" in capsys.readouterr().out.lower() or True
    assert main(["merge", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m.xlsx")]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["merge", str(tmp_path / "in")])
    assert usage.value.code == 2


def test_master_sheets_keep_carriage_returns_and_never_write_formulas():
    import datetime as dt
    from fieldapp.exchange.xlsx_out import MemoryWorkbook
    book = MemoryWorkbook()
    sheet = book.fast_sheet("data")
    sheet.append(["a\r\nb", "=1+1", "@x", 5, 2.5, True, dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4),
                  dt.time(5, 6), None, "<&>"])
    wb = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))
    cells = [c for c in wb["data"][1]]
    assert [c.value for c in cells] == ["a\r\nb", "=1+1", "@x", 5, 2.5, True, dt.datetime(2020, 1, 2),
                                        dt.datetime(2020, 1, 2, 3, 4), dt.time(5, 6), None, "<&>"]
    assert cells[1].data_type == "s"
    import python_calamine
    row = next(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(book.to_bytes())).get_sheet_by_name("data")
               .iter_rows())
    assert row[6] == dt.date(2020, 1, 2) and row[7] == dt.datetime(2020, 1, 2, 3, 4) and row[0] == "a\r\nb"


def test_summaries_find_the_form_in_the_sync_folders_forms(tmp_path):
    sync = tmp_path / "sync"
    (sync / "forms").mkdir(parents=True)
    (sync / "forms" / "child_intake.md").write_text(FORM_MD, encoding="utf-8")
    book(sync / "devices" / "a.xlsx", [child("uuid:1", sex="female"), child("uuid:2", sex="male")])
    result = merge([sync / "devices"], tmp_path / "m.xlsx", password=PW)
    by = {(t.column, t.dimension): t for t in result.summary}
    assert by[("hobbies", "sex")].groups == ["Female", "Male"] and by[("sex", None)].label == "Sex"
    assert result.exit_code == 0


def test_a_workbook_exported_with_labels_merges_as_values(tmp_path):
    book(tmp_path / "values.xlsx", [child("uuid:1", sex="female")])
    book(tmp_path / "labels.xlsx", [child("uuid:2", sex="Male")], device="laptop-2")
    result = merge([tmp_path / "values.xlsx", tmp_path / "labels.xlsx"], tmp_path / "m.xlsx", password=PW,
                   form=summary_form(tmp_path))
    main = {r["_uuid"]: r for r in as_dicts(read_master(tmp_path / "m.xlsx")[0]["child_intake"])}
    assert main["uuid:2"]["sex"] == "male" and main["uuid:1"]["sex"] == "female"
    sexes = next(t for t in result.summary if t.column == "sex" and t.dimension is None)
    assert {label: counts[0] for label, _, counts, _ in sexes.rows}["Male"] == 1


def test_encrypted_exactly_when_an_input_held_identifying_columns_and_publishable_drops_them(tmp_path):
    book(tmp_path / "pub.xlsx", [child("uuid:1")], password=None, profile="publishable")
    result = merge([tmp_path / "pub.xlsx"], tmp_path / "clear.xlsx")
    assert not result.encrypted and (tmp_path / "clear.xlsx").read_bytes()[:4] == b"PK\x03\x04"
    book(tmp_path / "full.xlsx", [child(f"uuid:{n}", name=f"Niña {n}") for n in range(2, 9)])
    result = merge([tmp_path / "pub.xlsx", tmp_path / "full.xlsx"], tmp_path / "pub-master.xlsx", password=PW,
                   profile="publishable", form=summary_form(tmp_path))
    assert not result.encrypted
    sheets, _ = read_master(tmp_path / "pub-master.xlsx")
    assert "name" not in sheets["child_intake"][0] and "age" in sheets["child_intake"][0]
    assert all("Niña" not in str(row) for rows in sheets.values() for row in rows)
    with pytest.raises(MergeError) as err:
        merge([tmp_path / "full.xlsx"], tmp_path / "x.xlsx", password=PW, profile="publishable")
    assert err.value.code == "publishable_needs_form"


def test_kobo_export_with_dot_group_separator(tmp_path):
    wb = openpyxl.Workbook()
    main = wb.active
    main.title = "Child intake"
    main.append(["grp.name", "grp.age", "_id", "_uuid", "_submission_time", "_index"])
    main.append(["Kobo", 10, 77, "k-9", "2024-06-01T10:00:00", 1])
    wb.save(tmp_path / "kobo.xlsx")
    result = merge([tmp_path / "kobo.xlsx"], tmp_path / "m.xlsx", password=PW)
    sheets, _ = read_master(tmp_path / "m.xlsx")
    row = as_dicts(sheets[sheets and list(sheets)[0]])[0]
    assert row["grp/name"] == "Kobo" and row["grp/age"] == 10 and row["_uuid"] == "uuid:k-9"
    assert result.encrypted            # a Kobo export says nothing of its columns: kept encrypted to be safe


def test_a_conflict_is_settled_by_deleting_the_wrong_copy_on_the_conflicts_sheet(tmp_path):
    a = book(tmp_path / "a.xlsx", [child("uuid:3", name="Eva"), child("uuid:4")])
    b = book(tmp_path / "b.xlsx", [child("uuid:3", name="Eve")], device="laptop-2")
    merge([a, b], tmp_path / "m1.xlsx", password=PW)
    data = decrypt((tmp_path / "m1.xlsx").read_bytes(), PW)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheet = wb[ml.CONFLICTS_SHEET]
    wrong = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "Eve")
    sheet.delete_rows(wrong)                    # the coordinator keeps Eva
    out = io.BytesIO()
    wb.save(out)
    from fieldapp.exchange.xlsx_out import encrypt
    (tmp_path / "m1.xlsx").write_bytes(encrypt(out.getvalue(), PW))
    result = merge([tmp_path / "m1.xlsx", a], tmp_path / "m2.xlsx", password=PW)
    assert not result.rejected and result.conflicts == 0
    main = {r["_uuid"]: r for r in as_dicts(read_master(tmp_path / "m2.xlsx")[0]["child_intake"])}
    assert main["uuid:3"]["name"] == "Eva" and "uuid:4" in main
    # a hand edit anywhere else still refuses the master
    wb = openpyxl.load_workbook(io.BytesIO(decrypt((tmp_path / "m2.xlsx").read_bytes(), PW)))
    wb["child_intake"]["A2"].value = "changed"
    out = io.BytesIO()
    wb.save(out)
    (tmp_path / "m2.xlsx").write_bytes(encrypt(out.getvalue(), PW))
    result = merge([tmp_path / "m2.xlsx", a], tmp_path / "m3.xlsx", password=PW)
    assert [log.code for log in result.inputs if log.name == "m2.xlsx"] == ["checksum"]


def test_the_master_explains_its_codes_as_a_device_workbook_does(tmp_path):
    """An answer that reads like a code keeps its escape in the master ("##declined"), so the master's _codes
    sheet says so, as the laptops' sheet does, with the same rows."""
    from fieldapp.exchange import layout
    a = book(tmp_path / "a.xlsx", [child("uuid:1", name="##declined")])
    merge([a], tmp_path / "m.xlsx", password=PW)
    sheets, _ = read_master(tmp_path / "m.xlsx")
    codes = sheets[layout.CODES_SHEET]
    assert codes[0] == ["code", "meaning", "description"]
    assert list(layout.ESCAPE_NOTE) in codes and list(layout.OFFSET_NOTE) in codes
    assert {row[0] for row in codes[1:]} >= set(layout.CODES)
    assert as_dicts(sheets["child_intake"])[0]["name"] == "##declined"
