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
    problems: list = field(default_factory=list)    # (code, params) to say on the log, the rows merged all the same
    parts: list = field(default_factory=list)       # an ODK Central zip's repeats, by the names its CSVs give them
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
    try:
        data, encrypted = read_bytes(path, password)
    except Rejected as exc:
        if exc.code == "corrupt" and _csv_zip(path):
            return _central(path)       # an ODK Central export saved under an .xlsx name
        raise
    book = Book(data)
    names = book.sheet_names
    if layout.FORM_SHEET in names:
        return _fieldapp(path, book, encrypted)
    source = _kobo(path, book, encrypted)
    formulas = _formula_sheets(data)
    if formulas:
        # Kobo writes values only: a formula was typed in by hand, and calamine reads its last computed value
        source.problems.append(("formula_cells", {"detail": formulas}))
    return source


def _csv_zip(path: Path) -> bool:
    """Whether `path` is a zip of CSV files (not a workbook)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
    return "xl/workbook.xml" not in names and any(n.lower().endswith(".csv") for n in names)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _formula_sheets(data: bytes) -> int:
    """How many worksheets of the workbook `data` hold a formula cell."""
    found = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(name) as stream:
                        tail = b""
                        for chunk in iter(lambda: stream.read(1 << 20), b""):
                            if _FORMULA.search(tail + chunk):
                                found += 1
                                break
                            tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, EOFError):
        return found
    return found


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
    if not expected:
        # FieldApp always writes one: without it a change by hand could not be told
        raise Rejected("no_checksum")
    main_sheet = data_sheets[0]

    blocks = info.get(ml.CHECKSUM_BLOCKS) if is_master else None

    def tables() -> Iterator[Table]:
        checksum = _master_checksum(blocks) if blocks else layout.Checksum()
        pending_parents: set[str] = set()
        # the checks run once every sheet is read: after the loop when each table's rows were read before the
        # next table was asked for (as the merge does), else at the end of the last rows read
        state = {"unread": 0, "listed": False}

        def verify():
            missing = sorted(p for p in pending_parents if p not in book.sheet_names)
            if missing:
                raise Rejected("sheet_missing", sheet=missing[0])
            if checksum.hexdigest() != expected:
                raise Rejected("checksum")

        for index, name in enumerate(data_sheets):
            raw = book.raw_rows(name)
            header = next(raw, None)
            columns = [("" if c is None else str(c)) for c in header or ()]
            while columns and not columns[-1]:
                columns.pop()
            if index > 0 and header is not None and "_key" not in columns and "_uuid" not in columns:
                # a sheet added by hand (notes, a pivot table): FieldApp wrote no such sheet, so it is neither
                # read nor in the checksum; the log says it was left out
                yield Table(name, "foreign", [], iter(()))
                continue
            # a master's Conflicts sheet is for the coordinator to settle by hand (delete the wrong copy), so
            # the checksum leaves it out
            check = _NoCheck() if is_master and name == ml.CONFLICTS_SHEET else checksum
            check.sheet(name)
            if header is None:
                continue        # emptied by hand: the checksum below tells
            check.row(header)
            skip_hxl = hxl_row
            first_row = 3 if hxl_row else 2

            def rows(raw=raw, skip_hxl=skip_hxl, width=len(columns), check=check, columns=columns):
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
                state["unread"] -= 1
                if state["listed"] and not state["unread"]:
                    verify()

            if index == 0:
                kind = MAIN
            elif name == ml.CONFLICTS_SHEET and is_master:
                kind = "conflicts"
            elif name == ml.WITHDRAWALS_SHEET and is_master:
                kind = "withdrawals"
            else:
                kind = "repeat"
            state["unread"] += 1
            yield Table(name, kind, columns, rows(), first_row)
        state["listed"] = True
        if not state["unread"]:
            verify()

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
        heads = {n: _csv_head(archive, n) for n in csvs}
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise Rejected("corrupt") from None
    main_name = _central_main(heads)
    if main_name is None:
        raise Rejected("no_uuid_column", sheet=min(csvs)) if csvs else Rejected("unknown_layout")
    form_id = main_name[:-4]
    repeats = [n for n in csvs if n != main_name and n.startswith(form_id + "-")]
    # a CSV that is not this form's (another export dropped into the zip) is left out and said so
    foreign = sorted(n for n in csvs if n != main_name and n not in repeats)

    date_times: dict[str, set[int]] = {}

    def read(name) -> tuple[list[str], Iterator[list[str]]]:
        try:
            text = archive.read(name).decode("utf-8-sig")
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, EOFError, OSError, Exception):
            raise Rejected("corrupt", sheet=name) from None
        date_times[name] = _date_time_columns(text)
        reader = csv.reader(io.StringIO(text, newline=""))
        return next(reader, []), reader

    def tables() -> Iterator[Table]:
        head, reader = read(main_name)
        if "KEY" not in head:
            raise Rejected("no_uuid_column", sheet=main_name)
        # KEY is the submission's first instance ID and meta-instanceID its current version's: an edit made
        # in Central has both, and replaces the version a device workbook or an earlier export holds
        instance_at = head.index("meta-instanceID") if "meta-instanceID" in head else None
        key_at = head.index("KEY")
        status_at = head.index("Status") if "Status" in head else None
        keep = [i for i, n in enumerate(head) if n not in CENTRAL_DROP]
        columns = [CENTRAL_RENAME.get(head[i], head[i].replace("-", "/")) for i in keep]
        root_out = None
        if "_root_uuid" not in columns:
            columns.append("_root_uuid")
            root_out = len(columns) - 1
        uuid_out = columns.index("_uuid")
        versions = {}           # KEY -> current instance ID, where they differ: the repeat rows hang on KEY

        def main_rows():
            for number, cells in enumerate(reader, start=2):
                if not cells:
                    continue
                cells = cells + [""] * (len(head) - len(cells))
                if status_at is not None and cells[status_at]:
                    # "not decrypted", "missing encrypted form data": Central had no answers to export
                    yield Rejected("row_not_decrypted", sheet=main_name, row=number, detail=cells[status_at])
                    continue
                row = [csv_value(cells[i]) if columns[j][0] != "_" or columns[j] in ("_submission_time",) else
                       (cells[i] or None) for j, i in enumerate(keep)]
                if root_out is not None:
                    row.append(None)
                row = [(str(v) if c in ("_uuid", "_deprecated_uuid", "_root_uuid", "_version") and v is not None
                        else v) for c, v in zip(columns, row)]
                key = cells[key_at] or None
                current = (cells[instance_at] if instance_at is not None else "") or key
                row[uuid_out] = current
                if root_out is not None:
                    row[root_out] = key
                if key and current != key:
                    versions[key] = current
                yield row

        at = {j for j, i in enumerate(keep) if i in date_times[main_name] and not columns[j].startswith("_")}
        yield Table(form_id, MAIN, *_with_offsets(columns, main_rows(), at))
        for name in sorted(repeats, key=len):
            rhead, rreader = read(name)
            if "KEY" not in rhead or "PARENT_KEY" not in rhead:
                raise Rejected("no_uuid_column", sheet=name)
            table = _central_repeat(name, rhead, rreader, versions)
            keep = [i for i, n in enumerate(rhead) if n not in ("KEY", "PARENT_KEY")]
            at = {j for j, i in enumerate(keep) if i in date_times[name]}
            table.columns, table.rows = _with_offsets(table.columns, table.rows, at)
            yield table
        for name in foreign:
            yield Table(name, "foreign", [], iter(()))

    parts = [re.sub(r"~\d+$", "", n[len(form_id) + 1:-4]) for n in repeats]
    return Source(path, "central", form_id, [], None, None, False, form_id, tables, parts=parts)


_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")


def _date_time_columns(text: str) -> set[int]:
    """The columns of a Central CSV holding dateTime answers (every filled cell an ISO date and time)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    seen: dict[int, bool] = {}
    for cells in reader:
        for i, cell in enumerate(cells):
            if cell and seen.get(i, True):
                seen[i] = _DATE_TIME.match(cell) is not None
    return {i for i, ok in seen.items() if ok}


