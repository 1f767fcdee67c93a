"""ODK XPath functions, family by family: strings, numbers, booleans, selects, node-sets, crypto, geo, randomize."""

import math

import pytest

from fieldapp.xform.model.instance import parse_xml
from fieldapp.xform.xpath import (EvalContext, XPathTypeMismatch, XPathUnknownFunction, compile, evaluate,
                                  supported_functions)

HOUSEHOLD = """<data>
  <name>Ana María</name><age>34</age><consent>yes</consent><fruits>apple mango</fruits>
  <member><n>Luis</n><age>10</age><sick>1</sick></member>
  <member><n>Eva</n><age>7</age><sick>0</sick></member>
  <member><n>Rosa</n><age/><sick>1</sick></member>
  <empty/>
</data>"""


def ev(expr, xml=HOUSEHOLD, context=None, **kw):
    return evaluate(expr, xml, context, **kw)


# -- strings ---------------------------------------------------------------
@pytest.mark.parametrize("expr, expected", [
    ("concat('a', 1, true(), /data/age)", "a1true34"),
    ("concat(/data/member/n)", "LuisEvaRosa"),
    ("join(', ', /data/member/n)", "Luis, Eva, Rosa"),
    ("join('-', 'a', 'b', 3)", "a-b-3"),
    ("substr('hello', 1, 3)", "el"),
    ("substr('hello', -3)", "llo"),
    ("substring('hello', 2, 3)", "ell"),
    ("substring('hello', 1.5, 2.6)", "ell"),
    ("substring-before('2020-01-02', '-')", "2020"),
    ("substring-after('2020-01-02', '-')", "01-02"),
    ("translate('bar', 'abc', 'ABC')", "BAr"),
    ("translate('a-b-c', '-', '')", "abc"),
    ("normalize-space('  a \t b  ')", "a b"),
    ("string(/data/age)", "34"),
    ("string(12.50)", "12.5"),
])
def test_string_functions(expr, expected):
    assert ev(expr) == expected


def test_string_predicates_and_lengths():
    assert ev("contains(/data/name, 'Mar')") is True
    assert ev("starts-with(/data/name, 'Ana')") is True
    assert ev("ends-with(/data/name, 'ía')") is True
    assert ev("string-length(/data/name)") == 9.0
    assert ev("string-length()", context="/data/name") == 9.0
    assert ev("normalize-space()", context="/data/name") == "Ana María"


def test_uuid():
    value = ev("uuid()")
    assert len(value) == 36 and value.count("-") == 4
    assert len(ev("uuid(12)")) == 12
    assert ev("uuid()") != ev("uuid()")


# -- numbers ---------------------------------------------------------------
@pytest.mark.parametrize("expr, expected", [
    ("round(2.5)", 3.0), ("round(-2.5)", -2.0), ("round(1.2345, 2)", 1.23), ("round(1.235, 2)", 1.24),
    ("round(1234.5, -2)", 1200.0), ("int(-3.9)", -3.0), ("int('12.7')", 12.0), ("abs(-2)", 2.0),
    ("pow(2, 10)", 1024.0), ("pow(9, 0.5)", 3.0), ("exp10(3)", 1000.0), ("log10(1000)", 3.0),
    ("sqrt(16)", 4.0), ("floor(2.7)", 2.0), ("ceiling(2.1)", 3.0), ("number('  7 ')", 7.0),
    ("sum(/data/member/age)", 17.0), ("max(/data/member/age)", 10.0), ("min(/data/member/age)", 7.0),
    ("max(3, '8', -2)", 8.0), ("min(3, 1, 2)", 1.0), ("max(-5, -2)", -2.0),
])
def test_number_functions(expr, expected):
    assert ev(expr) == pytest.approx(expected)


def test_math_domain_errors_give_nan_or_infinity():
    assert math.isnan(ev("sqrt(-1)"))
    assert math.isnan(ev("log(-1)"))
    assert ev("log(0)") == -math.inf
    assert math.isnan(ev("max(/data/empty)"))
    assert ev("sum(/data/empty)") == 0.0


def test_random_is_between_zero_and_one():
    assert 0 <= ev("random()") < 1


def test_random_and_unseeded_randomize_follow_the_session_seed():
    import random
    document = parse_xml(HOUSEHOLD)
    first = EvalContext(document, document, random=random.Random(7))
    second = EvalContext(document, document, random=random.Random(7))
    expr = compile("concat(random(), join(',', randomize(/data/member/n)))")
    assert expr.evaluate(first) == expr.evaluate(second)


