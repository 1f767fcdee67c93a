"""Figures at the edges: the worst regex a form can bring, the largest choice list, 20,000 questions, a 10 MB label.

Each large form is generated here as an XForm (what pyxform would make of the XLSForm, without its
conversion time) and measured in a fresh process, so its peak memory is its own.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from fieldapp.xform import load_form

REPO = Path(__file__).resolve().parents[2]
HEAD = ('<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" '
        'xmlns:jr="http://openrosa.org/javarosa"><h:head><h:title>{title}</h:title><model>')


def _write(path: Path, parts) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for part in parts:
            handle.write(part)
    return path


def choice_list_form(path: Path, choices: int) -> Path:
    """A select_one over `choices` communities in an inline instance, as pyxform writes a choices sheet."""
    def parts():
        yield HEAD.format(title="communities")
        yield '<instance><data id="communities"><place/><meta><instanceID/></meta></data></instance>'
        yield '<instance id="big"><root>'
        for i in range(choices):
            yield f"<item><name>c{i}</name><label>Community {i} of the municipality</label></item>"
        yield '</root></instance><bind nodeset="/data/place" type="string" required="true()"/>'
        yield '</model></h:head><h:body><select1 ref="/data/place"><label>Community</label>'
        yield "<itemset nodeset=\"instance('big')/root/item\"><value ref=\"name\"/><label ref=\"label\"/></itemset>"
        yield "</select1></h:body></h:html>"
    return _write(path, parts())


def many_questions_form(path: Path, questions: int) -> Path:
    """`questions` integer questions in groups of 10, each relevant on the one before, with a running total."""
    def parts():
        yield HEAD.format(title="many")
        yield '<instance><data id="many">'
        for g in range(questions // 10):
            yield f"<g{g}>" + "".join(f"<q{g}_{i}/>" for i in range(10)) + f"</g{g}>"
        yield "<total/></data></instance>"
        for g in range(questions // 10):
            for i in range(10):
                relevant = f' relevant="/data/g{g}/q{g}_{i - 1} != 99"' if i else ""
                yield f'<bind nodeset="/data/g{g}/q{g}_{i}" type="int"{relevant}/>'
        yield '<bind nodeset="/data/total" type="int" calculate="sum(/data/*/*)"/>'
        yield "</model></h:head><h:body>"
        for g in range(questions // 10):
            yield f'<group ref="/data/g{g}"><label>Group {g}</label>'
            yield "".join(f'<input ref="/data/g{g}/q{g}_{i}"><label>Question {g}.{i}</label></input>'
                          for i in range(10))
            yield "</group>"
        yield "</h:body></h:html>"
    return _write(path, parts())


def long_label_form(path: Path, megabytes: int) -> Path:
    words = ("Lea despacio esta explicación a la persona entrevistada. " * (megabytes * 2**20 // 57 + 1))
    return _write(path, [HEAD.format(title="label"), '<instance><data id="label"><q/></data></instance>',
                         '</model></h:head><h:body><input ref="/data/q"><label>', words[:megabytes * 2**20],
                         "</label></input></h:body></h:html>"])


MEASURE = r"""
import json, resource, sys, time
from fieldapp.xform import load_form
path, question, answer = sys.argv[1:4]
clock = time.perf_counter
t0 = clock(); form = load_form(path, cache=False); t1 = clock()
session = form.new_session(); t2 = clock()
view = session.question(question); t3 = clock()
again = form.new_session().question(question); t4 = clock()
times = []
for _ in range(5):
    s = clock(); session.answer(question, answer); session.answer(question, ""); times.append((clock() - s) / 2)
print(json.dumps({"load": t1 - t0, "session": t2 - t1, "view": t3 - t2, "view_again": t4 - t3,
                  "answer": sorted(times)[2], "choices": len(view.choices), "label": len(view.label),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _measure(path: Path, question: str, answer: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), question, answer], capture_output=True,
                          text=True, env=env, timeout=900, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(what: str, figures: dict) -> str:
    return (f"{what}: load {figures['load']:.2f} s, new session {figures['session']:.2f} s, first view "
            f"{figures['view']:.2f} s, view in a new session {figures['view_again'] * 1000:.1f} ms, answer "
            f"{figures['answer'] * 1000:.1f} ms, peak {figures['peak_mb']:.0f} MB")


def test_worst_case_regex(tmp_path):
    path = _write(tmp_path / "regex.xml", [
        HEAD.format(title="regex"), '<instance><data id="regex"><word/></data></instance>',
        "<bind nodeset=\"/data/word\" type=\"string\" constraint=\"regex(., '(a|aa)+$')\"/>",
        '</model></h:head><h:body><input ref="/data/word"><label>Word</label></input></h:body></h:html>'])
    session = load_form(path, cache=False).new_session()
    waits = []
    for length in range(30, 50):   # each text is new: nothing is remembered from an earlier stop
        started = time.perf_counter()
        problems = session.answer("/data/word", "a" * length + "!")
        waits.append((time.perf_counter() - started) * 1000)
        assert [p.kind for p in problems] == ["constraint"]
    print(f"\nworst-case regex (a|aa)+$ on 30-49 typed characters: median {statistics.median(waits):.0f} ms, "
          f"max {max(waits):.0f} ms per keystroke (limit 600 ms; unbounded it takes hours)")
    assert max(waits) < 600


def test_largest_choice_list(tmp_path):
    figures = _measure(choice_list_form(tmp_path / "communities.xml", 200_000), "/data/place", "c199999")
    assert figures["choices"] == 200_000
    print("\n" + _line("200,000-choice list", figures))


def test_twenty_thousand_questions_and_a_ten_megabyte_label(tmp_path):
    figures = _measure(many_questions_form(tmp_path / "many.xml", 20_000), "/data/g1999/q1999_9", "7")
    print("\n" + _line("20,000 questions", figures))
    figures = _measure(long_label_form(tmp_path / "label.xml", 10), "/data/q", "x")
    assert figures["label"] == 10 * 2**20
    print(_line("10 MB label", figures))
