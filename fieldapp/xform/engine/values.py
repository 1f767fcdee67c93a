"""Type checking and normalising of answers per bind type, and storing computed values as XForm strings."""

from __future__ import annotations

import datetime as _dt
import math
import re

from fieldapp.xform.messages import Code

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


def normalize(bind_type: str, value: str, choices: frozenset[str] | None = None, tz=None) -> str:
    """The value to store for an answer of `bind_type`, or ValueProblem. "" always clears.

    `choices`: the allowed values of a select (None = not checked); `tz`: the device's
    time zone, written on times and date-times typed without an offset, as ODK does.
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
    if check is _time or check is _datetime:
        return check(text, choices, _offset_text(tz))
    return check(text, choices)


def _int(text, _choices):
    if not _INT.match(text):
        # "12.0" is still a whole number; Collect's numeric keypad never produces it, scripts might.
        if _DECIMAL.match(text):
            number = float(text)
            if number.is_integer():
                text = str(int(number))
            else:
                raise ValueProblem(Code.INT)
        else:
            raise ValueProblem(Code.INT)
    number = int(text)
    if abs(number) > _INT_MAX:
        raise ValueProblem(Code.INT_RANGE)
    return str(number)


def _decimal(text, _choices):
    if not _DECIMAL.match(text):
        raise ValueProblem(Code.DECIMAL)
    number = float(text)
    if math.isinf(number) or math.isnan(number):
        raise ValueProblem(Code.DECIMAL)
    text = text[1:] if text.startswith("+") else text
    # JavaRosa keeps a decimal answer as a double and writes it with Java's Double.toString:
    # "7.50" is stored as "7.5" and "186" as "186.0" (Web Forms agrees).
    if number == 0:
        return "0.0"
    if 1e-3 <= abs(number) < 1e7:
        from fieldapp.xform.xpath.values import java_double_str
        return java_double_str(number)
    # Beyond that Java switches to "1.2E7": keep the digits as typed instead, so exports stay readable.
    if "." in text and "e" not in text.lower():
        whole, _, fraction = text.partition(".")
        fraction = fraction.rstrip("0")
        text = f"{whole or '0'}.{fraction or '0'}"
    return text


def _date(text, _choices):
    try:
        return _dt.date.fromisoformat(text[:10]).isoformat() if len(text) == 10 else _bad("date")
    except ValueError:
        raise ValueProblem(Code.DATE) from None


def _bad(code):
    raise ValueProblem(code)


def _time(text, _choices, offset: str = ""):
    """ODK's canonical time: HH:MM:SS.sss with the offset (the device's when none is written)."""
    match = _TIME.match(text)
    if not match:
        raise ValueProblem(Code.TIME)
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueProblem(Code.TIME)
    millis = (match.group(4) or ".000")[1:4].ljust(3, "0")
    zone = match.group(5)
    if zone is None:
        zone = offset
    elif zone != "Z":
        digits = zone[1:].replace(":", "")
        zone = f"{zone[0]}{digits[:2]}:{(digits[2:4] or '00')}"
    return f"{hour:02d}:{minute:02d}:{second:02d}.{millis}{zone}"


def _datetime(text, _choices, offset: str = ""):
    match = _DATETIME.match(text)
    if not match:
        raise ValueProblem(Code.DATETIME)
    try:
        _dt.date.fromisoformat(match.group(1))
        clock = _time(match.group(2), None, offset)
    except (ValueError, ValueProblem):
        raise ValueProblem(Code.DATETIME) from None
    return f"{match.group(1)}T{clock}"


def _boolean(text, _choices):
    lowered = text.lower()
    if lowered in ("true", "1"):
        return "true"
    if lowered in ("false", "0"):
        return "false"
    raise ValueProblem(Code.BOOLEAN)


def _select1(text, choices):
    # Choice values may hold spaces ("Township 22"): JavaRosa keeps a select_one value whole.
    if choices is not None:
        if text not in choices:
            raise ValueProblem(Code.SINGLE_CHOICE if len(text.split()) > 1 and all(t in choices for t in text.split())
                               else Code.CHOICE)
        return text
    return text


def _select(text, choices):
    picked: list[str] = []
    for token in text.split():
        if choices is not None and token not in choices:
            raise ValueProblem(Code.CHOICE)
        if token not in picked:
            picked.append(token)
    return " ".join(picked)


def _rank(text, choices):
    return _select(text, choices)


def _geopoint(text, _choices):
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        raise ValueProblem(Code.GEOPOINT)
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValueProblem(Code.GEOPOINT) from None
    if not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
        raise ValueProblem(Code.GEOPOINT)
    return " ".join(parts)


def _geoshape(text, _choices):
    points = [p.strip() for p in text.split(";") if p.strip()]
    if not points:
        raise ValueProblem(Code.GEOSHAPE)
    try:
        return ";".join(_geopoint(p, None) for p in points)
    except ValueProblem:
        raise ValueProblem(Code.GEOSHAPE) from None


_CHECKS = {
    "int": _int, "integer": _int, "long": _int, "short": _int,
    "decimal": _decimal, "double": _decimal, "float": _decimal,
    "date": _date, "time": _time, "dateTime": _datetime, "datetime": _datetime,
    "boolean": _boolean,
    "select1": _select1, "select": _select, "rank": _rank, "odk:rank": _rank,
    "geopoint": _geopoint, "geotrace": _geoshape, "geoshape": _geoshape,
}


def check_range(text: str, attrs) -> None:
    """A range question's value must lie between its start and end, on a step (ValueProblem otherwise)."""
    try:
        number = float(text)
        start, end = float(attrs.get("start", "-inf")), float(attrs.get("end", "inf"))
        step = abs(float(attrs.get("step", "0") or 0))
    except ValueError:
        return   # a range the form did not spell out is not checked
    low, high = min(start, end), max(start, end)
    if not low <= number <= high:
        raise ValueProblem(Code.RANGE, low=format(low, "g"), high=format(high, "g"))
    if step and math.isfinite(low):
        steps = (number - low) / step
        if abs(steps - round(steps)) > 1e-9:
            raise ValueProblem(Code.RANGE_STEP, step=format(step, "g"))


def store_computed(bind_type: str, result) -> str:
    """A calculate/setvalue result as the string stored for a node of `bind_type` (JavaRosa casts to the bind type)."""
    from fieldapp.xform.xpath.values import format_for_type
    return format_for_type(result, bind_type if bind_type not in _SELECT_TYPES else "string")


_SELECT_TYPES = frozenset({"select1", "select", "rank"})


def format_datetime(value: _dt.datetime) -> str:
    """ISO dateTime with milliseconds and offset, as ODK writes start/end."""
    return value.isoformat(timespec="milliseconds")


def _offset_text(tz) -> str:
    """+hh:mm of a fixed offset or tzinfo now ("" when unknown)."""
    if tz is None:
        return ""
    offset = tz.utcoffset(None) if not isinstance(tz, _dt.timedelta) else tz
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
