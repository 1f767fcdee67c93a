"""Small-cell suppression that cannot be undone: cells under 5 hidden, and further (complementary) cells hidden until
no hidden cell can be worked out from what is shown.

A published summary is a set of counts tied by sums (a column's answers add up to the number asked, a dimension's
groups add up to the overall figure, a combined age band to its parts). Hiding a small count alone is not enough:
the sums give it back. This module takes the counts and the sums, hides the small counts ("primary"), then looks at
what an outsider could work out - sums solved one unknown at a time, the bounds every hidden cell is known to have
(a "<5" is 1 to 4, any other hidden count at least 5, nothing below 0), and exact linear algebra over all the sums at
once - and for each hidden cell that comes out exactly, hides one more cell of the sum that gave it away: the
smallest shown count above zero ("secondary"; a 0 is not a person and stays shown). It repeats until nothing comes
out. Cells that are never published (the number of respondents of a group, the respondents with no group) take part
in the sums as unknowns. The same inputs always hide the same cells.
"""

from __future__ import annotations

from fractions import Fraction
from math import inf

SMALL_CELL = 5
PRIMARY = "primary"
SECONDARY = "secondary"


class Grid:
    """The published counts (key -> true value), the sums tying them (each a list of (key, +1 or -1) adding up to
    0), and the keys of unknowns that are never published."""

    def __init__(self):
        self.values: dict = {}
        self.unpublished: set = set()
        self.relations: list[tuple[tuple, ...]] = []
        self.columns: list[tuple] = []      # (number asked, its answers): all "<5" when fewer than 5 were asked

    def column(self, asked, answers) -> None:
        self.columns.append((asked, tuple(answers)))

    def cell(self, key, value: int) -> None:
        self.values[key] = int(value)

    def unknown(self, key) -> None:
        self.unpublished.add(key)

    def total(self, total, parts) -> None:
        """`total` = the sum of `parts` (zero parts are left out by the caller or count as known zeros)."""
        terms = [(total, -1)] + [(p, 1) for p in parts]
        if len(terms) > 1:
            self.relations.append(tuple(terms))


def protect(grid: Grid, small: int = SMALL_CELL, max_rounds: int = 10_000) -> dict:
    """key -> PRIMARY or SECONDARY for every published cell to hide; the rest are shown."""
    status = {k: PRIMARY for k, v in grid.values.items() if 0 < v < small}
    if not status:
        return status
    # where fewer than 5 were asked, every answer is "<5", zeros too: else four "<5" answers and "<5" asked would
    # tell that each is exactly 1 (a "<5" elsewhere is known to be at least 1, since zeros are shown)
    grid.loose = set()
    for asked, answers in grid.columns:
        if status.get(asked) == PRIMARY:
            for key in answers:
                if grid.values.get(key, small) < small:
                    status[key] = PRIMARY
                    grid.loose.add(key)
    order = {k: i for i, k in enumerate(grid.values)}
    by_var: dict = {}
    for r_index, rel in enumerate(grid.relations):
        for key, _ in rel:
            by_var.setdefault(key, []).append(r_index)
    _one_unknown(grid, status, order)
    for _ in range(max_rounds):
        leaks, why = disclosed(grid, status, small, by_var)
        if not leaks:
            break
        added = False
        dead: set = set()       # sums already searched this round with nothing left to hide near them
        for key, r_index in leaks:
            pick = _complement(grid, status, order, by_var, why, key, r_index, dead)
            if pick is not None and pick not in status:
                status[pick] = SECONDARY
                added = True
        if not added:           # nothing left to hide in the sums that give those cells away
            break
    return status


def _one_unknown(grid, status, order) -> None:
    """The standard first step, cheap: while a sum of published counts holds exactly one hidden cell, hide its
    smallest other count above zero (what the bounds find after this takes far fewer rounds)."""
    sums = [rel for rel in grid.relations if not any(k in grid.unpublished for k, _ in rel)]
    changed = True
    while changed:
        changed = False
        for rel in sums:
            hidden = [k for k, _ in rel if k in status]
            if len(hidden) != 1:
                continue
            shown = [k for k, _ in rel if k not in status and grid.values[k] > 0]
            if shown:
                status[min(shown, key=lambda k: (grid.values[k], order[k]))] = SECONDARY
                changed = True


def _complement(grid, status, order, by_var, why, key, r_index, dead):
    """The smallest shown count above zero in the sum that gave `key` away; when that sum holds none, in the sums
    that gave away the unknowns it used (the size of a group worked out from another question...), nearest first;
    for a cell found by solving all sums together, in any sum holding it."""
    if r_index in dead:         # its whole neighbourhood was searched already
        return None
    for wide in ((False, True) if r_index is not None else (True,)):
        # first the sums that narrowed the cells, then (pinned by the marks alone) any sum near them
        layer = [r_index] if r_index is not None else list(by_var.get(key, ()))
        if wide and all(r in dead for r in layer):
            return None
        seen = set(layer)
        while layer:
            shown = [k for r in layer for k, _ in grid.relations[r]
                     if k in grid.values and k not in status and grid.values[k] > 0]
            if shown:
                return min(shown, key=lambda k: (grid.values[k], order[k]))
            following = []
            for r in layer:
                for k, _ in grid.relations[r]:
                    for cause in why.get(k, []) + (list(by_var.get(k, ())) if wide else []):
                        if cause not in seen:
                            seen.add(cause)
                            following.append(cause)
            layer = following
        if wide:
            dead |= seen
    return None


