"""Reading one large sheet of a workbook row by row straight from its zip, with the values calamine gives.

calamine loads a whole sheet before giving its first row: fine for a device
workbook, gigabytes for an earlier master of 100,000 submissions read as a
workbook. This reader parses the sheet's XML as it is decompressed (expat) and
keeps only the row being read, so memory stays flat with the number of rows.

Every value must be exactly what python-calamine gives for the same cell (the
merge reads rows, the tamper checksum hashes them), so this module follows
calamine's rules: numbers are floats; a number is a date, date-time, time or
duration by its number format (calamine's date-format test, ported below);
blank and error cells are ""; rows run from the sheet's first row to its last
non-blank row, each as wide as the box of non-blank cells, starting at its
leftmost non-blank column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from xml.parsers import expat

CHUNK = 1 << 16                     # decompressed bytes fed to the parser at a time
_EMPTY = object()                   # a cell calamine leaves out of the sheet (no value)
_ERROR = object()                   # an error cell (#N/A...): part of the sheet, read as ""
_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}
_EPOCH = dt.datetime(1899, 12, 30)
_DAY_MS = 86_400_000.0


class SheetError(Exception):
    """The sheet's XML is not a worksheet calamine would read (the caller rejects the workbook)."""


# --- workbook parts ------------------------------------------------------------------------------------------
class WorkbookParts:
    """What every sheet of a workbook needs: sheet paths in the zip, shared strings, number formats, epoch."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.sheets: dict[str, str] = {}        # sheet name -> zip entry of its XML, in the workbook's order
        self.worksheets: set[str] = set()       # the sheets that hold cells (not chart or dialog sheets)
        self.is_1904 = False
        self._strings: list[str] | None = None
        self._formats: list[str] | None = None
        rels = _relationships(archive, "xl/_rels/workbook.xml.rels")
        for attrs in _elements(archive.read("xl/workbook.xml"), {"sheet", "workbookPr"}):
            if attrs[0] == "workbookPr":
                self.is_1904 = attrs[1].get("date1904") in ("1", "true")
                continue
            rid = next((v for k, v in attrs[1].items() if k == "id" or k.endswith(":id")), None)
            if rid not in rels:
                raise SheetError("a sheet without its relationship")
            target, kind = rels[rid]
            name = attrs[1].get("name", "")
            # a target is relative to xl/ unless it starts with "/" (absolute within the package)
            self.sheets[name] = target[1:] if target.startswith("/") else "xl/" + target
            if kind.rsplit("/", 1)[-1] == "worksheet":
                self.worksheets.add(name)

    def size(self, name: str) -> int:
        """The uncompressed size of sheet `name`'s XML (0 when the sheet has no XML of its own)."""
        entry = self.sheets.get(name)
        try:
            return self.archive.getinfo(entry).file_size if entry else 0
        except KeyError:
            return 0

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = _shared_strings(self.archive)
        return self._strings

    @property
    def formats(self) -> list[str]:
        if self._formats is None:
            self._formats = _cell_formats(self.archive)
        return self._formats


def _local(name: str) -> str:
    return name[name.rfind(":") + 1:]


def _elements(xml: bytes, wanted: set[str]):
    """(local name, attributes with local names) of the elements named in `wanted`, in document order."""
    found = []
    parser = expat.ParserCreate()

    def start(name, attrs):
        local = _local(name)
        if local in wanted:
            found.append((local, {(k if k.startswith("r:") else _local(k)): v for k, v in attrs.items()}))

    parser.StartElementHandler = start
    parser.Parse(xml, True)
    return found


def _relationships(archive, entry) -> dict[str, tuple[str, str]]:
    """Relationship id -> (target, type)."""
    try:
        xml = archive.read(entry)
    except KeyError:
        raise SheetError("relationships missing") from None
    return {a.get("Id"): (a.get("Target", ""), a.get("Type", "")) for _, a in _elements(xml, {"Relationship"})}


