"""Bad and awkward input to the coordinator's merge, built from outside: each is refused or reported with its
reason, every good row is kept, nothing is resolved unsaid, and the master never holds a formula cell."""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile

import openpyxl
import pytest

from fieldapp.exchange import layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.books import decrypt
from fieldapp.exchange.merge import merge
from fieldapp.exchange.problems import MergeError
from fieldapp.exchange.xlsx_out import encrypt
from tests.exchange.devicebook import meta_row, write_device_workbook
from tests.exchange.test_merge import COLS, MEMBER, PW, as_dicts, book, child, read_master

NOW = "2025-02-03T04:05:06+00:00"


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


@pytest.fixture(autouse=True)
def cheap_work_database_key():
    """The merge's encrypted work database keyed with 4,000 key-stretching rounds instead of SQLCipher's 256,000
    (the same encryption; these tests run some fifty merges), put back afterwards."""
    import sqlcipher3
    connection = sqlcipher3.connect(":memory:")
    before = connection.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0]
    connection.execute("PRAGMA cipher_default_kdf_iter = 4000")
    yield
    connection.execute(f"PRAGMA cipher_default_kdf_iter = {int(before)}")
    connection.close()


def plain(path, children, **kw):
    """A device workbook written without a password (quicker to read; the merge treats it the same)."""
    return book(path, children, password=None, **kw)


def run(inputs, out, **kw):
    kw.setdefault("password", PW)
    kw.setdefault("now", NOW)
    return merge(inputs, out, **kw)


def logs(result):
    return {log.name: log for log in result.inputs}


def main_rows(out, sheet="child_intake"):
    return as_dicts(read_master(out)[0][sheet])


def no_formula_cells(out):
    _, wb = read_master(out)
    return all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def central_zip(path, files: dict):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def rewrite_master(path, change):
    """Open the (encrypted) master as a coordinator would in Excel, change it, save it encrypted again."""
    wb = openpyxl.load_workbook(io.BytesIO(decrypt(path.read_bytes(), PW)))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(encrypt(out.getvalue(), PW))


@pytest.fixture
def good(tmp_path):
    return plain(tmp_path / "good.xlsx", [child("uuid:g1", members=["Rosa"]), child("uuid:g2", name="Luis")])


# -- damaged files ---------------------------------------------------------------------------------------------
def test_workbooks_cut_at_random_byte_offsets_are_refused_and_the_rest_merges(tmp_path, good):
    rng = random.Random(7)
    plain_bytes = good.read_bytes()
    sealed = book(tmp_path / "sealed.xlsx", [child("uuid:s1")]).read_bytes()
    cut = tmp_path / "cut"
    cut.mkdir()
    for n, at in enumerate(sorted(rng.sample(range(1, len(plain_bytes)), 8))):
        (cut / f"plain-{n}.xlsx").write_bytes(plain_bytes[:at])
    for n, at in enumerate(sorted(rng.sample(range(1, len(sealed)), 4))):
        (cut / f"sealed-{n}.xlsx").write_bytes(sealed[:at])
    result = run([good, cut], tmp_path / "m.xlsx")
    refused = [log for log in result.inputs if log.name != "good.xlsx"]
    assert len(refused) == 12 and all(log.status == "rejected" for log in refused)
    assert {log.code for log in refused} <= {"corrupt", "not_a_workbook"}
    assert all(log.reason("en") and log.reason("es") for log in refused)
    assert result.rows == 2 and result.exit_code == 1
    assert sorted(r["_uuid"] for r in main_rows(tmp_path / "m.xlsx")) == ["uuid:g1", "uuid:g2"]


def test_a_sheet_whose_xml_is_not_well_formed_is_refused_with_its_sheet(tmp_path, good):
    source = zipfile.ZipFile(io.BytesIO(good.read_bytes()))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2] + b"<row><c r='A9'><v>1</c></row"
            archive.writestr(name, data)
    (tmp_path / "broken.xlsx").write_bytes(broken.getvalue())
    result = run([good, tmp_path / "broken.xlsx"], tmp_path / "m.xlsx")
    log = logs(result)["broken.xlsx"]
    assert log.status == "rejected" and log.code == "corrupt" and "child_intake" in log.reason()
    assert result.rows == 2