def bounds(grid: Grid, status: dict, small: int = SMALL_CELL, by_var=None, stop_at_leaks: bool = True):
    """What an outsider knows of every cell from the shown counts, the marks and the sums: key -> [low, high],
    and the hidden cells that came out exactly, each with the sum that gave it away."""
    low, high = {}, {}
    loose = getattr(grid, "loose", ())
    for key, value in grid.values.items():
        mark = status.get(key)
        if mark is None:
            low[key] = high[key] = value
        elif mark == PRIMARY:
            low[key], high[key] = (0 if key in loose else 1), small - 1
        else:
            low[key], high[key] = small, inf
    for key in grid.unpublished:
        low[key], high[key] = 0, inf
    if by_var is None:
        by_var = {}
        for r_index, rel in enumerate(grid.relations):
            for key, _ in rel:
                by_var.setdefault(key, []).append(r_index)
    leaks: dict = {}
    why: dict = {}          # key -> the sums that narrowed it
    pending = list(range(len(grid.relations)))
    queued = set(pending)
    # bounds creeping up one at a time round a loop of sums: stop after a fixed amount of work (solving all the sums
    # together, after, still finds what is fixed exactly)
    budget = 40 * len(pending) + 1000
    while pending and budget > 0:
        budget -= 1
        r_index = pending.pop()
        queued.discard(r_index)
        rel = grid.relations[r_index]
        t_low = [low[k] if c > 0 else -high[k] for k, c in rel]
        t_high = [high[k] if c > 0 else -low[k] for k, c in rel]
        lows_inf = sum(1 for x in t_low if x == -inf)
        highs_inf = sum(1 for x in t_high if x == inf)
        lows = sum(x for x in t_low if x != -inf)
        highs = sum(x for x in t_high if x != inf)
        for i, (key, c) in enumerate(rel):
            if key in leaks and stop_at_leaks:
                continue
            other_high = inf if highs_inf - (t_high[i] == inf) else highs - (t_high[i] if t_high[i] != inf else 0)
            other_low = -inf if lows_inf - (t_low[i] == -inf) else lows - (t_low[i] if t_low[i] != -inf else 0)
            # c * x = -(sum of the others)
            lo, hi = (-other_high, -other_low) if c > 0 else (other_low, other_high)
            new_low, new_high = max(low[key], lo), min(high[key], hi)
            if new_low == low[key] and new_high == high[key]:
                continue
            if new_low > new_high:          # counts that do not add up: nothing to learn
                continue
            if key in status and new_low == new_high and new_low > 0:      # a 0 is not a person
                leaks[key] = r_index
                if stop_at_leaks:           # the defender hides another cell before this value is used further
                    continue
            low[key], high[key] = new_low, new_high
            why.setdefault(key, []).append(r_index)
            for other in by_var.get(key, ()):
                if other not in queued:
                    queued.add(other)
                    pending.append(other)
    return low, high, leaks, why


def disclosed(grid: Grid, status: dict, small: int = SMALL_CELL, by_var=None) -> tuple[list[tuple], dict]:
    """The hidden cells an outsider can work out exactly, each with the sum to hide more of (or None): first by
    bounds, then, when those give nothing, by solving all the sums together; and which sum narrowed each cell."""
    low, high, leaks, why = bounds(grid, status, small, by_var)
    order = {k: i for i, k in enumerate(grid.values)}
    if leaks:
        return sorted(leaks.items(), key=lambda item: order[item[0]]), why
    known = {k: low[k] for k in low if low[k] == high[k]}
    return [(k, None) for k in sorted(solved(grid.relations, known, set(status)), key=order.__getitem__)], why


def solved(relations, known: dict, wanted: set) -> set:
    """Of the `wanted` unknowns, those the sums fix exactly (Gauss-Jordan over fractions, the known values moved to
    the right-hand side)."""
    rows = []
    for rel in relations:
        row, rhs = {}, Fraction(0)
        for key, c in rel:
            if key in known:
                rhs -= c * known[key]
            else:
                row[key] = row.get(key, 0) + c
        row = {k: Fraction(v) for k, v in row.items() if v}
        if row:
            rows.append([row, rhs])
    # an unknown in a single sum frees that sum: it can take up any value, so the sum fixes nothing
    while True:
        seen: dict = {}
        for index, (row, _) in enumerate(rows):
            for key in row:
                seen.setdefault(key, []).append(index)
        lonely = {seen[k][0] for k in seen if len(seen[k]) == 1 and k not in wanted}
        if not lonely:
            break
        rows = [r for i, r in enumerate(rows) if i not in lonely]
    holding: dict = {}
    for index, (row, _) in enumerate(rows):
        for key in row:
            holding.setdefault(key, set()).add(index)
    pivots = {}
    for index in range(len(rows)):
        row, rhs = rows[index]
        if not row:
            continue
        # a wanted unknown as pivot when there is one, in a fixed order: the same result every time
        pivot = min(row, key=lambda k: (k not in wanted, len(holding.get(k, ())), repr(k)))
        factor = row[pivot]
        if factor != 1:
            for k in row:
                row[k] /= factor
            rows[index][1] = rhs = rhs / factor
        pivots[pivot] = index
        for other in list(holding.get(pivot, ())):
            if other == index:
                continue
            o_row = rows[other][0]
            scale = o_row.get(pivot)
            if not scale:
                continue
            for k, v in row.items():
                new = o_row.get(k, 0) - scale * v
                if new:
                    o_row[k] = new
                    holding.setdefault(k, set()).add(other)
                else:
                    o_row.pop(k, None)
                    holding.get(k, set()).discard(other)
            rows[other][1] -= scale * rhs
    return {key for key, index in pivots.items()
            if key in wanted and len(rows[index][0]) == 1 and rows[index][1] != 0}
