"""Answer types: what each bind type accepts, how it is normalised, and what it refuses."""

import pytest

from fieldapp.xform.engine.values import ValueProblem, normalize


@pytest.mark.parametrize("kind,given,stored", [
    ("int", " 12 ", "12"), ("int", "+7", "7"), ("int", "-3", "-3"), ("int", "4.0", "4"),
    ("decimal", "2.50", "2.5"), ("decimal", "+1.5", "1.5"), ("decimal", ".5", "0.5"), ("decimal", "3.00", "3.0"),
    ("decimal", "12", "12.0"), ("decimal", "1e3", "1000.0"), ("decimal", "12345678", "12345678"),
    ("date", "2024-02-29", "2024-02-29"),
    ("time", "14:30", "14:30:00.000"), ("time", "14:30:05.000+02:00", "14:30:05.000+02:00"),
    ("time", "09:05:07.5Z", "09:05:07.500Z"), ("time", "09:05-0600", "09:05:00.000-06:00"),
    ("dateTime", "2024-03-15T14:30:00.000-06:00", "2024-03-15T14:30:00.000-06:00"),
    ("dateTime", "2024-03-15 14:30", "2024-03-15T14:30:00.000"),
    ("boolean", "1", "true"), ("boolean", "FALSE", "false"),
    ("select1", "yes", "yes"), ("select", "a  b a", "a b"),
    ("geopoint", "14.6 -90.5", "14.6 -90.5"), ("geopoint", "14.6 -90.5 1500 5", "14.6 -90.5 1500 5"),
    ("geoshape", "1 2; 3 4 ;1 2", "1 2;3 4;1 2"),
    ("string", "  spaced  ", "  spaced  "), ("int", "", ""), ("date", "   ", ""),
])
def test_accepted_values_are_normalised(kind, given, stored):
    assert normalize(kind, given) == stored


@pytest.mark.parametrize("kind,given,code", [
    ("int", "abc", "int"), ("int", "2.7", "int"), ("int", "99999999999", "int_range"),
    ("decimal", "1,5", "decimal"), ("decimal", "nan", "decimal"),
    ("date", "15/03/2024", "date"), ("date", "2024-02-30", "date"), ("date", "2024-3-5", "date"),
    ("time", "25:00", "time"), ("time", "noon", "time"),
    ("dateTime", "2024-03-15", "dateTime"),
    ("boolean", "maybe", "boolean"),
    ("geopoint", "91 0", "geopoint"), ("geopoint", "north", "geopoint"),
])
def test_wrong_values_are_refused_with_a_code(kind, given, code):
    with pytest.raises(ValueProblem) as caught:
        normalize(kind, given)
    assert caught.value.code == code


def test_static_choices_are_checked():
    choices = frozenset({"yes", "no"})
    assert normalize("select1", "yes", choices) == "yes"
    assert normalize("select", "no yes", choices) == "no yes"
    with pytest.raises(ValueProblem) as caught:
        normalize("select", "yes maybe", choices)
    assert caught.value.params == {}   # the value typed is kept out of every message
    with pytest.raises(ValueProblem) as caught:
        normalize("select1", "yes no", choices)
    assert caught.value.code == "single_choice"
    # a select_one value may hold spaces when the choice does
    assert normalize("select1", "Township 22", frozenset({"Township 22"})) == "Township 22"


def test_times_get_the_device_offset_when_typed_without_one():
    import datetime as dt
    guatemala = dt.timezone(dt.timedelta(hours=-6))
    assert normalize("time", "14:30", tz=guatemala) == "14:30:00.000-06:00"
    assert normalize("dateTime", "2024-03-15T08:00", tz=guatemala) == "2024-03-15T08:00:00.000-06:00"
    assert normalize("time", "14:30+01:00", tz=guatemala) == "14:30:00.000+01:00"
