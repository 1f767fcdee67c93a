"""Which of a form's finer age bands add up to a standard UNICEF/OCHA band (12-14 + 15-17 = 12-17), read from codes or labels.

Organisations report on the standard bands (0-4, 5-11, 12-17, 18-59, 60+) while
forms often ask finer ones. A standard band is offered as a combined group only
when two or more of the form's bands tile it exactly (no gap, no overlap, none
reaching outside it): 0-5 and 6-11 do not nest in 0-4 and 5-11, so they get no
combined group, and 12-13 + 14-15 is not 12-17 (the 16 and 17 year olds are missing).
"""

from __future__ import annotations

import re

from fieldapp.exchange.facts import DEFAULT_AGE_BANDS

_CODE = re.compile(r"^(?:age_?)?(\d+)_(\d+)$", re.I)
_CODE_UP = re.compile(r"^(?:age_?)?(\d+)_?(?:plus|more|\+)$", re.I)
# "12-14", "12 to 14 years", "De 12 a 14 años", "12–14 ans": exactly two numbers joined by a dash or a word
_TEXT = re.compile(r"^\D*?(\d+)\s*(?:-|–|—|to|a|à|hasta|al?)\s*(\d+)\D*$", re.I)
# "60+", "60 years or more", "60 años o más", "60 and over"
_TEXT_UP = re.compile(r"^\D*?(\d+)\s*(?:\+|(?:years?|años|ans)?\s*(?:or|and|y|o|et)\s*(?:more|over|older|más|plus))\D*$",
                      re.I)
# "under 5", "menos de 5 años", "less than 5"
_TEXT_UNDER = re.compile(r"^\s*(?:under|below|less than|menos de|menores de|moins de)\s*(\d+)\D*$", re.I)
# a band in months or weeks (0-11 months) is not an age band in years
_NOT_YEARS = re.compile(r"month|mes|mois|week|semana|day|día|dia", re.I)


def band_range(text) -> tuple[int, int | None] | None:
    """The ages (lowest, highest or None when open) a band code or label covers, else None."""
    text = str(text or "").strip()
    if not text or _NOT_YEARS.search(text):
        return None
    for pattern in (_CODE, _TEXT):
        found = pattern.match(text)
        if found:
            low, high = int(found.group(1)), int(found.group(2))
            return (low, high) if low <= high else None
    for pattern in (_CODE_UP, _TEXT_UP):
        found = pattern.match(text)
        if found:
            return int(found.group(1)), None
    found = _TEXT_UNDER.match(text)
    if found and int(found.group(1)) > 0:
        return 0, int(found.group(1)) - 1
    return None


def span(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else str(low) if low == high else f"{low}-{high}"


def combined_groups(ranges: dict[str, tuple[int, int | None]], standard=DEFAULT_AGE_BANDS
                    ) -> list[tuple[str, tuple[str, ...]]]:
    """(combined group's label, its parts in age order) for each standard band that two or more of the groups
    (group label -> its ages) tile exactly; the label names the parts: "12-17 (12-14 + 15-17)"."""
    out = []
    for label, low, high in standard:
        inside = sorted(((r, g) for g, r in ranges.items() if r is not None and _within(r, low, high)),
                        key=lambda item: item[0][0])
        if len(inside) < 2 or not _tiles([r for r, _ in inside], low, high):
            continue
        parts = tuple(g for _, g in inside)
        out.append((f"{label} ({' + '.join(span(*r) for r, _ in inside)})", parts))
    return out


def _within(band, low: int, high: int | None) -> bool:
    b_low, b_high = band
    if b_low < low:
        return False
    if high is None:
        return True
    return b_high is not None and b_high <= high


def _tiles(bands, low: int, high: int | None) -> bool:
    """The bands (sorted by their lowest age) follow one another from `low` to `high` with no gap or overlap."""
    expected = low
    for b_low, b_high in bands:
        if expected is None or b_low != expected:
            return False
        expected = None if b_high is None else b_high + 1
    return expected is None if high is None else expected == high + 1
