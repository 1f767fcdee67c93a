"""Yardstick: every corpus form marked valid loads, every one marked invalid is refused with a place (prints a table)."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest

from fieldapp.xform import FormError, load_form

REPO = Path(__file__).resolve().parents[2]
YARDSTICK = Path(os.environ.get("FIELDAPP_YARDSTICK", REPO / ".." / "shared"))
CORPUS = YARDSTICK / "corpus"

# Forms the manifest calls valid (because pyxform converts them) that ODK refuses when it opens them.
REFUSED_LIKE_ODK = {
    "xlsforms/pyxform__xl_date_ambiguous.xlsx":
        "choice_filter `label::English != ''` is not XPath (label:: is no axis); ODK's engine refuses it too",
    "xforms/enketo__setvalue.xml":
        "a model-level setvalue fired by odk-new-repeat; ODK Collect refuses it (\"Actions triggered by "
        "odk-new-repeat must be nested in the repeat form control\"), Enketo accepts it",
}


def corpus_rows():
    manifest = CORPUS / "manifest.csv"
    if not manifest.is_file():
        return []
    with open(manifest, newline="", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["kind"] in ("xform", "xlsform")]


def outcome(row) -> tuple[bool, str, float]:
    """(as expected?, what happened, seconds) for one manifest row."""
    path = CORPUS / row["file"]
    expected_valid = row["expected"].startswith("valid") and row["file"] not in REFUSED_LIKE_ODK
    started = time.perf_counter()
    try:
        form = load_form(path, cache=False)
    except FormError as err:
        elapsed = time.perf_counter() - started
        # A damaged or empty file is placed by its name alone.
        placed = all(p.place() or (p.code.startswith("file_") and p.file) for p in err.problems)
        first = err.problems[0] if err.problems else None
        what = f"refused ({len(err.problems)}): {first}" if first else "refused"
        return (not expected_valid) and placed, what, elapsed
    elapsed = time.perf_counter() - started
    return expected_valid, f"loaded: {form.form_id} v{form.version} {form.question_count}q", elapsed


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the yardstick corpus is not present")
def test_corpus_loads_as_the_manifest_says():
    rows = corpus_rows()
    results = [(row, *outcome(row)) for row in rows]
    print()
    print(f"{'ok':3} {'time':>7}  {'file':60} result")
    for row, good, what, elapsed in results:
        print(f"{'ok' if good else 'NO':3} {elapsed:6.3f}s  {row['file'][:60]:60} {what[:150]}")
    wrong = [row["file"] for row, good, _, _ in results if not good]
    print(f"\n{len(results) - len(wrong)}/{len(results)} corpus forms as expected")
    assert not wrong, wrong
