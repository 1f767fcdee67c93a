"""Loading figures on formgen's 1,000-question household XLSForm: ours to a ready session against pyxform's convert(), and from the cache.

Issue 2's limits: loading from XLSForm to a ready session no slower than 1.5x pyxform's own conversion of
the same file, and <= 0.2 s from the cache. Our own targets, for margin: 1.3x and 0.15 s. Both sides start
cold (a new interpreter; no expression compiled, no graph built), run side by side in alternating order, and
the figure is the median of the per-pair ratios of CPU time, so other work on a shared machine tilts
neither side (wall-clock figures are printed too).
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from fieldapp.xform import load_form
from fieldapp.xform.model.gcpause import collector_paused
from tests.perf import formgen

REPO = Path(__file__).resolve().parents[2]
PAIRS = 9
FRESH_RUNS = 5

# Run in a new interpreter: CPU times from the first line (imports, load from cache, new session), and the
# wall clock at the end, which the parent compares with the moment it started the process.
_FRESH_CODE = """
import json, sys, time
clock = time.process_time
started = clock()
import fieldapp.xform, fieldapp.xform.session
from fieldapp.xform.load import cache
imported = clock()
cache.set_sealing_key(bytes.fromhex(sys.argv[3]))      # what an unlocked store does
form = fieldapp.xform.load_form(sys.argv[1], cache_folder=sys.argv[2])
loaded = clock()
form.new_session()
ready = clock()
print(json.dumps({"imports": imported - started, "load": loaded - imported, "session": ready - loaded,
                  "ready_at": time.time()}))
"""


def forget_in_process_caches() -> None:
    """Drop every compiled expression and form graph kept in this process, so the next load starts cold."""
    from fieldapp.xform.engine import dag, exprs
    from fieldapp.xform import xpath
    xpath.compile.cache_clear()
    exprs._CACHE.clear()
    dag._BY_HASH.clear()


def _seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _cpu_and_wall_seconds(fn) -> tuple[float, float]:
    """This process's CPU time (what other programs on a shared machine cannot inflate) and wall time."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def measure_loading(path: Path, cache_dir: Path, pairs: int = PAIRS, fresh_runs: int = FRESH_RUNS) -> dict:
    """Every loading figure for the XLSForm at `path` (seconds, and the median ratio against pyxform)."""
    from pyxform.xls2xform import convert

    def pyxform_convert():
        convert(xlsform=str(path))

    def pyxform_convert_collector_paused():
        with collector_paused():
            convert(xlsform=str(path))
        # The young-generation pass that our loader pays after its pause, for pyxform's cyclic garbage.
        gc.collect(0)

    def ours_to_session():
        load_form(path, cache=False).new_session()

    pyxform_convert()   # imports and first-use costs out of the way for both sides
    forget_in_process_caches()
    ours_to_session()
    cpu = {"pyxform": [], "pyxform_paused": [], "ours": []}
    wall = {name: [] for name in cpu}
    sides = [("pyxform", pyxform_convert), ("pyxform_paused", pyxform_convert_collector_paused),
             ("ours", ours_to_session)]
    for pair in range(pairs):
        forget_in_process_caches()
        for name, fn in (sides if pair % 2 == 0 else sides[::-1]):
            gc.collect()   # untimed: no run pays for the garbage an earlier one left behind
            cpu_s, wall_s = _cpu_and_wall_seconds(fn)
            cpu[name].append(cpu_s)
            wall[name].append(wall_s)

    def median_ratio(times: dict, side: str) -> float:
        return statistics.median(o / p for o, p in zip(times["ours"], times[side]))

    from fieldapp.xform.load import cache
    key = bytes(range(32))
    cache.set_sealing_key(key)                               # the disk cache is sealed with a store's key
    forget_in_process_caches()
    load_form(path, cache_folder=cache_dir).new_session()   # fills the disk cache
    same_process = statistics.median(
        _seconds(lambda: load_form(path, cache_folder=cache_dir).new_session()) for _ in range(9))

    fresh = []
    for _ in range(fresh_runs):
        spawned = time.time()
        out = subprocess.run([sys.executable, "-c", _FRESH_CODE, str(path), str(cache_dir), key.hex()], capture_output=True,
                             text=True, check=True, cwd=REPO)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["start_to_ready"] = figures.pop("ready_at") - spawned
        figures["cached_to_ready"] = figures["load"] + figures["session"]
        fresh.append(figures)
    fresh_median = {key: statistics.median(f[key] for f in fresh) for key in fresh[0]}

    return {
        "pyxform": statistics.median(cpu["pyxform"]),
        "ours": statistics.median(cpu["ours"]),
        "ratio": median_ratio(cpu, "pyxform"),
        "pyxform_paused": statistics.median(cpu["pyxform_paused"]),
        "ratio_paused": median_ratio(cpu, "pyxform_paused"),
        "wall_pyxform": statistics.median(wall["pyxform"]),
        "wall_ours": statistics.median(wall["ours"]),
        "wall_ratio": median_ratio(wall, "pyxform"),
        "cached_same_process": same_process,
        "fresh": fresh_median,
    }


