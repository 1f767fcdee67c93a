"""The pyxform adapter (the only module that imports pyxform): XLSForm bytes -> XForm XML, and the sheet rows for messages.

pyxform's XForm XML is the contract; its private dict is never used. Two
traps are handled here: workbooks whose worksheets carry a wrong <dimension>
tag (openpyxl's read-only mode trusts it, so pyxform would see empty sheets)
are repaired in memory before conversion, and a conversion that yields no
questions while the survey sheet holds rows is refused rather than returned.
"""

from __future__ import annotations

import io
import re
import warnings as py_warnings
import zipfile
from dataclasses import dataclass, fields as dataclass_fields

from fieldapp.xform.model.errors import FormError, Problem
from fieldapp.xform.load.sniff import MARKDOWN, XLS, XLSX
from fieldapp.xform.messages import Code  # every problem by its code, with its English words
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language


SURVEY = "survey"
ROW_TAG = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
SHEET_IN_MESSAGE = re.compile(r"On the '([A-Za-z_]+)' sheet")
COLUMN_IN_MESSAGE = re.compile(r"the '([^']+)' value")
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([^\"]*)\"\s*/>")
LAST_ROW = re.compile(rb"<(?:\w+:)?row\s[^>]*?r=\"(\d+)\"")
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]+)\d+\"")
MAX_EMPTY_RUN = 60      # pyxform also stops reading a sheet after 60 empty rows
MAX_COLUMNS = 1000


@dataclass(frozen=True)
class Conversion:
    """pyxform's result: the XForm text and its warnings as Problems."""
    xform: str
    warnings: tuple[Problem, ...]
    workbook: bytes  # the bytes pyxform read (repaired when the dimension tags were wrong)


def convert(data: bytes, kind: str, stem: str, file: str | None = None) -> Conversion:
    """Convert an XLSForm (kind "xlsx", "xls" or "md") with pyxform; raises FormError with every place found."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import Definition, SupportedFileTypes, get_xlsform
    from pyxform.xls2xform import convert as pyxform_convert

    from fieldapp.xform.load import group_texts

    if kind == XLSX:
        data = repair_dimensions(data)
    file_type = {XLSX: SupportedFileTypes.xlsx, XLS: SupportedFileTypes.xls, MARKDOWN: SupportedFileTypes.md}[kind]
    definition = Definition(data=io.BytesIO(data), file_type=file_type, file_path_stem=stem)
    found_warnings: list[str] = []
    try:
        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")  # openpyxl's "unknown extension" noise is not the author's concern
            # the sheets are read once: pyxform converts them, and the groups' hints it drops are taken from them
            sheets = get_xlsform(definition, file_type.value)
            texts = group_texts.read_group_texts(sheets.survey)
            xform = pyxform_convert({f.name: getattr(sheets, f.name) for f in dataclass_fields(sheets)},
                                    warnings=found_warnings).xform
            xform = group_texts.add_group_texts(xform, texts)
    except PyXFormError as err:
        raise FormError(pyxform_problems(str(err), data, kind, file), file=file) from None
    except RecursionError:
        raise groups_too_deep(data, kind, file) or FormError([Problem(
            Code.XLSFORM_UNREADABLE, _("The XLSForm could not be converted ({kind}: {err}).")
            .format(kind="RecursionError", err="nested too deep"), file=file)], file=file) from None
    except Exception as err:  # a pyxform bug or an unreadable workbook must still read as a form problem
        message = _("The XLSForm could not be converted ({kind}: {err}).").format(kind=type(err).__name__, err=err)
        raise FormError([Problem(Code.XLSFORM_UNREADABLE, message, file=file,
                                 hint=_("Open it in a spreadsheet program, save it again as .xlsx and retry."))],
                        file=file) from None
    lines = [line.strip() for warning in found_warnings for line in str(warning).split("\n") if line.strip()]
    problems = tuple(_problem_from_message(line, file, code=Code.PYXFORM_WARNING) for line in lines)
    return Conversion(xform, problems, data)


def pyxform_problems(message: str, data: bytes, kind: str, file: str | None) -> list[Problem]:
    """pyxform's error as Problems, with the sheet/row/column it names or that we can find."""
    messages = [m for m in (part.strip() for part in message.split("\n")) if m] or [message]
    problems = [_problem_from_message(m, file) for m in messages]
    placed = []
    for problem in problems:
        if problem.row is None:
            problem = _locate(problem, data, kind)
        placed.append(problem)
    return placed


def _problem_from_message(message: str, file: str | None, code: Code = Code.PYXFORM) -> Problem:
    row = sheet = column = None
    match = ROW_TAG.match(message)
    text = message
    if match:
        row = int(match.group(1))
        text = message[match.end():]
    sheet_match = SHEET_IN_MESSAGE.search(text)
    if sheet_match:
        sheet = sheet_match.group(1)
        column_match = COLUMN_IN_MESSAGE.search(text[sheet_match.end():])
        if column_match:
            column = column_match.group(1)
    elif row is not None:
        sheet = SURVEY
        if text.startswith("List name not in choices sheet"):
            column = "type"
    else:
        for name in ("choices", "settings", "entities", "external_choices"):
            if f"{name} sheet" in text:
                sheet = name
                break
    return Problem(code, text.strip(), sheet=sheet, row=row, column=column, file=file)


