"""XPath parsing: valid expressions compile once, syntax errors carry the expression and the 0-based position."""

import pytest

from fieldapp.xform.xpath import XPathArityError, XPathSyntaxError, compile, evaluate
from fieldapp.xform.xpath.lexer import tokenize


@pytest.mark.parametrize("expr, position", [
    ("", 0),
    ("   ", 3),
    ("1 +", 3),
    ("(1 + 2", 6),
    ("1 + 2)", 5),
    ("'open", 0),
    ("/data/age ? 2", 10),
    ("5 == 5", 3),
    ("a/b/", 4),
    ("concat('a',", 11),
    ("foo::bar", 0),
    ("child::.", 7),
    ("..[1]", 2),
    ("node(1)", 5),
    ("$", 0),
    ("a:b:c", 3),
])
def test_syntax_errors_report_the_position(expr, position):
    with pytest.raises(XPathSyntaxError) as caught:
        compile(expr)
    error = caught.value
    assert error.position == position
    assert error.expression == expr
    assert f"position {position}" in str(error)


def test_the_same_text_compiles_once():
    assert compile("/data/a + 1") is compile("/data/a + 1")


def test_expressions_pickle_as_their_text():
    import pickle
    restored = pickle.loads(pickle.dumps(compile("/data/a * 2")))
    assert restored.text == "/data/a * 2"
    assert evaluate("/data/a * 2", "<data><a>4</a></data>") == 8.0


def test_star_is_multiplication_after_an_operand_and_a_name_test_otherwise():
    kinds = [(t.kind, t.value) for t in tokenize("2 * 3")]
    assert ("opname", "*") in kinds
    kinds = [(t.kind, t.value) for t in tokenize("/data/*")]
    assert ("name", "*") in kinds
    assert evaluate("count(/data/*) * 2", "<data><a/><b/></data>") == 4.0


def test_operator_names_can_be_element_names():
    xml = "<data><and>1</and><or>2</or><div>6</div><mod>4</mod></data>"
    assert evaluate("/data/div div /data/or", xml) == 3.0
    assert evaluate("/data/mod mod 3", xml) == 1.0
    assert evaluate("/data/and and /data/or", xml) is True


def test_precedence_follows_xpath():
    assert evaluate("1 + 2 * 3") == 7.0
    assert evaluate("true() or false() and false()") is True
    assert evaluate("1 < 2 = 2 < 3") is True
    assert evaluate("- - 3") == 3.0
    assert evaluate("10 - 2 - 3") == 5.0


def test_numbers_and_strings():
    assert evaluate(".5") == 0.5
    assert evaluate("12.") == 12.0
    assert evaluate("\"it's\"") == "it's"


def test_prefixed_function_names_are_one_token():
    assert compile("jr:choice-name('a', '/data/q')").function_names() == {"jr:choice-name"}


def test_wrong_number_of_arguments_is_reported_when_compiling():
    with pytest.raises(XPathArityError):
        compile("true(1)")
    with pytest.raises(XPathArityError):
        compile("if(1, 2)")
    with pytest.raises(XPathArityError) as caught:
        compile("substr('a')")
    assert "substr" in str(caught.value)


def test_errors_have_a_summary_in_spanish_and_english():
    with pytest.raises(XPathSyntaxError) as caught:
        compile("1 +")
    assert caught.value.summary("es") == "Una expresión del formulario no se puede leer (carácter 4)."
    assert "cannot be read" in caught.value.summary("en")
    assert caught.value.summary("fr") == caught.value.summary("en")
    from fieldapp.xform.xpath import XPathUnknownFunction
    assert "zap()" in XPathUnknownFunction("zap").summary("es")


def test_long_chains_do_not_exhaust_the_stack():
    many_ors = " or ".join(f"selected(/data/a, 'x{i}')" for i in range(3000))
    assert evaluate(many_ors, "<data><a>x2999</a></data>") is True
    assert len(compile(many_ors).references("/data/q")) == 1
    many_sums = " + ".join(f"/data/n{i % 3}" for i in range(3000)) + " - 3000"
    assert evaluate(many_sums, "<data><n0>1</n0><n1>1</n1><n2>1</n2></data>") == 0.0
