"""Forms from strangers: nothing a form brings may freeze or exhaust the laptop.

Each hostile form is generated here (no large files in the repository), and each test bounds its own
time: a regex that backtracks, XML and expressions nested past the documented limits.
"""

from __future__ import annotations

import io
import random
import struct
import time
import traceback
import tracemalloc
import zlib

import pytest

from fieldapp.xform import FormError, load_form
from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.load.workbook_limits import MAX_INFLATED_BYTES, MAX_RATIO, check_workbook
from fieldapp.xform.load.xform_parser import MAX_XML_DEPTH
from fieldapp.xform.xpath.parser import MAX_NESTING
from fieldapp.xform.messages import message

BACKTRACKING = """<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
<h:head><h:title>patterns</h:title><model>
<instance><data id="patterns"><code/><word/><phone/></data></instance>
<bind nodeset="/data/code" type="string" constraint="regex(., '(a+)+$')"/>
<bind nodeset="/data/word" type="string" constraint="regex(., '(a|aa)+$')"/>
<bind nodeset="/data/phone" type="string" constraint="regex(., '\\+?[0-9]{8,12}')"/>
</model></h:head><h:body>
<input ref="/data/code"><label>Code</label></input><input ref="/data/word"><label>Word</label></input>
<input ref="/data/phone"><label>Phone</label></input>
</h:body></h:html>"""


def _session(tmp_path, xform: str):
    path = tmp_path / "hostile.xml"
    path.write_text(xform, encoding="utf-8")
    return load_form(path, cache=False).new_session()


@pytest.mark.timeout(20)
def test_a_backtracking_regex_answers_or_stops_within_a_keystroke(tmp_path):
    session = _session(tmp_path, BACKTRACKING)
    assert session.answer("/data/code", "aaaa") == [] and session.answer("/data/word", "aaaa") == []
    waits = []
    for length in (28, 40, 60):
        started = time.perf_counter()
        # (a+)+$ is answered outright (no match: the constraint fails with the form's own words)
        assert [p.kind for p in session.answer("/data/code", "a" * length + "!")] == ["constraint"]
        waits.append(time.perf_counter() - started)
        # (a|aa)+$ still backtracks: stopped at its limit, the constraint fails and says why
        started = time.perf_counter()
        problems = session.answer("/data/word", "a" * length + "!")
        waits.append(time.perf_counter() - started)
        assert [(p.kind, p.message) for p in problems] == [("constraint", message("check_too_slow", None))]
    assert max(waits) < 0.6, waits      # a few hundred milliseconds at most, even on a loaded laptop
    started = time.perf_counter()
    assert [p.kind for p in session.validate()] == ["constraint", "constraint"]
    assert time.perf_counter() - started < 0.6    # a stopped pattern is not run again on the same text
    assert session.answer("/data/word", "aaa") == []      # a good answer clears it
    # other patterns keep their Java meaning (whole-string match)
    assert session.answer("/data/phone", "+50588889999") == []
    assert [p.kind for p in session.answer("/data/phone", "call 88889999")] == ["constraint"]


@pytest.mark.timeout(20)
def test_a_stopped_check_is_worded_in_spanish_for_a_spanish_questionnaire(tmp_path):
    session = _session(tmp_path, BACKTRACKING)
    started = time.perf_counter()
    session.answer("/data/word", "a" * 50 + "!")
    session.language = "Español (es)"   # the questionnaire language a form names
    problems = session.validate()
    assert time.perf_counter() - started < 1.5
    assert problems[0].message.startswith("No se pudo comprobar esta respuesta")


def _xform_text(instance: str, body: str, binds: str = "") -> str:
    return ('<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">'
            '<h:head><h:title>t</h:title><model><instance><data id="t">' + instance + '</data></instance>'
            + binds + '</model></h:head><h:body>' + body + '</h:body></h:html>')


def _refused(tmp_path, text: str):
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path, cache=False)
    return caught.value


@pytest.mark.timeout(30)
def test_an_instance_nested_200000_deep_is_refused_fast_and_small(tmp_path):
    nested = "<a>" * 200_000 + "</a>" * 200_000     # 1.4 MB
    text = _xform_text(nested + "<q/>", '<input ref="/data/q"><label>Q</label></input>')
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = _refused(tmp_path, text)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.code for p in error.problems] == ["xml_too_deep"] and error.problems[0].line == 1
    assert str(MAX_XML_DEPTH) in error.problems[0].message
    assert seconds < 2 and peak < 50_000_000, (seconds, peak)
    assert len(str(error)) < 500


