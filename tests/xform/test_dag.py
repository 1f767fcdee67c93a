"""The dependency graph: a change re-evaluates only what depends on it, in dependency order, inside the affected
repeat instance; cycles that slip past the loader never hang a session."""

import pytest

from fieldapp.xform.engine import recalc
from fieldapp.xform.engine.dag import model_for
from fieldapp.xform.load.xform_parser import parse_xform

from tests.support.scenario import form_from_md


def _counting(monkeypatch):
    calls = []
    original = recalc.apply

    def counted(session, trig, node, run):
        calls.append((trig.kind, session.path_of(node)))
        return original(session, trig, node, run)
    monkeypatch.setattr(recalc, "apply", counted)
    return calls


def _wide_form(tmp_path, n):
    rows = ["| survey | | | | |", "| | type | name | label | relevant |"]
    for i in range(n):
        rows.append(f"| | integer | q{i} | Q{i} | |")
        rows.append(f"| | text | d{i} | D{i} | ${{q{i}}} > 1 |")
    return form_from_md(tmp_path, "\n".join(rows))


def test_a_change_reevaluates_only_its_dependents(tmp_path, monkeypatch):
    form = _wide_form(tmp_path, 40)
    session = form.new_session()
    calls = _counting(monkeypatch)
    session.answer("/data/q7", "5")
    assert calls == [("relevant", "/data/d7")]
    assert session.relevant("/data/d7") and not session.relevant("/data/d8")


def test_calculations_run_in_dependency_order(tmp_path):
    # c1 reads c2, declared after it: the graph, not the form order, decides
    session = form_from_md(tmp_path, """
        | survey |  |  |  |
        |  | type | name | label | calculation |
        |  | calculate | c1 | | ${c2} + 1 |
        |  | calculate | c2 | | ${a} * 2 |
        |  | integer | a | A | |
        |  | calculate | c3 | | ${c1} + ${c2} |
    """).new_session()
    session.answer("/data/a", "5")
    assert (session.value("/data/c2"), session.value("/data/c1"), session.value("/data/c3")) == ("10", "11", "21")


REPEAT = """
| survey |  |  |  |  |  |
|  | type | name | label | relevant | calculation |
|  | integer | n | N | | |
|  | begin repeat | r | R | | |
|  | integer | x | X | | |
|  | text | y | Y | ${x} > 3 | |
|  | calculate | z | | | ${x} + ${n} |
|  | end repeat | | | | |
|  | calculate | total | | | sum(${x}) |
"""


def test_only_the_affected_repeat_instance_is_reevaluated(tmp_path, monkeypatch):
    session = form_from_md(tmp_path, REPEAT).new_session()
    for _ in range(4):
        session.add_repeat("/data/r")
    calls = _counting(monkeypatch)
    session.answer("/data/r[3]/x", "5")
    assert sorted(calls) == [("calculate", "/data/r[3]/z"), ("calculate", "/data/total"), ("relevant", "/data/r[3]/y")]
    calls.clear()
    session.answer("/data/n", "1")   # read by every instance
    assert sorted(p for k, p in calls) == [f"/data/r[{i}]/z" for i in range(1, 6)]
    assert session.value("/data/r[3]/z") == "6" and session.value("/data/total") == "5"


def test_graph_is_built_once_per_form(tmp_path):
    form = form_from_md(tmp_path, REPEAT)
    first = form.new_session().model
    assert form.new_session().model is first is model_for(form)


CYCLE = """<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa">
<h:head><h:title>cycle</h:title><model>
<instance><data id="cycle"><a/><b/><c/><q/></data></instance>
<bind nodeset="/data/a" type="int" calculate="/data/b + 1"/>
<bind nodeset="/data/b" type="int" calculate="/data/a + /data/q"/>
<bind nodeset="/data/c" type="string" relevant="/data/c = ''"/>
<bind nodeset="/data/q" type="int"/>
</model></h:head>
<h:body><input ref="/data/q"><label>Q</label></input><input ref="/data/c"><label>C</label></input></h:body></h:html>
"""


def test_a_cycle_that_slipped_through_does_not_hang(tmp_path):
    form = parse_xform(CYCLE).form       # the loader would refuse it; the session must still cope
    model = model_for(form)
    assert model.cycles == [["/data/a", "/data/b"]]
    session = form.new_session()
    session.answer("/data/q", "2")
    session.answer("/data/c", "x")
    assert session.value("/data/q") == "2"
    assert not session.relevant("/data/c")


def test_reads_across_instances_update_every_instance(tmp_path):
    session = form_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | calculation |
        |  | begin repeat | r | R | |
        |  | integer | x | X | |
        |  | calculate | share | | ${x} div sum(../../r/x) |
        |  | calculate | first | | indexed-repeat(${x}, ${r}, 1) |
        |  | end repeat | | | |
    """).new_session()
    session.add_repeat("/data/r")
    session.answer("/data/r[1]/x", "1")
    session.answer("/data/r[2]/x", "3")
    assert session.value("/data/r[1]/share") == "0.25" and session.value("/data/r[2]/share") == "0.75"
    session.answer("/data/r[1]/x", "2")
    assert session.value("/data/r[2]/first") == "2"