def _cell_formats(archive) -> list[str]:
    """One kind per cell style (cellXfs order): "date" (date or time), "duration" or "other"."""
    try:
        xml = archive.read("xl/styles.xml")
    except KeyError:
        return []
    custom: dict[str, str] = {}
    kinds: list[str] = []
    in_xfs = False
    parser = expat.ParserCreate()

    def start(name, attrs):
        nonlocal in_xfs
        local = _local(name)
        if local == "numFmt" and "numFmtId" in attrs and "formatCode" in attrs:
            custom[attrs["numFmtId"]] = attrs["formatCode"]
        elif local == "cellXfs":
            in_xfs = True
        elif local == "xf" and in_xfs:
            fid = attrs.get("numFmtId")
            if fid is None:
                kinds.append("other")
            elif fid in custom:
                kinds.append(format_kind(custom[fid]))
            else:
                kinds.append(_BUILTIN.get(fid, "other"))

    def end(name):
        nonlocal in_xfs
        if _local(name) == "cellXfs":
            in_xfs = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(xml, True)
    return kinds


_BUILTIN = {**{str(n): "date" for n in (*range(14, 23), 45, 47)}, "46": "duration"}


def format_kind(code: str) -> str:
    """calamine's test of a custom number format: "date", "duration" ([h]:mm and the like) or "other"."""
    escaped = is_quote = ap = hms = False
    brackets = 0
    prev = " "
    for s in code:
        if escaped:
            escaped = False
        elif s in "_\\*":
            escaped = True
        elif is_quote:
            if s == '"':
                is_quote = False
        elif s == '"':
            is_quote = True
        elif s == ";":
            return "other"
        elif s == "[":
            brackets = min(brackets + 1, 255)
        elif s == "]" and brackets == 1 and hms:
            return "duration"
        elif s == "]":
            brackets = max(brackets - 1, 0)
        elif s in "aA" and not ap and brackets == 0:
            ap = True
        elif s in "pm/PM" and ap and brackets == 0:
            return "date"
        elif s in "dmhysDMHYS" and not ap and brackets == 0:
            return "date"
        else:
            if not (hms and s.lower() == prev.lower()):
                hms = prev == "[" and s in "mhsMHS"
        prev = s
    return "other"


def _unescape(text: str) -> str:
    """Excel's _xHHHH_ escapes (only those of the first 256 characters, as calamine reads them)."""
    if "_x00" not in text:
        return text
    return _X_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


_X_ESCAPE = re.compile(r"_x00([0-9A-Fa-f]{2})_")


class _StringReader:
    """The text of an <si> or <is> element as calamine reads it: runs joined, phonetic runs left out, each
    <t> trimmed of ASCII blanks unless it keeps its spaces."""

    __slots__ = ("parts", "text", "preserve", "phonetic", "in_t")

    def __init__(self):
        self.parts: list[str] | None = None
        self.text: list[str] = []
        self.preserve = False
        self.phonetic = False
        self.in_t = False

    def start(self, local, attrs):
        if local == "r" and self.parts is None:
            self.parts = []
        elif local == "rPh":
            self.phonetic = True
        elif local == "t" and not self.phonetic:
            self.preserve = attrs.get("xml:space") == "preserve"
            self.text = []
            self.in_t = True

    def end(self, local):
        if local == "rPh":
            self.phonetic = False
        elif local == "t" and self.in_t:
            self.in_t = False
            value = "".join(self.text)
            if not self.preserve:
                value = value.strip(" \t\r\n")
            if self.parts is None:
                self.parts = []
            self.parts.append(_unescape(value))

    def result(self) -> str:
        return "".join(self.parts) if self.parts is not None else ""


def _shared_strings(archive) -> list[str]:
    try:
        entry = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings: list[str] = []
    reader: _StringReader | None = None
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def start(name, attrs):
        nonlocal reader
        local = _local(name)
        if local == "si":
            reader = _StringReader()
        elif reader is not None:
            reader.start(local, attrs)

    def end(name):
        nonlocal reader
        local = _local(name)
        if local == "si" and reader is not None:
            strings.append(reader.result())
            reader = None
        elif reader is not None:
            reader.end(local)

    def text(data):
        if reader is not None and reader.in_t:
            reader.text.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with entry:
        while chunk := entry.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return strings


# --- cell values ---------------------------------------------------------------------------------------------
_FLOAT = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)\Z", re.IGNORECASE)


