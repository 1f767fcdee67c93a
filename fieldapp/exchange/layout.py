"""The device workbook's layout, shared by the writer (export, sync) and the reader (merge): one place, no copies.

EXCHANGE.md describes the workbook; this module names its parts so the export
and the merge can never disagree about a sheet name, a column or a code.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re

# --- sheets -------------------------------------------------------------------
# Sheet 1 is always the main table (one row per submission); repeat sheets follow
# in form order; the two bookkeeping sheets come last.
FORM_SHEET = "_form"
CODES_SHEET = "_codes"
SHEET_NAME_LIMIT = 31                       # Excel's limit
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# --- columns -------------------------------------------------------------------
# Metadata columns of the main sheet, after the form's own columns (Kobo puts them last too).
MAIN_META = (
    "_uuid", "_root_uuid", "_deprecated_uuid", "_submission_time", "_start", "_end", "_status",
    "_version", "_device_id", "_enumerator", "_language", "_consent", "_decline_count", "_referrals",
)
# Columns of every repeat sheet, after the repeat's own columns.
REPEAT_META = ("_index", "_parent_index", "_parent_table", "_submission_uuid", "_key", "_parent_key")
GROUP_SEPARATOR = "/"                       # household/roster/age, as Kobo's default
CHOICE_SEPARATOR = "/"                      # select_multiple 0/1 columns: q/choice

# --- cell codes ---------------------------------------------------------------
# Distinct from blank (an ordinary empty answer) and from "don't know" (a form's own choice).
DECLINED = "#declined"                      # the respondent preferred not to answer
NOT_ASKED = "#not_asked"                    # the question was not relevant
NOT_REACHED = "#not_reached"                # the interview stopped or was withdrawn before this point
CODES = {
    DECLINED: ("Declined", "Prefer not to answer: the respondent chose not to answer."),
    NOT_ASKED: ("Not asked", "The question did not apply (not relevant for this respondent)."),
    NOT_REACHED: ("Not reached", "The interview stopped or was withdrawn before this question."),
}

# --- _form sheet ---------------------------------------------------------------
# Two columns, key and value, one row per key, in this order (readers look keys up by name).
FORM_KEYS = (
    "form_id", "form_version", "form_versions", "form_title", "languages", "labels", "profile",
    "device_id", "exporter", "exported_at", "submissions", "removed_characters", "hxl_row", "checksum",
)
EXPORTER = "FieldApp"


def repeat_key(instance_id: str, positional_path: str) -> str:
    """A repeat row's stable key: `uuid:…/household/member[2]` (the positional path without the root)."""
    relative = positional_path.split("/", 2)[-1] if positional_path.startswith("/") else positional_path
    return f"{instance_id}/{relative}"


def sheet_name(name: str, taken: set[str]) -> str:
    """`name` made into a legal, unique Excel sheet name (31 characters, no []:*?/\\), added to `taken`."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "sheet"
    candidate, n = base[:SHEET_NAME_LIMIT], 1
    while candidate.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f"_{n}"
        candidate = base[:SHEET_NAME_LIMIT - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def canonical_cell(value) -> str:
    """One cell as the checksum sees it: the same text whether it was written or read back by openpyxl."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(float(value))
    if isinstance(value, _dt.datetime):
        # openpyxl reads a date cell back as a datetime at midnight: both spell the same
        value = value.replace(microsecond=0)
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    # XML readers turn a raw carriage return into a line feed: hash line ends the way they read back
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


class Checksum:
    """SHA-256 over every data sheet's name and cells, in sheet and row order (header rows included)."""

    def __init__(self):
        self._hash = hashlib.sha256()

    def sheet(self, name: str) -> None:
        self._hash.update(b"\x1esheet\x1f" + name.encode("utf-8"))

    def row(self, cells) -> None:
        self._hash.update(b"\x1e" + "\x1f".join(canonical_cell(c) for c in cells).encode("utf-8"))

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