def _nested_groups(depth: int, expression_depth: int = 10) -> str:
    names = [f"g{i}" for i in range(depth)]
    instance = "".join(f"<{n}>" for n in names) + "<q/>" + "".join(f"</{n}>" for n in reversed(names)) + "<n/><c/>"
    inner = "/data/" + "/".join(names)
    body = "".join(f'<group ref="/data/{"/".join(names[:i + 1])}">' for i in range(depth))
    body += f'<input ref="{inner}/q"><label>Q</label></input>' + "</group>" * depth
    body += '<input ref="/data/n"><label>N</label></input>'
    expression = "(" * expression_depth + "/data/n + 1" + ")" * expression_depth
    binds = f'<bind nodeset="/data/c" calculate="{expression}"/><bind nodeset="{inner}/q" relevant="{expression} > 2"/>'
    return _xform_text(instance, body, binds), inner


@pytest.mark.timeout(60)
def test_groups_and_expressions_up_to_the_limits_work(tmp_path):
    text, inner = _nested_groups(MAX_XML_DEPTH - 10, expression_depth=MAX_NESTING - 1)
    path = tmp_path / "deep.xml"
    path.write_text(text, encoding="utf-8")
    session = load_form(path, cache=False).new_session()
    session.answer("/data/n", "3")
    assert session.value("/data/c") == "4" and session.relevant(inner + "/q")
    session.answer(inner + "/q", "x")
    assert "<q>x</q>" in session.to_xml() and session.validate() == []
    session.hierarchy()
    assert session.jump(inner + "/q") is not None


@pytest.mark.timeout(30)
def test_groups_nested_5000_deep_are_refused_with_the_place(tmp_path):
    text, _inner = _nested_groups(5000)
    started = time.perf_counter()
    error = _refused(tmp_path, text)
    assert time.perf_counter() - started < 5
    assert [p.code for p in error.problems] == ["xml_too_deep"] and error.problems[0].line == 1


@pytest.mark.timeout(30)
def test_an_expression_nested_past_the_limit_is_refused_with_its_place(tmp_path):
    for depth in (MAX_NESTING + 1, 130, 200_000):
        text, _inner = _nested_groups(2, expression_depth=depth)
        started = time.perf_counter()
        error = _refused(tmp_path, text)
        assert time.perf_counter() - started < 5
        problem = error.problems[0]
        assert problem.path == "/data/c" and "nested more than 100 deep" in problem.message, problem
        assert len(str(error)) < 2000


# -- zip bombs -------------------------------------------------------------------------------------

def _deflated_repeat(chunk: bytes, times: int) -> tuple[bytes, int, int]:
    """A raw deflate stream of `chunk` repeated `times` times, built from one compressed copy (fast)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return block * times + zlib.compressobj(9, zlib.DEFLATED, -15).flush(), len(chunk) * times, crc


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive written by hand: (name, deflated data, inflated size as declared, crc) per member."""
    out = io.BytesIO()
    central = []
    for name, data, size, crc in members:
        raw = name.encode()
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
                  + raw + data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                   len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                                      len(directory), start, 0))
    return out.getvalue()


def _small(name: str, text: bytes) -> tuple[str, bytes, int, int]:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, packer.compress(text) + packer.flush(), len(text), zlib.crc32(text)


