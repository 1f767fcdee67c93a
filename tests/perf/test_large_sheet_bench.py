"""Reading a large sheet (an earlier master of 100,000 submissions read as a workbook): calamine vs streaming.

A 100,000-row x 120-column sheet written by the project's xlsx writer is read through Book.rows() in a fresh
interpreter per reader, so each peak (ru_maxrss) is its own. The streamed read must stay under 250 MB and give
the same rows as calamine. FIELDAPP_LARGE_SHEET_ROWS scales the run (the memory target is checked at full size).
The figures also give calamine's memory per MB of sheet XML, from which books.STREAM_ABOVE is chosen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS = int(os.environ.get("FIELDAPP_LARGE_SHEET_ROWS", "100000"))
COLUMNS = 120
FULL = ROWS >= 100_000


def _run(*args) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "tests.perf.large_sheet_run", *map(str, args)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_large_sheet_memory_and_time(tmp_path):
    path = tmp_path / "big.xlsx"
    made = _run("make", path, ROWS, COLUMNS)
    idle = json.loads(subprocess.run(
        [sys.executable, "-c", "import json,resource,python_calamine,openpyxl,fieldapp.exchange.books;"
         "print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024))"],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, check=True).stdout)
    calamine = _run("read", path, "calamine")
    stream = _run("read", path, "stream")
    per_mb = (calamine["peak_mb"] - idle) / made["xml_mb"]
    print(f"\n{ROWS:,} rows x {COLUMNS} columns: file {made['file_mb']:.0f} MB, sheet XML {made['xml_mb']:.0f} MB; "
          f"interpreter with the readers loaded {idle:.0f} MB")
    print(f"calamine : {calamine['seconds']:.1f} s, peak {calamine['peak_mb']:.0f} MB "
          f"({per_mb:.1f} MB per MB of sheet XML)")
    print(f"streaming: {stream['seconds']:.1f} s, peak {stream['peak_mb']:.0f} MB "
          f"({stream['seconds'] / calamine['seconds']:.1f}x calamine's time)")
    assert stream["rows"] == calamine["rows"] == ROWS + 1
    assert stream["cells"] == calamine["cells"] and stream["digest"] == calamine["digest"]
    if FULL:
        assert stream["peak_mb"] < 250