def _with_offsets(columns: list[str], rows, at: set[int]):
    """A dateTime column as the device workbook has it: the wall-clock date and time as a date cell, its UTC
    offset in the `<question>@utc_offset` column after it (Central writes "2024-06-30T10:11:12.000+02:00")."""
    if not at:
        return columns, rows
    wider = []
    for j, column in enumerate(columns):
        wider.append(column)
        if j in at:
            wider.append(column + layout.OFFSET_SUFFIX)

    def split():
        for row in rows:
            if isinstance(row, Rejected):
                yield row
                continue
            out = []
            for j, value in enumerate(row):
                if j not in at:
                    out.append(value)
                    continue
                try:
                    when = dt.datetime.fromisoformat(value).replace(tzinfo=None) if type(value) is str else value
                except ValueError:
                    when = value
                out += [when, layout.utc_offset(value) if type(value) is str else None]
            yield out

    return wider, split()


def _csv_head(archive: zipfile.ZipFile, name: str) -> list[str]:
    with archive.open(name) as stream:
        line = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="").readline()
    return next(csv.reader([line]), [])


def _central_main(heads: dict[str, list[str]]) -> str | None:
    """The export's main CSV: it has KEY and no PARENT_KEY, and its name begins the repeats' names
    (form.csv, form-member.csv); of several, the one most repeats name, then the shortest name."""
    mains = [n for n, head in heads.items() if "KEY" in head and "PARENT_KEY" not in head]
    if not mains:
        return None
    return min(mains, key=lambda n: (-sum(o.startswith(n[:-4] + "-") for o in heads), len(n), n))


def _central_repeat(name, head, reader, versions=None) -> Table:
    at_key, at_parent = head.index("KEY"), head.index("PARENT_KEY")
    keep = [i for i, n in enumerate(head) if n not in ("KEY", "PARENT_KEY")]

    def rows():
        for cells in reader:
            if not cells:
                continue
            cells = cells + [""] * (len(head) - len(cells))
            key, parent = cells[at_key], cells[at_parent]
            submission = key.split("/", 1)[0]
            current = (versions or {}).get(submission)
            if current is not None:         # an edited submission: its rows hang on the current version
                key, parent = current + key[len(submission):], current + parent[len(submission):]
                submission = current
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
