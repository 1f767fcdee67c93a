"""Static analysis for the dependency graph and the loader: references(), function_names(), instance_ids(), volatile."""

import pytest

from fieldapp.xform.xpath import compile


@pytest.mark.parametrize("expr, context, expected", [
    ("/data/age >= 18 and selected(/data/consent, 'yes')", "/data/q", {"/data/age", "/data/consent"}),
    ("../age + 1", "/data/g/q", {"/data/g/age"}),
    (". > 5", "/data/q", {"/data/q"}),
    ("current()/../sibling", "/data/r/q", {"/data/r/sibling"}),
    ("count(/data/hh/m[age > 18])", "/data/total", {"/data/hh/m", "/data/hh/m/age"}),
    ("/data/hh/m[2]/name", "/data/x", {"/data/hh/m/name"}),
    ("sum(../m/age)", "/data/hh/total", {"/data/hh/m/age"}),
    ("position(..)", "/data/r/q", {"/data/r"}),
    ("indexed-repeat(/data/r/x, /data/r, ../i)", "/data/y", {"/data/r/x", "/data/r", "/data/i"}),
    ("/data/@version", "/data/q", {"/data/@version"}),
    ("'constant' = 'constant'", "/data/q", set()),
])
def test_references(expr, context, expected):
    assert compile(expr).references(context) == expected


def test_itemset_filters_read_the_main_instance_through_current():
    expr = compile("instance('cities')/root/item[state = current()/../state and size > /data/min]")
    refs = expr.references("/data/city")
    assert "/data/state" in refs and "/data/min" in refs
    assert not any("instance" in r or r.endswith("/size") for r in refs)
    assert expr.instance_ids() == {"cities"}


def test_unresolvable_paths_give_the_widest_reference():
    assert compile("count(//x)").references("/data/q") == {"/data"}
    assert compile("count(/data/g/*)").references("/data/q") == {"/data/g"}
    assert compile("../../../../x").references("/data/q") == {"/data"}


def test_function_names_instances_and_volatility():
    expr = compile("if(today() > date(/data/d), pulldata('prices', 'p', 'k', /data/k), jr:choice-name(1, '/data/s'))")
    assert expr.function_names() == {"if", "today", "date", "pulldata", "jr:choice-name"}
    assert expr.instance_ids() == {"prices"}
    assert expr.volatile is True
    assert compile("/data/a + 1").volatile is False
    assert compile("uuid()").volatile is True


def test_constant_expressions():
    assert compile("true()").constant
    assert compile("2 * 3 = 6 and 'a' != 'b'").constant
    for changing in ["/data/a", ". > 1", "today()", "position()", "current()", "count(instance('x')/root/item)"]:
        assert not compile(changing).constant, changing
