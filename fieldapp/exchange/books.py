"""Opening the workbooks a coordinator receives: decrypt in memory, then read sheets row by row with calamine.

python-calamine reads a device workbook about twenty times faster than openpyxl's
read-only mode (tests/perf/test_merge_bench.py measures both) and tells dates from
date-times, so it is the reader here. calamine loads a whole sheet before its first
row, though, so a sheet whose XML is larger than STREAM_ABOVE (an earlier master of
100,000 submissions, a large Kobo export) is read by sheet_stream instead, which
gives the same values with flat memory (tests/perf/test_large_sheet_bench.py).
A decrypted workbook only ever lives in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import msoffcrypto
import python_calamine

from fieldapp.exchange import sheet_stream
from fieldapp.exchange.problems import Rejected

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # an encrypted Office file is an OLE compound file
ZIP_MAGIC = b"PK\x03\x04"
# calamine holds a sheet in memory at several times its XML's size (measured: tests/perf/test_large_sheet_bench.py);
# above this much XML a sheet is streamed instead.
STREAM_ABOVE = 32 * 1024 * 1024


def is_encrypted_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(8) == OLE_MAGIC


def read_bytes(path: Path, password: str | None) -> tuple[bytes, bool]:
    """The file's workbook bytes (decrypted when it is encrypted) and whether it was encrypted.

    Raises Rejected with a code the log and the screen explain."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected("unreadable", detail=exc.strerror or str(exc)) from None
    if not data:
        raise Rejected("empty_file")
    if data[:8] == OLE_MAGIC:
        return decrypt(data, password), True
    if data[:4] != ZIP_MAGIC:
        raise Rejected("not_a_workbook")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            broken = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise Rejected("corrupt") from None
    if broken is not None or "xl/workbook.xml" not in names:
        raise Rejected("corrupt")
    return data, False


def decrypt(data: bytes, password: str | None) -> bytes:
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if not office.is_encrypted():
            raise Rejected("not_a_workbook")
    except Rejected:
        raise
    except Exception:   # msoffcrypto raises several kinds for a damaged compound file
        raise Rejected("corrupt") from None
    if not password:
        raise Rejected("password_needed")
    out = io.BytesIO()
    try:
        office.load_key(password=password)
        office.decrypt(out)
    except msoffcrypto.exceptions.InvalidKeyError:
        raise Rejected("wrong_password") from None
    except Exception:
        raise Rejected("corrupt") from None
    plain = out.getvalue()
    if plain[:4] != ZIP_MAGIC:
        raise Rejected("corrupt")
    return plain


def clean(value):
    """A calamine cell as FieldApp reads it: blank is None, whole numbers are ints."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    if type(value) is dt.timedelta:     # a duration cell: keep it readable as text
        return str(value)
    return value


class Book:
    """One workbook's sheets, read lazily row by row.

    A workbook with a sheet larger than STREAM_ABOVE is read entirely by the streaming reader (its small
    sheets too: opening it in calamine as well would hold the whole file in memory a second time); any other
    workbook by calamine."""

    def __init__(self, data: bytes):
        self._book = None
        self._parts: sheet_stream.WorkbookParts | None = None
        try:
            parts = sheet_stream.WorkbookParts(zipfile.ZipFile(io.BytesIO(data)))
            if any(parts.size(name) > STREAM_ABOVE for name in parts.sheets):
                self._parts = parts
        except Exception:       # a package this reader cannot read: calamine says whether it is corrupt
            pass
        if self._parts is not None:
            self.sheet_names: list[str] = list(self._parts.sheets)
            return
        try:
            self._book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception:
            raise Rejected("corrupt") from None
        self.sheet_names = list(self._book.sheet_names)

    def streamed(self, name: str) -> bool:
        """Whether sheet `name` is streamed rather than loaded whole by calamine."""
        return self._parts is not None

    def _cells(self, name: str):
        if self._parts is not None:
            return sheet_stream.sheet_rows(self._parts, name)
        return self._book.get_sheet_by_name(name).iter_rows()

    def rows(self, name: str):
        """Rows of sheet `name` as lists of cleaned cells, trailing blanks kept to the sheet's width."""
        try:
            for row in self._cells(name):
                yield [clean(v) for v in row]
        except Rejected:
            raise
        except Exception:
            raise Rejected("corrupt", sheet=name) from None

    def raw_rows(self, name: str):
        """Rows exactly as calamine gives them (the checksum canonicalises them itself)."""
        try:
            yield from self._cells(name)
        except Exception:
            raise Rejected("corrupt", sheet=name) from None

    def close(self):
        try:
            if self._book is not None:
                self._book.close()
        except Exception:
            pass
