"""Large sheets are streamed (sheet_stream) instead of loaded whole by calamine, and read exactly the same."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import python_calamine

from fieldapp.exchange import books, kept, sheet_stream
from fieldapp.exchange.books import Book, decrypt
from fieldapp.exchange.merge import merge
from fieldapp.exchange.export import build_workbook
from tests.exchange.devicebook import meta_row, write_device_workbook
from tests.exchange.test_round_trip import filled  # noqa: F401  (the fixture: a store filled through the API)

PW = "correct horse battery"
NOW = "2025-01-01T00:00:00+00:00"


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


@pytest.fixture(autouse=True, params=["quick", "expat"])
def way(request, monkeypatch):
    """Every test runs with the quick reader (regular expressions, for the usual shape) and with expat alone."""
    monkeypatch.setattr(sheet_stream, "QUICK", request.param == "quick")
    return request.param


def plain(path, password=PW) -> bytes:
    data = path.read_bytes() if hasattr(path, "read_bytes") else path
    return data if data[:4] == b"PK\x03\x04" else decrypt(data, password)


def typed(rows):
    """Rows with each value's exact type beside it (1 == 1.0 == True and date == datetime would hide a difference)."""
    return [[(type(v).__name__, v) for v in row] for row in rows]


def both_ways(data: bytes, monkeypatch):
    """{sheet: (rows, raw rows)} read through calamine, then through the streaming reader."""
    results = []
    for threshold in (books.STREAM_ABOVE, -1):
        monkeypatch.setattr(books, "STREAM_ABOVE", threshold)
        book = Book(data)
        read = {}
        for name in book.sheet_names:
            assert book.streamed(name) is (threshold == -1)
            read[name] = (typed(book.rows(name)), typed(book.raw_rows(name)))
        results.append(read)
    return results


def assert_same(data: bytes, monkeypatch):
    by_calamine, streamed = both_ways(data, monkeypatch)
    assert list(streamed) == list(by_calamine)
    for name in by_calamine:
        assert streamed[name][0] == by_calamine[name][0], name
        assert streamed[name][1] == by_calamine[name][1], name
    return by_calamine


