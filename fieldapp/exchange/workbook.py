"""The device workbook written in memory, streaming: an openpyxl write-only workbook whose sheets grow compressed.

openpyxl's write-only mode parks every sheet in a temporary file on disk;
here each sheet goes into a zlib stream in memory instead, so the plaintext
workbook never touches the disk (SAFEGUARDING.md item 12) and memory holds
the compressed sheets only, not the submissions. openpyxl packages the
workbook (styles, parts, relationships); the data rows are serialized here,
as the same cell XML openpyxl's write-only mode writes (inline strings,
numbers, dates as serials with openpyxl's date styles) but without a Python
object per cell: a 20,000-interview export is several million cells.
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
from openpyxl.packaging.relationship import RelationshipList
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.writer.excel import ExcelWriter

from fieldapp.exchange import layout
from fieldapp.exchange.rows import clean_text

_CHUNK = 1 << 20
# A text that a spreadsheet could take for a formula or a command (CSV/DDE injection): written as a text cell.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _CompressedSheet:
    """A write-only file in memory: what is written is deflated at once (fast level, raw deflate as a zip entry
    holds it), with its CRC-32 and size kept, so the zip can take the compressed bytes as they are."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self._deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
        self.crc = 0
        self.size = 0

    def write(self, data) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.buffer.write(self._deflate.compress(data))
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> None:
        if self._deflate is not None:
            self.buffer.write(self._deflate.flush())
            self._deflate = None

    def chunks(self):
        """The sheet's XML, inflated chunk by chunk."""
        inflate = zlib.decompressobj(-15)
        view = self.buffer.getbuffer()
        for start in range(0, len(view), _CHUNK):
            yield inflate.decompress(view[start:start + _CHUNK])
        yield inflate.flush()
        view.release()

    def deflated(self):
        """The sheet's compressed bytes, chunk by chunk."""
        view = self.buffer.getbuffer()
        for start in range(0, len(view), _CHUNK):
            yield bytes(view[start:start + _CHUNK])
        view.release()


class _AsIs:
    """A zip entry 'compressor' that keeps bytes already deflated as they are."""

    @staticmethod
    def compress(data):
        return data

    @staticmethod
    def flush():
        return b""


def _copy_deflated(archive: ZipFile, name: str, rows: _CompressedSheet) -> None:
    """Put a sheet deflated once into the zip without inflating and deflating it again (a fifth of an export's
    time). zipfile has no public way to add compressed bytes: its entry writer is given a compressor that keeps
    them as they are and, before it closes, the CRC and size of the XML they hold. Where the writer is not the
    one this knows, the sheet is inflated and written the ordinary way."""
    with archive.open(name, "w", force_zip64=True) as target:
        known = all(hasattr(target, a) for a in ("_compressor", "_crc", "_file_size"))
        if archive.compression == ZIP_DEFLATED and known and target._compressor is not None:
            target._compressor = _AsIs
            for chunk in rows.deflated():
                target.write(chunk)
            target._crc, target._file_size = rows.crc, rows.size
        else:
            for chunk in rows.chunks():
                target.write(chunk)


class _MemoryExcelWriter(ExcelWriter):
    """openpyxl's writer, taking each write-only sheet from its compressed memory stream (no temp file)."""

    def write_worksheet(self, ws):
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        rows = getattr(ws, "_fieldapp_rows", None)
        if rows is None:    # openpyxl would park the sheet in a temporary file: only RowSheets are written
            raise TypeError(f"sheet {ws.title!r} was not made as a RowSheet")
        ws._rels, ws._comments, ws._hyperlinks = RelationshipList(), [], []
        rows.finish()
        _copy_deflated(self._archive, ws.path[1:], rows)
        self.manifest.append(ws)
        ws._fieldapp_rows = None


