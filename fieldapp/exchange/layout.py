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
# An answer whose text is literally a code ("#declined" typed in a text question), or a code with more # in
# front, is written with one more # in front ("##declined"), so no answer is ever read as a code; a reader
# takes one # off again (answer_text). Tools that read the workbook keep "##..." cells apart from the codes.
CODE_ESCAPE = "#"
ESCAPE_NOTE = ("##declined, ##not_asked, ##not_reached", "An answer, not a code",
               "The answer's text was literally the code (or began with more #): one # was added in front. "
               "Take one # off to read the answer.")
_LOOKS_LIKE_CODE = re.compile("#+(?:" + "|".join(re.escape(c[1:]) for c in CODES) + r")\Z")


def escape_text(text: str) -> str:
    """An answer's text as written in a cell: one more # in front when it would read as a code."""
    if text[:1] == CODE_ESCAPE and _LOOKS_LIKE_CODE.match(text):
        return CODE_ESCAPE + text
    return text


def answer_text(value):
    """A cell read back as the answer it holds: one # taken off an escaped answer; codes and others as they are."""
    if type(value) is str and value[:2] == "##" and _LOOKS_LIKE_CODE.match(value):
        return value[1:]
    return value


# Excel holds at most 32,767 characters in a cell: a longer answer is cut to the limit and the cut cells are
# counted in _form (cut_cells), never cut silently.
CELL_LIMIT = 32_767
# A dateTime answer is a date cell with the wall-clock time it was recorded at (Excel has no time zones) and,
# in the next column `<question>@utc_offset`, that time's offset from UTC as text (+HH:MM or -HH:MM; blank when
# the answer had none). Wall-clock time + offset gives back the answer exactly (milliseconds kept).
OFFSET_SUFFIX = "@utc_offset"
OFFSET_NOTE = ("question" + OFFSET_SUFFIX, "UTC offset of a date and time",
               "The question's date-and-time cell is the local time it was recorded at; this column is that "
               "time's offset from UTC (-05:00 is five hours behind UTC).")

# --- _form sheet ---------------------------------------------------------------
# Two columns, key and value, one row per key, in this order (readers look keys up by name).
FORM_KEYS = (
    "form_id", "form_version", "form_versions", "form_title", "languages", "labels", "profile",
    "device_id", "exporter", "exported_at", "submissions", "removed_characters", "cut_cells", "hxl_row",
    "checksum",
)
EXPORTER = "FieldApp"
# Values of the _status column.
STATUS_FINALIZED = "finalized"
STATUS_WITHDRAWN = "withdrawn"              # stopped by the respondent; answers given before are kept
STATUS_WITHDRAWN_ERASED = "withdrawn_erased"  # stopped and erased: only the record that it happened
# Export profiles (SAFEGUARDING.md item 14).
PROFILES = ("full", "pseudonymized", "publishable")
# One line per profile, for the Export dialog and `fieldapp export --help` (the UI translates them).
PROFILE_NOTES = {
    "full": "Every answer and attached file; always password-encrypted.",
    "pseudonymized": "Identifying answers replaced by the organisation's code; password-encrypted.",
    "publishable": "No identifying, sensitive or free-text answers; may be shared unencrypted.",
}
# A pseudonymized answer: this prefix and 20 hex digits of HMAC-SHA256(organisation key, normalized answer).
PSEUDONYM_PREFIX = "ps-"

# --- the sync folder ------------------------------------------------------------
# Folders inside the sync folder a user chooses (a USB stick, a shared drive).
SYNC_DEVICES = "devices"                    # laptops write: <form>__<device>.xlsx (+ .files.zip)
SYNC_FORMS = "forms"                        # the coordinator leaves new form versions (.xlsx, .xls, .xml, .md)
SYNC_SERVICES = "services"                  # the coordinator leaves the service directory (one spreadsheet)
SYNC_KEYS = "keys"                          # the organisation's pseudonymization key, sealed (sealedkey.py)
SYNC_RECEIPTS = "receipts"                  # the merge writes which submissions the master holds
# The key sealed with the sync password (scrypt + AES-256-GCM, JSON; fieldapp.exchange.sealedkey). The old clear
# file (64 hex digits) is refused: a key that travelled in the clear is exposed and must be replaced.
SEALED_KEY_FILE = "pseudonymization-key.sealed"
PSEUDONYM_KEY_FILE = "pseudonymization-key.txt"
# A receipt: a UTF-8 CSV file in receipts/ named <form>__<anything>.csv (receipt_file_name), header row
# RECEIPT_COLUMNS, then one row per submission the master holds. A laptop reads every receipt file and
# offers to purge the submissions it holds among them; unknown ids are ignored.
RECEIPT_COLUMNS = ("instance_id", "form_id", "received_at")
RECEIPT_SUFFIX = ".csv"
ATTACHMENTS_SUFFIX = ".files.zip"           # beside a full-profile workbook: its attached files, AES-encrypted
# FAT32 and exFAT refuse these characters in names; Windows refuses these base names.
_FAT_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
NAME_LIMIT = 100                            # well under the 255 of FAT32/exFAT, leaves room for the folder
FILE_SIZE_LIMIT = 4 * 1024 ** 3 - 1         # FAT32's largest file