def _round(x: float) -> int:
    """Rust's f64::round (halves away from zero), not Python's banker's rounding."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def _serial_datetime(value: float, is_1904: bool):
    f = value + 1462.0 if is_1904 else value
    if f < 60.0:
        f += 1.0
    ms = f * _DAY_MS
    if math.isnan(ms):
        ms = 0.0                    # Rust turns NaN into 0 milliseconds
    elif math.isinf(ms):
        return None
    try:
        return _EPOCH + dt.timedelta(milliseconds=_round(ms))
    except OverflowError:
        return None


def date_value(value: float, kind: str, is_1904: bool):
    """A number in a date or duration format, as python-calamine gives it."""
    if kind == "duration":
        ms = value * _DAY_MS
        try:
            return dt.timedelta(milliseconds=_round(ms))
        except (OverflowError, ValueError):
            return value
    when = _serial_datetime(value, is_1904)
    if when is None:
        return value
    if value < 1.0:
        return when.time()
    if value < 2.0 ** 64 and value == float(int(value)):
        return when.date() if 1 <= when.year <= 9999 else value
    if not 1 <= when.year <= 9999:
        return value
    return when


_ISO_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?\Z")
_ISO_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?\Z")
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)\Z")


def iso_value(text: str):
    """A t="d" cell (an ISO 8601 date, time or date-time), as python-calamine gives it (the text if unreadable)."""
    try:
        if "T" in text:
            m = _ISO_DATETIME.match(text)
            if m:
                y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
                return dt.datetime(y, mo, d, h, mi, s, int((m.group(7) or "0").ljust(9, "0")) // 1000)
        elif ":" in text:
            m = _ISO_TIME.match(text)
            if m:
                h, mi, s = (int(g) for g in m.groups()[:3])
                return dt.time(h, mi, s, int((m.group(4) or "0").ljust(9, "0")) // 1000)
        else:
            m = _ISO_DATE.match(text)
            if m:
                return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        pass
    return text


def _position(ref: str) -> tuple[int, int]:
    """A1-style reference -> 0-based (row, column); SheetError when it is not one."""
    col = 0
    i = 0
    n = len(ref)
    while i < n and ref[i].isalpha() and ref[i].isascii():
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    digits = ref[i:]
    if not digits.isdigit() or not digits.isascii() or col == 0 or int(digits) == 0:
        raise SheetError(f"bad cell reference {ref!r}")
    return int(digits) - 1, col - 1


def _row_number(ref: str) -> int:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    if not digits.isdigit() or not digits.isascii() or int(digits) == 0:
        raise SheetError(f"bad row reference {ref!r}")
    return int(digits) - 1


# --- the sheet's cells ---------------------------------------------------------------------------------------
class _Values:
    """A cell's <v> text turned into the value python-calamine gives, by the cell's type and style."""

    def __init__(self, parts: WorkbookParts):
        self.parts = parts
        self.strings: list[str] | None = None
        self.formats = parts.formats
        self.is_1904 = parts.is_1904

    def convert(self, v: str, style, t):
        if t == "n" or t is None:
            if not v:
                return _EMPTY
            if not _FLOAT.match(v):
                if t is None:
                    return v
                raise SheetError(f"not a number: {v!r}")
            number = float(v)
            if style is None:
                return number
            idx = int(style) if style.isdigit() and style.isascii() else 0
            kind = self.formats[idx] if idx < len(self.formats) else "other"
            if kind == "other":
                return number
            return date_value(number, kind, self.is_1904)
        if t == "str":
            return _unescape(v)
        if t == "d":
            return iso_value(v)
        if not v and t in ("s", "b", "e"):
            return _EMPTY
        if t == "s":
            if self.strings is None:
                self.strings = self.parts.strings
            idx = int(v) if v.isdigit() and v.isascii() else 0
            if idx >= len(self.strings):
                raise SheetError("shared string index not found")
            return self.strings[idx]
        if t == "b":
            return v != "0"
        if t == "e":
            if v not in _ERRORS:
                raise SheetError(f"unknown error value {v!r}")
            return _ERROR
        raise SheetError(f"unknown cell type {t!r}")


class _CellParser:
    """Feeds a sheet's XML to expat and reports every cell with a value as (row, column, value)."""

    def __init__(self, parts: WorkbookParts, found):
        self.values = _Values(parts)
        self.found = found                  # found(row, col, value): value may be _ERROR
        self.in_data = False
        self.seen_data = False
        self.row = 0
        self.col = 0
        self.cell = None                    # (row, col, style, type) of the open <c>
        self.value = _EMPTY
        self.child = None                   # "v", "is", "f" or None
        self.text: list[str] = []
        self.string: _StringReader | None = None
        self.depth = 0                      # elements open inside the cell's child
        p = self.parser = expat.ParserCreate()
        p.buffer_text = True
        p.buffer_size = CHUNK
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.chars
        self._names: dict[str, str] = {}

    def local(self, name: str) -> str:
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = _local(name)
        return found

    def feed(self, data: bytes, final: bool = False):
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as exc:
            raise SheetError(str(exc)) from None
        if final and not self.seen_data:
            raise SheetError("no sheetData")

    def start(self, name, attrs):
        local = self.local(name)
        if self.cell is not None:
            if self.child is None:
                self.depth = 0
                if local == "v":
                    self.child = "v"
                    self.text = []
                elif local == "is":
                    self.child = "is"
                    self.string = _StringReader()
                elif local == "f":
                    self.child = "f"
                    self.value = _EMPTY
                else:
                    raise SheetError(f"unexpected <{local}> in a cell")
            else:
                self.depth += 1
                if self.child == "is":
                    self.string.start(local, attrs)
            return
        if not self.in_data:
            if local == "sheetData":
                self.in_data = self.seen_data = True
            return
        if local == "c":
            ref = attrs.get("r")
            if ref is not None:
                row, col = _position(ref)
                self.col = col
            else:
                row, col = self.row, self.col
            self.cell = (row, col, attrs.get("s"), attrs.get("t"))
            self.value = _EMPTY
            self.child = None
        elif local == "row":
            ref = attrs.get("r")
            if ref is not None:
                self.row = _row_number(ref)

    def chars(self, data):
        if self.child == "v":
            self.text.append(data)
        elif self.child == "is" and self.string.in_t:
            self.string.text.append(data)

    def end(self, name):
        if self.cell is None:
            if self.in_data:
                local = self.local(name)
                if local == "row":
                    self.row += 1
                    self.col = 0
                elif local == "sheetData":
                    self.in_data = False
            return
        local = self.local(name)
        if self.child is not None:
            if self.depth:
                self.depth -= 1
                if self.child == "is":
                    self.string.end(local)
                return
            child, self.child = self.child, None
            if child == "v":
                t = self.cell[3]
                self.value = _EMPTY if t in ("inlineStr", "is") else self.read_v("".join(self.text))
            elif child == "is":
                self.value = self.string.result()
                self.string = None
            return
        # the end of the cell
        row, col, _, _ = self.cell
        self.cell = None
        self.col += 1
        if self.value is not _EMPTY:
            self.found(row, col, self.value)

    def read_v(self, v: str):
        return self.values.convert(v, self.cell[2], self.cell[3])