# -- booleans and control ------------------------------------------------------
def test_boolean_functions():
    assert ev("boolean(/data/empty)") is False
    assert ev("boolean(/data/age)") is True
    assert ev("not(/data/consent = 'no')") is True
    assert ev("boolean-from-string('TRUE')") is True
    assert ev("boolean-from-string('yes')") is False
    assert ev("if(/data/age > 18, 'adult', 'child')") == "adult"
    assert ev("coalesce(/data/empty, /data/name)") == "Ana María"
    assert ev("coalesce(/data/age, 'x')") == "34"


def test_if_evaluates_only_the_chosen_branch():
    assert ev("if(true(), 1, date('not a date'))") == 1.0


def test_checklists():
    assert ev("checklist(2, -1, /data/member/sick)") is True
    assert ev("checklist(-1, 1, true(), true())") is False
    assert ev("weighted-checklist(5, 10, true(), 3, false(), 4, true(), 2)") is True
    assert ev("weighted-checklist(6, 10, true(), 3, false(), 4, true(), 2)") is False


def test_regex_matches_the_whole_string():
    assert ev("regex('abc123', '[a-z]+[0-9]+')") is True
    assert ev("regex('abc123x', '[a-z]+[0-9]+')") is False
    assert ev("regex(/data/age, '^[0-9]{1,3}$')") is True


@pytest.mark.parametrize("text, pattern, expected", [
    ("José María", r"^[\p{L} ]+$", True),      # Java's Unicode letter class
    ("José 2", r"^[\p{L} ]+$", False),
    ("ABC", r"\p{Lu}+", True),
    ("x1", r"\P{Alpha}1", False),
    ("\u0661\u0662", r"\d+", False),          # Java's \d is ASCII digits only
    ("2024", r"(?<year>\d{4})", True),          # Java's named group syntax
    ("a]b", r"a[]]b", True),
])
def test_regex_reads_java_syntax(text, pattern, expected):
    assert evaluate(f"regex('{text}', '{pattern}')") is expected


# -- selects ---------------------------------------------------------------
def test_select_functions():
    assert ev("selected(/data/fruits, 'mango')") is True
    assert ev("selected(/data/fruits, 'man')") is False
    assert ev("count-selected(/data/fruits)") == 2.0
    assert ev("selected-at(/data/fruits, 0)") == "apple"
    assert ev("selected-at(/data/fruits, 5)") == ""
    with pytest.raises(XPathTypeMismatch):
        ev("selected(/data/fruits, 1)")


def test_choice_name_goes_through_the_hook():
    document = parse_xml(HOUSEHOLD)
    labels = {("consent", "yes"): "Sí"}
    ctx = EvalContext(document, document, choice_name=lambda node, value: labels.get((node.name, value)))
    assert compile("jr:choice-name(/data/consent, '/data/consent')").evaluate(ctx) == "Sí"
    assert compile("jr:choice-name('no', '/data/consent')").evaluate(ctx) == ""


def test_itext_and_property_hooks():
    document = parse_xml(HOUSEHOLD)
    ctx = EvalContext(document, document, itext=lambda i: {"hello": "Hola"}.get(i),
                      properties={"deviceid": "fieldapp:123"}, form_version="2024")
    assert compile("jr:itext('hello')").evaluate(ctx) == "Hola"
    assert compile("property('deviceid')").evaluate(ctx) == "fieldapp:123"
    assert compile("version()").evaluate(ctx) == "2024"


# -- node-sets --------------------------------------------------------------------
def test_counts_and_positions():
    assert ev("count(/data/member)") == 3.0
    assert ev("count-non-empty(/data/member/age)") == 2.0
    assert ev("position(..)", context="/data/member[2]/n") == 2.0
    assert ev("position()", context="/data/member[3]") == 3.0
    assert ev("/data/member[position() = last()]/n")[0].value == "Rosa"
    assert ev("name(/data/member[1]/n)") == "n"


def test_once_keeps_an_existing_value():
    assert ev("once(/data/age * 2)", context="/data/age") == "34"
    assert ev("once(/data/age * 2)", context="/data/empty") == 68.0


def test_indexed_repeat():
    assert ev("indexed-repeat(/data/member/n, /data/member, 2)")[0].value == "Eva"
    assert ev("indexed-repeat(/data/member/n, /data/member, 0)")[0].value == "Luis"
    assert ev("indexed-repeat(/data/member/n, /data/member, 9)") == []
    with pytest.raises(XPathTypeMismatch):
        ev("indexed-repeat(/data/name, /data/member, 1)")


def test_nested_indexed_repeat():
    xml = ("<data><h><m><a>1</a></m><m><a>2</a></m></h><h><m><a>3</a></m><m><a>4</a></m></h></data>")
    assert ev("indexed-repeat(/data/h/m/a, /data/h, 2, /data/h/m, 1)", xml)[0].value == "3"