def _locate(problem: Problem, data: bytes, kind: str) -> Problem:
    """Find the place of pyxform messages that carry none (duplicate headers, legacy include rows)."""
    from dataclasses import replace

    try:
        sheets = read_sheets(data, kind)
    except Exception:
        return problem
    duplicate = re.match(r"Duplicate column header: (.+)", problem.message)
    if duplicate:
        name = duplicate.group(1).strip()
        for sheet, rows in sheets.items():
            if rows and [h.strip().lower() for h in rows[0][1] if h].count(name.lower()) > 1:
                return replace(problem, sheet=sheet, row=rows[0][0], column=name,
                               hint=_("Keep one column with this header and remove or rename the other."))
    unknown_type = re.match(r"Unknown question type '(.+?)'", problem.message)
    if unknown_type:
        wanted = unknown_type.group(1).strip()
        for row_number, cells in _survey_dicts(sheets):
            if (cells.get("type") or "").strip() == wanted:
                return replace(problem, sheet=SURVEY, row=row_number, column="type",
                               hint=_("Use a type from the XLSForm spec (text, integer, select_one list, ...)."))
    if "has not been included" in problem.message:
        for row_number, cells in _survey_dicts(sheets):
            if (cells.get("type") or "").strip().startswith("include"):
                return replace(problem, sheet=SURVEY, row=row_number, column="type",
                               hint=_("The legacy 'include' type is not supported: copy the questions into this form."))
    if "sheet named 'survey'" in problem.message:
        return replace(problem, sheet=SURVEY, hint=_("Add a 'survey' sheet with a header row (type, name, label) and the questions."))
    return problem


# -- dimension repair --------------------------------------------------------

def repair_dimensions(data: bytes, *, drop_all: bool = False) -> bytes:
    """Drop worksheet <dimension> tags that claim fewer rows than the sheet holds, so openpyxl reads every row.

    drop_all also drops tags claiming too many rows (A1:AMJ1048576 is common), for
    which openpyxl's read-only mode would pad a million empty rows.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data
    with archive:
        broken: dict[str, bytes] = {}
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            xml = archive.read(info)
            tag = DIMENSION.search(xml[:4096])
            if tag is None:
                continue
            claimed_rows, claimed_columns = _size_of(tag.group(1).decode("ascii", "replace"))
            rows, columns = _last_row_of(xml), _last_column_of(xml)
            too_small = rows > claimed_rows or columns > claimed_columns
            if too_small or (drop_all and (rows, columns) != (claimed_rows, claimed_columns)):
                broken[info.filename] = xml[:tag.start()] + xml[tag.end():]
        if not broken:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as repaired:
            for info in archive.infolist():
                repaired.writestr(info, broken.get(info.filename) or archive.read(info))
        return out.getvalue()


def _last_row_of(xml: bytes) -> int:
    """The r= number of the sheet's last <row> (found from the end: sheets can be large)."""
    start = max(xml.rfind(b"<row"), xml.rfind(b":row"))
    if start < 0:
        return 0
    match = LAST_ROW.search(xml, max(start - 8, 0))
    if match:
        return int(match.group(1))
    # Rows without r= attributes are numbered by their order.
    return xml.count(b"<row>") + xml.count(b"<row ") + xml.count(b":row>") + xml.count(b":row ")


def _last_column_of(xml: bytes) -> int:
    """The widest column used by any cell (cells without r= count by their place in the row)."""
    letters = set(CELL_COLUMN.findall(xml))   # findall collects in C: a 1,000-row sheet has ~15,000 cells
    return max((_column_number(c.decode("ascii")) for c in letters), default=0)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _size_of(ref: str) -> tuple[int, int]:
    """(last row, last column) that a dimension ref such as "A1:Q17" claims."""
    cells = CELL_REF.findall(ref.upper())
    rows = max((int(number) for _letters, number in cells), default=0)
    columns = max((_column_number(letters) for letters, _ in cells), default=0)
    return rows, columns


# -- reading the sheets ourselves (for placing problems) ---------------------

def read_sheets(data: bytes, kind: str) -> dict[str, list[tuple[int, list[str]]]]:
    """Every sheet as (row number, cell strings) lists, lower-cased sheet names; rows as Excel numbers them."""
    if kind == XLSX:
        return _read_xlsx(data)
    if kind == XLS:
        return _read_xls(data)
    return _read_markdown(data.decode("utf-8-sig", errors="replace"))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes):
    import openpyxl

    with py_warnings.catch_warnings():
        py_warnings.simplefilter("ignore")
        # Full (not read-only) mode sizes sheets from their cells, never from a <dimension> tag:
        # this reader is the independent witness that a sheet pyxform saw as empty really holds rows.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
        return _xlsx_rows(book)