# -- cells that would run ----------------------------------------------------------------------------------------
DDE = "=cmd|' /C calc'!A0"


def test_formulas_and_dde_strings_in_any_input_stay_text_in_the_master(tmp_path, good):
    device = plain(tmp_path / "dde.xlsx", [child("uuid:d1", name=DDE), child("uuid:d2", name="@SUM(1+1)*cmd")],
                   device="laptop-2")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Child intake"
    ws.append(["name", "age", "sex", "_uuid", "_index"])
    ws.append(["=1+1", "=HYPERLINK(\"http://example.org\",\"x\")", "male", "k-1", 1])      # real formula cells
    ws.append([DDE, 3, "male", "k-2", 2])
    ws["A3"].data_type = "s"                                    # a DDE string typed as text
    wb.save(tmp_path / "kobo.xlsx")
    central_zip(tmp_path / "central.zip", {"child_intake.csv": "name,age,meta-instanceID,KEY\n"
                                           f"\"{DDE}\",8,uuid:c-1,uuid:c-1\n+cmd|x,9,uuid:c-2,uuid:c-2\n"})
    result = run([good, device, tmp_path / "kobo.xlsx", tmp_path / "central.zip"], tmp_path / "m.xlsx")
    assert not result.rejected, [log.reason() for log in result.inputs]
    out = tmp_path / "m.xlsx"
    assert no_formula_cells(out)
    names = {r["_uuid"]: r["name"] for r in main_rows(out)}
    assert names["uuid:d1"] == DDE and names["uuid:k-2"] == DDE and names["uuid:c-1"] == DDE
    assert names["uuid:c-2"] == "+cmd|x" and names["uuid:d2"] == "@SUM(1+1)*cmd"
    # the formula cells typed into the Kobo export: their (absent) computed values merged, and said so
    kobo = logs(result)["kobo.xlsx"]
    assert names["uuid:k-1"] is None and "formulas" in kobo.reason().lower() and result.exit_code == 1


def test_a_formula_typed_into_a_device_workbook_breaks_its_checksum(tmp_path, good):
    plain(tmp_path / "typed.xlsx", [child("uuid:t1")], tamper=("child_intake", "A2", "=1+1"), device="laptop-2")
    result = run([good, tmp_path / "typed.xlsx"], tmp_path / "m.xlsx")
    assert logs(result)["typed.xlsx"].code == "checksum" and result.rows == 2
    assert no_formula_cells(tmp_path / "m.xlsx")


def test_a_workbook_marked_publishable_by_hand_but_holding_names_gives_an_encrypted_master(tmp_path):
    from tests.exchange.test_merge import summary_form
    marked = plain(tmp_path / "marked.xlsx", [child("uuid:p1", name="Niña Uno")], profile="publishable")
    result = run([marked], tmp_path / "m.xlsx", form=summary_form(tmp_path))
    assert result.encrypted and (tmp_path / "m.xlsx").read_bytes()[:4] != b"PK\x03\x04"
    honest = write_device_workbook(tmp_path / "honest.xlsx", columns=["age", "sex"], profile="publishable",
                                   rows=[{"age": 9, "sex": "male", **meta_row("uuid:p2")}])
    assert not run([honest], tmp_path / "open.xlsx", form=summary_form(tmp_path)).encrypted


def test_a_device_workbook_whose_checksum_was_taken_out_is_refused(tmp_path, good):
    edited = plain(tmp_path / "edited.xlsx", [child("uuid:e1", name="Changed by hand")], device="laptop-2")
    wb = openpyxl.load_workbook(edited)
    form = wb[layout.FORM_SHEET]
    for row in form.iter_rows():
        if row[0].value == "checksum":
            row[1].value = None
    wb.save(edited)
    result = run([good, edited], tmp_path / "m.xlsx")
    log = logs(result)["edited.xlsx"]
    assert log.status == "rejected" and log.code == "no_checksum" and "_form" in log.reason()
    assert result.rows == 2