def print_loading(figures: dict, question_count: int, size_kib: float) -> None:
    fresh = figures["fresh"]
    print(f"\nload {question_count} questions ({size_kib:.0f} KiB xlsx), cold, {PAIRS} side-by-side runs "
          "(medians; CPU seconds of this process, so other work on the machine does not tilt the ratio):")
    print(f"  pyxform convert()                      {figures['pyxform']:.3f} s")
    print(f"  ours, load_form().new_session()        {figures['ours']:.3f} s")
    print(f"  median ratio of the pairs              {figures['ratio']:.2f}x (limit 1.5, target 1.3)")
    # Our loader pauses the cyclic collector, which also speeds up the pyxform conversion inside it; the
    # same conversion with the collector paused shows our own share of the time.
    print(f"  pyxform convert(), collector paused    {figures['pyxform_paused']:.3f} s; "
          f"ours against it {figures['ratio_paused']:.2f}x")
    print(f"  wall clock: pyxform {figures['wall_pyxform']:.3f} s, ours {figures['wall_ours']:.3f} s, "
          f"median ratio {figures['wall_ratio']:.2f}x")
    print(f"  from the cache, same process           {figures['cached_same_process']:.4f} s (limit 0.2)")
    print(f"  from the cache, new process (median of {FRESH_RUNS}, CPU): load_form + new_session "
          f"{fresh['cached_to_ready']:.3f} s (limit 0.2, target 0.15)")
    print(f"    = load_form {fresh['load']:.3f} s + new_session {fresh['session']:.3f} s; before them, imports "
          f"{fresh['imports']:.3f} s; process start to a ready session {fresh['start_to_ready']:.3f} s (wall clock)")


def measure_in_new_process(path: Path, cache_dir: Path) -> dict:
    """measure_loading in a new interpreter: how much pyxform's own garbage collection costs depends on what
    else the process holds (tests run before this one), so the comparison starts from a bare process."""
    code = ("import json, sys; from pathlib import Path; from tests.perf.test_load_bench import measure_loading; "
            "print(json.dumps(measure_loading(Path(sys.argv[1]), Path(sys.argv[2]))))")
    out = subprocess.run([sys.executable, "-c", code, str(path), str(cache_dir)], capture_output=True, text=True,
                         check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_load_1000_questions_against_pyxform(tmp_path):
    path = formgen.write_xlsx(tmp_path / "household_1000.xlsx", 1000)
    form = load_form(path, cache=False)
    figures = measure_in_new_process(path, tmp_path / "cache")
    print_loading(figures, form.question_count, path.stat().st_size / 1024)
    assert form.question_count >= 900
    assert figures["ratio"] <= 1.5
    assert figures["cached_same_process"] <= 0.2
    assert figures["fresh"]["cached_to_ready"] <= 0.2
