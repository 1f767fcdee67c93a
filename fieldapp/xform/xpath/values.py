"""XPath type conversions as ODK Collect (JavaRosa) does them: string, number, boolean and date.

Values are Python objects: bool, float, str, datetime.date (a date at local
midnight), datetime.datetime (aware), and lists of nodes for node-sets. A
node-set is "unpacked" before conversion: empty gives "", one node gives its
value, several nodes are an error (JavaRosa asks for indexed-repeat()).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from .errors import XPathTypeMismatch

NAN = float("nan")
EPOCH = dt.date(1970, 1, 1)
DAY_SECONDS = 86400.0
_INT_MIN, _INT_MAX = -2**31, 2**31 - 1
_LONG_MIN, _LONG_MAX = -2**63, 2**63 - 1


def unpack_nodes(nodes: list, read=None):
    """The single value of a node-set: "" when empty, the node's value, an error for several nodes."""
    if not nodes:
        return ""
    if len(nodes) > 1:
        paths = "; ".join(n.path() for n in nodes[:5])
        raise XPathTypeMismatch(
            f"this field is repeated ({paths}); use indexed-repeat() to say which value you want")
    node = nodes[0]
    if read is not None:
        return read(node)
    return node.value if not node.children else node.string_value()


# -- to string ---------------------------------------------------------------
def java_double_str(d: float) -> str:
    """Java's Double.toString: plain between 1e-3 and 1e7, otherwise 1.23E21 style."""
    if d == 0:
        return "-0.0" if math.copysign(1, d) < 0 else "0.0"
    digits_tuple = Decimal(repr(d)).as_tuple()
    digits = "".join(map(str, digits_tuple.digits)).rstrip("0") or "0"
    exponent = len(digits_tuple.digits) + digits_tuple.exponent - 1
    sign = "-" if d < 0 else ""
    if 1e-3 <= abs(d) < 1e7:
        text = format(Decimal(repr(abs(d))), "f")
        if "." not in text:
            text += ".0"
        return sign + text
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"


def number_to_string(d: float) -> str:
    """XPath string of a number as JavaRosa writes it: integers without ".0", NaN as "NaN"."""
    if d != d:
        return "NaN"
    if abs(d) < 1e-12:
        return "0"
    if d in (math.inf, -math.inf):
        return "Infinity" if d > 0 else "-Infinity"
    # Java's (int) cast saturates at the int range; beyond it the Double.toString form is used.
    as_int = max(_INT_MIN, min(_INT_MAX, int(d)))
    if abs(d - as_int) < 1e-12:
        return str(as_int)
    return java_double_str(d)