def test_a_repeat_sheet_emptied_by_hand_is_refused(tmp_path, good):
    emptied = plain(tmp_path / "emptied.xlsx", [child("uuid:e1", members=["Rosa", "Juan"])], device="laptop-2")
    wb = openpyxl.load_workbook(emptied)
    wb["member"].delete_rows(1, wb["member"].max_row)           # the last data sheet, header and all
    wb.save(emptied)
    result = run([good, emptied], tmp_path / "m.xlsx")
    assert logs(result)["emptied.xlsx"].code == "checksum" and result.rows == 2


def test_a_sheet_added_by_hand_is_left_out_and_said(tmp_path, good):
    noted = plain(tmp_path / "noted.xlsx", [child("uuid:n1", members=["Eva"])], device="laptop-2")
    wb = openpyxl.load_workbook(noted)
    wb.create_sheet("Notas").append(["Revisado por", "Ana"])
    wb.save(noted)
    run([good], tmp_path / "master.xlsx")
    rewrite_master(tmp_path / "master.xlsx", lambda book: book.create_sheet("Pivot").append(["sex", "count"]))
    result = run([tmp_path / "master.xlsx", noted], tmp_path / "master.xlsx")
    assert "'Notas'" in logs(result)["noted.xlsx"].reason() and "'Pivot'" in logs(result)["master.xlsx"].reason()
    assert [log.status for log in result.inputs] == ["merged", "merged"] and result.rows == 3
    sheets = read_master(tmp_path / "master.xlsx")[0]
    assert "Eva" in [r["household/member/mname"] for r in as_dicts(sheets["member"])]


# -- headers and identities ----------------------------------------------------------------------------------------
def test_two_columns_of_one_name_refuse_the_file_instead_of_keeping_one(tmp_path, good):
    twice = write_device_workbook(tmp_path / "twice.xlsx", columns=["name", "age", "name"],
                                  rows=[{"name": "Ana", "age": 3, **meta_row("uuid:t1")}])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Child intake"
    ws.append(["Comment", "Comment", "_uuid", "_index"])          # a Kobo export with labels as headers
    ws.append(["first", "second", "k-1", 1])
    wb.save(tmp_path / "kobo.xlsx")
    result = run([good, twice, tmp_path / "kobo.xlsx"], tmp_path / "m.xlsx")
    for name, column in (("twice.xlsx", "name"), ("kobo.xlsx", "Comment")):
        log = logs(result)[name]
        assert log.status == "rejected" and log.code == "duplicate_column", name
        assert f"'{column}'" in log.reason() and f"'{column}'" in log.reason("es")
    assert result.rows == 2 and result.exit_code == 1


def test_a_blank_or_repeated_uuid_inside_one_file_is_reported_or_counted(tmp_path, good):
    same = plain(tmp_path / "same.xlsx", [child("uuid:u1"), child(None, name="Sin id"), child("uuid:u1", name="Otra"),
                                          child("uuid:u2"), child("uuid:u2"), child("   ", name="Espacios"),
                                          child(" uuid:u1 ", name="Otra")], device="laptop-2")
    result = run([good, same], tmp_path / "m.xlsx")
    log = logs(result)["same.xlsx"]
    assert log.counts["rejected"] == 2 and "row 3" in log.reason() and "row 7" in log.reason()
    assert "_uuid" in log.reason()
    assert log.counts["conflicts"] == 3 and log.counts["duplicates"] == 1 and log.counts["added"] == 1
    assert result.exit_code == 1
    conflicts = as_dicts(read_master(tmp_path / "m.xlsx")[0][ml.CONFLICTS_SHEET])
    assert sorted(r["name"] for r in conflicts) == ["Ana", "Otra", "Otra"]


def test_each_conflicting_copy_keeps_its_own_repeat_rows(tmp_path):
    a = plain(tmp_path / "a.xlsx", [child("uuid:3", name="Eva", members=["Rosa"])])
    b = plain(tmp_path / "b.xlsx", [child("uuid:3", name="Eve", members=["Juan", "Pedro"])], device="laptop-2")
    run([a, b], tmp_path / "m.xlsx")
    sheets = read_master(tmp_path / "m.xlsx")[0]
    copies = {r["_index"]: r["name"] for r in as_dicts(sheets[ml.CONFLICTS_SHEET])}
    members = {(m["household/member/mname"], copies[m["_parent_index"]], m["_parent_table"])
               for m in as_dicts(sheets["member"])}
    assert members == {("Rosa", "Eva", ml.CONFLICTS_SHEET), ("Juan", "Eve", ml.CONFLICTS_SHEET),
                       ("Pedro", "Eve", ml.CONFLICTS_SHEET)}


