"""Forms that cannot work are refused with every problem, each with its place and what would be right.

Requirements covered:
C1 cycles between calculations / relevance are named (group relevance reaches its descendants)
C2 references to missing nodes, unknown functions, unparsable expressions (with the position)
C3 XLSForm problems are placed on the survey sheet: row and the column the expression came from
C4 pyxform's own messages keep their sheet/row
C5 XForm problems carry their line: binds for missing nodes, bad ranges, unsupported events,
   setgeopoint outside the odk namespace, a body before the model, missing attachments
C6 damaged inputs: corrupt, empty, not well-formed, an empty survey; never a traceback
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.xform import FormError, load_form

XLSFORM_HEAD = """\
| survey |
|        | type    | name | label | relevant | calculation | constraint | choice_filter | repeat_count | default |
"""


def md_form(tmp_path: Path, rows: str, name: str = "form.md", extra: str = "") -> Path:
    path = tmp_path / name
    path.write_text(XLSFORM_HEAD + rows + extra, encoding="utf-8")
    return path


def problems_of(path: Path):
    with pytest.raises(FormError) as caught:
        load_form(path)
    return caught.value.problems


def xform(tmp_path: Path, model: str, body: str, instance: str = "<q/><r/>", name: str = "form.xml") -> Path:
    text = f"""<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
 xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms">
<h:head><h:title>t</h:title>
<model>
<instance><data id="t">{instance}</data></instance>
{model}
</model></h:head>
<h:body>
{body}
</h:body></h:html>
"""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- C1 ----------------------------------------------------------------------

def test_calculation_cycle_names_every_node_and_its_row(tmp_path):
    path = md_form(tmp_path, """\
|        | integer   | a    | A     |          |             |            |               |              |         |
|        | calculate | b    |       |          | ${c} + 1    |            |               |              |         |
|        | calculate | c    |       |          | ${b} * 2    |            |               |              |         |
""")
    [problem] = problems_of(path)
    assert problem.code == "cycle"
    assert "/data/b" in problem.message and "/data/c" in problem.message
    assert (problem.sheet, problem.row, problem.column) == ("survey", 3, "calculation")


def test_relevance_reading_itself_is_a_cycle(tmp_path):
    path = xform(tmp_path, '<bind nodeset="/data/q" type="string" relevant="/data/q != \'x\'"/>',
                 '<input ref="/data/q"><label>Q</label></input>')
    [problem] = problems_of(path)
    assert problem.code == "cycle" and problem.path == "/data/q" and problem.line == 7


def test_group_relevance_depending_on_its_own_question_is_a_cycle(tmp_path):
    path = md_form(tmp_path, """\
|        | begin_group | g  | G  | ${q} = 1 |  |  |  |  |  |
|        | integer     | q  | Q  |          |  |  |  |  |  |
|        | end_group   |    |    |          |  |  |  |  |  |
""")
    [problem] = problems_of(path)
    assert problem.code == "cycle" and "/data/g" in problem.message and "/data/g/q" in problem.message


def test_relevance_on_earlier_answers_is_no_cycle(tmp_path):
    path = md_form(tmp_path, """\
|        | integer     | q  | Q  |          |               |  |  |  |  |
|        | begin_group | g  | G  | ${q} = 1 |               |  |  |  |  |
|        | integer     | r  | R  | ${q} > 0 |               |  |  |  |  |
|        | calculate   | s  |    |          | ${r} + ${q}   |  |  |  |  |
|        | end_group   |    |    |          |               |  |  |  |  |
""")
    assert load_form(path).question_count == 2


# -- C2 / C3 -------------------------------------------------------------------

def test_every_expression_problem_is_listed_with_row_and_column(tmp_path):
    path = md_form(tmp_path, """\
