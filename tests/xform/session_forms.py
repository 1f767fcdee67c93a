"""Kept for tests written before tests/support: the markdown scenario helpers live in tests/support/scenario.py."""

from tests.support.scenario import FIXED_NOW, form_from_md, session_from_md, write_form  # noqa: F401