def date_to_string(value: dt.date) -> str:
    """Dates (and date-times, as JavaRosa does) convert to strings as YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def to_string(value) -> str:
    kind = type(value)
    if kind is str:
        return value
    if kind is float:
        return number_to_string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is list:
        return to_string(unpack_nodes(value))
    if isinstance(value, dt.date):
        return date_to_string(value)
    if isinstance(value, int):
        return number_to_string(float(value))
    raise XPathTypeMismatch(f"cannot convert {value!r} to a string")


# -- to number ---------------------------------------------------------------
_NUMBER_CHARS = frozenset("-.0123456789")


def string_to_number(text: str) -> float:
    """XPath number() of a string: digits, '-' and '.' only (',' read as '.'); a date as its days since 1970; else NaN."""
    if text.isdigit() and text.isascii():  # the common case: a plain whole number
        return float(text)
    text = text.replace(",", ".").strip(_JAVA_TRIM)
    if not text or not _NUMBER_CHARS.issuperset(text):
        return NAN
    try:
        return float(text)
    except ValueError:
        pass
    # JavaRosa's toNumeric tries a date before giving up, so ${date} > '2015-01-01' compares days.
    parsed = parse_date_time(text) if text.count("-") == 2 else None
    return days_since_epoch(parsed) if parsed is not None else NAN


# Java's String.trim() removes every character up to and including the space.
_JAVA_TRIM = "".join(chr(c) for c in range(33))


def days_since_epoch(value: dt.date) -> float:
    if isinstance(value, dt.datetime):
        value = value.date()
    return float((value - EPOCH).days)


def fractional_days(value: dt.date) -> float:
    """Days since 1970-01-01 local midnight, with the time of day as a fraction (JavaRosa's toDouble)."""
    if isinstance(value, dt.datetime):
        wall = value.replace(tzinfo=None)  # the wall-clock time in the value's own zone
        return (wall - dt.datetime(1970, 1, 1)).total_seconds() / DAY_SECONDS
    return days_since_epoch(value)


def to_number(value) -> float:
    kind = type(value)
    if kind is float:
        return value
    if kind is str:
        return string_to_number(value)
    if kind is bool:
        return 1.0 if value else 0.0
    if kind is list:
        return to_number(unpack_nodes(value))
    if isinstance(value, dt.date):
        return days_since_epoch(value)
    if isinstance(value, int):
        return float(value)
    raise XPathTypeMismatch(f"cannot convert {value!r} to a number")


def to_double(value) -> float:
    """Number for math functions: like to_number, but date-times keep their time of day."""
    if isinstance(value, dt.date):
        return fractional_days(value)
    return to_number(value)


def to_int(value) -> float:
    """int(): truncate towards zero, keeping NaN, infinities, huge values and the sign of zero."""
    d = to_number(value)
    if d != d or d in (math.inf, -math.inf) or d >= _LONG_MAX or d <= _LONG_MIN:
        return d
    truncated = float(int(d))
    if truncated == 0 and (d < 0 or math.copysign(1, d) < 0):
        return -0.0
    return truncated


def java_long(d: float) -> int:
    """Java's (long) cast of a double: NaN is 0, out-of-range values saturate."""
    if d != d:
        return 0
    if d >= _LONG_MAX:
        return _LONG_MAX
    if d <= _LONG_MIN:
        return _LONG_MIN
    return int(d)


def java_int(d: float) -> int:
    """Java's (int) cast of a double."""
    if d != d:
        return 0
    return max(_INT_MIN, min(_INT_MAX, int(d))) if abs(d) != math.inf else (_INT_MAX if d > 0 else _INT_MIN)


# -- to boolean --------------------------------------------------------------
def to_boolean(value) -> bool:
    kind = type(value)
    if kind is bool:
        return value
    if kind is str:
        return len(value) > 0
    if kind is float:
        return abs(value) > 1e-12 and value == value
    if kind is list:
        return to_boolean(unpack_nodes(value))
    if isinstance(value, dt.date):
        return True
    if isinstance(value, int):
        return value != 0
    raise XPathTypeMismatch(f"cannot convert {value!r} to a boolean")


# -- dates -------------------------------------------------------------------
# JavaRosa reads dates as three '-'-separated integers (2020-1-5 is fine) and times after a 'T'.
_DATETIME_RE = re.compile(
    r"^\s*(\d+)-(\d+)-(\d+)"
    r"(?:T(\d+):(\d+)(?::(\d+)(?:[.,](\d*))?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?)?\s*$")
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d*))?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$")


def parse_offset(text: str | None, default_tz=None):
    """The fixed zone of "Z", "+03", "-06:00" or "+0530"; `default_tz` when there is none."""
    if text is None:
        return default_tz
    if text == "Z":
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    hours_text, _, minutes_text = text[1:].partition(":")
    if not minutes_text and len(hours_text) > 2:  # +0530
        hours_text, minutes_text = hours_text[:-2], hours_text[-2:]
    hours = int(hours_text)
    minutes = int(minutes_text) if minutes_text else 0
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def parse_date_time(text: str, tz=None):
    """An ISO date ("2018-01-02") as a date, an ISO date-time as an aware datetime; None if unreadable.

    Date-times without an offset are read in `tz` (the evaluation's time zone).
    """
    match = _DATETIME_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
        if hour is None:
            return date
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        value = dt.datetime(date.year, date.month, date.day, int(hour), int(minute), int(second or 0), micro)
        return localize(value, parse_offset(offset, None), tz)
    except ValueError:
        return None


