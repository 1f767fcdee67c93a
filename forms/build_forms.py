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
# The choice lists every form shares (sex, age bands, languages, peoples, population groups, needs):
# appended to each form's choices, so the forms store the same codes by construction.
SHARED_CHOICES = SOURCE_DIR / "shared_choices.md"
# What a form may change in a shared list's row: the words and media, never the code or its filter columns.
_RELABEL = re.compile(r"^(label|media|image|audio|video)(::|$)")

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


def read_shared(path: Path = SHARED_CHOICES) -> list[list[str | None]]:
    """The shared choices table (header row first); empty when there is no shared source."""
    if not path.exists():
        return []
    rows = parse_markdown(path.read_text(encoding="utf-8")).get("choices", [])
    if rows and "list_name" not in rows[0]:
        raise ValueError(f"{path.name}: the choices table needs a list_name column")
    return rows


def merge_shared(sheets: dict[str, list[list[str | None]]],
                 shared: list[list[str | None]]) -> dict[str, list[list[str | None]]]:
    """Append the shared lists to the form's choices; the form's rows of a shared list only re-word labels.

    A form row whose list is shared must name one of that list's codes (ValueError otherwise): the
    codes, their order and their filter columns always come from the shared source.
    """
    if len(shared) < 2:
        return sheets
    shared_header, shared_rows = shared[0], shared[1:]
    own = sheets.get("choices") or [["list_name", "name"]]
    header = list(own[0])
    header += [column for column in shared_header if column not in header]

    def as_dict(columns, row):
        return {c: v for c, v in zip(columns, row) if c is not None and v is not None}

    shared_dicts = [as_dict(shared_header, row) for row in shared_rows]
    shared_lists = {row["list_name"] for row in shared_dicts}
    codes = {(row["list_name"], row["name"]) for row in shared_dicts}
    kept, relabel = [], {}
    for row in own[1:]:
        values = as_dict(own[0], row)
        list_name = values.get("list_name")
        if list_name not in shared_lists:
            kept.append(values)
            continue
        key = (list_name, values.get("name"))
        if key not in codes:
            raise ValueError(f"choices: {list_name!r} is a shared list (shared_choices.md) and has no code "
                             f"{values.get('name')!r}; a form may only re-word the shared codes' labels")
        changed = [c for c in values if c not in ("list_name", "name") and not _RELABEL.match(c)]
        if changed:
            raise ValueError(f"choices: {list_name} {key[1]}: a form may only re-word a shared code's labels, "
                             f"not {', '.join(changed)}")
        relabel[key] = values
    merged = kept + [{**row, **relabel.get((row["list_name"], row["name"]), {})} for row in shared_dicts]
    result = dict(sheets)
    result["choices"] = [header] + [[row.get(c) for c in header] for row in merged]
    for row in result["choices"][1:]:
        while row and row[-1] is None:
            row.pop()
    return result


def form_sheets(source: Path, shared: Path = SHARED_CHOICES) -> dict[str, list[list[str | None]]]:
    """A form source's sheets with the shared choice lists merged in: what its .xlsx holds."""
    return merge_shared(parse_markdown(source.read_text(encoding="utf-8")), read_shared(shared))


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
    sheets = form_sheets(source)
    target = out_dir / f"{source.stem}.xlsx"
    target.write_bytes(workbook_bytes(sheets))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the bundled XLSForms from forms/src/*.md.")
    parser.add_argument("--out", type=Path, default=FORMS_DIR, help="folder for the .xlsx files (default: forms/)")
    parser.add_argument("sources", nargs="*", type=Path, help="markdown sources (default: all in forms/src/)")
    args = parser.parse_args(argv)
    sources = args.sources or sorted(p for p in SOURCE_DIR.glob("*.md") if p != SHARED_CHOICES)
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
