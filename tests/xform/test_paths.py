"""The one grammar of positional paths (/data/member[2]/age) and the one XML writer of the form layer."""

from fieldapp.xform.model import paths, xml
from fieldapp.xform.model.instance import parse_xml

DOC = parse_xml("<data><member><age>4</age></member><member><age>7</age></member><note/></data>")


def test_a_step_is_a_name_with_an_optional_position():
    assert paths.parse_step("member[2]") == ("member", 2)
    assert paths.parse_step("member") == ("member", None)
    assert paths.parse_step("member[x]") is None
    assert paths.generic("/data/member[2]/age") == "/data/member/age"
    assert paths.last_name("/data/member[2]") == "member"


def test_find_reads_positions_and_takes_the_first_without_one():
    assert paths.find(DOC, "/data/member[2]/age").value == "7"
    assert paths.find(DOC, "/data/member/age").value == "4"
    assert paths.find(DOC, "/data/member[3]/age") is None
    assert paths.find(DOC, "data/member") is None


def test_the_innermost_repeat_instance_around_a_path():
    repeats = {"/data/hh", "/data/hh/member"}
    assert paths.enclosing_repeat("/data/hh[2]/member[3]/age", repeats) == ("/data/hh[2]/member", 3)
    assert paths.enclosing_repeat("/data/hh/name", repeats) == ("/data/hh", 1)
    assert paths.enclosing_repeat("/data/name", repeats) is None


def test_the_writer_escapes_and_leaves_out_what_it_is_told_to():
    doc = parse_xml('<data><a x="1">&lt;b&gt; &amp; "c"</a><b/><c><d>x</d></c></data>')
    text = xml.to_text(doc.children[0], skip=lambda node: node.name == "c")
    assert text == '<data><a x="1">&lt;b&gt; &amp; "c"</a><b/></data>'
    assert xml.leaf("v", 'say "hi"', {"k": 'a"b'}) == '<v k="a&quot;b">say "hi"</v>'
    assert xml.leaf("v") == "<v/>"
