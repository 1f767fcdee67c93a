"""Timestamps as the store writes them: UTC, millisecond ISO text that sorts like time."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def stamp(moment: dt.datetime) -> str:
    """`2026-03-15T14:30:05.123Z`; naive datetimes are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def epoch_ms(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return int(moment.timestamp() * 1000)


def bound(value, *, end: bool = False) -> str | None:
    """A `since`/`until` filter as stored text: a date means its whole day (until is then exclusive of the next)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return stamp(value)
    if isinstance(value, dt.date):
        day = value + dt.timedelta(days=1) if end else value
        return day.isoformat() + "T00:00:00.000Z"
    return str(value)
