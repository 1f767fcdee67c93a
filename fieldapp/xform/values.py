"""Type checking and normalising of answers per bind type, and storing computed values as XForm strings."""

from __future__ import annotations

import datetime as _dt
import math
import re

_INT = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](.+)$")
# JavaRosa keeps int answers in a Java int.
_INT_MAX = 2**31 - 1


class ValueProblem(Exception):
    """A value that does not fit its type: `code` is a messages.py key, `params` fill it in."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def normalize(bind_type: str, value: str, choices: frozenset[str] | None = None) -> str:
    """The value to store for an answer of `bind_type`, or ValueProblem. "" always clears.

    `choices`: the allowed values of a select with static choices (None = not checked).
    """
    if value is None:
        return ""
    text = str(value)
    if bind_type in ("string", "barcode", "binary", "intent", "") or not text.strip():
        return text if text.strip() else ""
    text = text.strip()
    check = _CHECKS.get(bind_type)
    if check is None:
        return text
    return check(text, choices)


def _int(text, _choices):
    if not _INT.match(text):
        # "12.0" is still a whole number; Collect's numeric keypad never produces it, scripts might.
        if _DECIMAL.match(text):
            number = float(text)
            if number.is_integer():
                text = str(int(number))
            else:
                raise ValueProblem("int")
        else:
            raise ValueProblem("int")
    number = int(text)
    if abs(number) > _INT_MAX:
        raise ValueProblem("int_range")
    return str(number)


def _decimal(text, _choices):
    if not _DECIMAL.match(text):
        raise ValueProblem("decimal")
    number = float(text)
    if math.isinf(number) or math.isnan(number):
        raise ValueProblem("decimal")
    text = text[1:] if text.startswith("+") else text
    # JavaRosa keeps a decimal answer as a double: "7.50" is stored as "7.5"
    if "." in text and "e" not in text.lower():
        whole, _, fraction = text.partition(".")
        fraction = fraction.rstrip("0")
        text = f"{whole or '0'}.{fraction or '0'}"
    return text


def _date(text, _choices):
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat() if len(text) == 10 else _bad("date")
    except ValueError:
        raise ValueProblem("date") from None


def _bad(code):
    raise ValueProblem(code)


def _time(text, _choices):
    match = _TIME.match(text)
    if not match:
        raise ValueProblem("time")
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueProblem("time")
    return text


def _datetime(text, _choices):
    match = _DATETIME.match(text)
    if not match:
        raise ValueProblem("dateTime")
    try:
        _dt.date.fromisoformat(match.group(1))
        _time(match.group(2), None)
    except (ValueError, ValueProblem):
        raise ValueProblem("dateTime") from None
    return f"{match.group(1)}T{match.group(2)}"


def _boolean(text, _choices):
    lowered = text.lower()
    if lowered in ("true", "1"):
        return "true"
    if lowered in ("false", "0"):
        return "false"
    raise ValueProblem("boolean")


def _select1(text, choices):
    # Choice values may hold spaces ("Township 22"): JavaRosa keeps a select_one value whole.
    if choices is not None:
        if text not in choices:
            raise ValueProblem("single_choice" if len(text.split()) > 1 and all(t in choices for t in text.split())
                               else "choice", value=text)
        return text
    return text


def _select(text, choices):
    picked: list[str] = []
    for token in text.split():
        if choices is not None and token not in choices:
            raise ValueProblem("choice", value=token)
        if token not in picked:
            picked.append(token)
    return " ".join(picked)


def _rank(text, choices):
    return _select(text, choices)


def _geopoint(text, _choices):
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        raise ValueProblem("geopoint")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValueProblem("geopoint") from None
    if not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
        raise ValueProblem("geopoint")
    return " ".join(parts)


def _geoshape(text, _choices):
    points = [p.strip() for p in text.split(";") if p.strip()]
    if not points:
        raise ValueProblem("geoshape")
    try:
        return ";".join(_geopoint(p, None) for p in points)
    except ValueProblem:
        raise ValueProblem("geoshape") from None


_CHECKS = {
    "int": _int, "integer": _int, "long": _int, "short": _int,
    "decimal": _decimal, "double": _decimal, "float": _decimal,
    "date": _date, "time": _time, "dateTime": _datetime, "datetime": _datetime,
    "boolean": _boolean,
    "select1": _select1, "select": _select, "rank": _rank, "odk:rank": _rank,
    "geopoint": _geopoint, "geotrace": _geoshape, "geoshape": _geoshape,
}


def format_number(number: float) -> str:
    """XPath's string() of a number: integers without ".0", NaN as "NaN"."""
    if number != number:
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    text = repr(number)
    if "e" in text:
        text = format(number, "f").rstrip("0").rstrip(".")
    return text


def store_computed(bind_type: str, result) -> str:
    """A calculate/setvalue result as the string stored for a node of `bind_type` (JavaRosa casts to the bind type)."""
    from fieldapp.xform.xpath.values import format_for_type
    return format_for_type(result, bind_type if bind_type not in _SELECT_TYPES else "string")


_SELECT_TYPES = frozenset({"select1", "select", "rank"})


def _store_computed_fallback(bind_type: str, result) -> str:
    """Our own conversion, kept for results the XPath layer does not type (plain ints)."""
    if isinstance(result, bool):
        text = "true" if result else "false"
        if bind_type in ("int", "decimal"):
            return "1" if result else "0"
        return text
    if isinstance(result, (int, float)):
        number = float(result)
        if number != number or math.isinf(number):
            # JavaRosa leaves NaN answers empty for numeric binds (and writes "NaN" for strings).
            return "" if bind_type in ("int", "decimal", "date", "dateTime", "time") else format_number(number)
        if bind_type == "int":
            return str(int(number))
        if bind_type == "date":
            return (_dt.date(1970, 1, 1) + _dt.timedelta(days=math.floor(number))).isoformat()
        return format_number(number)
    if isinstance(result, _dt.datetime):
        if bind_type == "date":
            return result.date().isoformat()
        return format_datetime(result)
    if isinstance(result, _dt.date):
        if bind_type == "dateTime":
            return format_datetime(_dt.datetime(result.year, result.month, result.day))
        return result.isoformat()
    if isinstance(result, (list, tuple)):
        if not result:
            return ""
        first = result[0]
        result = first.string_value() if hasattr(first, "string_value") else str(first)
    text = "" if result is None else str(result)
    if bind_type == "int" and text:
        try:
            return str(int(float(text)))
        except ValueError:
            return ""
    return text


def format_datetime(value: _dt.datetime) -> str:
    """ISO dateTime with milliseconds and offset, as ODK writes start/end."""
    text = value.isoformat(timespec="milliseconds")
    if text.endswith("+00:00"):
        return text
    return text