_SHEET_START = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_END = b"</sheetData></worksheet>"
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class RowSheet:
    """A data sheet of `workbook` whose rows are serialized here, into a compressed stream in memory.

    Strings are inline text cells (never formulas, whatever they start with), ints and floats number cells,
    dates, times and datetimes number cells with openpyxl's date styles, booleans boolean cells; None and ""
    leave the cell empty. Cells are the ones openpyxl's write-only mode writes for the same values.
    """

    def __init__(self, workbook: Workbook, title: str):
        self.sheet = workbook.create_sheet(title)
        self.title = self.sheet.title
        self._out = _CompressedSheet()
        self.sheet._fieldapp_rows = self._out
        self._out.write(_SHEET_START)
        self._row = 0
        self._opens: list[str] = []        # '<c r="A', '<c r="B', ... : each column's cell start, made once
        # openpyxl's own styles for date cells, registered in the workbook's style table as its cells would.
        self._styles = {kind: WriteOnlyCell(self.sheet, sample).style_id for kind, sample in (
            (dt.datetime, dt.datetime(2000, 1, 1, 1, 1)), (dt.date, dt.date(2000, 1, 1)), (dt.time, dt.time(1, 1)))}
        self._closed = False

    def append(self, values) -> None:
        self._row += 1
        r = str(self._row)
        opens = self._opens
        while len(opens) < len(values):
            opens.append(f'<c r="{get_column_letter(len(opens) + 1)}')
        parts = [f'<row r="{r}">']
        add = parts.append
        for start, value in zip(opens, values):
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                if "&" in value or "<" in value or ">" in value:
                    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                if value[0].isspace() or value[-1].isspace():
                    add(f'{start}{r}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>')
                else:
                    add(f'{start}{r}" t="inlineStr"><is><t>{value}</t></is></c>')
            elif value is None:
                continue
            elif kind is int or kind is float:
                add(f'{start}{r}"><v>{value!r}</v></c>')        # a number cell: t="n" is the default
            elif kind is bool:
                add(f'{start}{r}" t="b"><v>{int(value)}</v></c>')
            elif kind in self._styles:
                add(f'{start}{r}" s="{self._styles[kind]}" t="n"><v>{to_excel(value)!r}</v></c>')
            elif isinstance(value, Cell):
                self.append_cell(start[6:], r, value, add)
            else:
                add(f'{start}{r}" t="inlineStr"><is><t>{str(value).translate(_ESCAPE)}</t></is></c>')
        add("</row>")
        self._out.write("".join(parts).encode("utf-8"))

    @staticmethod
    def append_cell(letter, r, cell, add) -> None:
        value = cell.value
        if value is not None and value != "":
            add(f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">'
                f'{str(value).translate(_ESCAPE)}</t></is></c>')

    def close(self) -> None:
        if not self._closed:
            self._out.write(_SHEET_END)
            self._closed = True


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
    cut_cells: int = 0             # cells cut to Excel's 32,767 characters (layout.CELL_LIMIT)


def fit_cell(text: str, stats: TextStats) -> str:
    """`text` cut to what a cell holds (Excel counts UTF-16 units), the cut counted; shorter text as it is."""
    limit = layout.CELL_LIMIT
    if len(text) <= limit // 2 or len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    cut = text[:limit]
    units = len(cut.encode("utf-16-le")) // 2
    while units > limit:                    # characters beyond the BMP take two units: drop the excess
        cut = cut[:len(cut) - max(1, (units - limit) // 2)]
        units = len(cut.encode("utf-16-le")) // 2
    stats.cut_cells += 1
    return cut


def text_cell(sheet, text: str, stats: TextStats):
    """`text` ready for a cell: unholdable characters removed (counted). A RowSheet writes every string as
    text, so an answer starting with =, +, -, @, tab or CR stays text; an openpyxl sheet needs a text Cell."""
    if not text:
        return text
    cleaned, removed = clean_text(text)
    if removed:
        stats.removed_characters += removed
    if len(cleaned) > layout.CELL_LIMIT // 2:
        cleaned = fit_cell(cleaned, stats)
    if cleaned and cleaned[0] in _FORMULA_STARTS and not isinstance(sheet, RowSheet):
        cell = WriteOnlyCell(sheet, cleaned)
        cell.data_type = "s"          # openpyxl would make "=..." a formula
        return cell
    return cleaned


def write_codes_sheet(workbook: Workbook) -> None:
    sheet = RowSheet(workbook, layout.CODES_SHEET)
    sheet.append(["code", "meaning", "description"])
    for code, (meaning, description) in layout.CODES.items():
        sheet.append([code, meaning, description])
    sheet.append(list(layout.ESCAPE_NOTE))
    sheet.append(list(layout.OFFSET_NOTE))
    sheet.close()


def write_form_sheet(workbook: Workbook, values: dict) -> None:
    sheet = RowSheet(workbook, layout.FORM_SHEET)
    sheet.append(["key", "value"])
    for key in layout.FORM_KEYS:
        sheet.append([key, values.get(key)])
    sheet.close()


def discard(workbook: Workbook) -> None:
    """Drop an unfinished workbook's sheets (a cancelled export): their compressed rows are let go."""
    for sheet in workbook.worksheets:
        sheet._fieldapp_rows = None