def kobo_like() -> bytes:
    """A workbook as a Kobo export or a hand edit makes it: shared strings, every kind of cell, gaps."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "children"
    ws.append(["start", "name", "age", "height", "arrived", "seen_at", "wake", "ok", "total", "_uuid", "_index"])
    ws.append([dt.datetime(2024, 5, 1, 9, 30), "Ana", 12, 1.45, dt.date(2024, 1, 1), dt.datetime(2024, 1, 1),
               dt.time(7, 15), True, None, "u1", 1])
    ws["I2"] = "=C2+D2"
    ws.append([dt.datetime(2024, 5, 2, 10, 0, 0, 500000), "  Beto  ", 0, -3.25, dt.date(1900, 1, 1),
               dt.datetime(2024, 2, 29, 23, 59, 59), dt.time(0, 0), False, None, "u2", 2])
    ws.append([])                                   # an empty row in the middle
    ws.append([None, "Carla", None, None, None, None, None, None, None, "u3", 3])   # a row with gaps
    ws["B5"].number_format = "@"
    ws["L5"] = "beyond the header"                  # a cell beyond the header's width
    ws["E6"].number_format = "yyyy-mm-dd"           # styled but blank: not part of the sheet
    ws["C7"] = 10
    ws["C7"].number_format = "[h]:mm:ss"            # a duration
    ws["D7"] = 45000.75
    ws["D7"].number_format = "d/m/yy h:mm"
    ws["F7"] = 0.5
    ws["F7"].number_format = "0.00%"
    ws["G7"] = "x\ny"                               # line break in shared text
    ws["K9"] = "last"                                # rows missing entirely before it
    repeat = wb.create_sheet("member")
    repeat["B3"] = "starts at B3"                    # leading blank rows and columns
    repeat["C4"] = 2.5
    wb.create_sheet("blank")
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    # a cached formula value, as Excel leaves it (openpyxl writes the formula alone)
    return _rewrite(data, "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b"<f>C2+D2</f><v></v>", b"<f>C2+D2</f><v>13.45</v>")
                    .replace(b"<f>C2+D2</f><v/>", b"<f>C2+D2</f><v>13.45</v>"))


def _rewrite(data: bytes, entry: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == entry:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def test_kobo_like_workbook_reads_the_same_streamed(monkeypatch):
    data = kobo_like()
    assert b"13.45" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    read = assert_same(data, monkeypatch)
    rows = read["children"][1]
    # the workbook really holds what the comparison is about
    assert ("date", dt.date(2024, 1, 1)) in rows[1] and ("time", dt.time(7, 15)) in rows[1]
    assert ("datetime", dt.datetime(2024, 5, 1, 9, 30)) in rows[1] and ("float", 13.45) in rows[1]
    assert ("bool", True) in rows[1] and ("timedelta", dt.timedelta(days=10)) in rows[6]
    assert len(rows) == 9 and len(rows[0]) == 12 and rows[3] == [("str", "")] * 12
    assert read["member"][1][0] == [("str", ""), ("str", "")] and read["blank"] == ([], [])


HAND_MADE = (
    # (description, sheet XML cells, styles) -- the cells calamine and the stream must agree on
    ("inline, rich and phonetic text",
     '<row r="1"><c r="A1" t="inlineStr"><is><r><t>ab</t></r><r><t xml:space="preserve"> c </t></r>'
     '<rPh><t>ignored</t></rPh></is></c><c r="B1" t="inlineStr"><is><t>  trimmed \n</t></is></c>'
     '<c r="C1" t="inlineStr"><is></is></c><c r="D1" t="str"><v>a&amp;b_x000D_</v></c></row>'),
    ("errors, booleans, iso dates, numbers as text",
     '<row r="2"><c r="A2" t="e"><v>#N/A</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="b"><v>1</v></c>'
     '<c r="D2" t="d"><v>2024-03-01T10:20:30</v></c><c r="E2" t="d"><v>2024-03-01</v></c>'
     '<c r="F2" t="d"><v>10:20:30</v></c><c r="G2"><v>abc</v></c><c r="H2" t="n"><v>1e3</v></c></row>'),
    ("a <v> in an inline string cell, empty values of every type",
     '<row r="1"><c r="A1" t="inlineStr"><v>7</v></c><c r="B1" t="b"><v></v></c><c r="C1" t="e"><v/></c>'
     '<c r="D1" t="d"><v></v></c><c r="E1" t="str"><v/></c><c r="F1"><f>1+1</f></c><c r="G1"><v>2</v></c></row>'
     '<row r="2"><c r="H2" t="s"><v></v></c><c r="I2" t="inlineStr"><is><t>a &amp; b&#13;&#x41;\r\n</t></is></c>'
     '<c r="J2" t="inlineStr"><v>5</v></c></row>'),
    ("cells without references, empty values",
     '<row><c><v>1</v></c><c t="s"><v></v></c><c><v>2</v></c></row><row><c t="str"><v></v></c></row>'),
    ("dates around the 1900 leap-year bug and before 1",
     '<row r="6"><c r="A6" s="1"><v>59</v></c><c r="B6" s="1"><v>60</v></c><c r="C6" s="1"><v>61.25</v></c>'
     '<c r="D6" s="1"><v>0.999</v></c><c r="E6" s="2"><v>1.5</v></c><c r="F6" s="3"><v>44000.0000001</v></c>'
     '<c r="G6" s="9"><v>5</v></c></row>'),
)
STYLES = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
          b'spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="[mm]:ss"/>'
          b'<numFmt numFmtId="165" formatCode="&quot;Y&quot;0.00"/></numFmts><cellXfs count="4">'
          b'<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="22"/></cellXfs></styleSheet>')


def hand_made(cells: str) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "s"
    out = io.BytesIO()
    wb.save(out)
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>').encode()
    data = _rewrite(out.getvalue(), "xl/worksheets/sheet1.xml", lambda _: sheet)
    return _rewrite(data, "xl/styles.xml", lambda _: STYLES)


@pytest.mark.parametrize("case", HAND_MADE, ids=[c[0] for c in HAND_MADE])
def test_every_cell_kind_reads_as_calamine_reads_it(case, monkeypatch):
    assert_same(hand_made(case[1]), monkeypatch)


def test_number_format_kinds_follow_calamine():
    kinds = {"DD/MM/YY": "date", "H:MM:SS;@": "date", "[h]:mm:ss": "duration", "0.00": "other",
             '"$"#,##0_);[Red]("$"#,##0)': "other", "#,##0*y": "other", "*-yyyy-mm-dd": "date",
             "[>=100][Magenta][s].00": "duration", "[>=100][Magenta].00": "other", "ha/p\\\\m": "date",
             '#,##0.0####" YMD"': "other", "\\Y000000": "other", "[$-404]e\"\\xfc\"m": "date"}
    assert {code: sheet_stream.format_kind(code) for code in kinds} == kinds


def test_absolute_sheet_targets_are_found(monkeypatch):
    data = _rewrite(kobo_like(), "xl/_rels/workbook.xml.rels",
                    lambda xml: xml.replace(b'Target="/xl/worksheets/', b'Target="worksheets/')
                    .replace(b'Target="worksheets/sheet1.xml"', b'Target="/xl/worksheets/sheet1.xml"'))
    assert b'"/xl/worksheets/sheet1.xml"' in data or b"/xl/worksheets/sheet1.xml" in zipfile.ZipFile(
        io.BytesIO(data)).read("xl/_rels/workbook.xml.rels")
    parts = sheet_stream.WorkbookParts(zipfile.ZipFile(io.BytesIO(data)))
    assert parts.sheets["children"] == "xl/worksheets/sheet1.xml"
    assert parts.sheets["member"] == "xl/worksheets/sheet2.xml"
    assert parts.size("children") == zipfile.ZipFile(io.BytesIO(data)).getinfo(
        "xl/worksheets/sheet1.xml").file_size
    assert_same(data, monkeypatch)


def test_a_workbook_with_a_sheet_above_the_threshold_is_streamed_whole(monkeypatch):
    data = kobo_like()
    sizes = {info.filename: info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    monkeypatch.setattr(books, "STREAM_ABOVE", sizes["xl/worksheets/sheet1.xml"])
    book = Book(data)           # no sheet is larger: calamine reads them all
    assert book._book is not None and not any(book.streamed(n) for n in book.sheet_names)
    monkeypatch.setattr(books, "STREAM_ABOVE", sizes["xl/worksheets/sheet1.xml"] - 1)
    book = Book(data)           # one is: all are streamed, and calamine never holds the file
    assert book._book is None and all(book.streamed(n) for n in book.sheet_names)
    assert book.sheet_names == ["children", "member", "blank"]


def test_a_chart_sheet_reads_as_empty_as_calamine_reads_it(monkeypatch):
    from openpyxl.chart import BarChart, Reference
    wb = openpyxl.Workbook()
    ws = wb.active
    for n in range(1, 5):
        ws.append([n, n * n])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=4))
    wb.create_chartsheet("chart").add_chart(chart)
    out = io.BytesIO()
    wb.save(out)
    read = assert_same(out.getvalue(), monkeypatch)
    assert read["chart"] == ([], []) and len(read["Sheet"][0]) == 4


def test_a_broken_streamed_sheet_is_rejected_as_corrupt(monkeypatch):
    from fieldapp.exchange.problems import Rejected
    data = _rewrite(kobo_like(), "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    monkeypatch.setattr(books, "STREAM_ABOVE", -1)
    with pytest.raises(Rejected) as caught:
        list(Book(data).raw_rows("children"))
    assert caught.value.code == "corrupt"


# --- workbooks the app writes ---------------------------------------------------------------------------------
COLS = ["name", "age", "height", "arrived", "seen_at", "wake", "note"]


def children(n, start=0):
    rows = []
    for i in range(start, start + n):
        rows.append({"name": f"Niño {i}" if i % 7 else None, "age": i % 17, "height": round(1.1 + i / 100, 2),
                     "arrived": dt.date(2024, 1, 1) + dt.timedelta(days=i),
                     "seen_at": dt.datetime(2024, 3, 1, 8, 0) + dt.timedelta(minutes=37 * i),
                     "wake": dt.time(6, i % 60), "note": "línea\nsiguiente" if i % 5 == 0 else "#declined",
                     **meta_row(f"uuid:{i}", device="laptop-1")})
    return rows


def test_device_workbook_reads_the_same_streamed(tmp_path, monkeypatch):
    path = write_device_workbook(tmp_path / "d.xlsx", columns=COLS, rows=children(40),
                                 repeats={"member": (["household/member/mname"], [
                                     {"household/member/mname": "Eva", "_parent_key": "uuid:1",
                                      "_key": "uuid:1/household/member[1]", "_submission_uuid": "uuid:1",
                                      "_parent_table": "child_intake"}])}, password=PW)
    read = assert_same(plain(path), monkeypatch)
    assert read["child_intake"][1][1][3] == ("date", dt.date(2024, 1, 1))


def test_exported_device_workbook_reads_the_same_streamed(store, filled, monkeypatch):
    """A workbook written by the app's own export from a store filled through the API."""
    data = build_workbook(store, "rt", "full").data
    read = assert_same(data if isinstance(data, bytes) else data.getvalue(), monkeypatch)
    assert any(("datetime" == kind) for row in read["rt"][1] for kind, _ in row)


