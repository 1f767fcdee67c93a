"""One step of the large-sheet bench, run in a fresh interpreter so its peak memory is its own.

python -m tests.perf.large_sheet_run make PATH ROWS COLUMNS   writes the workbook (the project's xlsx writer)
python -m tests.perf.large_sheet_run read PATH calamine|stream reads its first sheet through Book.rows()
Prints one JSON line: seconds, peak_mb (ru_maxrss), and what was read.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import time
import zlib
from pathlib import Path


def make(path: Path, rows: int, columns: int) -> dict:
    from fieldapp.exchange.xlsx_out import MemoryWorkbook
    book = MemoryWorkbook(compresslevel=1)
    sheet = book.fast_sheet("children")
    sheet.append([f"group/question_{c}" for c in range(columns)])
    day = dt.date(2024, 1, 1)
    seen = dt.datetime(2024, 1, 1, 8, 0)
    for r in range(rows):
        row = []
        for c in range(columns):
            kind = c % 6
            if kind == 0:
                row.append(f"respuesta {r % 997} {c}")
            elif kind == 1:
                row.append(r * 7 % 1000 + c)
            elif kind == 2:
                row.append((r % 500) / 4)
            elif kind == 3:
                row.append(day + dt.timedelta(days=r % 700))
            elif kind == 4:
                row.append(seen + dt.timedelta(minutes=r))
            else:
                row.append(None if r % 3 else "#declined")
        sheet.append(row)
    book.sheet("_form").append(["form_id", "bench"])
    path.write_bytes(book.to_bytes())
    import zipfile
    with zipfile.ZipFile(path) as archive:
        xml = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    return {"file_mb": path.stat().st_size / 2 ** 20, "xml_mb": xml / 2 ** 20}


def read(path: Path, how: str) -> dict:
    from fieldapp.exchange import books
    books.STREAM_ABOVE = -1 if how == "stream" else 2 ** 62
    start = time.perf_counter()
    book = books.Book(path.read_bytes())
    name = book.sheet_names[0]
    assert book.streamed(name) is (how == "stream")
    rows = cells = 0
    digest = 0
    for row in book.rows(name):
        rows += 1
        cells += len(row)
        if rows % 97 == 1:     # every 97th row's exact values, types included (crc32: the same in every process)
            digest = zlib.crc32(repr(row).encode("utf-8"), digest)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "rows": rows, "cells": cells, "digest": digest}


if __name__ == "__main__":
    step = sys.argv[1]
    if step == "make":
        result = make(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        result = read(Path(sys.argv[2]), sys.argv[3])
    print(json.dumps(result))