def test_an_edit_cycle_is_a_conflict_never_two_rows_of_one_child(tmp_path, good):
    cycle = plain(tmp_path / "cycle.xlsx", [child("uuid:A", name="A", deprecated="uuid:B"),
                                            child("uuid:B", name="B", deprecated="uuid:A")], device="laptop-2")
    result = run([good, cycle], tmp_path / "m.xlsx")
    assert result.rows == 2 and result.conflicts == 2
    sheets = read_master(tmp_path / "m.xlsx")[0]
    assert sorted(r["_uuid"] for r in as_dicts(sheets[ml.CONFLICTS_SHEET])) == ["uuid:A", "uuid:B"]
    assert {r["_uuid"] for r in as_dicts(sheets["child_intake"])} == {"uuid:g1", "uuid:g2"}


def test_an_edit_that_names_no_root_still_replaces_the_version_it_deprecates(tmp_path, good):
    edit_row = {**child("uuid:g1-v2", name="Rosa edited")[0], "_root_uuid": None, "_deprecated_uuid": "uuid:g1"}
    edit = write_device_workbook(tmp_path / "edit.xlsx", columns=COLS, rows=[edit_row], device="laptop-2")
    for order in ([good, edit], [edit, good]):
        out = tmp_path / f"m-{order[0].stem}.xlsx"
        result = run(order, out)
        rows = {r["_uuid"]: r for r in main_rows(out)}
        assert set(rows) == {"uuid:g1-v2", "uuid:g2"} and rows["uuid:g1-v2"]["name"] == "Rosa edited"
        assert logs(result)["good.xlsx"].counts["replaced"] == 1 and logs(result)["edit.xlsx"].counts["updated"] == 1


def test_an_edit_whose_original_never_arrives_is_kept(tmp_path, good):
    edit = plain(tmp_path / "edit.xlsx", [child("uuid:x2", name="Only the edit", root="uuid:x1",
                                                deprecated="uuid:x1")], device="laptop-2")
    result = run([good, edit], tmp_path / "m.xlsx")
    assert result.rows == 3 and not result.rejected
    assert {r["_uuid"] for r in main_rows(tmp_path / "m.xlsx")} == {"uuid:g1", "uuid:g2", "uuid:x2"}


def test_a_withdrawal_removes_the_child_whichever_comes_first(tmp_path, good):
    withdrawal = plain(tmp_path / "w.xlsx", [child("uuid:g1", status="withdrawn")], device="laptop-1")
    # the withdrawal merged first, the child's row arrives in a later merge
    run([withdrawal], tmp_path / "m1.xlsx")
    result = run([tmp_path / "m1.xlsx", good], tmp_path / "m2.xlsx")
    assert {r["_uuid"] for r in main_rows(tmp_path / "m2.xlsx")} == {"uuid:g2"} and result.withdrawn == 1
    # the child's row merged first, the withdrawal later
    run([good], tmp_path / "m3.xlsx")
    result = run([tmp_path / "m3.xlsx", withdrawal], tmp_path / "m4.xlsx")
    sheets = read_master(tmp_path / "m4.xlsx")[0]
    assert {r["_uuid"] for r in as_dicts(sheets["child_intake"])} == {"uuid:g2"} and result.withdrawn == 1
    assert "Rosa" not in str(sheets["member"])


