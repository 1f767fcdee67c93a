"""One catalogue of problem codes (fieldapp/xform/messages.py): every code the form layer reports is a member of it.

Requirements covered:
P1 no module of fieldapp/xform names a problem by a string literal: Problem(), the XForm reader's
   problem(), ValueProblem(), AnswerError() and ValidationProblem() all take a Code
P2 codes are unique; a Code is the text of its code; say() fills its template and keeps it translatable
P3 loading and answering report codes and places (tests key on them, not on wording)
"""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

import fieldapp.xform
from fieldapp.xform import FormError, load_form
from fieldapp.xform.messages import Code, Detail, message
from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.wording import Wording, translate
from tests.support.scenario import session_from_md, write_form

XFORM_DIR = Path(fieldapp.xform.__file__).parent
# call name -> which argument is the code
CODE_ARGUMENT = {"Problem": 0, "problem": 0, "ValueProblem": 0, "AnswerError": 2, "ValidationProblem": 1, "message": 0,
                 "_bind_message": 2}


def literal_codes() -> list[str]:
    found = []
    for path in sorted(XFORM_DIR.rglob("*.py")):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            index = CODE_ARGUMENT.get(name)
            if index is None:
                continue
            argument = node.args[index] if len(node.args) > index else next(
                (k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.append(f"{path.relative_to(XFORM_DIR)}:{node.lineno} {name}({argument.value!r})")
            if isinstance(argument, ast.IfExp):
                for branch in (argument.body, argument.orelse):
                    if isinstance(branch, ast.Constant):
                        found.append(f"{path.relative_to(XFORM_DIR)}:{node.lineno} {name}({branch.value!r})")
    return found


# -- P1 ----------------------------------------------------------------------

def test_no_problem_is_named_by_a_string_literal():
    assert literal_codes() == [], "use a member of fieldapp.xform.messages.Code (add it there if it is new)"


# -- P2 ----------------------------------------------------------------------

def test_codes_are_unique_and_are_their_text():
    values = [member.value for member in Code]
    assert len(values) == len(set(values)) > 60
    assert Code.INT == "int" and json.dumps([Code.DATETIME]) == '["dateTime"]' and Code("file_empty") is Code.FILE_EMPTY
    assert Code.FILE_MISSING.detail == Detail("file_missing", "There is no file '{source}'.")


def test_say_fills_the_template_and_keeps_it_translatable():
    words = Code.FILE_MISSING.say(source="f.md")
    assert isinstance(words, Wording) and words == "There is no file 'f.md'."
    assert translate(words, "es") == "No existe el archivo 'f.md'."
    with pytest.raises(ValueError):
        Code.CYCLE.say()             # worded where it is found


def test_every_template_names_its_placeholders():
    for member in Code:
        if member.msg is not None:
            names = {field for _text, field, _spec, _conv in string.Formatter().parse(member.msg) if field}
            assert all(name.isidentifier() for name in names), member


def test_answer_messages_by_code_in_both_languages():
    assert message(Code.RANGE, "English (en)", low=1, high=5) == "Choose a value from 1 to 5."
    assert message("range", "Español (es)", low=1, high=5) == "Elija un valor entre 1 y 5."
    assert message("no_such_code") == "no_such_code"


# -- P3 ----------------------------------------------------------------------

def test_a_broken_xform_reports_codes_and_lines(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text('<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">\n'
                    "<h:body/>\n<h:head><model>\n<instance><data id='x'><a/></data></instance>\n"
                    "<instance><other/></instance>\n<bind/>\n</model></h:head>\n</h:html>\n", encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path, cache=False)
    placed = [(problem.code, problem.line) for problem in caught.value.problems]
    assert placed == [(Code.BODY_BEFORE_MODEL, 2), (Code.INSTANCE_NO_ID, 5), (Code.BIND_NO_NODESET, 6)]


def test_a_refused_spreadsheet_reports_code_sheet_row_and_column(tmp_path):
    path = write_form(tmp_path, """
        | survey |
        |        | type    | name | label | relevant     |
        |        | integer | age  | Age   |              |
        |        | text    | why  | Why   | ${age} > > 1 |
    """)
    with pytest.raises(FormError) as caught:
        load_form(path, cache=False)
    [problem] = caught.value.problems
    assert (problem.code, problem.sheet, problem.row, problem.column) == (Code.EXPRESSION_SYNTAX, "survey", 3, "relevant")


def test_refused_answers_report_code_and_path(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |
        |        | type    | name | label | calculation |
        |        | integer | age  | Age   |             |
        |        | calculate | c  |       | 1           |
    """)
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/age", "twelve")
    assert (caught.value.code, caught.value.path) == (Code.INT, "/data/age")
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/nowhere", "1")
    assert (caught.value.code, caught.value.path) == (Code.UNKNOWN_PATH, "/data/nowhere")
    session.answer("/data/age", "")
    assert [(p.kind, p.path) for p in session.validate()] == []
