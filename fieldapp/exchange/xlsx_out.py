"""Writing a workbook streaming (openpyxl write-only) without a plaintext byte on disk, then encrypting it.

openpyxl's write-only mode spools each sheet to a temporary file; for a master
holding children's answers that would leave a readable copy in the temp folder.
Here each sheet spools into a zlib-compressed buffer in memory and goes straight
into the zip, which itself lives in memory until it is encrypted (msoffcrypto,
Office's agile encryption that Excel and LibreOffice open) or, for a file with
nothing identifying, written as is. The final file appears by atomic rename.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zlib
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

import msoffcrypto
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

# Characters a workbook cannot hold (XML 1.0 forbids them): removed and counted.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA_START = "="


class CompressedSpool:
    """A write-only file object that keeps what it is given zlib-compressed in memory."""

    def __init__(self):
        self._zip = zlib.compressobj(1)
        self._parts: list[bytes] = []
        self._closed = False

    def write(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        chunk = self._zip.compress(data)
        if chunk:
            self._parts.append(chunk)
        return len(data)

    def flush(self):
        pass

    def close(self):
        if not self._closed:
            self._parts.append(self._zip.flush())
            self._closed = True

    def tell(self):
        return 0

    def chunks(self):
        self.close()
        unzip = zlib.decompressobj()
        for part in self._parts:
            out = unzip.decompress(part)
            if out:
                yield out
        tail = unzip.flush()
        if tail:
            yield tail


class _SpoolWriter(WorksheetWriter):
    def __init__(self, ws):
        super().__init__(ws, out=CompressedSpool())

    def cleanup(self):
        self.out = None


class _MemoryExcelWriter(ExcelWriter):
    def write_worksheet(self, ws):
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        writer = ws._writer
        ws._rels = writer._rels
        with self._archive.open(ws.path[1:], "w", force_zip64=True) as target:
            for chunk in writer.out.chunks():
                target.write(chunk)
        self.manifest.append(ws)
        writer.cleanup()


class MemoryWorkbook:
    """A write-only workbook whose sheets and zip never touch the disk until save() writes the final file."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.removed_characters = 0

    def sheet(self, title: str):
        ws = self.workbook.create_sheet(title)
        ws._writer = _SpoolWriter(ws)
        ws._writer.write_top()
        return ws

    def cell(self, ws, value):
        """A value as a cell that can never become a formula; illegal characters removed and counted."""
        if type(value) is str:
            if ILLEGAL.search(value):
                cleaned = ILLEGAL.sub("", value)
                self.removed_characters += len(value) - len(cleaned)
                value = cleaned
            if value.startswith(FORMULA_START):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                return cell
        return value

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        archive = ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True)
        _MemoryExcelWriter(self.workbook, archive).save()
        return buffer.getvalue()


def encrypt(data: bytes, password: str) -> bytes:
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    out = io.BytesIO()
    office.encrypt(password, out)
    return out.getvalue()


def atomic_write(path: Path, data: bytes) -> None:
    """Write the file next to its place, flush it to the disk, then rename: a crash leaves the old file whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".fieldapp-", suffix=".part", dir=str(path.parent))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
