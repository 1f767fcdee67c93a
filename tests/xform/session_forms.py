"""Helpers for session tests: load a markdown-table XLSForm written inline in a test."""

from __future__ import annotations

import datetime as dt
import textwrap

from fieldapp.xform import load_form

FIXED_NOW = dt.datetime(2024, 3, 15, 10, 30, tzinfo=dt.timezone.utc)


def form_from_md(tmp_path, md: str, name: str = "form"):
    path = tmp_path / f"{name}.md"
    path.write_text(textwrap.dedent(md).strip() + "\n", encoding="utf-8")
    return load_form(path, cache=False)


def session_from_md(tmp_path, md: str, **options):
    options.setdefault("clock", lambda: FIXED_NOW)
    return form_from_md(tmp_path, md).new_session(**options)
