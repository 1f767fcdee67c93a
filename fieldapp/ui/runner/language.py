"""Choosing a form's questionnaire language from the app's default setting ("es", "en" or "" for the form's own)."""

from __future__ import annotations

NAMES = {"es": ("español", "espanol", "spanish"), "en": ("english", "inglés", "ingles")}


def pick_language(languages, code: str) -> str | None:
    """The name in `languages` that stands for `code` ("Español (es)" for "es"), None when the form has none."""
    if not code:
        return None
    for name in languages:
        lowered = name.lower()
        if f"({code})" in lowered or lowered == code or lowered.startswith(NAMES.get(code, ())):
            return name
    return None
