"""Round-trip exactness: answers that look like codes, cells longer than Excel holds, dateTimes with their offset."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from fieldapp.exchange import crypto, layout
from fieldapp.exchange.export import build_workbook, export_form
from fieldapp.exchange.merge import merge
from fieldapp.exchange.sources import open_source
from fieldapp.xform import load_form
from tests.exchange.conftest import PASSWORD, as_dicts, form_info, read_workbook

FORM = """
| survey   |          |         |              |
|          | type     | name    | label        |
|          | text     | note    | Note         |
|          | text     | long    | Long         |
|          | dateTime | seen    | Seen         |
|          | text     | other   | Other        |
|          | begin_repeat | visit | Visit      |
|          | dateTime | at      | At           |
|          | end_repeat |       |              |
| settings |          |         |              |
|          | form_id  | version |              |
|          | rt       | 1       |              |
"""
LIMIT = layout.CELL_LIMIT
ANSWERS = [
    # (note, long, seen, other, [visit at])
    ("#declined", "a" * (LIMIT + 10), "2026-03-01T10:15:30.250-05:00", "##not_asked", ["2026-03-02T08:00:00.000+05:30"]),
    ("#not_asked", "é" * 100, "2026-12-31T23:59:59.999Z", "#not_reached", ["2026-01-01T00:00:00.000-03:00"]),
    ("plain", "😀" * (LIMIT // 2 + 5), "2026-06-15T12:00:00.000+00:00", "#declinedx", []),
]


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


@pytest.fixture
def filled(store, tmp_path):
    path = tmp_path / "rt.md"
    path.write_text(FORM, encoding="utf-8")
    form = load_form(path, cache=False)
    ids = []
    for note, long, seen, other, visits in ANSWERS:
        session = store.new_session(form)
        for name, value in (("note", note), ("long", long), ("seen", seen), ("other", other)):
            session.answer(f"/data/{name}", value)
        for n, at in enumerate(visits, 1):
            if n > 1:
                session.add_repeat("/data/visit")
            session.answer(f"/data/visit[{n}]/at", at)
        store.finalize(session)
        ids.append(session.instance_id)
    declined = store.new_session(form)
    declined.decline("/data/note")
    store.finalize(declined)
    return ids + [declined.instance_id]


def _aware(text):
    return dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def _utf16(text):
    return len(text.encode("utf-16-le")) // 2


def test_device_workbook_reads_back_exactly(store, filled):
    built = build_workbook(store, "rt", "full")
    sheets, _ = read_workbook(built.data)
    rows = {r["_uuid"]: r for r in as_dicts(sheets, "rt")}
    info = form_info(sheets)
    assert info["cut_cells"] == 2 and built.removed_characters == 0      # two long answers cut, counted
    for instance_id, (note, long, seen, other, visits) in zip(filled, ANSWERS):
        row = rows[instance_id]
        # answers that look like codes are written with one more # and read back as the answer
        assert row["note"] != note or not note.startswith("#")
        assert layout.answer_text(row["note"]) == note and layout.answer_text(row["other"]) == other
        assert row["note"] not in layout.CODES and row["other"] not in layout.CODES
        # a cell holds at most 32,767 characters (UTF-16 units, as Excel counts): cut, never more
        assert _utf16(row["long"]) <= LIMIT and long.startswith(row["long"])
        # (a character beyond the BMP is never split in two: the cut may stop one unit short)
        assert (_utf16(row["long"]) >= LIMIT - 1) == (_utf16(long) > LIMIT)
        # a dateTime: the wall-clock time as a date cell, its offset beside it; together, the answer
        assert isinstance(row["seen"], dt.datetime)
        assert layout.with_offset(row["seen"], row["seen" + layout.OFFSET_SUFFIX]) == _aware(seen)
        assert row["seen"] == _aware(seen).replace(tzinfo=None)
    declined = rows[filled[-1]]
    assert declined["note"] == layout.DECLINED and declined["seen"] is None     # blank means blank
    assert declined["seen" + layout.OFFSET_SUFFIX] is None
    visits = as_dicts(sheets, "visit")
    got = [layout.with_offset(v["visit/at"], v["visit/at" + layout.OFFSET_SUFFIX]) for v in visits if v["visit/at"]]
    assert got == [_aware(t) for _, _, _, _, times in ANSWERS for t in times]
    codes = {row[0] for row in sheets[layout.CODES_SHEET][1:]}
    assert set(layout.CODES) <= codes and layout.ESCAPE_NOTE[0] in codes        # the escape is explained


def test_merge_reader_keeps_answers_apart_from_codes(store, filled, tmp_path):
    out = tmp_path / "rt.xlsx"
    export_form(store, "rt", out, "full", password=PASSWORD)
    source = open_source(out, PASSWORD)
    [main, *_] = list(source.tables())
    rows = [dict(zip(main.columns, r)) for r in main.rows]
    by_id = {r["_uuid"]: r for r in rows}
    for instance_id, (note, _, seen, other, _) in zip(filled, ANSWERS):
        row = by_id[instance_id]
        assert layout.answer_text(row["note"]) == note and row["note"] not in layout.CODES
        assert layout.answer_text(row["other"]) == other
        assert layout.with_offset(row["seen"], row["seen" + layout.OFFSET_SUFFIX]) == _aware(seen)
    assert by_id[filled[-1]]["note"] == layout.DECLINED
    # through the merge: the master keeps them apart too, and the offset column travels with the date
    master = tmp_path / "master.xlsx"
    merge([out], master, password=PASSWORD)
    data = crypto.decrypt_workbook(master.read_bytes(), PASSWORD) if crypto.is_encrypted(master.read_bytes()) \
        else master.read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    merged = {r[header.index("_uuid")]: dict(zip(header, r)) for r in values[1:] if r[header.index("_uuid")]}
    for instance_id, (note, _, seen, other, _) in zip(filled, ANSWERS):
        row = merged[instance_id]
        assert layout.answer_text(row["note"]) == note and row["note"] not in layout.CODES
        assert layout.with_offset(row["seen"], row["seen" + layout.OFFSET_SUFFIX]) == _aware(seen)
    assert merged[filled[-1]]["note"] == layout.DECLINED


def test_escape_is_one_to_one():
    for text in ("#declined", "##declined", "###not_asked", "#not_reached", "#declined ", "#decline", "x#declined",
                 "", "#", "##"):
        written = layout.escape_text(text)
        assert written not in layout.CODES
        assert layout.answer_text(written) == text
    for code in layout.CODES:
        assert layout.answer_text(code) == code