def test_a_repeat_row_whose_parent_is_missing_is_reported_not_dropped_unsaid(tmp_path, good):
    _, ghost_members = child("uuid:ghost", members=["Ghost"])
    nested = [{"household/member/pet/kind": "dog", "_submission_uuid": "uuid:o1", "_key": "uuid:o1/household/member[9]/pet[1]",
               "_parent_key": "uuid:o1/household/member[9]", "_parent_table": "member"}]
    orphans = write_device_workbook(tmp_path / "orphans.xlsx", columns=COLS, rows=[child("uuid:o1")[0]],
                                    repeats={"member": (MEMBER, ghost_members),
                                             "pet": (["household/member/pet/kind"], nested)}, device="laptop-2")
    central = central_zip(tmp_path / "central.zip", {
        "child_intake.csv": "name,meta-instanceID,KEY\nCentral,uuid:c-1,uuid:c-1\n",
        "child_intake-member.csv": "mname,PARENT_KEY,KEY\nMarta,uuid:c-1,uuid:c-1/household/member[1]\n"
                                   "Nadie,uuid:c-9,uuid:c-9/household/member[1]\n"})
    result = run([good, orphans, central], tmp_path / "m.xlsx")
    log = logs(result)["orphans.xlsx"]
    assert log.counts["rejected"] == 2 and "uuid:ghost" in log.reason() and "member[9]" in log.reason()
    assert logs(result)["central.zip"].counts["rejected"] == 1 and "uuid:c-9" in logs(result)["central.zip"].reason()
    assert result.exit_code == 1 and result.rows == 4
    members = sorted(r["household/member/mname"] for r in main_rows(tmp_path / "m.xlsx", "member"))
    assert members == ["Marta", "Rosa"]


def test_two_repeat_rows_with_one_key_are_reported_not_one_dropped_unsaid(tmp_path, good):
    row, members = child("uuid:k1", members=["Rosa", "Juan"])
    members[1]["_key"] = members[0]["_key"]
    twice = write_device_workbook(tmp_path / "twice.xlsx", columns=COLS, rows=[row], repeats={"member": (MEMBER, members)},
                                  device="laptop-2")
    result = run([good, twice], tmp_path / "m.xlsx")
    log = logs(result)["twice.xlsx"]
    assert log.counts["rejected"] == 1 and "row 3" in log.reason() and "member[1]" in log.reason()
    assert result.exit_code == 1


def test_text_beyond_excels_cell_limit_is_cut_and_said(tmp_path, good):
    long_text = "y" * (layout.CELL_LIMIT + 5000)
    central_zip(tmp_path / "central.zip", {"child_intake.csv": f"name,KEY\n{long_text},uuid:h1\n"})
    result = run([good, tmp_path / "central.zip"], tmp_path / "m.xlsx")
    names = {r["_uuid"]: r["name"] for r in main_rows(tmp_path / "m.xlsx")}
    assert names["uuid:h1"] == long_text[:layout.CELL_LIMIT]
    assert any(code == "cut_cells" and params["column"] == "name" for code, params in result.notes)
    log_sheet = read_master(tmp_path / "m.xlsx")[0][ml.MERGE_LOG_SHEET]
    assert any("32,767" in str(row[0]) for row in log_sheet)


def test_an_input_wider_than_excels_16384_columns_is_refused_and_the_rest_merges(tmp_path, good):
    columns = [f"q{n}" for n in range(16_380)]
    central_zip(tmp_path / "wide.zip", {"child_intake.csv": ",".join(columns + ["KEY"]) + "\n"
                                        + ",".join(["1"] * len(columns) + ["uuid:w1"]) + "\n"})
    result = run([good, tmp_path / "wide.zip"], tmp_path / "m.xlsx")
    log = logs(result)["wide.zip"]
    assert log.status == "rejected" and log.code == "too_many_columns" and "16,384" in log.reason()
    assert result.rows == 2 and len(read_master(tmp_path / "m.xlsx")[0]["child_intake"][0]) < 100


def test_composed_and_decomposed_text_is_one_answer_not_a_conflict(tmp_path):
    composed = unicodedata.normalize("NFC", "José Peña")
    decomposed = unicodedata.normalize("NFD", "José Peña")
    assert composed != decomposed
    a = plain(tmp_path / "a.xlsx", [child("uuid:n1", name=composed), child(f"uuid:{composed}", name="id")])
    b = plain(tmp_path / "b.xlsx", [child("uuid:n1", name=decomposed), child(f"uuid:{decomposed}", name="id")],
              device="mac")
    result = run([a, b], tmp_path / "m.xlsx")
    assert result.conflicts == 0 and result.rows == 2
    assert logs(result)["b.xlsx"].counts["duplicates"] == 2


def test_a_password_given_for_a_plain_file_does_no_harm(tmp_path, good):
    result = run([good], tmp_path / "m.xlsx", passwords={str(good): "not needed"})
    assert result.exit_code == 0 and result.rows == 2


