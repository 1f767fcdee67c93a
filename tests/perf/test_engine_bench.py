"""Engine figures on generated household surveys of 250, 1,000 and 4,000 questions: answer() median and 95th
percentile, the 4000/250 ratio, a full scripted fill and peak memory (loading: test_load_bench.py)."""

from __future__ import annotations

import statistics
import time
import tracemalloc

import pytest

from fieldapp.xform import load_form

from tests.perf import formgen

SIZES = (250, 1000, 4000)


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    return {n: formgen.write_xlsx(folder / f"household_{n}.xlsx", n) for n in SIZES}


def _answer_times(form, n: int) -> tuple[list[float], float]:
    """Per-answer times (ms) of a full scripted fill, and the fill's total time (s)."""
    session = form.new_session()
    script = formgen.fill_script(formgen.blocks_for(n))
    times = []
    clock = time.perf_counter
    start = clock()
    for path, value in script:
        t0 = clock()
        problems = session.answer(path, value)
        times.append((clock() - t0) * 1000)
        assert not problems, (path, value, problems)
    total = clock() - start
    assert session.validate() == []
    return times, total


def _p95(values):
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def test_engine_figures(forms):
    loaded = {n: load_form(path, cache=False) for n, path in forms.items()}
    medians = {}
    print()
    print(f"{'questions':>9} {'answers':>7} {'median ms':>9} {'p95 ms':>7} {'fill s':>7}")
    for n, form in loaded.items():
        _answer_times(form, n)   # warm-up: caches, compiled expressions
        runs = [_answer_times(form, n) for _ in range(3)]
        times = [t for run, _total in runs for t in run]
        fill = statistics.median(total for _run, total in runs)
        medians[n] = statistics.median(times)
        print(f"{n:>9} {len(runs[0][0]):>7} {medians[n]:>9.3f} {_p95(times):>7.3f} {fill:>7.3f}")
        if n == 1000:
            assert medians[n] <= 2.0
            assert _p95(times) <= 10.0
            assert fill <= 2.0
    ratio = medians[4000] / medians[250]
    print(f"answer() median ratio 4000/250: {ratio:.2f} (limit 2.0)")
    assert ratio <= 2.0

    # Loading against pyxform's conversion and from the cache: tests/perf/test_load_bench.py (one measurement).

    # Peak memory while loading and filling the 1,000-question form.
    tracemalloc.start()
    form = load_form(forms[1000], cache=False)
    _answer_times(form, 1000)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory load+fill 1000: {peak / 1e6:.1f} MB (limit 100)")
    assert peak / 1e6 <= 100
