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


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the yardstick corpus is not present")
def test_our_pyxform_steps_match_pyxform_convert():
    """xlsform._pyxform_convert takes pyxform's convert() steps itself (to free its XML document at once):
    on every corpus XLSForm both give the same XForm, warnings and errors."""
    import io
    import warnings as py_warnings

    from pyxform.xls2json_backends import Definition, SupportedFileTypes
    from pyxform.xls2xform import convert

    from fieldapp.xform import xlsform
    from fieldapp.xform.sniff import MARKDOWN, XLS, XLSX, sniff

    file_types = {XLSX: SupportedFileTypes.xlsx, XLS: SupportedFileTypes.xls, MARKDOWN: SupportedFileTypes.md}
    compared, different = 0, []
    for row in corpus_rows():
        data = (CORPUS / row["file"]).read_bytes()
        kind = sniff(data, row["file"])
        if kind not in file_types:
            continue
        if kind == XLSX:
            data = xlsform.repair_dimensions(data)
        file_type = file_types[kind]

        def outcome(run):
            warnings: list = []
            try:
                with py_warnings.catch_warnings():
                    py_warnings.simplefilter("ignore")
                    definition = Definition(data=io.BytesIO(data), file_type=file_type, file_path_stem="form")
                    return "xform", run(definition, warnings), [str(w) for w in warnings]
            except Exception as error:   # the same error, raised at the same step, is the same outcome
                return "error", type(error).__name__, str(error), [str(w) for w in warnings]

        theirs = outcome(lambda definition, warnings: convert(definition, warnings=warnings,
                                                             file_type=file_type.value).xform)
        ours = outcome(lambda definition, warnings: xlsform._pyxform_convert(definition, file_type.value, warnings))
        compared += 1
        if ours != theirs:
            different.append(row["file"])
    print(f"\npyxform's steps taken by us: {compared - len(different)}/{compared} XLSForms identical")
    assert compared and not different, different
