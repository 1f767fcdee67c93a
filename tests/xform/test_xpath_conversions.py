"""Type conversions and operators with JavaRosa's rules: number formatting, string to number, equality, comparison."""

import datetime as dt
import math

import pytest

from fieldapp.xform.xpath import XPathTypeMismatch, evaluate, format_for_type, typed_value
from fieldapp.xform.xpath.values import java_double_str, number_to_string, to_boolean, to_number, to_string


@pytest.mark.parametrize("number, text", [
    (0.0, "0"), (-0.0, "0"), (5.0, "5"), (-123456.0, "-123456"), (0.557586, "0.557586"),
    (2.5, "2.5"), (1e-13, "0"), (math.nan, "NaN"), (math.inf, "Infinity"), (-math.inf, "-Infinity"),
    (3e9, "3.0E9"), (12345678.5, "1.23456785E7"), (0.0001, "1.0E-4"), (1.23e21, "1.23E21"),
])
def test_numbers_stringify_like_javarosa(number, text):
    assert number_to_string(number) == text


def test_java_double_to_string():
    assert java_double_str(100.0) == "100.0"
    assert java_double_str(0.001) == "0.001"
    assert java_double_str(-1.5e-7) == "-1.5E-7"


@pytest.mark.parametrize("text, number", [
    ("12", 12.0), (" 12 ", 12.0), ("-3.5", -3.5), ("4,5", 4.5), (".5", 0.5), ("7.", 7.0),
])
def test_strings_that_are_numbers(text, number):
    assert to_number(text) == number


@pytest.mark.parametrize("text", ["", " ", "abc", "1e3", "Infinity", "1-2", "--1", "+1", "1.2.3", "NaN"])
def test_strings_that_are_not_numbers(text):
    assert math.isnan(to_number(text))


def test_booleans():
    assert to_boolean("false") is True
    assert to_boolean("") is False
    assert to_boolean(math.nan) is False
    assert to_boolean(1e-13) is False
    assert to_boolean(dt.date(2000, 1, 1)) is True
    assert to_string(True) == "true"
    assert to_number(True) == 1.0


def test_dates_convert_to_days_and_iso_text():
    assert to_number(dt.date(1970, 1, 2)) == 1.0
    assert to_number(dt.date(1969, 12, 31)) == -1.0
    assert to_string(dt.date(2024, 2, 29)) == "2024-02-29"
    assert evaluate("date('2024-03-01') - date('2024-02-01')") == 29.0


def test_equality_prefers_booleans_then_numbers_then_strings():
    assert evaluate("true() = 'false'") is True           # a non-empty string is true
    assert evaluate("1 = '1.0'") is True                  # numeric comparison
    assert evaluate("'1' = '1.0'") is False               # both strings: text comparison
    assert evaluate("/data/a = 5", "<data><a>05</a></data>") is True
    assert evaluate("/data/a = '5'", "<data><a>05</a></data>") is False
    assert evaluate("number('x') = number('x')") is False  # NaN equals nothing
    assert evaluate("/data/missing = ''", "<data/>") is True


def test_comparisons_are_numeric():
    assert evaluate("'10' > '9'") is True
    assert evaluate("'abc' < 'abd'") is False
    assert evaluate("/data/age >= 18", "<data><age>18</age></data>") is True
    assert evaluate("/data/age >= 18", "<data><age/></data>") is False
    assert evaluate("date('2020-01-02') > date('2020-01-01')") is True


def test_arithmetic_edge_cases():
    assert evaluate("1 div 0") == math.inf
    assert evaluate("-1 div 0") == -math.inf
    assert math.isnan(evaluate("0 div 0"))
    assert evaluate("-7 mod 3") == -1.0
    assert evaluate("7 mod -3") == 1.0
    assert math.isnan(evaluate("7 mod 0"))
    assert math.isnan(evaluate("'a' + 1"))
    assert evaluate("string(0.1 + 0.2)") == "0.30000000000000004"


def test_several_nodes_where_one_value_is_needed_is_a_type_mismatch():
    xml = "<data><r><x>1</x></r><r><x>2</x></r></data>"
    with pytest.raises(XPathTypeMismatch) as caught:
        evaluate("/data/r/x + 1", xml)
    assert "indexed-repeat" in str(caught.value)
    assert caught.value.expression == "/data/r/x + 1"  # errors name the expression they come from


def test_typed_values_read_by_the_session():
    assert typed_value("12", "int") == 12.0
    assert typed_value("", "int") == ""
    assert typed_value("2020-05-01", "date") == dt.date(2020, 5, 1)
    assert typed_value("true", "boolean") is True
    assert typed_value("x", "int") == "x"
    tz = dt.timezone(dt.timedelta(hours=-6))
    value = typed_value("2020-05-01T10:00:00.000-06:00", "dateTime", tz)
    assert value == dt.datetime(2020, 5, 1, 10, tzinfo=tz)


def test_format_for_type_follows_javarosa_wrap_data():
    tz = dt.timezone(dt.timedelta(hours=-6))
    moment = dt.datetime(2021, 3, 4, 5, 6, 7, 890000, tzinfo=tz)
    assert format_for_type(moment, "dateTime") == "2021-03-04T05:06:07.890-06:00"
    assert format_for_type(moment, "date") == "2021-03-04"
    assert format_for_type(moment, "time") == "05:06:07.890-06:00"
    assert format_for_type(moment, "string") == "2021-03-04T05:06:07.890-06:00"
    assert format_for_type(dt.date(2021, 3, 4), "date") == "2021-03-04"
    assert format_for_type(dt.date(2021, 3, 4), "string", tz) == "2021-03-04T00:00:00.000-06:00"
    assert format_for_type(7.9, "int") == "7"
    assert format_for_type(448.0, "decimal") == "448"           # whole numbers lose ".0"
    assert format_for_type(1e10, "string") == "10000000000"     # stored as a long, not 1.0E10
    assert format_for_type(0.00001, "decimal") == "1.0E-5"      # Java's Double.toString
    assert format_for_type(math.nan, "decimal") == ""
    assert format_for_type(math.nan, "string") == ""
    assert format_for_type("", "string") == ""
    assert format_for_type(2.0, "string") == "2"
    assert format_for_type(True, "string") == "true"
    assert format_for_type("12", "int") == "12"