def master_content(path):
    book = Book(plain(path))
    return {name: typed(book.rows(name)) for name in book.sheet_names}


def test_master_without_its_work_database_merges_the_same_streamed(tmp_path, monkeypatch):
    a = write_device_workbook(tmp_path / "a.xlsx", columns=COLS, rows=children(30), password=PW)
    b = write_device_workbook(tmp_path / "b.xlsx", columns=COLS, rows=children(20, start=25), device="laptop-2",
                              password=PW)
    first = merge([a, b], tmp_path / "m1.xlsx", password=PW, now=NOW)
    assert not first.rejected
    read = assert_same(plain(tmp_path / "m1.xlsx"), monkeypatch)
    assert len(read["child_intake"][1]) > 40
    kept.kept_path(tmp_path / "m1.xlsx").unlink()      # the master copied to another computer

    new = write_device_workbook(tmp_path / "c.xlsx", columns=COLS, rows=children(5, start=100), device="laptop-3",
                                password=PW)
    results = {}
    for label, threshold in (("calamine", books.STREAM_ABOVE), ("stream", -1)):
        monkeypatch.setattr(books, "STREAM_ABOVE", threshold)
        out = tmp_path / f"m2-{label}.xlsx"
        result = merge([tmp_path / "m1.xlsx", new], out, password=PW, now=NOW)
        assert not result.rejected, [(i.name, i.reason) for i in result.inputs]
        logs = {log.name: log for log in result.inputs}
        assert logs["m1.xlsx"].kind == "master" and logs["c.xlsx"].counts["added"] == 5
        results[label] = (master_content(out), result.rows)
    assert results["stream"] == results["calamine"]
    assert results["stream"][1] == first.rows + 5
    # the master the streamed merge wrote passes its own checksum when it is read streamed in turn
    kept.kept_path(tmp_path / "m2-stream.xlsx").unlink(missing_ok=True)
    again = merge([tmp_path / "m2-stream.xlsx"], tmp_path / "m3.xlsx", password=PW, now=NOW)
    assert not again.rejected and again.rows == first.rows + 5


