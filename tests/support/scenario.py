"""Forms written in a test as a markdown table (the XLSForm layout pyxform's own tests use), loaded or filled.

One way for every test: `form_from_md(folder, md)` and `session_from_md(folder, md)`
write `<folder>/<name>.md` (attachments beside it are found as in the field) and
load it without the form cache; `write_form(folder, md)` only writes it, for tests
that import it through the app. Sessions get a fixed clock, so dates and
timestamps in the answers are the same on every run.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from fieldapp.xform import load_form

FIXED_NOW = dt.datetime(2024, 3, 15, 10, 30, tzinfo=dt.timezone.utc)


def write_form(folder, md: str, name: str = "form") -> Path:
    """The markdown table, its indentation removed, as `<folder>/<name>.md`."""
    path = Path(folder) / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(md).strip() + "\n", encoding="utf-8")
    return path


def form_from_md(folder, md: str, name: str = "form"):
    """The loaded Form (no cache: each test compiles its own)."""
    return load_form(write_form(folder, md, name), cache=False)


def session_from_md(folder, md: str, **options):
    """A new FormSession of the form, its clock fixed at FIXED_NOW unless `clock` is given."""
    options.setdefault("clock", lambda: FIXED_NOW)
    return form_from_md(folder, md).new_session(**options)
