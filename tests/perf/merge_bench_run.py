"""Helpers run in fresh interpreters by test_merge_bench.py: make inputs, merge, or do the bare openpyxl baseline.

`python -m tests.perf.merge_bench_run make DIR SUBMISSIONS FILES` writes the encrypted device workbooks,
`... merge OUT INPUT...` merges them, `... baseline DIR` reads every cell with openpyxl's read-only mode and
writes them with its write-only mode. Each prints JSON: seconds and the process's peak memory.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import resource
import sys
import time
from pathlib import Path

PASSWORD = "bench password"
QUESTIONS = 100
REPEAT = ["household/member/" + n for n in ("mname", "mage", "msex", "mschool", "mwork")]


def form_columns() -> list[str]:
    """100 questions: 30 select_one, 10 select_multiple (with their 0/1 columns), 20 integers, 10 decimals,
    10 dates, 20 texts."""
    cols = []
    for q in range(QUESTIONS):
        kind = _kind(q)
        cols.append(f"g{q // 10}/q{q}")
        if kind == "multi":
            cols += [f"g{q // 10}/q{q}/{c}" for c in ("a", "b", "c", "d")]
    return cols


def _kind(q: int) -> str:
    return ("one", "one", "one", "multi", "int", "int", "dec", "date", "text", "text")[q % 10]


def _row(rng: random.Random, uuid: str, device: str) -> dict:
    from fieldapp.exchange import layout
    row = {}
    for q in range(QUESTIONS):
        name, kind = f"g{q // 10}/q{q}", _kind(q)
        if kind == "one":
            row[name] = rng.choice(("yes", "no", "dont_know", layout.DECLINED))
        elif kind == "multi":
            picks = sorted(rng.sample("abcd", rng.randint(1, 3)))
            row[name] = " ".join(picks)
            for c in "abcd":
                row[f"{name}/{c}"] = int(c in picks)
        elif kind == "int":
            row[name] = rng.randint(0, 90)
        elif kind == "dec":
            row[name] = round(rng.uniform(0, 100), 2)
        elif kind == "date":
            row[name] = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        else:
            row[name] = rng.choice(("Cobán", "Tela", "San Miguel", "=not a formula", "línea\nsegunda"))
    row.update({"_uuid": uuid, "_root_uuid": uuid, "_submission_time": f"2024-05-{rng.randint(1, 28):02d}T10:00:00",
                "_status": "finalized", "_version": "2024050101", "_device_id": device, "_enumerator": "Ana"})
    return row


def make(folder: Path, submissions: int, files: int, seed: int = 7) -> None:
    from tests.exchange.devicebook import write_device_workbook
    rng = random.Random(seed)
    columns = form_columns()
    per_file = submissions // files
    for f in range(files):
        device = f"laptop-{f:02d}"
        rows, reps = [], []
        for n in range(per_file):
            uuid = f"uuid:{seed}-{f:02d}-{n:06d}"
            rows.append(_row(rng, uuid, device))
            for k in range(3):
                reps.append({REPEAT[0]: f"M{k}", REPEAT[1]: rng.randint(0, 80), REPEAT[2]: rng.choice("fm"),
                             REPEAT[3]: rng.choice(("yes", "no")), REPEAT[4]: rng.choice(("yes", "no")),
                             "_submission_uuid": uuid, "_key": f"{uuid}/household/member[{k + 1}]",
                             "_parent_key": uuid, "_parent_table": "household_survey", "_index": 0})
        write_device_workbook(folder / f"{device}.xlsx", form_id="household_survey", version="2024050101",
                              device=device, columns=columns, rows=rows, repeats={"member": (REPEAT, reps)},
                              password=PASSWORD)


def run_merge(out: Path, inputs: list[str]) -> dict:
    from fieldapp.exchange.merge import merge
    start = time.perf_counter()
    result = merge(inputs, out, password=PASSWORD)
    return {"seconds": time.perf_counter() - start, "rows": result.rows, "rejected": len(result.rejected)}


def baseline(folder: Path) -> dict:
    """Bare openpyxl: decrypt, read every cell read-only, write them all write-only, encrypt."""
    import msoffcrypto
    import openpyxl
    from openpyxl import Workbook
    start = time.perf_counter()
    out = Workbook(write_only=True)
    sheets = {}
    cells = 0
    for path in sorted(folder.glob("*.xlsx")):
        office = msoffcrypto.OfficeFile(open(path, "rb"))
        office.load_key(password=PASSWORD)
        plain = io.BytesIO()
        office.decrypt(plain)
        book = openpyxl.load_workbook(plain, read_only=True)
        for ws in book.worksheets:
            if ws.title.startswith("_"):
                continue
            target = sheets.get(ws.title) or sheets.setdefault(ws.title, out.create_sheet(ws.title))
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
                target.append(row)
        book.close()
    data = io.BytesIO()
    out.save(data)
    encrypted = io.BytesIO()
    msoffcrypto.OfficeFile(io.BytesIO(data.getvalue())).encrypt(PASSWORD, encrypted)
    return {"seconds": time.perf_counter() - start, "cells": cells}


def main(argv: list[str]) -> None:
    action = argv[0]
    if action == "make":
        make(Path(argv[1]), int(argv[2]), int(argv[3]), int(argv[4]) if len(argv) > 4 else 7)
        report = {}
    elif action == "merge":
        report = run_merge(Path(argv[1]), argv[2:])
    else:
        report = baseline(Path(argv[1]))
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1:])
