"""XPath speed: median microseconds to evaluate typical expressions over a 1,000-leaf instance, and to parse.

The baseline is the same check written by hand in Python against the Node
tree (the floor any engine can reach); the ratio says what the engine costs.
"""

from __future__ import annotations

import statistics
import time

from fieldapp.xform.model.instance import Node
from fieldapp.xform.xpath import EvalContext, Expression, compile


def _instance(leaves: int = 1000) -> Node:
    document = Node.document()
    data = document.append(Node("data"))
    data.append(Node("age", "34"))
    data.append(Node("consent", "yes no_photos"))
    group = data.append(Node("hh"))
    for i in range(10):
        member = group.append(Node("m"))
        member.append(Node("name", f"person {i}"))
        member.append(Node("age", str(5 * i)))
    for i in range(leaves - 22):
        data.append(Node(f"q{i}", str(i)))
    return document


def _median_us(fn, rounds: int = 7, number: int = 2000) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        timings.append((time.perf_counter() - start) / number * 1e6)
    return statistics.median(timings)


def test_xpath_speed():
    document = _instance()
    ctx = EvalContext(document, document.child("data").child("q10"))
    relevance = compile("/data/age >= 18 and selected(/data/consent, 'yes')")
    assert relevance.evaluate(ctx) is True

    data = document.child("data")

    def by_hand():
        age = data.children_by_name["age"][0].value
        consent = data.children_by_name["consent"][0].value
        return float(age) >= 18 and " yes " in f" {consent} "

    assert by_hand() is True
    engine_us = _median_us(lambda: relevance.evaluate(ctx))
    baseline_us = _median_us(by_hand)

    member_ctx = ctx.at(data.child("hh").children[4].child("name"))
    in_repeat = compile("../age > 10 and /data/hh/m/age < 30")
    repeat_us = _median_us(lambda: in_repeat.evaluate(member_ctx))
    aggregate = compile("sum(/data/hh/m[age >= 18]/age) div count(/data/hh/m)")
    aggregate_us = _median_us(lambda: aggregate.evaluate(ctx), number=500)

    text = "if(/data/age >= 18 and selected(/data/consent, 'yes'), concat('adult ', /data/hh/m[2]/name), 'minor')"
    parse_us = _median_us(lambda: Expression(text), number=200)

    print("\nXPath speed (median of 7 rounds, 1,000-leaf instance)")
    print(f"  relevance `age >= 18 and selected(consent, 'yes')`: {engine_us:.2f} µs "
          f"(hand-written Python {baseline_us:.2f} µs, ratio {engine_us / baseline_us:.1f}x)")
    print(f"  inside a repeat `../age > 10 and /data/hh/m/age < 30`: {repeat_us:.2f} µs")
    print(f"  aggregate `sum(m[age >= 18]/age) div count(m)` over 10 members: {aggregate_us:.2f} µs")
    print(f"  parse + compile of a 100-character expression (uncached): {parse_us:.1f} µs")
    assert engine_us < 100  # generous: a relevance check must stay far below a millisecond