def _xlsx_rows(book):
    try:
        sheets = {}
        for sheet in book.worksheets:
            rows = []
            empty_run = 0
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in row[:MAX_COLUMNS]]
                if any(cells):
                    rows.append((number, cells))
                    empty_run = 0
                else:
                    empty_run += 1
                    if empty_run > MAX_EMPTY_RUN:  # formatted but empty rows to the sheet's end
                        break
            sheets[sheet.title.strip().lower()] = rows
        return sheets
    finally:
        book.close()


def _read_xls(data: bytes):
    import xlrd

    book = xlrd.open_workbook(file_contents=data)
    sheets = {}
    for sheet in book.sheets():
        rows = []
        for index in range(sheet.nrows):
            cells = [_cell(v) for v in sheet.row_values(index)]
            if any(cells):
                rows.append((index + 1, cells))
        sheets[sheet.name.strip().lower()] = rows
    return sheets


def _read_markdown(text: str):
    """pyxform's markdown layout: a `| sheet |` line opens a sheet; each table row is a sheet row."""
    sheets: dict[str, list] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("|") or re.fullmatch(r"[|\-\s:]+", stripped):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", stripped.strip("|"))]
        if cells and cells[0]:
            current = cells[0].lower()
            sheets[current] = []
            cells = cells[1:]
            if not any(cells):
                continue
        elif cells:
            cells = cells[1:]
        if current is None:
            continue
        sheets[current].append((len(sheets[current]) + 1, cells))
    return sheets


def _survey_dicts(sheets):
    rows = sheets.get(SURVEY) or (next(iter(sheets.values())) if len(sheets) == 1 else [])
    if not rows:
        return
    header = [h.strip() for h in rows[0][1]]
    for number, cells in rows[1:]:
        yield number, {header[i].lower(): cells[i] for i in range(min(len(header), len(cells))) if header[i]}


@dataclass(frozen=True)
class SurveyRow:
    """A survey-sheet row: its number, the question path it defines (without root) and its cells by header."""
    number: int
    path: str
    cells: dict[str, str]


def survey_rows(data: bytes, kind: str) -> tuple[list[str], list[SurveyRow]]:
    """The survey sheet's headers and rows with the relative path ("g/q") each row defines."""
    sheets = read_sheets(data, kind)
    rows = sheets.get(SURVEY) or (next(iter(sheets.values())) if len(sheets) == 1 else [])
    if not rows:
        return [], []
    header = [h.strip() for h in rows[0][1]]
    lower = [h.lower() for h in header]
    stack: list[str] = []
    result = []
    for number, cells in rows[1:]:
        by_header = {header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i]}
        kind_cell = cells[lower.index("type")].strip().lower() if "type" in lower and lower.index("type") < len(cells) else ""
        name = cells[lower.index("name")].strip() if "name" in lower and lower.index("name") < len(cells) else ""
        kind_words = kind_cell.replace("_", " ").split()
        if kind_words[:1] == ["end"]:
            if stack:
                stack.pop()
            result.append(SurveyRow(number, "", by_header))  # an end row defines nothing of its own
            continue
        path = "/".join(stack + [name]) if name else ""
        result.append(SurveyRow(number, path, by_header))
        if kind_words[:1] == ["begin"] and name:
            stack.append(name)
    return header, result


def too_deep_row(data: bytes, kind: str, limit: int) -> int | None:
    """The survey row whose begin group/repeat nests more than `limit` deep, None when none does (or unreadable)."""
    try:
        sheets = read_sheets(data, kind)
    except Exception:
        return None
    depth = 0
    for number, cells in _survey_dicts(sheets):
        words = (cells.get("type") or "").strip().lower().replace("_", " ").split()
        if words[:1] == ["begin"]:
            depth += 1
            if depth > limit:
                return number
        elif words[:1] == ["end"] and depth:
            depth -= 1
    return None


def groups_too_deep(data: bytes, kind: str, file: str | None) -> FormError | None:
    """The refusal of an XLSForm whose groups nest deeper than FieldApp reads, placed on its row."""
    from fieldapp.xform.load.xform_parser import MAX_XML_DEPTH
    limit = MAX_XML_DEPTH - 10   # the instance and the body wrap each group in a few more elements
    row = too_deep_row(data, kind, limit)
    if row is None:
        return None
    return FormError([Problem(Code.GROUPS_TOO_DEEP, _("Groups and repeats are nested more than {limit} deep here; "
                                                   "FieldApp reads forms up to that depth.").format(limit=limit),
                              sheet=SURVEY, row=row, column="type", file=file,
                              hint=_("Close some groups with end group: no form needs groups nested that deep."))],
                     file=file)


def has_survey_rows(data: bytes, kind: str) -> bool:
    """True when the survey sheet (or the only sheet) holds at least one row under its header."""
    try:
        _, rows = survey_rows(data, kind)
    except Exception:
        return False
    return any(r.cells for r in rows)
