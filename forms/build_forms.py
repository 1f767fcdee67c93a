"""Build the bundled .xlsx XLSForms from their editable markdown-table sources in forms/src/."""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

FORMS_DIR = Path(__file__).resolve().parent
SOURCE_DIR = FORMS_DIR / "src"
SHEETS = ("survey", "choices", "settings")

# A fixed timestamp for the workbook properties and zip entries, so that the same
# source always gives byte-identical files (clean diffs, reproducible builds).
FIXED_TIME = datetime.datetime(2026, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# The markdown-table dialect pyxform reads for .md XLSForms: a row whose first
# cell is filled starts a sheet; "|" inside a cell is written "\|"; a line that
# starts with "#" is a comment, and so is text after a "#" past the last "|".
_COMMENT = re.compile(r"^\s*#")
_TRAILING_COMMENT = re.compile(r"^(.*)(#[^|]+)$")
_ROW = re.compile(r"\s*\|(.*)\|\s*")
_SEPARATOR = re.compile(r"^[\|-]+$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _cell(text: str) -> str | None:
    text = text.strip()
    return text.replace(r"\|", "|") if text else None


def parse_markdown(text: str) -> dict[str, list[list[str | None]]]:
    """Return {sheet name: rows}, each row a list of cell values (None when empty)."""
    sheets: dict[str, list[list[str | None]]] = {}
    current: list[list[str | None]] | None = None
    for line in text.splitlines():
        if _COMMENT.match(line):
            continue
        trailing = _TRAILING_COMMENT.match(line)
        if trailing:
            line = trailing.group(1)
        match = _ROW.match(line)
        if not match or _SEPARATOR.match(match.group(1)):
            continue
        cells = [_cell(c) for c in _UNESCAPED_PIPE.split(match.group(1))]
        if cells[0] is not None:
            current = sheets.setdefault(cells[0], [])
        row = cells[1:]
        if current is not None and any(c is not None for c in row):
            # Trailing empty cells carry nothing; dropping them keeps sheet sizes honest.
            while row and row[-1] is None:
                row.pop()
            current.append(row)
    return sheets


def workbook_bytes(sheets: dict[str, list[list[str | None]]]) -> bytes:
    """Write the sheets as an .xlsx (every cell as text) and return its deterministic bytes."""
    missing = [name for name in ("survey", "settings") if not sheets.get(name)]
    if missing:
        raise ValueError(f"the source has no {' or '.join(missing)} sheet")
    workbook = Workbook()
    workbook.remove(workbook.active)
    # The usual three first, then any other sheet of the source (external_choices, entities...) as written.
    for name in [*(n for n in SHEETS if n in sheets), *(n for n in sheets if n not in SHEETS)]:
        sheet = workbook.create_sheet(title=name)
        for row in sheets[name]:
            sheet.append(row)
    workbook.properties.creator = "FieldApp forms/build_forms.py"
    workbook.properties.created = FIXED_TIME
    raw = io.BytesIO()
    workbook.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Pin zip entry times and the 'modified' stamp openpyxl sets to now on every save."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def build(source: Path, out_dir: Path) -> Path:
    """Build one markdown source into out_dir/<stem>.xlsx and return the written path."""
    sheets = parse_markdown(source.read_text(encoding="utf-8"))
    target = out_dir / f"{source.stem}.xlsx"
    target.write_bytes(workbook_bytes(sheets))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the bundled XLSForms from forms/src/*.md.")
    parser.add_argument("--out", type=Path, default=FORMS_DIR, help="folder for the .xlsx files (default: forms/)")
    parser.add_argument("sources", nargs="*", type=Path, help="markdown sources (default: all in forms/src/)")
    args = parser.parse_args(argv)
    sources = args.sources or sorted(SOURCE_DIR.glob("*.md"))
    args.out.mkdir(parents=True, exist_ok=True)
    for source in sources:
        try:
            print(build(source, args.out))
        except (OSError, ValueError) as error:
            print(f"{source}: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
