"""Dates and times: date(), date-time(), today()/now() from the context's clock, decimal-*, format-date, time zones."""

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest

from fieldapp.xform.xpath import XPathTypeMismatch, evaluate

GUATEMALA = ZoneInfo("America/Guatemala")  # UTC-6, no daylight saving
FIXED_NOW = dt.datetime(2026, 11, 28, 23, 30, 15, 250000, tzinfo=dt.timezone.utc)


def ev(expr, **kw):
    kw.setdefault("tz", GUATEMALA)
    kw.setdefault("now", lambda: FIXED_NOW)
    return evaluate(expr, **kw)


def test_date_conversions():
    assert ev("date('2024-02-29')") == dt.date(2024, 2, 29)
    assert ev("date('2024-2-9')") == dt.date(2024, 2, 9)  # JavaRosa reads unpadded fields
    assert ev("date(0)") == dt.date(1970, 1, 1)
    assert ev("date(19000.7)") == dt.date(2022, 1, 8)
    assert ev("date('2024-02-29T23:00:00')") == dt.date(2024, 2, 29)
    assert ev("date('')") == ""
    assert math.isnan(ev("date(number('x'))"))
    for bad in ["date('2023-02-29')", "date('29/02/2024')", "date(true())", "date(1 div 0)",
                "date('2024-02-01 10:00')"]:
        with pytest.raises(XPathTypeMismatch):
            ev(bad)


def test_today_and_now_use_the_clock_and_time_zone():
    assert ev("today()") == dt.date(2026, 11, 28)           # 17:30 in Guatemala
    now = ev("now()")
    assert now.utcoffset() == dt.timedelta(hours=-6) and now.hour == 17
    assert ev("today()", tz=ZoneInfo("Asia/Tokyo")) == dt.date(2026, 11, 29)


def test_date_arithmetic_in_days():
    assert ev("today() - date('2026-11-01')") == 27.0
    assert ev("date(date('2026-01-31') + 1)") == dt.date(2026, 2, 1)
    assert ev("decimal-date-time('1970-01-02T06:00:00.000-06:00')") == pytest.approx(1.5)


def test_date_time_and_decimal_time():
    moment = ev("date-time('2020-06-01T08:15:00.000-06:00')")
    assert moment == dt.datetime(2020, 6, 1, 8, 15, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    assert ev("decimal-time('12:00:00.000-06:00')") == pytest.approx(0.5)
    assert ev("decimal-time('2020-06-01T18:00:00.000Z')") == pytest.approx(0.5)  # 12:00 in Guatemala
    assert ev("date-time(1.25)") == dt.datetime(1970, 1, 2, 0, 0, tzinfo=GUATEMALA)  # 1970-01-02T06:00Z


def test_times_and_offsets_are_read_loosely_and_written_strictly():
    from fieldapp.xform.xpath.values import format_date_time, parse_offset, parse_time
    assert parse_time("9:30", dt.timezone.utc).hour == 9
    assert parse_offset("+0530") == dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert parse_offset("-6") == dt.timezone(dt.timedelta(hours=-6))
    # Local mean time before 1918 has seconds in its offset; ODK's format has none.
    assert format_date_time(dt.datetime(1900, 1, 1, tzinfo=GUATEMALA)).endswith("-06:02")


def test_format_date():
    assert ev("format-date(date('2024-03-05'), '%Y/%m/%d %e %n %y')") == "2024/03/05 5 3 24"
    assert ev("format-date('2024-03-05', '%a %b')") == "Tue Mar"
    assert ev("format-date-time('2024-03-05T07:08:09.123-06:00', '%H:%M:%S.%3 %h')") == "07:08:09.123 7"
    assert ev("format-date('', '%Y')") == ""
    assert ev("format-date('2024-01-07', '%W')") == "2"   # weeks start on Sunday
    assert ev("format-date('2024-12-31', '%W')") == "1"   # the week of next January 1