# -- ODK Central and KoboToolbox exports -------------------------------------------------------------------------
def test_a_foreign_csv_in_a_central_zip_is_left_out_and_said(tmp_path, good):
    central = central_zip(tmp_path / "central.zip", {
        "child_intake.csv": "name,meta-instanceID,KEY\nCentral,uuid:c-1,uuid:c-1\n",
        "child_intake-member.csv": "mname,PARENT_KEY,KEY\nMarta,uuid:c-1,uuid:c-1/household/member[1]\n",
        "a.csv": "x,y\n1,2\n"})                 # shorter than the form's own CSV: not to be taken for it
    result = run([good, central], tmp_path / "m.xlsx")
    log = logs(result)["central.zip"]
    assert log.status == "merged" and log.counts["added"] == 1 and "'a.csv'" in log.reason()
    assert result.exit_code == 1
    assert "Marta" in [r["household/member/mname"] for r in main_rows(tmp_path / "m.xlsx", "member")]


REPEAT_FORM = """| survey |
| | type | name | label |
| | text | name | Name |
| | begin_repeat | member | Member |
| | text | mname | Member name |
| | end_repeat | | |
| settings |
| | form_id |
| | child_intake |
"""


def test_a_central_zip_without_a_repeats_csv_is_refused_when_the_form_is_known(tmp_path, good):
    from fieldapp.xform import load_form
    (tmp_path / "child_intake.md").write_text(REPEAT_FORM, encoding="utf-8")
    form = load_form(tmp_path / "child_intake.md")
    main_csv = "name,meta-instanceID,KEY\nMarta,uuid:c-1,uuid:c-1\n"
    central_zip(tmp_path / "cut.zip", {"child_intake.csv": main_csv})
    central_zip(tmp_path / "whole.zip", {"child_intake.csv": main_csv.replace("c-1", "c-2"),
                                         "child_intake-member.csv": "mname,PARENT_KEY,KEY\n"})
    result = run([good, tmp_path / "cut.zip", tmp_path / "whole.zip"], tmp_path / "m.xlsx", form=form)
    cut = logs(result)["cut.zip"]
    assert cut.status == "rejected" and cut.code == "sheet_missing" and "child_intake-member.csv" in cut.reason()
    assert logs(result)["whole.zip"].status == "merged" and result.rows == 3
    assert "uuid:c-1" not in {r["_uuid"] for r in main_rows(tmp_path / "m.xlsx")}


def test_central_dates_and_times_arrive_as_the_device_workbook_has_them(tmp_path):
    import datetime as dt
    central_zip(tmp_path / "central.zip", {
        "child_intake.csv": "\ufeffSubmissionDate,arrived,seen,note,meta-instanceID,KEY\n"
                            "2024-07-01T00:00:00.000Z,2024-06-30,2024-06-30T10:11:12.500+02:00,x,uuid:c-1,uuid:c-1\n"
                            "2024-07-01T00:00:00.000Z,2024-06-29,2024-06-29T08:00:00.000Z,y,uuid:c-2,uuid:c-2\n",
        "child_intake-member.csv": "met,PARENT_KEY,KEY\n2024-06-30T09:00:00.000-05:00,uuid:c-1,uuid:c-1/member[1]\n"})
    result = run([tmp_path / "central.zip"], tmp_path / "m.xlsx")
    assert not result.notes and not result.rejected
    rows = {r["_uuid"]: r for r in main_rows(tmp_path / "m.xlsx")}
    first = rows["uuid:c-1"]
    assert first["arrived"] == dt.datetime(2024, 6, 30)
    assert first["seen"] == dt.datetime(2024, 6, 30, 10, 11, 12, 500000) and first["seen@utc_offset"] == "+02:00"
    assert layout.with_offset(rows["uuid:c-2"]["seen"], rows["uuid:c-2"]["seen@utc_offset"]) == \
        dt.datetime(2024, 6, 29, 8, tzinfo=dt.timezone.utc)
    member = main_rows(tmp_path / "m.xlsx", "member")[0]
    assert member["member/met"] == dt.datetime(2024, 6, 30, 9) and member["member/met@utc_offset"] == "-05:00"


