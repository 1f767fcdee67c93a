"""The device workbook written in memory, streaming: openpyxl write-only, each sheet compressed as it grows.

openpyxl's write-only mode parks every sheet in a temporary file on disk;
here each sheet goes into a zlib stream in memory instead, so the plaintext
workbook never touches the disk (SAFEGUARDING.md item 12) and memory holds
the compressed sheets only, not the submissions.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from dataclasses import dataclass
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from fieldapp.exchange import layout
from fieldapp.exchange.rows import clean_text

_CHUNK = 1 << 20
# A text that a spreadsheet could take for a formula or a command (CSV/DDE injection): written as a text cell.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _CompressedSheet:
    """A write-only file in memory: what openpyxl writes is deflated at once (fast level), read back in chunks."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self._deflate = zlib.compressobj(1)

    def write(self, data) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.buffer.write(self._deflate.compress(data))
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        if self._deflate is not None:
            self.buffer.write(self._deflate.flush())
            self._deflate = None

    def chunks(self):
        inflate = zlib.decompressobj()
        view = self.buffer.getbuffer()
        for start in range(0, len(view), _CHUNK):
            yield inflate.decompress(view[start:start + _CHUNK])
        yield inflate.flush()
        view.release()


class _MemoryExcelWriter(ExcelWriter):
    """openpyxl's writer, taking each write-only sheet from its compressed memory stream (no temp file)."""

    def write_worksheet(self, ws):
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        writer = ws._writer
        ws._rels = writer._rels
        writer.out.finish()
        with self._archive.open(ws.path[1:], "w", force_zip64=True) as target:
            for chunk in writer.out.chunks():
                target.write(chunk)
        self.manifest.append(ws)
        writer.out = None


def new_sheet(workbook: Workbook, title: str):
    """A write-only sheet whose XML goes into memory."""
    sheet = workbook.create_sheet(title)
    sheet._writer = WorksheetWriter(sheet, out=_CompressedSheet())
    sheet._writer.write_top()
    return sheet


def save_to_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file's bytes, built in memory."""
    out = io.BytesIO()
    archive = ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    _MemoryExcelWriter(workbook, archive).save()
    return out.getvalue()


@dataclass
class TextStats:
    removed_characters: int = 0


def text_cell(sheet, text: str, stats: TextStats):
    """`text` ready for a cell: unholdable characters removed (counted); a formula-like start kept as text."""
    if not text:
        return text
    cleaned, removed = clean_text(text)
    if removed:
        stats.removed_characters += removed
    if cleaned and cleaned[0] in _FORMULA_STARTS:
        cell = WriteOnlyCell(sheet, cleaned)
        cell.data_type = "s"          # openpyxl would make "=..." a formula
        return cell
    return cleaned


def cell_value(item):
    """The value a checksum sees for what was appended (a cell or a plain value)."""
    return item.value if isinstance(item, Cell) else item


def write_codes_sheet(workbook: Workbook) -> None:
    sheet = new_sheet(workbook, layout.CODES_SHEET)
    sheet.append(["code", "meaning", "description"])
    for code, (meaning, description) in layout.CODES.items():
        sheet.append([code, meaning, description])


def write_form_sheet(workbook: Workbook, values: dict) -> None:
    sheet = new_sheet(workbook, layout.FORM_SHEET)
    sheet.append(["key", "value"])
    for key in layout.FORM_KEYS:
        sheet.append([key, values.get(key)])


def discard(workbook: Workbook) -> None:
    """Close an unfinished workbook's sheets now (a cancelled export), so nothing is written to them later."""
    for sheet in workbook.worksheets:
        rows = getattr(sheet, "_rows", None)
        try:
            if rows is not None:
                rows.close()
            if sheet._writer is not None and sheet._writer.xf is not None:
                sheet._writer.xf.close()
        except (ValueError, StopIteration, RuntimeError):
            pass
        sheet._rows = None
