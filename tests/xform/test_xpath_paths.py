"""Paths over instance trees: absolute, relative, predicates, attributes, instance(), current(),
JavaRosa's contextualization inside repeats, relevance, and the evaluate() contract."""

import pytest

from fieldapp.xform.model.instance import Node, parse_xml
from fieldapp.xform.xpath import (AttrNode, EvalContext, XPathError, XPathUnsupported, compile, evaluate)

SURVEY = """<data id="survey" version="3">
  <intro><name>Ana</name><age>34</age></intro>
  <hh><m><n>Luis</n><age>10</age></m><m><n>Eva</n><age>7</age></m><m><n>Rosa</n><age>70</age></m></hh>
  <total/>
</data>"""


def values(nodes):
    return [n.value for n in nodes]


def test_absolute_and_relative_paths():
    assert values(evaluate("/data/intro/name", SURVEY)) == ["Ana"]
    assert values(evaluate("../age", SURVEY, "/data/intro/name")) == ["34"]
    assert values(evaluate("./n", SURVEY, "/data/hh/m[2]")) == ["Eva"]
    assert values(evaluate("/data/hh/m/n", SURVEY)) == ["Luis", "Eva", "Rosa"]
    assert evaluate("/data/nothing/here", SURVEY) == []
    assert [n.name for n in evaluate("/data/intro/*", SURVEY)] == ["name", "age"]
    assert evaluate("/", SURVEY)[0].name == ""


def test_predicates_by_position_and_condition():
    assert values(evaluate("/data/hh/m[2]/n", SURVEY)) == ["Eva"]
    assert values(evaluate("/data/hh/m[age > 8]/n", SURVEY)) == ["Luis", "Rosa"]
    assert values(evaluate("/data/hh/m[age > 8][2]/n", SURVEY)) == ["Rosa"]
    assert values(evaluate("/data/hh/m[n = 'Eva']/age", SURVEY)) == ["7"]
    assert values(evaluate("/data/hh/m[position() > 1]/n", SURVEY)) == ["Eva", "Rosa"]
    assert evaluate("/data/hh/m[5]", SURVEY) == []
    # A node-set predicate tests existence, as in XPath 1.0.
    assert evaluate("count(/data/hh/m[n])", SURVEY) == 3.0
    assert evaluate("count(/data/hh/m[nothing])", SURVEY) == 0.0


def test_attributes():
    found = evaluate("/data/@version", SURVEY)
    assert isinstance(found[0], AttrNode) and found[0].value == "3"
    assert evaluate("/data/@version + 1", SURVEY) == 4.0
    assert evaluate("count(/data/@*)", SURVEY) == 2.0
    assert evaluate("/data/@missing", SURVEY) == []


def test_absolute_paths_inherit_the_repeat_position_of_the_context():
    # JavaRosa contextualizes /data/hh/m/age against /data/hh/m[3]/n: the same repeat instance.
    assert evaluate("/data/hh/m/age", SURVEY, "/data/hh/m[3]/n")[0].value == "70"
    assert evaluate("/data/hh/m/age * 2", SURVEY, "/data/hh/m[2]/n") == 14.0
    assert evaluate("count(/data/hh/m)", SURVEY, "/data/total") == 3.0
    # Without contextualization (or from outside the repeat) every instance is read.
    document = parse_xml(SURVEY)
    member = document.child("data").child("hh").children[0].child("n")
    ctx = EvalContext(document, member, contextualize=False)
    assert len(compile("/data/hh/m/age").evaluate(ctx)) == 3


def test_secondary_instances_and_current():
    choices = ("<root><item><name>north</name><region>1</region></item>"
               "<item><name>south</name><region>2</region></item>"
               "<item><name>east</name><region>1</region></item></root>")
    xml = "<data><region>1</region><place/></data>"
    found = evaluate("instance('places')/root/item[region = current()/../region]/name", xml, "/data/place",
                     instances={"places": choices})
    assert values(found) == ["north", "east"]
    assert values(evaluate("current()/../region", xml, "/data/place")) == ["1"]
    with pytest.raises(XPathError):
        evaluate("instance('nowhere')/root/item", xml)


def test_last_saved_instance_reads_empty_until_something_was_saved():
    document = parse_xml("<data><name/></data>")
    expr = compile("instance('__last-saved')/data/name")
    assert expr.evaluate(EvalContext(document)) == []
    saved = parse_xml("<data><name>Ana</name></data>")
    assert expr.evaluate(EvalContext(document, last_saved=saved))[0].value == "Ana"


def test_current_stays_the_bind_node_inside_predicates():
    document = parse_xml(SURVEY)
    total = document.child("data").child("total")
    ctx = EvalContext(document, total)
    assert compile("count(/data/hh/m[age > 8 and current()/../intro/age > 30])").evaluate(ctx) == 2.0


