"""Every kind of input the merge reads, turned into one shape: a main table and repeat tables of plain rows.

FieldApp device workbooks and earlier masters (checked against their checksum),
KoboToolbox XLSX exports and ODK Central CSV zips. Each reader names columns as
the device workbook does (`group/question`, `_uuid`, `_key`/`_parent_key`), so the
merge itself knows one layout only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from fieldapp.exchange import layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.books import Book, clean, read_bytes
from fieldapp.exchange.problems import Rejected

MAIN = "main"


@dataclass
class Table:
    """One table of an input: `kind` is "main", "repeat", "conflicts" or "withdrawals"."""
    name: str
    kind: str
    columns: list[str]
    rows: Iterator[list]            # each row aligned with columns; the iterator may raise Rejected at its end
    first_row: int = 2              # spreadsheet row number of the first data row (for messages)


@dataclass
class Source:
    path: Path
    kind: str                       # "device", "master", "kobo", "central"
    form_id: str | None
    versions: list[str]
    profile: str | None
    device_id: str | None
    encrypted: bool
    main_sheet: str | None
    tables: Callable[[], Iterator[Table]] = field(repr=False, default=None)
    hxl: dict = field(default_factory=dict)
    labels: str | None = None       # a device workbook exported with choice labels: their language


def is_lock_file(path: Path) -> bool:
    """Excel's `~$name.xlsx` and LibreOffice's `.~lock.name.xlsx#` beside an open workbook."""
    name = path.name
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def locked_by(path: Path) -> Path | None:
    """The lock file that says `path` is open in Excel or LibreOffice right now, if there is one."""
    folder, name = path.parent, path.name
    for candidate in (folder / f"~${name}", folder / f"~${name[2:]}", folder / f".~lock.{name}#"):
        if candidate.exists() and candidate != path:
            return candidate
    return None


def open_source(path: Path, password: str | None) -> Source:
    """Identify and open one input. Raises Rejected with the reason it cannot be merged."""
    if path.suffix.lower() == ".zip":
        return _central(path)
    lock = locked_by(path)
    if lock is not None:
        raise Rejected("open_elsewhere", detail=lock.name)
    data, encrypted = read_bytes(path, password)
    book = Book(data)
    names = book.sheet_names
    if layout.FORM_SHEET in names:
        return _fieldapp(path, book, encrypted)
    return _kobo(path, book, encrypted)


# --- FieldApp device workbooks and masters ------------------------------------------------------------------
def form_info(book: Book) -> dict:
    info = {}
    for row in book.rows(layout.FORM_SHEET):
        if row and isinstance(row[0], str) and row[0]:
            info.setdefault(row[0], row[1] if len(row) > 1 else None)
    return info


def _split(text) -> list[str]:
    if text is None:
        return []
    return [t for t in re.split(r"[\s,;]+", str(text)) if t]


def _fieldapp(path: Path, book: Book, encrypted: bool) -> Source:
    info = form_info(book)
    if "form_id" not in info:
        raise Rejected("no_form_sheet")
    is_master = info.get(ml.WORKBOOK_KEY) == ml.MASTER_KIND
    data_sheets = [n for n in book.sheet_names if n not in ml.BOOKKEEPING]
    if not data_sheets:
        raise Rejected("no_rows")
    versions = _split(info.get("form_versions")) or _split(info.get("form_version"))
    hxl_row = str(info.get("hxl_row") or "").strip().lower() in ("1", "2", "yes", "true")
    expected = str(info.get("checksum") or "")
    main_sheet = data_sheets[0]

    blocks = info.get(ml.CHECKSUM_BLOCKS) if is_master else None

    def tables() -> Iterator[Table]:
        checksum = _master_checksum(blocks) if blocks else layout.Checksum()
        pending_parents: set[str] = set()
        for index, name in enumerate(data_sheets):
            # a master's Conflicts sheet is for the coordinator to settle by hand (delete the wrong copy), so
            # the checksum leaves it out
            check = _NoCheck() if is_master and name == ml.CONFLICTS_SHEET else checksum
            check.sheet(name)
            raw = book.raw_rows(name)
            header = next(raw, None)
            if header is None:
                continue
            check.row(header)
            columns = [("" if c is None else str(c)) for c in header]
            while columns and not columns[-1]:
                columns.pop()
            skip_hxl = hxl_row
            first_row = 3 if hxl_row else 2

            def rows(raw=raw, skip_hxl=skip_hxl, name=name, width=len(columns), check=check):
                parent_at = columns.index("_parent_table") if "_parent_table" in columns else None
                for cells in raw:
                    check.row(cells)
                    if skip_hxl:
                        skip_hxl = False
                        continue
                    row = [(v or None) if type(v) is str else clean(v) for v in cells[:width]]
                    if len(row) < width:
                        row += [None] * (width - len(row))
                    if parent_at is not None and row[parent_at]:
                        pending_parents.add(str(row[parent_at]))
                    yield row
                if name == data_sheets[-1]:
                    missing = sorted(p for p in pending_parents if p not in book.sheet_names)
                    if missing:
                        raise Rejected("sheet_missing", sheet=missing[0])
                    if expected and checksum.hexdigest() != expected:
                        raise Rejected("checksum")

            if index == 0:
                kind = MAIN
            elif name == ml.CONFLICTS_SHEET and is_master:
                kind = "conflicts"
            elif name == ml.WITHDRAWALS_SHEET and is_master:
                kind = "withdrawals"
            else:
                kind = "repeat"
            yield Table(name, kind, columns, rows(), first_row)
        if not data_sheets or (expected and len(data_sheets) == 0):
            raise Rejected("no_rows")

    labels = str(info.get("labels") or "").strip()
    return Source(path, ml.MASTER_KIND if is_master else "device", str(info["form_id"]), versions,
                  info.get("profile"), info.get("device_id"), encrypted, main_sheet, tables,
                  labels=labels if labels and labels != "values" and not is_master else None)


def _master_checksum(blocks) -> layout.Checksum:
    """A master to which rows were appended: its checksum chains where the earlier rows end."""
    import json
    try:
        found = json.loads(str(blocks))
        return ml.ResumableChecksum({str(k): [int(n) for n in v] for k, v in found.items()}).reading()
    except (ValueError, TypeError, AttributeError):
        raise Rejected("checksum") from None


class _NoCheck:
    def sheet(self, name):
        pass

    def row(self, cells):
        pass


# --- KoboToolbox XLSX export ------------------------------------------------------------------------------
KOBO_DROP = {"_id", "_notes", "_tags", "_validation_status", "_status", "_submission__id", "_submission__uuid",
             "_submission__submission_time", "_submission__validation_status", "_submission__notes",
             "_submission__status", "_submission__submitted_by", "_submission___version__",
             "_submission__tags", "_attachments", "_geolocation"}
KOBO_RENAME = {"meta/instanceID": "_uuid", "meta/deprecatedID": "_deprecated_uuid", "meta/rootUuid": "_root_uuid",
               "__version__": "_version", "_submitted_by": "_enumerator", "start": "_start", "end": "_end",
               "deviceid": "_device_id", "_submission_time": "_submission_time"}


def _kobo(path: Path, book: Book, encrypted: bool) -> Source:
    main_sheet = book.sheet_names[0]
    header = next(book.rows(main_sheet), None) or []
    if "_uuid" not in header and "meta/instanceID" not in header and "_index" not in header:
        raise Rejected("unknown_layout")
    separator = "/" if any("/" in str(c) for c in header if c) else "."

    def rename(col: str) -> str:
        col = "" if col is None else str(col)
        if separator == "." and not col.startswith("_"):
            col = col.replace(".", "/")
        return col

    def tables() -> Iterator[Table]:
        # (sheet, _index) -> key of that row, so a repeat row finds its parent's stable key
        keys: dict[tuple[str, object], str] = {}
        sub_of: dict[tuple[str, object], str] = {}
        for index, sheet in enumerate(book.sheet_names):
            raw = book.rows(sheet)
            head = next(raw, None)
            if not head:
                continue
            names = [rename(c) for c in head]
            while names and not names[-1]:
                names.pop()
            if index == 0:
                yield _kobo_main(sheet, names, raw, keys, sub_of)
            else:
                yield _kobo_repeat(sheet, names, raw, keys, sub_of)

    return Source(path, "kobo", None, [], None, None, encrypted, main_sheet, tables)


# Kobo writes a select_multiple's 0/1 columns as text; a laptop's workbook as numbers. As numbers here, so one
# column does not look like it changed type between the two.
_FLAG_TEXT = {"0": 0, "1": 1}


def _choice_flags(columns: list[str]) -> list[int]:
    """Positions of a select_multiple's 0/1 columns: `question/choice` beside a `question` column (names or
    labels alike)."""
    present = set(columns)
    return [i for i, c in enumerate(columns) if c and not c.startswith("_") and "/" in c
            and c.rsplit("/", 1)[0] in present]


def _uuid_text(value) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    return text if text.startswith("uuid:") else f"uuid:{text}"


def _kobo_main(sheet, names, raw, keys, sub_of) -> Table:
    pos = {n: i for i, n in enumerate(names)}
    keep = [i for i, n in enumerate(names) if n and n not in KOBO_DROP and n != "_index" and n != "_uuid"
            and not (n.startswith("_") and n not in KOBO_RENAME and n not in layout.MAIN_META)]
    out_names = [KOBO_RENAME.get(names[i], names[i]) for i in keep]
    # _uuid itself is rebuilt from meta/instanceID or Kobo's bare _uuid
    if "_uuid" in out_names:
        out_names = [n for n in out_names]
    columns = out_names + (["_uuid"] if "_uuid" not in out_names else [])
    uuid_out = columns.index("_uuid")
    flags = _choice_flags(out_names)
    bare = pos.get("_uuid")
    kobo_index = pos.get("_index")

    def rows():
        for n, cells in enumerate(raw, start=1):
            if not any(c not in (None, "") for c in cells):
                continue
            cells = cells + [None] * (len(names) - len(cells))
            row = [cells[i] for i in keep]
            for i in flags:
                if row[i] in _FLAG_TEXT:
                    row[i] = _FLAG_TEXT[row[i]]
            if len(row) < len(columns):
                row.append(None)
            uuid = _uuid_text(row[uuid_out]) or _uuid_text(cells[bare] if bare is not None else None)
            row[uuid_out] = uuid
            for name in ("_deprecated_uuid", "_root_uuid"):
                if name in columns:
                    at = columns.index(name)
                    row[at] = _uuid_text(row[at])
            index = cells[kobo_index] if kobo_index is not None else n
            if uuid:
                keys[(sheet, index)] = uuid
                sub_of[(sheet, index)] = uuid
            yield row

    return Table(sheet, MAIN, columns, rows())


def _repeat_path(columns: list[str]) -> str:
    data = [c for c in columns if c and not c.startswith("_")]
    if not data:
        return ""
    parts = [c.split("/")[:-1] for c in data]
    common = parts[0]
    for p in parts[1:]:
        k = 0
        while k < min(len(common), len(p)) and common[k] == p[k]:
            k += 1
        common = common[:k]
    return "/".join(common)


def _kobo_repeat(sheet, names, raw, keys, sub_of) -> Table:
    pos = {n: i for i, n in enumerate(names)}
    keep = [i for i, n in enumerate(names) if n and not n.startswith("_")]
    columns = [names[i] for i in keep] + list(layout.REPEAT_META)
    flags = _choice_flags(columns)
    path = _repeat_path(names)
    at_parent_table, at_parent_index, at_index = (pos.get("_parent_table_name"), pos.get("_parent_index"),
                                                   pos.get("_index"))
    counters: dict[str, int] = {}

    def rows():
        for n, cells in enumerate(raw, start=1):
            cells = cells + [None] * (len(names) - len(cells))
            parent_ref = (cells[at_parent_table] if at_parent_table is not None else None,
                          cells[at_parent_index] if at_parent_index is not None else None)
            parent_key = keys.get(parent_ref)
            submission = sub_of.get(parent_ref)
            if parent_key is None:
                yield Rejected("row_orphan", sheet=sheet, row=n + 1, detail=f"{parent_ref[0]} {parent_ref[1]}")
                continue
            parent_path = parent_key.split("/", 1)[1] if "/" in parent_key else ""
            relative = path[len(_strip_positions(parent_path)):].strip("/") if parent_path else path
            counters[parent_key + relative] = counters.get(parent_key + relative, 0) + 1
            key = f"{parent_key}/{relative}[{counters[parent_key + relative]}]"
            index = cells[at_index] if at_index is not None else n
            keys[(sheet, index)] = key
            sub_of[(sheet, index)] = submission
            row = [cells[i] for i in keep] + [None, None, None, submission, key, parent_key]
            for i in flags:
                if row[i] in _FLAG_TEXT:
                    row[i] = _FLAG_TEXT[row[i]]
            yield row

    return Table(sheet, "repeat", columns, rows())


def _strip_positions(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path)


# --- ODK Central CSV export (zip) ------------------------------------------------------------------------
CENTRAL_RENAME = {"KEY": "_uuid", "meta-deprecatedID": "_deprecated_uuid", "meta-rootUuid": "_root_uuid",
                  "SubmissionDate": "_submission_time", "SubmitterName": "_enumerator", "DeviceID": "_device_id",
                  "FormVersion": "_version", "start": "_start", "end": "_end"}
CENTRAL_DROP = {"meta-instanceID", "SubmitterID", "AttachmentsPresent", "AttachmentsExpected", "Status",
                "ReviewState", "Edits", "meta-instanceName", "meta-audit", "meta-entity"}
_INT = re.compile(r"-?(0|[1-9]\d{0,14})$")
_DEC = re.compile(r"-?(0|[1-9]\d*)\.\d+$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def csv_value(text: str):
    """A Central CSV cell typed as the device workbook types it: whole numbers, decimals and dates; else text."""
    if text == "":
        return None
    if _INT.match(text):
        return int(text)
    if _DEC.match(text):
        return float(text)
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _central(path: Path) -> Source:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected("unreadable", detail=exc.strerror or str(exc)) from None
    if not data:
        raise Rejected("empty_file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        csvs = [n for n in archive.namelist() if n.lower().endswith(".csv") and "/" not in n.strip("/")]
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise Rejected("corrupt") from None
    if not csvs:
        raise Rejected("unknown_layout")
    main_name = min(csvs, key=len)          # form.csv; repeats are form-repeat.csv
    form_id = main_name[:-4]
    repeats = [n for n in csvs if n != main_name and n.startswith(form_id + "-")]

    def read(name) -> tuple[list[str], Iterator[list[str]]]:
        try:
            text = archive.read(name).decode("utf-8-sig")
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, EOFError, OSError, Exception):
            raise Rejected("corrupt", sheet=name) from None
        reader = csv.reader(io.StringIO(text, newline=""))
        return next(reader, []), reader

    def tables() -> Iterator[Table]:
        head, reader = read(main_name)
        if "KEY" not in head:
            raise Rejected("no_uuid_column", sheet=main_name)
        keep = [i for i, n in enumerate(head) if n not in CENTRAL_DROP]
        columns = [CENTRAL_RENAME.get(head[i], head[i].replace("-", "/")) for i in keep]

        def main_rows():
            for cells in reader:
                if not cells:
                    continue
                cells = cells + [""] * (len(head) - len(cells))
                row = [csv_value(cells[i]) if columns[j][0] != "_" or columns[j] in ("_submission_time",) else
                       (cells[i] or None) for j, i in enumerate(keep)]
                yield [(str(v) if c in ("_uuid", "_deprecated_uuid", "_root_uuid", "_version") and v is not None
                        else v) for c, v in zip(columns, row)]

        yield Table(form_id, MAIN, columns, main_rows())
        for name in sorted(repeats, key=len):
            rhead, rreader = read(name)
            if "KEY" not in rhead or "PARENT_KEY" not in rhead:
                raise Rejected("no_uuid_column", sheet=name)
            yield _central_repeat(name, rhead, rreader)

    return Source(path, "central", form_id, [], None, None, False, form_id, tables)


def _central_repeat(name, head, reader) -> Table:
    at_key, at_parent = head.index("KEY"), head.index("PARENT_KEY")
    keep = [i for i, n in enumerate(head) if n not in ("KEY", "PARENT_KEY")]

    def rows():
        for cells in reader:
            if not cells:
                continue
            cells = cells + [""] * (len(head) - len(cells))
            key, parent = cells[at_key], cells[at_parent]
            submission = key.split("/", 1)[0]
            yield [csv_value(cells[i]) for i in keep] + [None, None, None, submission, key, parent]

    # Central names repeat columns relative to the repeat; the key's path gives the repeat's group path.
    rows_iter = rows()
    first = next(rows_iter, None)
    path = ""
    if first is not None:
        path = _strip_positions(first[-2].split("/", 1)[1]) if "/" in first[-2] else ""
    columns = [f"{path}/{head[i].replace('-', '/')}" if path else head[i].replace("-", "/") for i in keep]
    columns += list(layout.REPEAT_META)

    def chained():
        if first is not None:
            yield first
            yield from rows_iter

    sheet = name[:-4].split("-", 1)[1] if "-" in name else name[:-4]
    return Table(layout.sheet_name(sheet, set()), "repeat", columns, chained())