def test_a_tampered_master_is_still_caught_streamed(tmp_path, monkeypatch):
    a = write_device_workbook(tmp_path / "a.xlsx", columns=COLS, rows=children(10), password=PW)
    merge([a], tmp_path / "m1.xlsx", password=PW, now=NOW)
    kept.kept_path(tmp_path / "m1.xlsx").unlink()
    data = plain(tmp_path / "m1.xlsx")
    tampered = _rewrite(data, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"Ni\xc3\xb1o 3<", b"Nino 3<", 1))
    assert tampered != data
    (tmp_path / "t.xlsx").write_bytes(tampered)
    monkeypatch.setattr(books, "STREAM_ABOVE", -1)
    good = write_device_workbook(tmp_path / "g.xlsx", columns=COLS, rows=children(3, start=50), password=PW)
    result = merge([tmp_path / "t.xlsx", good], tmp_path / "m2.xlsx", password=PW, now=NOW)
    assert [(i.name, i.code) for i in result.rejected] == [("t.xlsx", "checksum")]


def test_the_usual_shapes_take_the_quick_way(tmp_path):
    """The app's own masters and openpyxl's workbooks are read with regular expressions, not expat."""
    a = write_device_workbook(tmp_path / "a.xlsx", columns=COLS, rows=children(12), password=PW)
    merge([a], tmp_path / "m.xlsx", password=PW, now=NOW)
    for data in (plain(tmp_path / "m.xlsx"), kobo_like()):
        parts = sheet_stream.WorkbookParts(zipfile.ZipFile(io.BytesIO(data)))
        for name, entry in parts.sheets.items():
            box = sheet_stream._quick_columns(parts, entry)     # raises NotSimple if not of the quick shape
            assert box == sheet_stream._columns_scanned(parts, entry), name
    rich = hand_made(HAND_MADE[0][1])
    parts = sheet_stream.WorkbookParts(zipfile.ZipFile(io.BytesIO(rich)))
    with pytest.raises(sheet_stream.NotSimple):
        sheet_stream._quick_columns(parts, parts.sheets["s"])
