"""Kinds of body controls, defined once: which are questions, which take an answer, and which are notes."""

from __future__ import annotations

# Body elements that are questions. Every one takes an answer but <output>, which only shows a value.
QUESTION_KINDS = frozenset({"input", "select1", "select", "rank", "range", "upload", "trigger", "output"})
ANSWERABLE_KINDS = QUESTION_KINDS - {"output"}
CONTAINER_KINDS = frozenset({"group", "repeat"})
SELECT_KINDS = frozenset({"select1", "select", "rank"})

# Bind types an <input> is answered in with a widget of their own (a number, a date, a place...);
# any other type (string, or one FieldApp does not know) is free text.
TYPED_INPUT_TYPES = frozenset({
    "int", "integer", "decimal", "date", "time", "dateTime", "geopoint", "geotrace", "geoshape",
    "barcode", "boolean", "rank", "odk:rank",
})


def is_note(kind: str, bind_type: str, readonly: bool) -> bool:
    """A question that is only read out: an <output>, or a free-text input that cannot be answered
    (an XLSForm note is a read-only string input; a read-only calculated text shows its value the same way)."""
    return kind == "output" or (kind == "input" and readonly and bind_type not in TYPED_INPUT_TYPES)