def test_pulldata_reads_a_csv_instance():
    fruits = "<root><item><key>m</key><name>Mango</name></item><item><key>p</key><name>Papaya</name></item></root>"
    assert evaluate("pulldata('fruits', 'name', 'key', 'p')", "<data/>", instances={"fruits": fruits}) == "Papaya"
    assert evaluate("pulldata('fruits', 'name', 'key', 'x')", "<data/>", instances={"fruits": fruits}) == ""


# -- crypto ------------------------------------------------------------------------
def test_digest_and_base64():
    assert ev("digest('abc', 'SHA-256', 'hex')") == \
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert ev("digest('abc', 'MD5')") == "kAFQmDzST7DWlj99KOF/cg=="
    assert ev("base64-decode('SG9sYQ==')") == "Hola"
    assert ev("base64-decode('%%%')") == ""


def test_extract_signed_returns_the_message_only_for_a_valid_signature():
    import base64
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    message = "niña 7".encode()
    signed = key.sign(message) + message
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    assert ev(f"extract-signed('{b64(signed)}', '{b64(public)}')") == "niña 7"
    tampered = bytearray(signed)
    tampered[-1] ^= 1
    assert ev(f"extract-signed('{b64(bytes(tampered))}', '{b64(public)}')") == ""
    assert ev(f"extract-signed('{b64(signed[:64])}', '{b64(public)}')") == ""
    assert ev(f"extract-signed('{b64(signed)}', '{b64(public[:16])}')") == ""


# -- geo ---------------------------------------------------------------------------
def test_distance_and_area():
    one_degree = evaluate("distance('0 0 0 0;0 1 0 0')")
    assert one_degree == pytest.approx(6378100 * math.pi / 180)
    assert evaluate("distance('0 0', '0 1')") == pytest.approx(one_degree)
    square = evaluate("area('0 0 0 0;0 0.001 0 0;0.001 0.001 0 0;0.001 0 0 0;0 0 0 0')")
    assert square == pytest.approx((6378100 * 2 * math.pi / 360 * 0.001) ** 2, rel=1e-3)
    assert evaluate("area('0 0;1 1')") == 0.0
    with pytest.raises(XPathTypeMismatch):
        evaluate("distance('here')")


def test_geofence():
    shape = "'0 0;0 2;2 2;2 0;0 0'"
    assert evaluate(f"geofence('1 1', {shape})") is True
    assert evaluate(f"geofence('3 1', {shape})") is False


# -- randomize -------------------------------------------------------------------
LETTERS = "<root>" + "".join(f"<item><label>{c}</label></item>" for c in "ABCDEFGH") + "</root>"


def test_seeded_randomize_is_javarosa_exact():
    shuffled = evaluate("randomize(instance('c')/root/item/label, 1234)", "<data/>", instances={"c": LETTERS})
    assert "".join(n.value for n in shuffled) == "GFEDAHBC"
    same = evaluate("randomize(instance('c')/root/item/label, '1234')", "<data/>", instances={"c": LETTERS})
    assert [n.value for n in same] == [n.value for n in shuffled]


def test_text_seeds_and_unseeded_randomize_keep_every_node():
    nodes = evaluate("randomize(instance('c')/root/item, 'any text')", "<data/>", instances={"c": LETTERS})
    assert len(nodes) == 8 and len({id(n) for n in nodes}) == 8
    assert evaluate("count(randomize(instance('c')/root/item))", "<data/>", instances={"c": LETTERS}) == 8.0


# -- unknown and listed functions ---------------------------------------------------
def test_unknown_functions_compile_but_fail_when_evaluated():
    expr = compile("nope(1) + 1")
    assert expr.unknown_functions() == {"nope"}
    with pytest.raises(XPathUnknownFunction):
        evaluate("nope(1) + 1")


def test_functions_beyond_collect_are_supported_but_listed():
    from fieldapp.xform.xpath import functions_beyond_collect
    assert functions_beyond_collect() <= supported_functions()
    assert "substring" in functions_beyond_collect() and "substr" not in functions_beyond_collect()


def test_supported_functions_lists_the_odk_spec():
    names = supported_functions()
    for name in ["jr:choice-name", "pulldata", "indexed-repeat", "format-date-time", "decimal-date-time",
                 "randomize", "weighted-checklist", "base64-decode", "digest", "area", "distance", "once",
                 "coalesce", "count-non-empty", "boolean-from-string", "exp10", "atan2", "selected-at",
                 "extract-signed", "geofence", "enclosed-area", "is-selected", "jr:itext"]:
        assert name in names
