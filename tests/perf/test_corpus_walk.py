"""Every corpus form marked valid loads and is filled to the end by the automated walk; the WHO verbal autopsy
form's walks per second. Reads the yardstick folder named by FIELDAPP_YARDSTICK (default ../shared); skips without it."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest

from fieldapp.xform import FormError, load_form
from tests.support.interviewer import walk
from tests.perf.test_corpus_load import REFUSED_LIKE_ODK

REPO = Path(__file__).resolve().parents[2]
YARDSTICK = Path(os.environ.get("FIELDAPP_YARDSTICK", REPO.parent / "shared"))
CORPUS = YARDSTICK / "corpus"
VA_FORM = "xforms/enketo__va_who_v1_5_3.xml"

pytestmark = pytest.mark.skipif(not (CORPUS / "manifest.csv").exists(), reason="no yardstick corpus")


def _valid_forms() -> list[str]:
    with open(CORPUS / "manifest.csv", newline="", encoding="utf-8") as handle:
        # The forms ODK refuses although pyxform converts them are expected to be refused (see test_corpus_load).
        return [row["file"] for row in csv.DictReader(handle)
                if row["expected"] == "valid" and row["file"] not in REFUSED_LIKE_ODK]


def test_every_valid_corpus_form_is_walked_to_the_end():
    rows, failures = [], []
    for name in _valid_forms():
        started = time.perf_counter()
        try:
            form = load_form(CORPUS / name, cache=False)
        except FormError as error:
            failures.append(f"{name}: refused: {str(error)[:160]}")
            rows.append((name, "refused", 0, 0, 0, 0, 0.0))
            continue
        try:
            session = form.new_session()
            report = walk(session, seed=1)
            session.to_xml()
        except Exception as error:   # a crash is a failure of this test, reported with the form's name
            failures.append(f"{name}: {type(error).__name__}: {error}")
            rows.append((name, "crash", 0, 0, 0, 0, 0.0))
            continue
        status = "ok" if report.completed and not report.stuck else "stuck"
        if status != "ok":
            failures.append(f"{name}: stuck at {report.stuck[:3]}")
        rows.append((name, status, report.screens, report.answered, report.declined, len(report.guards),
                     time.perf_counter() - started))
    print()
    print(f"{'form':62} {'result':7} {'screens':>7} {'answered':>8} {'declined':>8} {'stops':>5} {'seconds':>7}")
    for name, status, screens, answered, declined, guards, seconds in rows:
        print(f"{name[:62]:62} {status:7} {screens:>7} {answered:>8} {declined:>8} {guards:>5} {seconds:>7.2f}")
    print("stops: required read-only notes the form places to halt an interview, passed over by the walk")
    ok = sum(1 for r in rows if r[1] == "ok")
    print(f"walked to the end: {ok}/{len(rows)}")
    assert not failures, "\n".join(failures)


def test_who_verbal_autopsy_fillings_per_second():
    form = load_form(CORPUS / VA_FORM, cache=False)
    walk(form.new_session(), seed=0)    # warm-up
    walks = []   # (seconds, answers) of each complete filling
    started = time.perf_counter()
    while time.perf_counter() - started < 5 or len(walks) < 20:
        t0 = time.perf_counter()
        report = walk(form.new_session(), seed=len(walks))
        walks.append((time.perf_counter() - t0, report.answered))
        assert report.completed and not report.stuck
    rate = len(walks) / (time.perf_counter() - started)
    deep = [(s, a) for s, a in walks if a >= 100]
    print(f"\nWHO VA 1.5.3: {rate:.1f} complete fillings/s over {len(walks)} seeded walks, "
          f"{sum(a for _, a in walks) / len(walks):.0f} answers per filling on average "
          f"(ODK Collect's engine ~31/s, target >= 10/s)")
    if deep:
        deep_rate = len(deep) / sum(s for s, _ in deep)
        print(f"  walks past consent answering >= 100 questions: {len(deep)}, {deep_rate:.1f} fillings/s, "
              f"{sum(a for _, a in deep) / len(deep):.0f} answers each")
    assert rate >= 10
