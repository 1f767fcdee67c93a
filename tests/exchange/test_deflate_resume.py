"""A sheet's compressed bytes carried over into a new zip: the new entry reads back whole, its CRC checks."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from fieldapp.exchange import deflate_resume
from fieldapp.exchange.deflate_resume import ResumePoint


def _rows(seed: int, count: int) -> list[bytes]:
    rng = random.Random(seed)
    return [f'<row r="{n}"><c><v>{rng.random()}</v></c><c t="inlineStr"><is><t>Cobán ñ {n}</t></is></c></row>'
            .encode() for n in range(count)]


def _write(rows, earlier=None) -> tuple[bytes, ResumePoint | None]:
    """A zip with one entry: (earlier bytes carried over, then) rows, a resume point, then a closing tag."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=4) as archive:
        archive.writestr("first.txt", "something before, so the entry does not start at 0")
        with archive.open("sheet.xml", "w", force_zip64=True) as entry:
            if earlier is not None:
                deflate_resume.carry_on(entry, *earlier)
            for row in rows:
                entry.write(row)
            point = deflate_resume.mark(entry)
            entry.write(b"</end>")
    return buffer.getvalue(), point


def _carried(data: bytes, point: ResumePoint, piece: int = 1000):
    archive = zipfile.ZipFile(io.BytesIO(data))
    view = memoryview(data)
    raw = bytes(deflate_resume.compressed_bytes(archive.getinfo("sheet.xml"), view, point))
    return [raw[i:i + piece] for i in range(0, len(raw), piece)], point


def test_an_entry_carried_on_twice_reads_back_whole():
    first, second, third = _rows(1, 3000), _rows(2, 500), _rows(3, 7)
    one, point = _write(first)
    two, point2 = _write(second, _carried(one, point))
    three, _ = _write(third, _carried(two, point2, piece=333))
    with zipfile.ZipFile(io.BytesIO(three)) as archive:
        assert archive.testzip() is None                            # every CRC checks
        assert archive.read("sheet.xml") == b"".join(first + second + third) + b"</end>"
    # carrying over costs no compression of the earlier rows: the earlier compressed bytes are in the new file
    assert _carried(one, point)[0][0] in two


def test_without_the_zip_writer_s_internals_the_bytes_are_decompressed_instead(monkeypatch):
    first, second = _rows(4, 1000), _rows(5, 10)
    one, point = _write(first)
    carried = _carried(one, point)
    monkeypatch.setattr(deflate_resume, "supported", lambda entry: False)
    two, point2 = _write(second, carried)
    assert point2 is None                       # no point to carry on from next time: that master is written whole
    with zipfile.ZipFile(io.BytesIO(two)) as archive:
        assert archive.read("sheet.xml") == b"".join(first + second) + b"</end>"


def test_missing_bytes_are_refused_not_written_as_a_broken_sheet():
    one, point = _write(_rows(6, 200))
    pieces, _ = _carried(one, point)
    with pytest.raises(ValueError):
        _write([], (pieces[:-1], point))


def test_a_point_from_a_damaged_description_is_not_used():
    assert ResumePoint.from_list([1, 2]) is None and ResumePoint.from_list([1, -2, 3]) is None
    assert ResumePoint.from_list(["1", 2, 3]) is None and ResumePoint.from_list(None) is None
    assert ResumePoint.from_list([10, 20, 30]) == ResumePoint(10, 20, 30)
