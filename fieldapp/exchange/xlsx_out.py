"""Writing a workbook streaming (openpyxl write-only) without a plaintext byte on disk, then encrypting it.

openpyxl's write-only mode spools each sheet to a temporary file; for a master
holding children's answers that would leave a readable copy in the temp folder.
Here each sheet spools into a zlib-compressed buffer in memory and goes straight
into the zip, which itself lives in memory until it is encrypted (msoffcrypto,
Office's agile encryption that Excel and LibreOffice open) or, for a file with
nothing identifying, written as is. The final file appears by atomic rename.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
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
from openpyxl.utils.datetime import to_excel as _to_excel
from openpyxl.writer.excel import ExcelWriter

from fieldapp.exchange import deflate_resume

_finite = math.isfinite

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


_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_NEEDS_ESCAPE = re.compile(r"[&<>\r]").search
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd h:mm:ss", "time": "h:mm:ss"}


class FastSheet:
    """A data sheet whose rows go straight to XML text in a compressed spool.

    openpyxl builds a Cell and an XML element for every value; for a master of
    millions of cells that is most of the merge's time. Rows here are plain
    values: text as inline strings (never a formula), numbers, booleans, and
    dates/times as serial numbers with the workbook's date styles.
    """

    def __init__(self, ws, styles: dict, book: "MemoryWorkbook"):
        self.ws = ws
        self.book = book
        self.entry = None           # the zip entry being written, open from the first row to close()
        self.done = False
        self.rows = 0
        self.letters: list[str] = []
        self.styles = styles
        self.title = ws.title
        self._earlier = None        # an earlier master's compressed XML of this sheet, carried over before new rows
        self.resume_point = None    # where a later file can carry on this sheet's compressed data

    def resume(self, rows: int, earlier) -> None:
        """This sheet starts with an earlier file's XML of the same sheet (`rows` rows, header included, up to
        its closing tags): `earlier` is (its compressed bytes in pieces, their ResumePoint), carried over as
        they are (see deflate_resume); appended rows number on from them."""
        self._earlier = earlier
        self.rows = rows

    @property
    def entry_name(self) -> str:
        return f"xl/worksheets/sheet{self.number}.xml"

    def _letter(self, index: int) -> str:
        from openpyxl.utils import get_column_letter
        while len(self.letters) <= index:
            self.letters.append(get_column_letter(len(self.letters) + 1))
        return self.letters[index]

    def append(self, values) -> None:
        self.rows += 1
        r = str(self.rows)
        letters = self.letters
        if len(values) > len(letters):
            self._letter(len(values) - 1)
        parts = [f'<row r="{r}">']
        add = parts.append
        for letter, value in zip(letters, values):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if _NEEDS_ESCAPE(value):
                    value = value.translate(_ESCAPES)
                add(f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>')
            elif kind is int or (kind is float and _finite(value)):
                add(f'<c r="{letter}{r}"><v>{value!r}</v></c>')
            elif kind is bool:
                add(f'<c r="{letter}{r}" t="b"><v>{int(value)}</v></c>')
            elif kind is _dt.datetime:
                add(f'<c r="{letter}{r}" s="{self.styles["datetime"]}"><v>{_to_excel(value)!r}</v></c>')
            elif kind is _dt.date:
                add(f'<c r="{letter}{r}" s="{self.styles["date"]}"><v>{_to_excel(value)!r}</v></c>')
            elif kind is _dt.time:
                add(f'<c r="{letter}{r}" s="{self.styles["time"]}"><v>{_to_excel(value)!r}</v></c>')
            else:
                add(f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">'
                    f'{str(value).translate(_ESCAPES)}</t></is></c>')
        add("</row>")
        (self.entry or self._open()).write("".join(parts).encode("utf-8"))

    def _open(self):
        if self.done:
            raise ValueError(f"sheet {self.title!r} was already closed")
        self.book._start(self)
        self.entry = self.book.archive.open(self.entry_name, "w", force_zip64=True)
        if self._earlier is not None:
            pieces, point = self._earlier
            self._earlier = None
            deflate_resume.carry_on(self.entry, pieces, point)
        else:
            self.entry.write(_SHEET_HEAD.encode("utf-8"))
        return self.entry

    def close(self) -> None:
        if self.done:
            return
        entry = self.entry or self._open()
        self.resume_point = deflate_resume.mark(entry)
        entry.write(_SHEET_TAIL.encode("utf-8"))
        self.entry.close()
        self.entry = None
        self.done = True


class _MemoryExcelWriter(ExcelWriter):
    def write_worksheet(self, ws):
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
        fast = getattr(ws, "_fast", None)
        if fast is not None:
            from openpyxl.packaging.relationship import RelationshipList
            fast.close()            # its rows are already in the archive, under this sheet's number
            assert ws.path == f"/xl/worksheets/sheet{fast.number}.xml"
            ws._drawing = None
            ws._rels = RelationshipList()
            self.manifest.append(ws)
            return
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

    def __init__(self, compresslevel: int = 4):
        self.workbook = Workbook(write_only=True)
        self.removed_characters = 0
        # The zip is built in memory as the data sheets are written, one after the other (never on disk).
        self.buffer = io.BytesIO()
        self.archive = ZipFile(self.buffer, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=compresslevel)
        self._writing: FastSheet | None = None
        self.fast_sheets: list[FastSheet] = []

    def _start(self, sheet: "FastSheet") -> None:
        """Only one zip entry can be written at a time: finish the data sheet written before."""
        if self._writing is not None and self._writing is not sheet:
            self._writing.close()
        self._writing = sheet

    def sheet(self, title: str):
        ws = self.workbook.create_sheet(title)
        ws._writer = _SpoolWriter(ws)
        ws._writer.write_top()
        return ws

    def fast_sheet(self, title: str) -> FastSheet:
        """A data sheet written by FastSheet (plain values only; no styles, charts or formulas)."""
        ws = self.workbook.create_sheet(title)
        if not hasattr(self, "_styles"):
            from openpyxl.cell import WriteOnlyCell
            probe = self.workbook.create_sheet("_probe")
            self._styles = {}
            for kind, number_format in NUMBER_FORMATS.items():
                cell = WriteOnlyCell(probe, value=0)
                cell.number_format = number_format
                self._styles[kind] = cell.style_id
            self.workbook.remove(probe)
        ws._fast = FastSheet(ws, self._styles, self)
        ws._fast.number = self.workbook.worksheets.index(ws) + 1      # openpyxl numbers sheets in this order
        self.fast_sheets.append(ws._fast)
        return ws._fast

    def clean(self, value: str) -> str:
        if ILLEGAL.search(value):
            cleaned = ILLEGAL.sub("", value)
            self.removed_characters += len(value) - len(cleaned)
            return cleaned
        return value

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

    def finish(self) -> io.BytesIO:
        """The whole workbook, as an in-memory file positioned at its start."""
        if not self.archive.fp:         # finished before
            self.buffer.seek(0)
            return self.buffer
        if self._writing is not None:
            self._writing.close()
        _MemoryExcelWriter(self.workbook, self.archive).save()
        self.buffer.seek(0)
        return self.buffer

    def to_bytes(self) -> bytes:
        return self.finish().getvalue()


def encrypt(data, password: str) -> bytes:
    """`data` (bytes or an in-memory file) as an Office password-encrypted file."""
    office = msoffcrypto.OfficeFile(data if hasattr(data, "read") else io.BytesIO(data))
    out = io.BytesIO()
    office.encrypt(password, out)
    return out.getvalue()


LEAN_ENCRYPTION_BYTES = 32 << 20      # from this size on, a master is encrypted without extra copies in memory


def write_encrypted(path: Path, plain: io.BytesIO, password: str) -> None:
    """`plain` (an in-memory .xlsx) encrypted with `password` into the file `path`, atomically.

    Office's agile encryption as msoffcrypto does it, but for a large master without its whole-file copies: the
    encrypted package is built in `plain`'s own buffer (segments encrypted from the last to the first, so each
    is read before the 8-byte shift of the package overwrites it), and the compound file is written straight
    to the disk (only encrypted bytes ever reach it). `plain` is used up."""
    size = plain.getbuffer().nbytes
    if size < LEAN_ENCRYPTION_BYTES:
        atomic_write(path, encrypt(plain, password))
        return
    from msoffcrypto.method.container.ecma376_encrypted import ECMA376Encrypted
    from msoffcrypto.method.ecma376_agile import ECMA376Agile, _get_hash_func, _normalize_key
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    info, secret_key = ECMA376Agile.generate_encryption_parameters(password)
    params, salt = info.keyData, info.keyData.saltValue
    hash_func = _get_hash_func(params.hashName)
    block = params.blockSize
    segment = 4096
    total = 8 + -(-size // block) * block           # the size header, then whole cipher blocks
    plain.seek(0, io.SEEK_END)
    plain.write(b"\0" * (total - size))
    package = plain.getbuffer()
    try:
        for number in reversed(range(-(-size // segment))):
            start = number * segment
            piece = bytes(package[start:min(start + segment, size)])
            if len(piece) % block:
                piece += b"\0" * (block - len(piece) % block)
            iv = _normalize_key(hash_func(salt + number.to_bytes(4, "little")).digest(), params.saltSize)
            encryptor = Cipher(algorithms.AES(secret_key), modes.CBC(iv)).encryptor()
            package[8 + start:8 + start + len(piece)] = encryptor.update(piece) + encryptor.finalize()
        package[:8] = size.to_bytes(8, "little")
        encryption_info = ECMA376Agile.get_encryption_information(info, package, secret_key)
        container = ECMA376Encrypted(package, encryption_info)
        _atomic(path, lambda out: _write_compound_file(container, out))
    finally:
        package.release()
        plain.close()


def _write_compound_file(container, out) -> None:
    """msoffcrypto's compound-file writer (ECMA376Encrypted._write_to), except that the file is sized with
    truncate() where msoffcrypto writes a buffer of zeros as large as the whole file: for a large master that
    buffer was one more copy of its size in memory. The sections are written by msoffcrypto's own methods."""
    from msoffcrypto.method.container import ecma376_encrypted as ole
    try:
        layout = ole.ECMA376EncryptedLayout(container._header.sectorSize)
        container._set_sector_locations_of_streams(layout)
        container._detect_sector_num(layout)
        header, dirs = container._header, container._dirs
        header.firstDirectorySectorLocation = layout.directoryEntryPos
        header.firstMiniFatSectorLocation = layout.miniFatPos
        header.numMiniFatSectors = layout.numMiniFatSectors
        dirs[ole.DSPos.iRoot].StartingSectorLocation = layout.miniFatDataPos
        dirs[ole.DSPos.iRoot].Content = b"\0" * (64 * layout.miniFatNum)
        dirs[ole.DSPos.iEncryptionPackage].StartingSectorLocation = layout.encryptionPackagePos
        for i in range(min(layout.fatSectorNum, ole.Header.FIRSTNUMDIFAT)):
            header.difat.append(layout.fatPos + i)
        header.numFatSectors = layout.fatSectorNum
        header.numDifatSectors = layout.difatSectorNum
        if layout.difatSectorNum > 0:
            header.firstDifatSectorLocation = layout.difatPos
    except AttributeError:          # another msoffcrypto inside: its own writer, zeros and all
        container._write_to(out)
        return
    out.truncate(layout.totalSize)  # zeros on disk, none in memory
    out.seek(0)
    header.write_to(out)
    container._write_DIFAT(out, layout)
    container._write_FAT_start(out, layout)
    container._write_MiniFAT(out, layout)
    container._write_directory_entries(out, layout)
    container._write_Content(out, layout)


def atomic_write(path: Path, data: bytes) -> None:
    _atomic(path, lambda out: out.write(data))


def _atomic(path: Path, write) -> None:
    """Write the file next to its place, flush it to the disk, then rename: a crash leaves the old file whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".fieldapp-", suffix=".part", dir=str(path.parent))
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