|        | integer   | age  | Age   |                  |                   |                |  |  |  |
|        | text      | bad  | Bad   | ${age} > > 3     |                   |                |  |  |  |
|        | calculate | fun  |       |                  | nope(${age})      |                |  |  |  |
|        | integer   | gone | Gone  | /data/missing = 1 |                  |                |  |  |  |
|        | integer   | con  | Con   |                  |                   | . > /data/ghost |  |  |  |
""")
    problems = problems_of(path)
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {"expression_syntax", "unknown_function", "unknown_reference"}
    assert len([p for p in problems if p.code == "unknown_reference"]) == 2
    syntax = by_code["expression_syntax"]
    assert (syntax.row, syntax.column) == (3, "relevant") and "position" in syntax.message
    unknown = by_code["unknown_function"]
    assert (unknown.row, unknown.column) == (4, "calculation") and "nope()" in unknown.message
    places = {(p.row, p.column) for p in problems if p.code == "unknown_reference"}
    assert places == {(5, "relevant"), (6, "constraint")}
    assert all(p.hint for p in problems)


def test_choice_filter_and_repeat_count_are_placed_in_their_columns(tmp_path):
    path = md_form(tmp_path, """\
|        | select_one c | one  | One   |  |  |  | name = (     |              |  |
|        | begin_repeat | rep  | Rep   |  |  |  |              | count(       |  |
|        | text         | t    | T     |  |  |  |              |              |  |
|        | end_repeat   |      |       |  |  |  |              |              |  |
""", extra="""\
| choices |
|         | list_name | name | label |
|         | c         | x    | X     |
""")
    columns = {(p.row, p.column) for p in problems_of(path)}
    assert columns == {(2, "choice_filter"), (3, "repeat_count")}


def test_dynamic_default_problem_points_at_default_column(tmp_path):
    path = md_form(tmp_path, """\
|        | date | d | D |  |  |  |  |  | nope_today() |
""")
    [problem] = problems_of(path)
    assert (problem.code, problem.row, problem.column) == ("unknown_function", 2, "default")


# -- C4 ----------------------------------------------------------------------

def test_pyxform_messages_keep_their_row(tmp_path):
    path = md_form(tmp_path, """\
|        | integer   | a    | A     |  |  |  |  |  |  |
|        | nonsense  | b    | B     |  |  |  |  |  |  |
""")
    [problem] = problems_of(path)
    assert problem.code == "pyxform" and problem.sheet == "survey" and problem.row == 3
    assert "nonsense" in problem.message


def test_missing_attachment_is_a_warning_for_xlsforms(tmp_path):
    path = md_form(tmp_path, """\
|        | select_one_from_file towns.csv | town | Town |  |  |  |  |  |  |
""")
    form = load_form(path)
    assert [w.code for w in form.warnings if w.code.startswith("attachment")] == ["attachment_missing"]
    (tmp_path / "form-media").mkdir()
    (tmp_path / "form-media" / "towns.csv").write_text("name,label\nx,X\n", encoding="utf-8")
    attached = load_form(path)
    assert "<name>x</name>" in attached.secondary_instances["towns"].xml and not attached.warnings


# -- C5 ----------------------------------------------------------------------

def test_xform_structural_problems_all_reported_with_lines(tmp_path):
    path = xform(
        tmp_path,
        model="""<bind nodeset="/data/q" type="int" calculate="1 + 1"/>
<bind nodeset="/data/ghost" type="string" calculate="2"/>
<bind nodeset="/data/typed_only" type="string"/>
<instance id="towns" src="jr://file-csv/towns.csv"/>
<setvalue event="my-fake-event" ref="/data/q" value="1"/>
<setgeopoint event="odk-instance-first-load" ref="/data/r"/>""",
        body="""<range ref="/data/r" start="a" end="10" step="1"><label>R</label></range>""")
    problems = problems_of(path)
    found = {(p.code, p.line) for p in problems}
    assert found == {("bind_unknown_node", 8), ("attachment_missing", 10), ("unsupported_event", 11),
                     ("action_namespace", 12), ("range_parameter", 15)}
    assert all(p.hint for p in problems)


def test_type_only_bind_for_missing_node_and_extra_unknown_event_are_warnings(tmp_path):
    path = xform(tmp_path, model="""<bind nodeset="/data/q" type="int"/>
<bind nodeset="/data/typed_only" type="string"/>
<setvalue event="odk-instance-first-load other-event" ref="/data/q" value="1"/>""",
                 body='<input ref="/data/q"><label>Q</label></input><input ref="/data/nowhere"><label>N</label></input>')
    form = load_form(path)
    codes = sorted(w.code for w in form.warnings)
    assert codes == ["bind_unknown_node", "control_unknown_node", "unsupported_event"]
    assert form.actions[0].events == ("odk-instance-first-load",)
    assert form.control("/data/nowhere") is None and [c.ref for c in form.body] == ["/data/q"]


def test_body_before_model_is_refused(tmp_path):
    path = tmp_path / "f.xml"
    path.write_text("""<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
<h:body><input ref="/data/q"><label>Q</label></input></h:body>
<h:head><h:title>t</h:title><model><instance><data id="t"><q/></data></instance></model></h:head>
</h:html>""", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.code == "body_before_model" and problem.line == 2


# -- C6 ----------------------------------------------------------------------

@pytest.mark.parametrize("content, name, code", [
    (b"PK\x03\x04junk", "corrupt.xlsx", "file_type_unknown"),
    (b"\x00\x01\x02garbage", "corrupt.xls", "file_type_unknown"),
    (b"", "empty.xlsx", "file_empty"),
    (b"<h:html><h:head>", "broken.xml", "xml_malformed"),
    (b"<note>hello</note>", "note.xml", "xform_no_html"),
])
def test_damaged_files_get_a_clear_problem(tmp_path, content, name, code):
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = problems_of(path)
    assert problem.code == code and problem.message and problem.file == str(path)


def test_malformed_xml_says_where(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<h:html xmlns:h='x'>\n<h:head>\n<oops></h:head>\n</h:html>", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.line == 3


def test_empty_survey_is_refused(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "survey"
    path = tmp_path / "empty.xlsx"
    book.save(path)
    problems = problems_of(path)
    assert problems and all(p.sheet == "survey" for p in problems)


def test_reading_an_undeclared_instance_is_refused(tmp_path):
    path = xform(tmp_path, model='<bind nodeset="/data/q" type="string"/><bind nodeset="/data/r" type="string" '
                 'calculate="count(instance(\'cities\')/root/item)"/>',
                 body="""<select1 ref="/data/q"><label>Q</label>
<itemset nodeset="instance('towns')/root/item"><value ref="name"/><label ref="label"/></itemset></select1>""")
    problems = problems_of(path)
    assert sorted((p.code, p.path) for p in problems) == [("unknown_instance", "/data/q"), ("unknown_instance", "/data/r")]
    assert all("instance('" in p.message for p in problems)


def test_xlsform_messages_quote_the_cell_as_written(tmp_path):
    path = md_form(tmp_path, """\
|        | integer   | age  | Age   |                  |                   |                |  |  |  |
|        | text      | why  | Why   | ${age} > > 1     |                   |                |  |  |  |
|        | calculate | fun  |       |                  | nope(${age})      |                |  |  |  |
""")
    syntax, unknown = problems_of(path)
    assert '"${age} > > 1"' in syntax.message and "position 10" in syntax.message
    assert '"nope(${age})"' in unknown.message


def test_fieldapp_columns_without_the_namespace_say_how_to_declare_it(tmp_path):
    path = tmp_path / "ns.md"
    path.write_text("| survey |\n| | type | name | label | bind::fieldapp:sensitive |\n| | text | q | Q | yes |\n",
                    encoding="utf-8")
    [problem] = problems_of(path)
    assert (problem.code, problem.sheet, problem.column) == ("namespace_undeclared", "settings", "namespaces")
    assert 'fieldapp="urn:fieldapp:xforms"' in problem.hint
