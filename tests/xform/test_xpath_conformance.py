"""ODK Collect's (JavaRosa's) XPath conformance cases, one test each: every one of them must pass.

The cases are published reference material kept outside the repository
(FIELDAPP_YARDSTICK, default ../shared beside it); without them the cases are
skipped with a note saying where they were looked for.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fieldapp.xform.model.instance import parse_xml
from fieldapp.xform.xpath import (EvalContext, XPathError, XPathSyntaxError, XPathTypeMismatch, XPathUnhandled,
                                  XPathUnsupported, compile, to_number, to_string)
from fieldapp.xform.xpath.values import unpack_nodes

REPO = Path(__file__).resolve().parents[2]
YARDSTICK = Path(os.environ.get("FIELDAPP_YARDSTICK", REPO / ".." / "shared"))
CASES = YARDSTICK / "conformance" / "xpath" / "javarosa_cases.json"
DATA = json.loads(CASES.read_text(encoding="utf-8")) if CASES.exists() else {"cases": [], "instances": {}}

# JavaRosa exception class -> the error classes that stand for it here.
ERRORS = {
    "XPathSyntaxException": (XPathSyntaxError,),
    "XPathUnsupportedException": (XPathUnsupported,),
    "XPathTypeMismatchException": (XPathTypeMismatch,),
    "XPathUnhandledException": (XPathUnhandled,),
    "XPathArityException": (XPathUnhandled,),
    "XPathException": (XPathError,),
}


def _path_of(node, instance_names: dict) -> str:
    """`/data/x[2]` or `instance('id')/root/item[3]`, with positions where the JavaRosa refs give them."""
    parts = []
    walker = node
    while walker.parent is not None:
        siblings = walker.parent.children_by_name.get(walker.name, [walker])
        index = next(i for i, s in enumerate(siblings, 1) if s is walker)
        parts.append(f"{walker.name}[{index}]")
        walker = walker.parent
    prefix = instance_names.get(id(walker), "")
    return prefix + "/" + "/".join(reversed(parts))


def _strip_single_positions(path: str) -> str:
    return path.replace("[1]", "")


def _refs_equal(got: list[str], want: list[str], ordered: bool) -> bool:
    norm_got = [_strip_single_positions(p) for p in got]
    norm_want = [_strip_single_positions(p) for p in want]
    return norm_got == norm_want if ordered else sorted(norm_got) == sorted(norm_want)


def run_case(case: dict, instances: dict, timezone: str | None):
    """None when the case passes, else a short description of what we gave."""
    expect = case["expect"]
    tz = ZoneInfo(timezone) if timezone else None
    document = parse_xml(instances[case["instance"]], keep_whitespace=True) if case["instance"] else None
    secondary = {key: parse_xml(instances[name], keep_whitespace=True)
                 for key, name in (case.get("secondary_instances") or {}).items()}
    node = document
    if case["context"] and document is not None:
        for part in [p for p in case["context"].split("/") if p]:
            name, _, index = part.partition("[")
            node = node.children_by_name[name][int(index.rstrip("]")) - 1 if index else 0]
    ctx = EvalContext(document, node, instances=secondary, tz=tz)
    try:
        result = compile(case["expr"]).evaluate(ctx)
    except XPathError as error:
        if expect["type"] == "error" and isinstance(error, ERRORS.get(expect["value"], ())):
            return None
        return f"raised {type(error).__name__}: {error}"
    if expect["type"] == "error":
        return f"gave {result!r}, expected {expect['value']}"
    bind_type = case.get("bind_type")
    if bind_type:
        if type(result) is list:
            result = unpack_nodes(result)
        result = to_string(result) if expect["type"] == "string" else to_number(result)
    kind = expect["type"]
    want = expect["value"]
    if kind == "number":
        want_number = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}.get(want, want)
        if type(result) is not float:
            return f"gave {result!r}, expected number {want}"
        if math.isnan(want_number):
            return None if math.isnan(result) else f"gave {result!r}, expected NaN"
        if math.isinf(want_number):
            return None if result == want_number else f"gave {result!r}, expected {want}"
        tolerance = expect.get("tolerance", 1e-12) or 0
        return None if abs(result - want_number) <= max(tolerance, 1e-9 * abs(want_number)) \
            else f"gave {result!r}, expected {want_number!r}"
    if kind in ("string", "boolean"):
        return None if result == want and type(result) is type(want) else f"gave {result!r}, expected {want!r}"
    if kind == "date":
        ok = isinstance(result, dt.date) and not isinstance(result, dt.datetime) and result.isoformat() == want
        return None if ok else f"gave {result!r}, expected date {want}"
    if kind == "datetime":
        want_dt = dt.datetime.fromisoformat(want)
        ok = isinstance(result, dt.datetime) and result == want_dt and result.utcoffset() == want_dt.utcoffset()
        return None if ok else f"gave {result!r}, expected {want}"
    if kind == "nodeset-count":
        if type(result) is not list:
            return f"gave {result!r}, expected {want} nodes"
        if len(result) != want:
            return f"gave {len(result)} nodes, expected {want}"
        if "refs" in expect:
            names = {id(doc): f"instance('{key}')" for key, doc in secondary.items()}
            got = [_path_of(n, names) for n in result]
            if not _refs_equal(got, expect["refs"], expect.get("ordered", True)):
                return f"gave {got}, expected {expect['refs']}"
        if "unpacked" in expect and to_string(unpack_nodes(result)) != expect["unpacked"]:
            return f"unpacked {unpack_nodes(result)!r}, expected {expect['unpacked']!r}"
        return None
    return f"unknown expectation {kind}"


def test_the_cases_are_there():
    if not CASES.exists():
        pytest.skip(f"JavaRosa conformance cases not found at {CASES} (set FIELDAPP_YARDSTICK)")
    assert len(DATA["cases"]) >= 477


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda case: case["id"])
def test_javarosa_case(case):
    problem = run_case(case, DATA["instances"], case["timezone"])
    assert problem is None, f"{case['expr']!r} ({case['source_test']}): {problem}"