def _feed_entry(archive, entry: str, parser: _CellParser, between=None):
    """Decompress the sheet's XML in chunks into the parser; `between()` runs after each chunk."""
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            parser.feed(chunk)
            if between is not None:
                yield from between()
    parser.feed(b"", True)
    if between is not None:
        yield from between()


def _columns_scanned(parts: WorkbookParts, entry: str) -> tuple[int, int] | None:
    """First and last column holding a value anywhere in the sheet (None for a sheet without values)."""
    box = [None, -1]

    def found(row, col, value):
        if box[0] is None or col < box[0]:
            box[0] = col
        if col > box[1]:
            box[1] = col

    parser = _CellParser(parts, found)
    for _ in _feed_entry(parts.archive, entry, parser, between=lambda: ()):
        pass
    return None if box[0] is None else (box[0], box[1])


# --- the quick way, for the sheets writers make -----------------------------------------------------------------
# Most writers (Excel, openpyxl, xlsxwriter, this app) write each cell as <c r="B7" s=".." t="..">, a value in <v>,
# a plain inline string, or a formula before its value. Such sheet XML is read with regular expressions, many
# times faster than expat's callbacks in Python; the whole sheet is first checked to be of exactly that shape
# (anything else -- rich text, comments, CDATA, cells without references -- is read by expat instead).
_ATTRS = r'(?: [A-Za-z:]+="[^"<>&]*")*'
_INNER = (r'(?:<f' + _ATTRS + r'(?:/>|>[^<]*</f>))?(?:<v>[^<]*</v>|<v/>)?'
          r'|<is>(?:<t>[^<]*</t>|<t xml:space="preserve">[^<]*</t>)</is>')