def test_a_central_export_saved_under_an_xlsx_name_still_merges(tmp_path, good):
    central_zip(tmp_path / "central.xlsx", {"child_intake.csv": "name,meta-instanceID,KEY\nMarta,uuid:c-1,uuid:c-1\n"})
    result = run([good, tmp_path / "central.xlsx"], tmp_path / "m.xlsx")
    assert logs(result)["central.xlsx"].status == "merged" and result.rows == 3


def test_an_edit_made_in_central_replaces_the_earlier_export(tmp_path, good):
    header = "\ufeffSubmissionDate,name,age,meta-instanceID,KEY,ReviewState,Edits,FormVersion\n"
    week1 = central_zip(tmp_path / "week1.zip", {
        "child_intake.csv": header + "2024-07-01T00:00:00.000Z,Marta,8,uuid:c-1,uuid:c-1,,0,1\n",
        "child_intake-member.csv": "mname,PARENT_KEY,KEY\nPia,uuid:c-1,uuid:c-1/household/member[1]\n"})
    week2 = central_zip(tmp_path / "week2.zip", {
        "child_intake.csv": header + "2024-07-01T00:00:00.000Z,Marta,9,uuid:c-1-v2,uuid:c-1,edited,1,1\n",
        "child_intake-member.csv": "mname,PARENT_KEY,KEY\nPía,uuid:c-1,uuid:c-1/household/member[1]\n"})
    for order in ([good, week1, week2], [week2, good, week1]):
        out = tmp_path / f"m-{order[0].stem}.xlsx"
        result = run(order, out)
        assert result.conflicts == 0, [log.reason() for log in result.inputs]
        rows = {r["_uuid"]: r for r in main_rows(out)}
        assert rows["uuid:c-1-v2"]["age"] == 9 and "uuid:c-1" not in rows
        assert rows["uuid:c-1-v2"]["_root_uuid"] == "uuid:c-1"
        members = as_dicts(read_master(out)[0]["member"])
        pia = next(m for m in members if m["household/member/mname"] == "Pía")
        assert pia["_submission_uuid"] == "uuid:c-1-v2" and pia["_parent_table"] == "child_intake"
        assert "Pia" not in [m["household/member/mname"] for m in members]


def test_central_rows_it_could_not_decrypt_are_reported(tmp_path, good):
    central = central_zip(tmp_path / "central.zip", {
        "child_intake.csv": "SubmissionDate,name,meta-instanceID,KEY,Status\n"
                            "2024-07-01T00:00:00.000Z,Marta,uuid:c-1,uuid:c-1,\n"
                            "2024-07-01T00:00:00.000Z,,,uuid:c-2,not decrypted\n"})
    result = run([good, central], tmp_path / "m.xlsx")
    log = logs(result)["central.zip"]
    assert log.counts["added"] == 1 and log.counts["rejected"] == 1 and "not decrypted" in log.reason()
    assert "uuid:c-2" not in {r["_uuid"] for r in main_rows(tmp_path / "m.xlsx")}


def test_a_kobo_export_of_another_form_is_refused_by_its_title(tmp_path, good):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Water points"
    ws.append(["water_source", "pump_ok", "village", "_uuid", "_index"])
    ws.append(["well", "yes", "Tela", "w-1", 1])
    wb.save(tmp_path / "water.xlsx")
    result = run([good, tmp_path / "water.xlsx"], tmp_path / "m.xlsx")
    log = logs(result)["water.xlsx"]
    assert log.status == "rejected" and log.code == "other_form" and "Water points" in log.reason()
    assert result.rows == 2


