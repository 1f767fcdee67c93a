"""Date and time functions: today, now, date, date-time, decimal-date-time, decimal-time, format-date(-time)."""

from __future__ import annotations

import datetime as dt
import math

from ..compiler import NUMBER, STRING
from ..errors import XPathTypeMismatch
from ..values import DAY_SECONDS, EPOCH, NAN, parse_date_time, parse_time, to_int
from . import function

_INT_MIN, _INT_MAX = -2**31, 2**31 - 1


def _now(ctx) -> dt.datetime:
    value = ctx.now()
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(ctx.tz) if ctx.tz is not None else value.astimezone()


@function("today", returns="date")
def _today(ctx):
    return _now(ctx).date()


@function("now", returns="date")
def _now_fn(ctx):
    return _now(ctx)


def _parse(ctx, text: str):
    parsed = parse_date_time(text, ctx.tz)
    if parsed is None:
        parsed = parse_time(text, ctx.tz)
    if parsed is None:
        raise XPathTypeMismatch(f"the value \"{text}\" can't be converted to a date")
    return parsed


def _check_range(number: float) -> None:
    if math.isinf(number) or number > _INT_MAX or number < _INT_MIN:
        raise XPathTypeMismatch(f"the value \"{number}\" is out of range for representing a date")


def midnight(day: dt.date, tz) -> dt.datetime:
    value = dt.datetime(day.year, day.month, day.day)
    return value.replace(tzinfo=tz) if tz is not None else value.astimezone()


def to_date(ctx, value, keep_time: bool):
    """JavaRosa's toDate: numbers are days since 1970-01-01, strings ISO dates; "" and NaN pass through."""
    kind = type(value)
    if kind is float:
        if value != value:
            return value
        if keep_time:
            _check_range(value)
            instant = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(
                milliseconds=int(value * DAY_SECONDS * 1000))
            return instant.astimezone(ctx.tz) if ctx.tz is not None else instant.astimezone()
        days = to_int(value)
        if days != days:
            return days
        _check_range(days)
        return EPOCH + dt.timedelta(days=int(days))
    if kind is str:
        if value == "":
            return value
        parsed = _parse(ctx, value)
        if not keep_time and isinstance(parsed, dt.datetime):
            return parsed.date()
        if keep_time and not isinstance(parsed, dt.datetime):
            return midnight(parsed, ctx.tz)
        return parsed
    if isinstance(value, dt.datetime):
        return value if keep_time else value.date()
    if isinstance(value, dt.date):
        return midnight(value, ctx.tz) if keep_time else value
    raise XPathTypeMismatch(f"the value \"{value}\" can't be converted to a date")


@function("date", "v", returns="date")
def _date(ctx, value):
    return to_date(ctx, value, False)


@function("date-time", "v", returns="date")
def _date_time(ctx, value):
    return to_date(ctx, value, True)


def _instant_days(value: dt.datetime) -> float:
    """Days since 1970-01-01T00:00Z of an instant (JavaRosa: getTime() / DAY_IN_MS)."""
    millis = round((value - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).total_seconds() * 1000)
    return millis / (DAY_SECONDS * 1000)


def _decimal(ctx, value, keep_date: bool):
    if type(value) is float:
        if value != value:
            return value
        _check_range(value)
        return value if keep_date else value - math.floor(value)
    if type(value) is str:
        if value == "":
            return value
        value = _parse(ctx, value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = midnight(value, ctx.tz)
    if isinstance(value, dt.datetime):
        if keep_date:
            return _instant_days(value)
        local = value.astimezone(ctx.tz) if ctx.tz is not None else value.astimezone()
        millis = (local.hour * 3600 + local.minute * 60 + local.second) * 1000 + local.microsecond // 1000
        return millis / (DAY_SECONDS * 1000)
    raise XPathTypeMismatch(f"the value \"{value}\" can't be converted to a date")


@function("decimal-date-time", "v", returns=NUMBER)
def _decimal_date_time(ctx, value):
    result = _decimal(ctx, value, True)
    return NAN if result == "" else result


@function("decimal-time", "v", returns=NUMBER)
def _decimal_time(ctx, value):
    result = _decimal(ctx, value, False)
    return NAN if result == "" else result


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def format_date(value, pattern: str) -> str:
    """JavaRosa's date format: %Y %y %m %n %b %d %e %H %h %M %S %3 %a %W and %% (plus %B and %A,
    full month and day names, which Collect lacks). Names are English, as on an English device."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch != "%" or i + 1 >= len(pattern):
            out.append(ch)
            i += 1
            continue
        code = pattern[i + 1]
        i += 2
        if code == "%":
            out.append("%")
        elif code == "Y":
            out.append(f"{value.year:04d}")
        elif code == "y":
            out.append(f"{value.year % 100:02d}")
        elif code == "m":
            out.append(f"{value.month:02d}")
        elif code == "n":
            out.append(str(value.month))
        elif code == "b":
            out.append(_MONTHS[value.month - 1][:3])
        elif code == "B":
            out.append(_MONTHS[value.month - 1])
        elif code == "d":
            out.append(f"{value.day:02d}")
        elif code == "e":
            out.append(str(value.day))
        elif code == "H":
            out.append(f"{value.hour:02d}")
        elif code == "h":
            out.append(str(value.hour))
        elif code == "M":
            out.append(f"{value.minute:02d}")
        elif code == "S":
            out.append(f"{value.second:02d}")
        elif code == "3":
            out.append(f"{value.microsecond // 1000:03d}")
        elif code == "a":
            out.append(_DAYS[value.weekday()][:3])
        elif code == "A":
            out.append(_DAYS[value.weekday()])
        elif code == "W":
            out.append(str(week_of_year(value.date())))
        else:
            raise XPathTypeMismatch(f"format-date(): unknown format %{code}")
    return "".join(out)


def week_of_year(day: dt.date) -> int:
    """Week number as java.util.Calendar counts it by default: weeks start on Sunday, week 1 holds January 1."""
    next_new_year = dt.date(day.year + 1, 1, 1)
    sunday_before = lambda d: d - dt.timedelta(days=(d.weekday() + 1) % 7)  # noqa: E731
    if sunday_before(day) == sunday_before(next_new_year):
        return 1
    first_week_start = sunday_before(dt.date(day.year, 1, 1))
    return (day - first_week_start).days // 7 + 1


@function("format-date", "vs", returns=STRING, aliases=("format-date-time",))
def _format_date(ctx, value, pattern):
    parsed = to_date(ctx, value, True)
    if not isinstance(parsed, dt.date):
        return ""
    return format_date(parsed, pattern)