def localize(value: dt.datetime, offset, tz) -> dt.datetime:
    """Attach the written offset (or the evaluation zone when none is written) and express it in `tz`."""
    if offset is not None:
        value = value.replace(tzinfo=offset)
        return value.astimezone(tz) if tz is not None else value.astimezone()
    return value.replace(tzinfo=tz) if tz is not None else value.astimezone()


def parse_time(text: str, tz=None, on: dt.date | None = None):
    """An ODK time value ("10:20:30.000+03:00") as an aware datetime on `on` (default 1970-01-01)."""
    match = _TIME_RE.match(text)
    if not match:
        return None
    hour, minute, second, fraction, offset = match.groups()
    day = on or EPOCH
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        value = dt.datetime(day.year, day.month, day.day, int(hour), int(minute), int(second or 0), micro)
    except ValueError:
        return None
    return localize(value, parse_offset(offset, None), tz)


def _offset_text(value: dt.datetime) -> str:
    """+HH:MM of an aware datetime (seconds of historic local-mean-time offsets are dropped)."""
    minutes = int(value.utcoffset().total_seconds() / 60)  # truncated towards zero
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_date_time(value: dt.datetime) -> str:
    """ISO 8601 with milliseconds and offset, as ODK stores dateTime answers."""
    if value.tzinfo is None:
        value = value.astimezone()
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:"
            f"{value.second:02d}.{value.microsecond // 1000:03d}{_offset_text(value)}")


def format_time(value: dt.datetime) -> str:
    """HH:MM:SS.mmm+HH:MM, as ODK stores time answers."""
    if value.tzinfo is None:
        value = value.astimezone()
    return (f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}"
            f"{_offset_text(value)}")


def typed_value(text: str, xsd_type: str | None, tz=None):
    """An instance node's text read as ODK types it (for EvalContext.read_value): numbers for int/decimal,
    dates for date/dateTime, booleans for boolean. Empty text stays "" (JavaRosa's null)."""
    if not text or not xsd_type:
        return text
    if xsd_type in ("int", "integer", "decimal", "double", "long", "short", "byte", "float"):
        number = string_to_number(text)
        return number if number == number else text
    if xsd_type == "date":
        parsed = parse_date_time(text, tz)
        if isinstance(parsed, dt.datetime):
            return parsed.date()
        return parsed if parsed is not None else text
    if xsd_type == "dateTime":
        parsed = parse_date_time(text, tz)
        return parsed if parsed is not None else text
    if xsd_type == "time":
        parsed = parse_time(text, tz)
        return parsed if parsed is not None else text
    if xsd_type == "boolean":
        return text in ("true", "1")
    return text


def format_for_type(value, xsd_type: str | None, tz=None) -> str:
    """The XForm text a calculate/setvalue result is stored as for a bind of `xsd_type`, following
    JavaRosa's Recalculate.wrapData: "" and NaN store nothing; whole numbers store without decimals
    (also for decimal binds); other numbers as Java writes doubles; a date or date-time result stores
    as a date for date binds, a time for time binds, and a full date-time otherwise (today() at
    local midnight in `tz`).
    """
    if type(value) is list:
        value = unpack_nodes(value)
    if isinstance(value, dt.datetime):
        if xsd_type == "date":
            return date_to_string(value)
        if xsd_type == "time":
            return format_time(value)
        return format_date_time(value)
    if isinstance(value, dt.date):
        if xsd_type == "date":
            return date_to_string(value)
        midnight = dt.datetime(value.year, value.month, value.day)
        midnight = midnight.replace(tzinfo=tz) if tz is not None else midnight.astimezone()
        return format_time(midnight) if xsd_type == "time" else format_date_time(midnight)
    if type(value) is bool:
        if xsd_type in ("int", "decimal"):
            return "1" if value else "0"
        return "true" if value else "false"
    if type(value) is float:
        if value != value:
            return ""
        if value in (math.inf, -math.inf):
            return "" if xsd_type in ("int", "decimal") else number_to_string(value)
        as_long = java_long(value)
        if xsd_type == "int":
            return str(max(_INT_MIN, min(_INT_MAX, as_long)))
        if abs(value - as_long) < 1e-9:
            return str(as_long)
        return java_double_str(value)
    return to_string(value)