# -- the same inputs, any order; the master itself ------------------------------------------------------------------
def test_any_order_of_the_same_inputs_gives_the_same_master(tmp_path):
    a = plain(tmp_path / "a.xlsx", [child("uuid:1", members=["Rosa"]), child("uuid:2", name="Luis"),
                                    child("uuid:3", name="Eva")])
    b = plain(tmp_path / "b.xlsx", [child("uuid:1b", age=13, root="uuid:1", deprecated="uuid:1", members=["Iris"]),
                                    child("uuid:2", name="Luis"), child("uuid:3", name="Eve")], device="laptop-2")
    c = central_zip(tmp_path / "c.zip", {"child_intake.csv": "name,age,meta-instanceID,KEY\nMarta,8,uuid:c-1,uuid:c-1\n"
                                         "Nico,7,uuid:2,uuid:2\n"})
    w = plain(tmp_path / "w.xlsx", [child("uuid:4", name="Zoe", status="withdrawn")], device="laptop-3")
    masters = []
    for n, order in enumerate(([a, b, c, w], [w, c, b, a], [b, w, a, c])):
        run(order, tmp_path / f"m{n}.xlsx")
        masters.append(read_master(tmp_path / f"m{n}.xlsx")[0])
    assert set(masters[0]) >= {"child_intake", "member", ml.CONFLICTS_SHEET, ml.WITHDRAWALS_SHEET, ml.MERGE_LOG_SHEET}
    for other in masters[1:]:
        assert list(other) == list(masters[0])
        for sheet in masters[0]:
            assert other[sheet] == masters[0][sheet], sheet


def test_a_master_merged_into_itself_keeps_its_rows(tmp_path, good):
    run([good], tmp_path / "master.xlsx")
    later = plain(tmp_path / "later.xlsx", [child("uuid:l1", name="Nina")], device="laptop-2")
    result = run([tmp_path / "master.xlsx", later], tmp_path / "master.xlsx")
    assert logs(result)["master.xlsx"].counts["kept"] == 2
    assert {r["_uuid"] for r in main_rows(tmp_path / "master.xlsx")} == {"uuid:g1", "uuid:g2", "uuid:l1"}
    # the same again, the master found in the folder it is written to: nothing added, nothing lost
    folder_result = run([tmp_path], tmp_path / "master.xlsx")
    assert folder_result.rows == 3 and logs(folder_result)["master.xlsx"].counts["kept"] == 3


def test_a_master_that_cannot_be_read_is_not_overwritten(tmp_path, good):
    run([good], tmp_path / "master.xlsx")
    rewrite_master(tmp_path / "master.xlsx", lambda wb: wb["child_intake"].delete_rows(2))
    before = (tmp_path / "master.xlsx").read_bytes()
    later = plain(tmp_path / "later.xlsx", [child("uuid:l1")], device="laptop-2")
    with pytest.raises(MergeError) as refused:
        run([tmp_path / "master.xlsx", later], tmp_path / "master.xlsx")
    assert refused.value.code == "master_unreadable" and "checksum" in refused.value.text()
    assert (tmp_path / "master.xlsx").read_bytes() == before


@pytest.mark.parametrize("change", ["row deleted", "cell edited", "row added"])
def test_an_earlier_master_changed_by_hand_is_refused(tmp_path, good, change):
    run([good], tmp_path / "m1.xlsx")

    def edit(wb):
        ws = wb["child_intake"]
        if change == "row deleted":
            ws.delete_rows(3)
        elif change == "cell edited":
            ws["B2"].value = 99
        else:
            ws.append(["Intrusa"] + [None] * 5 + ["uuid:zz"])
    rewrite_master(tmp_path / "m1.xlsx", edit)
    later = plain(tmp_path / "later.xlsx", [child("uuid:l1")], device="laptop-2")
    result = run([tmp_path / "m1.xlsx", later], tmp_path / "m2.xlsx")
    log = logs(result)["m1.xlsx"]
    assert log.status == "rejected" and log.code == "checksum"
    assert {r["_uuid"] for r in main_rows(tmp_path / "m2.xlsx")} == {"uuid:l1"}


def test_command_line_prints_each_refusal_with_its_reason_and_exits_1(tmp_path, good, monkeypatch, capsys):
    from fieldapp.cli import main
    (tmp_path / "empty.xlsx").write_bytes(b"")
    central_zip(tmp_path / "c.zip", {"child_intake.csv": "name,KEY\n" + "z" * (layout.CELL_LIMIT + 1) + ",uuid:h\n"})
    monkeypatch.setenv("MERGE_PW", PW)
    code = main(["merge", str(good), str(tmp_path / "empty.xlsx"), str(tmp_path / "c.zip"), "--out",
                 str(tmp_path / "m.xlsx"), "--password-env", "MERGE_PW"])
    out = capsys.readouterr().out
    assert code == 1
    assert "rejected: " in out and "empty.xlsx" in out and "0 bytes" in out
    assert "note: " in out and "32,767" in out