_CELL = r'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(' + _ATTRS + r')\s*(?:/>|>(' + _INNER + r')</c>)'
_CELL_RE = re.compile(_CELL)
_ROWS_RE = re.compile(r'(?:\s*<row' + _ATTRS + r'\s*(?:/>|>(?:\s*' + re.sub(r"\((?!\?)", "(?:", _CELL)
                      + r')*\s*</row>))*\s*')
# in a sheet of the quick shape, the column letters of the cells that hold something (not <c .../>, not <c ..></c>)
_FILLED_LETTERS = re.compile(r'<c r="([A-Z]{1,3})[0-9]+"(?:[^>]*")?\s*>(?!</c>)')
_V_IGNORED = re.compile(r't="(?:inlineStr|is)"[^>]*><v')   # a <v> calamine ignores: the cell may be blank
_ATTR_PAIR = re.compile(r' ([A-Za-z:]+)="([^"]*)"')
_PLAIN_T = "<is><t>"
_KEPT_T = '<is><t xml:space="preserve">'
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class NotSimple(Exception):
    """The sheet's XML is not of the shape the quick way reads: expat reads it."""


def _xml_text(raw: str) -> str:
    """Element text as an XML parser gives it: line ends made \\n, entities and character references replaced."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in raw:
        raw = _ENTITY.sub(_entity, raw)
    return raw


def _entity(match) -> str:
    name = match.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    return _NAMED[name]


def _quick_segments(archive, entry: str, check: bool):
    """The sheet's rows as text, a few hundred kilobytes at a time, cut after a </row>; NotSimple when the XML
    is not of the quick shape (checked only with `check`: the second read of the same XML needs no check)."""
    import codecs
    decoder = codecs.getincrementaldecoder("utf-8")()
    buf = ""
    in_rows = False
    with archive.open(entry) as stream:
        while True:
            raw = stream.read(CHUNK * 4)
            try:
                buf += decoder.decode(raw, final=not raw)
            except UnicodeDecodeError:
                raise NotSimple from None
            if not in_rows:
                at = buf.find("<sheetData")
                if at < 0 or len(buf) < at + 12:
                    if not raw or len(buf) > 1 << 20:
                        raise NotSimple
                    continue
                head = buf[:at]
                if "<!" in head or ("encoding=" in head[:200] and not re.search(
                        r"""encoding=["']utf-?8["']""", head[:200], re.IGNORECASE)):
                    raise NotSimple     # a DOCTYPE (own entities) or another encoding
                opening = re.match(r"<sheetData\s*(/?)>", buf[at:])
                if opening is None:
                    raise NotSimple
                if opening.group(1):
                    return              # <sheetData/>: no rows
                buf = buf[at + opening.end():]
                in_rows = True
            end = buf.find("</sheetData>")
            if end >= 0:
                segment, buf = buf[:end], ""
            else:
                cut = buf.rfind("</row>")
                if cut < 0:
                    if not raw:
                        raise NotSimple
                    continue
                segment, buf = buf[:cut + 6], buf[cut + 6:]
            if check and (_ROWS_RE.fullmatch(segment) is None
                          or segment.count("&") != len(_ENTITY.findall(segment))):
                raise NotSimple         # not the quick shape, or an entity only a DTD could define
            yield segment
            if end >= 0:
                return


class _QuickCells:
    """Cells of the quick shape turned into values, as _CellParser would."""

    def __init__(self, parts: WorkbookParts):
        self.values = _Values(parts)
        self.kinds: dict[str, tuple] = {}      # a cell's other attributes -> (style, type, number kind)
        self.dates: dict[str, object] = {}     # a date cell's text -> its value (dates repeat down a column)
        self.columns: dict[str, int] = {}

    def column(self, letters: str) -> int:
        col = self.columns.get(letters)
        if col is None:
            col = self.columns[letters] = _position(letters + "1")[1]
        return col

    def kind(self, attrs: str) -> tuple:
        """(style, type, number kind) of a cell's attributes; the number kind ("other", "date", "duration") only
        for a number cell."""
        found = dict(_ATTR_PAIR.findall(attrs))
        style, t = found.get("s"), found.get("t")
        number = None
        if t is None or t == "n":
            idx = int(style) if style is not None and style.isdigit() and style.isascii() else 0
            formats = self.values.formats
            number = "other" if style is None or idx >= len(formats) else formats[idx]
        kind = self.kinds[attrs] = (style, t, number)
        return kind

    def value(self, attrs: str, inner: str):
        style, t, number = self.kinds.get(attrs) or self.kind(attrs)
        second = inner[1]
        if second == "v" and number is not None:        # most cells: a number, a date, a time
            text = inner[3:-4]
            if text and _FLOAT.match(text):
                if number == "other":
                    return float(text)
                dates = self.dates
                found = dates.get(text)
                if found is None:
                    if len(dates) > 100_000:
                        dates.clear()
                    found = dates[text] = date_value(float(text), number, self.values.is_1904)
                return found
        elif second == "i":                              # an inline string
            if inner.startswith(_KEPT_T):
                text = inner[len(_KEPT_T):-9]
                if "&" in text or "\r" in text or "_x00" in text:
                    return _unescape(_xml_text(text))
                return text
            return _unescape(_xml_text(inner[len(_PLAIN_T):-9]).strip(" \t\r\n"))
        elif second == "f":                              # a formula: its cached value, if any
            at = inner.find("<v")
            if at < 0:
                return _EMPTY
            inner = inner[at:]
        text = "" if inner == "<v/>" else inner[3:-4]
        if t == "inlineStr" or t == "is":
            return _EMPTY
        if t == "str" or t == "d":
            text = _xml_text(text)
        elif "&" in text:
            text = text[:text.index("&")]   # calamine reads these kinds' first piece of text only
        return self.values.convert(text, style, t)


def _quick_columns(parts: WorkbookParts, entry: str) -> tuple[int, int] | None:
    """_columns_scanned the quick way (NotSimple when the sheet is not of its shape)."""
    cells = _QuickCells(parts)
    letters: set[str] = set()
    for segment in _quick_segments(parts.archive, entry, check=True):
        if "<f" in segment or "<v></v>" in segment or "<v/>" in segment or _V_IGNORED.search(segment):
            # a cell that holds something may still be blank: look at its value
            letters.update(c[0] for c in _CELL_RE.findall(segment) if c[3] and cells.value(c[2], c[3]) is not _EMPTY)
        else:
            letters.update(_FILLED_LETTERS.findall(segment))
    if not letters:
        return None
    columns = [cells.column(x) for x in letters]
    return min(columns), max(columns)


def _quick_cells(parts: WorkbookParts, entry: str, found, between):
    cells = _QuickCells(parts)
    value = cells.value
    columns = cells.columns
    for segment in _quick_segments(parts.archive, entry, check=False):
        for letters, row, attrs, inner in _CELL_RE.findall(segment):
            if inner:
                v = value(attrs, inner)
                if v is not _EMPTY:
                    col = columns.get(letters)
                    found(int(row) - 1, cells.column(letters) if col is None else col, v)
        yield from between()


QUICK = True        # tests turn it off to check both ways give the same


def sheet_rows(parts: WorkbookParts, name: str):
    """The rows of sheet `name` as python-calamine's iter_rows gives them, read as the XML is decompressed."""
    entry = parts.sheets.get(name)
    if entry is None:
        raise SheetError(f"no sheet {name!r}")
    if name not in parts.worksheets:
        return                  # a chart sheet: no cells (calamine reads it as an empty sheet)
    try:
        parts.archive.getinfo(entry)
    except KeyError:
        raise SheetError(f"sheet {name!r} has no XML") from None
    quick = QUICK
    box = None
    if quick:
        try:
            box = _quick_columns(parts, entry)
        except NotSimple:
            quick = False
    if not quick:
        box = _columns_scanned(parts, entry)
    if box is None:
        return
    first, last = box
    width = last - first + 1
    done: list[list] = []
    state = {"next": 0, "row": -1, "cells": None}

    def found(row, col, value):
        if row != state["row"]:
            if row < state["row"] or row < state["next"]:
                # rows out of order: calamine would sort them; a stream cannot
                raise SheetError("rows out of order")
            if state["cells"] is not None:
                done.append(state["cells"])
                state["next"] = state["row"] + 1
            for _ in range(state["next"], row):
                done.append([""] * width)
            state["next"] = row
            state["row"] = row
            state["cells"] = [""] * width
        state["cells"][col - first] = "" if value is _ERROR else value

    def flush():
        if done:
            rows = done[:]
            done.clear()
            yield from rows

    if quick:
        yield from _quick_cells(parts, entry, found, flush)
    else:
        yield from _feed_entry(parts.archive, entry, _CellParser(parts, found), between=flush)
    if state["cells"] is not None:
        yield state["cells"]
