"""KoboToolbox exports whose headers are the questions' labels, not their names: the labels mapped back to names.

Kobo can export "labels" instead of "XML values and headers", in any of the
form's languages, with group labels before the question's and a select_multiple's
0/1 columns as "question/choice", separated by `/` or `.`. A header maps to a
column when its label (the whole header, else its last part, or its last two for
a choice's column) names exactly one question of the form in some language; an
ambiguous or unknown header keeps its text, so nothing is merged into the wrong
column.
"""

from __future__ import annotations

import re
from collections import defaultdict

_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", str(text)).strip().casefold()


def label_names(form) -> dict[str, str]:
    """Normalised label (every language) -> column name, for labels that name one column only."""
    from fieldapp.exchange.facts import from_form
    found: dict[str, set[str]] = defaultdict(set)
    for language in list(getattr(form, "languages", ()) or ()) or [None]:
        for q in from_form(form, language).questions.values():
            if q.label:
                found[_norm(q.label)].add(q.column)
            if q.kind == "select_multiple":
                for value, label in q.choices:
                    found[_norm(f"{q.label}/{label}")].add(f"{q.column}/{value}")
    return {label: next(iter(columns)) for label, columns in found.items() if len(columns) == 1}


def name_headers(columns: list[str], form, known: set[str]) -> list[str]:
    """`columns` with each label header replaced by the column it names; names and metadata kept as they are."""
    names = label_names(form)
    out = []
    for column in columns:
        if not column or column.startswith("_") or column in known:
            out.append(column)
            continue
        out.append(_lookup(column, names) or column)
    taken = [c for c in out]
    # two headers naming the same column: keep both as they were rather than merge them
    return [c if taken.count(c) == 1 or c == o else o for c, o in zip(out, columns)]


def _lookup(header: str, names: dict[str, str]) -> str | None:
    whole = _norm(header)
    if whole in names:
        return names[whole]
    for separator in ("/", "."):
        parts = [p for p in header.split(separator)]
        if len(parts) < 2:
            continue
        two = _norm("/".join(parts[-2:]))
        if two in names:
            return names[two]
        last = _norm(parts[-1])
        if last in names:
            return names[last]
    return None