def test_relevance_hook_leaves_out_non_relevant_nodes():
    document = parse_xml(SURVEY)
    hidden = {id(document.child("data").child("hh").children[1])}

    def relevant(node):
        walker = node
        while walker is not None:
            if id(walker) in hidden:
                return False
            walker = walker.parent
        return True
    ctx = EvalContext(document, document, relevant=relevant)
    assert compile("count(/data/hh/m)").evaluate(ctx) == 2.0
    assert compile("sum(/data/hh/m/age)").evaluate(ctx) == 80.0
    assert compile("/data/hh/m[2]/n").evaluate(ctx) == []


def test_relevance_hook_is_not_asked_about_choices():
    document = parse_xml("<data><state>1</state><city/></data>")
    cities = parse_xml("<root><item><state>1</state><n>a</n></item><item><state>2</state><n>b</n></item></root>")
    asked = []

    def relevant(node):
        asked.append(node.name)
        return True
    city = document.child("data").child("city")
    ctx = EvalContext(document, city, instances={"cities": cities}, relevant=relevant)
    found = compile("instance('cities')/root/item[state = current()/../state]/n").evaluate(ctx)
    assert [n.value for n in found] == ["a"]
    # current()/../state is read once for the whole filter, and the choices' own nodes never.
    assert asked == ["state"]


def test_invariant_parts_of_a_predicate_are_computed_once_per_filter():
    document = parse_xml("<data><n>2</n><r><x>1</x></r><r><x>2</x></r><r><x>2</x></r></data>")
    reads = []
    ctx = EvalContext(document, document, read_value=lambda node: reads.append(node.name) or node.value)
    assert len(compile("/data/r[x = /data/n]").evaluate(ctx)) == 2
    assert reads.count("n") == 1 and reads.count("x") == 3
    # position() and relative paths stay per node.
    assert [n.child("x").value for n in compile("/data/r[position() = /data/n]").evaluate(ctx)] == ["2"]


def test_read_value_hook_types_node_values():
    document = parse_xml("<data><dob>2020-01-01</dob><n>05</n></data>")
    from fieldapp.xform.xpath import typed_value
    types = {"dob": "date", "n": "int"}
    ctx = EvalContext(document, document, read_value=lambda node: typed_value(node.value, types.get(node.name)))
    assert compile("/data/dob < today()").evaluate(ctx) is True
    assert compile("/data/n = '5'").evaluate(ctx) is True
    assert compile("/data/dob + 1").evaluate(ctx) == 18263.0


def test_unsupported_constructs_raise_when_evaluated():
    for expr in ["/data | /data", "//name", "/data/descendant::name", "/data/text()", "(/data)[1]",
                 "/data/following-sibling::x", "count(/data/jr:*)"]:
        compiled = compile(expr)  # parses
        with pytest.raises(XPathUnsupported):
            compiled.evaluate(EvalContext(parse_xml(SURVEY)))


def test_evaluate_keeps_text_but_not_indentation():
    xml = "<data>\n  <a>  two  spaces</a>\n  <b>\n  </b>\n</data>"
    assert evaluate("string-length(/data/a)", xml) == 13.0
    assert evaluate("/data/b = ''", xml) is True


def test_evaluate_contract():
    assert evaluate("1 + 1") == 2.0
    assert evaluate("'a'") == "a"
    assert evaluate("true()") is True
    assert isinstance(evaluate("/data/intro", SURVEY)[0], Node)
    assert evaluate(".", SURVEY, "/data/hh/m[2]/n")[0].value == "Eva"
    with pytest.raises(XPathError):
        evaluate("/data/x", SURVEY, "/data/hh/m[9]")
    with pytest.raises(XPathError):
        evaluate("string-length()")  # no instance: nothing to read


def test_derived_contexts_are_independent():
    document = parse_xml(SURVEY)
    base = EvalContext(document, document, properties={"username": "ana"})
    members = document.child("data").child("hh").children
    first, second = base.at(members[0]), base.at(members[1])
    name = compile("n")
    assert name.evaluate(first)[0].value == "Luis"
    assert name.evaluate(second)[0].value == "Eva"
    assert second.properties is base.properties
    assert second.current_node() is members[1]


def test_absolute_lookup_does_not_scan_siblings():
    # 20,000 siblings: the lookup of one named child must not depend on their number.
    document = Node.document()
    data = document.append(Node("data"))
    for i in range(20000):
        data.append(Node(f"q{i}", str(i)))
    assert evaluate_with(document, "/data/q19999") == ["19999"]


def evaluate_with(document, expr):
    return values(compile(expr).evaluate(EvalContext(document)))