def utc_offset(text: str) -> str | None:
    """The UTC offset an ISO 8601 dateTime or time answer carries, as +HH:MM / -HH:MM ("Z" is +00:00)."""
    match = _OFFSET.search(text)
    if match is None:
        return None
    if match.group(1) == "Z":
        return "+00:00"
    sign, hours, minutes = match.group(2), match.group(3), match.group(4) or "00"
    return f"{sign}{hours}:{minutes}"


_OFFSET = re.compile(r"\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(Z|([+-])(\d\d):?(\d\d)?)\Z")


def with_offset(value, offset):
    """A dateTime read back (wall-clock datetime and its offset column) as the aware datetime it was answered as."""
    if not isinstance(value, _dt.datetime) or not offset:
        return value
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = offset[1:].split(":")
    zone = _dt.timezone(sign * _dt.timedelta(hours=int(hours), minutes=int(minutes)))
    return value.replace(tzinfo=zone)


def safe_file_part(text: str, limit: int = 60) -> str:
    """`text` usable in a file name on FAT32/exFAT/NTFS/ext4: forbidden characters become _, no trailing dot."""
    cleaned = _FAT_FORBIDDEN.sub("_", text).strip().rstrip(". ") or "_"
    cleaned = cleaned[:limit].rstrip(". ") or "_"
    if cleaned.split(".")[0].lower() in _WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    return cleaned


def device_file_stem(form_id: str, device_id: str) -> str:
    """`<form>__<device>`: one laptop's file of one form, never clashing with another laptop's."""
    device = device_id.split(":", 1)[-1]
    return safe_file_part(f"{safe_file_part(form_id)}__{safe_file_part(device, 32)}", NAME_LIMIT)


def receipt_file_name(form_id: str, label: str) -> str:
    """`<form>__<label>.csv` in receipts/ (label: the master's name, a date...)."""
    return safe_file_part(f"{safe_file_part(form_id)}__{safe_file_part(label, 40)}", NAME_LIMIT) + RECEIPT_SUFFIX


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
    kind = type(value)
    if kind is str:
        return value
    if value is None:
        return ""
    if kind is int:
        return repr(float(value))
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


_SMALL = {n: repr(float(n)) for n in range(-1, 1000)}     # canonical_cell of the small whole numbers


def _row_bytes(cells) -> bytes:
    # text and blanks (most cells) spelled here without a call: the same as canonical_cell spells them
    return b"\x1e" + "\x1f".join([
        v if type(v) is str else "" if v is None else _SMALL.get(v) or canonical_cell(v) if type(v) is int
        else canonical_cell(v) for v in cells]).encode("utf-8")


class Checksum:
    """SHA-256 over every data sheet's name and cells, sheet by sheet in sheet order, rows in row order
    (header rows included).

    Each sheet is hashed on its own and the sheet digests are hashed together in the order the sheets
    were first named, so a writer that fills several sheets at once (`row_in`) and a reader that reads
    them one after the other (`sheet` then `row`) reach the same digest.
    """

    def __init__(self):
        self._sheets: dict[str, "hashlib._Hash"] = {}
        self._current = None

    def sheet(self, name: str) -> None:
        if name not in self._sheets:
            self._sheets[name] = hashlib.sha256(b"\x1esheet\x1f" + name.encode("utf-8"))
        self._current = self._sheets[name]

    def row(self, cells) -> None:
        self._current.update(_row_bytes(cells))

    def row_in(self, name: str, cells) -> None:
        """A row of sheet `name` (named before with sheet()), whichever sheet was named last."""
        self._sheets[name].update(_row_bytes(cells))

    def hexdigest(self) -> str:
        total = hashlib.sha256()
        for name, digest in self._sheets.items():
            total.update(name.encode("utf-8") + b"\x1f" + digest.digest())
        return total.hexdigest()
