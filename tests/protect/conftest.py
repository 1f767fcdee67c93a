"""Fixtures for the safeguarding core: an encrypted store in a temp folder and forms from markdown."""

from __future__ import annotations

import textwrap

import pytest

PASSPHRASE = "tres tristes tigres"


@pytest.fixture
def store(tmp_path):
    from fieldapp.store import open_store
    opened = open_store(tmp_path / "data", PASSPHRASE, create=True)
    yield opened
    try:
        opened.close()
    except Exception:
        pass


@pytest.fixture
def load_md(tmp_path):
    """load_md(markdown) -> Form."""
    from fieldapp.xform import load_form

    def load(markdown: str, name: str = "form"):
        path = tmp_path / f"{name}.md"
        path.write_text(textwrap.dedent(markdown).strip() + "\n", encoding="utf-8")
        return load_form(str(path))
    return load
