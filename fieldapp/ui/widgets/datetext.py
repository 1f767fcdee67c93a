"""Reading dates and times as interviewers type them (14/3/2026, 14-03-2026, 2026-03-14, 9:05) and writing XForm values."""

from __future__ import annotations

import datetime as dt
import re

_DATE_PARTS = re.compile(r"^\s*(\d{1,4})[/\-. ](\d{1,2})[/\-. ](\d{1,4})\s*$")
_TIME_PARTS = re.compile(r"^\s*(\d{1,2})(?::|h|\.)?(\d{2})?\s*$")


def parse_date_text(text: str) -> dt.date | None:
    """Day first (as written in Central America), or ISO year first; None when it is not a real date."""
    match = _DATE_PARTS.match(text)
    if not match:
        return None
    a, b, c = match.groups()
    try:
        if len(a) == 4:
            return dt.date(int(a), int(b), int(c))
        year = int(c)
        if len(c) == 2:
            year += 2000 if year <= dt.date.today().year % 100 else 1900
        return dt.date(year, int(b), int(a))
    except ValueError:
        return None


def parse_time_text(text: str) -> dt.time | None:
    match = _TIME_PARTS.match(text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return dt.time(hours, minutes)


def date_from_value(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except (ValueError, TypeError):
        return None


def time_from_value(value: str) -> dt.time | None:
    match = re.match(r"^(\d{2}):(\d{2})", value or "")
    if not match:
        return None
    try:
        return dt.time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None


def show_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def show_time(moment: dt.time | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def _offset() -> str:
    offset = dt.datetime.now().astimezone().strftime("%z") or "+0000"
    return offset[:3] + ":" + offset[3:]


def time_value(moment: dt.time) -> str:
    """As ODK Collect writes it: 14:30:00.000-06:00 (the laptop's time zone)."""
    return f"{moment.strftime('%H:%M')}:00.000{_offset()}"


def datetime_value(day: dt.date, moment: dt.time) -> str:
    return f"{day.isoformat()}T{time_value(moment)}"