WORKBOOK_PARTS = [
    _small("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                  b'content-types"/>'),
    _small("xl/workbook.xml", b'<?xml version="1.0"?><workbook/>'),
]
ROWS = b'<row><c t="inlineStr"><is><t>survey</t></is></c></row>' * 20_000


def _load_bytes(tmp_path, data: bytes, name: str = "form.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return load_form(path, cache=False)


@pytest.mark.timeout(60)
def test_an_xlsx_whose_sheet_inflates_to_500_mb_is_refused_before_parsing(tmp_path):
    data, size, crc = _deflated_repeat(ROWS, 500 * 2**20 // len(ROWS))
    bomb = _zip(WORKBOOK_PARTS + [("xl/worksheets/sheet1.xml", data, size, crc)])
    assert len(bomb) < 2 * 2**20 and size > 500_000_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FormError) as caught:
            _load_bytes(tmp_path, bomb)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.code for p in caught.value.problems] == ["workbook_too_large"]
    assert seconds < 3 and peak < 30 * 2**20, (seconds, peak)


@pytest.mark.timeout(60)
def test_a_sheet_packed_far_tighter_than_a_spreadsheet_is_refused(tmp_path):
    # 100 MB: under the size limit, but a thousand times its packed size
    data, size, crc = _deflated_repeat(ROWS, 100 * 2**20 // len(ROWS))
    assert size > MAX_RATIO * len(data) and size < MAX_INFLATED_BYTES
    with pytest.raises(FormError) as caught:
        _load_bytes(tmp_path, _zip(WORKBOOK_PARTS + [("xl/worksheets/sheet1.xml", data, size, crc)]))
    assert [p.code for p in caught.value.problems] == ["workbook_too_large"]


@pytest.mark.timeout(60)
def test_sizes_that_lie_and_damaged_archives_are_refused_as_damaged(tmp_path):
    data, size, crc = _deflated_repeat(ROWS, 50)
    liar = _zip(WORKBOOK_PARTS + [("xl/worksheets/sheet1.xml", data, 10_000, crc)])   # declares 10 KB
    started = time.perf_counter()
    with pytest.raises(FormError) as caught:
        _load_bytes(tmp_path, liar)
    assert time.perf_counter() - started < 3
    assert [p.code for p in caught.value.problems] == ["workbook_damaged"]
    sheet = random.Random(1).randbytes(200_000).hex().encode()
    broken = bytearray(_zip(WORKBOOK_PARTS + [_small("xl/worksheets/sheet1.xml", sheet)]))
    middle = len(broken) // 2
    broken[middle:middle + 64] = bytes(64)   # a damaged stretch of the deflated sheet
    with pytest.raises(FormError) as caught:
        _load_bytes(tmp_path, bytes(broken))
    assert [p.code for p in caught.value.problems] == ["workbook_damaged"]
    assert "damaged" in str(caught.value) and caught.value.problems[0].hint


def test_the_largest_real_workbooks_stay_under_the_limits(tmp_path):
    from tests.perf.formgen import write_xlsx
    path = write_xlsx(tmp_path / "survey.xlsx", 4000)
    check_workbook(path.read_bytes())
    # a list of 200,000 choices inflates to about 42 MB at about 12 times its packed size (measured)
    assert MAX_INFLATED_BYTES > 5 * 42 * 2**20 and MAX_RATIO > 10 * 13


# -- what an error may say -------------------------------------------------------------------------

SECRET = "Ana-María-7731"


def test_an_answer_error_never_holds_the_answer(tmp_path):
    from tests.support.scenario import session_from_md
    session = session_from_md(tmp_path, """
    | survey | type | name | label | parameters |
    | | select_one yn | one | One | |
    | | select_multiple yn | many | Many | |
    | | integer | age | Age | |
    | | decimal | weight | Weight | |
    | | date | born | Born | |
    | | range | score | Score | start=1 end=5 step=1 |
    | choices | list_name | name | label | |
    | | yn | yes | Yes | |
    | | yn | no | No | |
    """)
    for path, typed in (("/data/one", SECRET), ("/data/one", f"yes {SECRET}"), ("/data/many", f"yes {SECRET}"),
                        ("/data/age", SECRET), ("/data/weight", SECRET), ("/data/born", SECRET),
                        ("/data/score", "7731")):
        with pytest.raises(AnswerError) as caught:
            session.answer(path, typed)
        error = caught.value
        for text in (str(error), repr(error), error.message, error.text("es"), "".join(
                traceback.format_exception(type(error), error, error.__traceback__))):
            assert SECRET not in text and "7731" not in text, (path, text)


@pytest.mark.timeout(120)
def test_an_xlsform_with_groups_nested_too_deep_is_refused_on_its_row(tmp_path):
    for depth in (300, 5000):    # pyxform itself gives up (RecursionError) at 5,000
        rows = ["| survey | type | name | label |"]
        rows += [f"| | begin group | g{i} | G{i} |" for i in range(depth)] + ["| | text | q | Q |"]
        rows += [f"| | end group | g{i} | |" for i in reversed(range(depth))]
        with pytest.raises(FormError) as caught:
            _load_bytes(tmp_path, ("\n".join(rows) + "\n").encode(), name=f"deep{depth}.md")
        [problem] = caught.value.problems
        assert (problem.code, problem.sheet, problem.row, problem.column) == \
            ("groups_too_deep", "survey", MAX_XML_DEPTH - 10 + 2, "type")
