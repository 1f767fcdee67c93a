"""An outsider trying to undo the suppression of a published summary: from the tables alone (what a reader of the
Summary sheet sees) it writes down every sum the tables obey, and works out what it can - one unknown at a time,
by the bounds a "<5" (1 to 4) or "hidden" (5 or more) cell must keep, from percentages, and by exact elimination
over all the sums at once - until nothing more comes out. Written apart from the code under test on purpose."""

from __future__ import annotations

from fractions import Fraction
from math import inf

from fieldapp.exchange import layout
from fieldapp.exchange.summary import HIDDEN, SUPPRESSED

ASKED = "#asked"


def _key(table):
    return table.column, table.dimension


def _row(table, label, value):
    if table.kind == "number":
        return "n" if label == "n" else value
    return "#not answered" if value is None else value


def cells_of(tables):
    """(table key, row, group) -> the published cell (a number, "<5" or "hidden"), counts only."""
    out = {}
    for t in tables:
        rows = []
        if t.kind == "number":
            rows = [("n", t.base)] + [(layout.DECLINED, r[2]) for r in t.rows if r[1] == layout.DECLINED]
        else:
            rows = [(ASKED, t.base)] + [(_row(t, label, value), counts) for label, value, counts, _ in t.rows]
        for row, counts in rows:
            for group, cell in zip(t.groups, counts):
                out[_key(t), row, group] = 0 if cell is None else cell
    return out


class Attacker:
    def __init__(self, tables, multi_dimensions=()):
        self.tables = tables
        self.cells = cells_of(tables)
        self.eqs: list[dict] = []        # {var: coefficient} summing to 0
        self.le: list[tuple] = []        # (a, b): a <= b
        self._build(set(multi_dimensions))

    def _build(self, multi):
        overall = {t.column: t for t in self.tables if t.dimension is None}
        for t in self.tables:
            k = _key(t)
            groups = list(t.groups)
            free = t.dimension is not None and t.dimension not in multi
            if free:
                groups.append("#nobody knows")
            for g in groups:
                def var(row, g=g):
                    return (k, row, g)
                size = ("size", t.dimension, g)
                if t.kind == "number":
                    self.eqs.append({var("n"): 1, var(layout.DECLINED): 1, ("rest", k, g): 1, size: -1})
                    continue
                rows = [_row(t, label, value) for label, value, _, _ in overall[t.column].rows]
                self.eqs.append({var(ASKED): 1, var("#not answered"): 1, size: -1})
                answers = [r for r in rows if r != "#not answered"]
                if t.kind == "select_one":
                    eq = {var(r): 1 for r in answers}
                    eq[var(ASKED)] = -1
                    self.eqs.append(eq)
                else:
                    self.eqs.append({var(layout.DECLINED): 1, ("chose", k, g): 1, var(ASKED): -1})
                    for r in answers:
                        if r != layout.DECLINED:
                            self.le.append((var(r), ("chose", k, g)))
            whole = overall[t.column]
            if t.dimension is not None:
                rows = {row for (tk, row, _) in self.cells if tk == _key(whole)}
                for row in rows:
                    if free:
                        eq = {(k, row, g): 1 for g in t.groups if g not in t.combined}
                        eq[(k, row, "#nobody knows")] = 1
                        eq[(_key(whole), row, "All")] = -1
                        self.eqs.append(eq)
                    for c, parts in t.combined.items():
                        eq = {(k, row, p): 1 for p in parts}
                        eq[(k, row, c)] = -1
                        self.eqs.append(eq)
                for c, parts in t.combined.items():
                    eq = {("size", t.dimension, p): 1 for p in parts}
                    eq[("size", t.dimension, c)] = -1
                    self.eqs.append(eq)
                if free:
                    eq = {("size", t.dimension, g): 1 for g in t.groups if g not in t.combined}
                    eq[("size", t.dimension, "#nobody knows")] = 1
                    eq[("size", None, "All")] = -1
                    self.eqs.append(eq)

        # a dimension asked as a select question: its overall counts are the sizes of its groups
        dimensions = {t.dimension for t in self.tables if t.dimension is not None}
        for column, t in overall.items():
            if column not in dimensions:
                continue
            for label, value, counts, _ in t.rows:
                if value not in (None, layout.DECLINED):
                    self.eqs.append({("size", column, label): 1, ((column, None), value, "All"): -1})
            if column not in multi and t.kind == "select_one":
                self.eqs.append({("size", column, "#nobody knows"): 1, ((column, None), layout.DECLINED, "All"): -1,
                                 ((column, None), "#not answered", "All"): -1})

    def recovered(self) -> dict:
        """The suppressed cells worked out exactly: (table key, row, group) -> value."""
        low, high = {}, {}
        for key, cell in self.cells.items():
            if cell == SUPPRESSED:
                # where fewer than 5 were asked every answer is "<5", zeros too; elsewhere a "<5" is 1 to 4
                asked = self.cells.get((key[0], ASKED, key[2]), self.cells.get((key[0], "n", key[2])))
                loose = asked == SUPPRESSED and key[1] not in (ASKED, "n", "#not answered")
                low[key], high[key] = (0 if loose else 1), 4
            elif cell == HIDDEN:
                low[key], high[key] = 5, inf
            else:
                low[key] = high[key] = cell
        for eq in self.eqs:
            for v in eq:
                if v not in low:
                    low[v], high[v] = 0, inf
        for a, b in self.le:
            for v in (a, b):
                if v not in low:
                    low[v], high[v] = 0, inf
        changed = True
        while changed:
            changed = False
            for eq in self.eqs:
                for v, c in eq.items():
                    lo_rest = hi_rest = 0
                    for w, d in eq.items():
                        if w == v:
                            continue
                        lo_rest += d * (low[w] if d > 0 else high[w])
                        hi_rest += d * (high[w] if d > 0 else low[w])
                    # c * v = -rest
                    lo, hi = (-hi_rest, -lo_rest) if c > 0 else (lo_rest, hi_rest)
                    if lo == lo and lo > low[v] and lo <= high[v]:      # (lo != lo: inf - inf, nothing known)
                        low[v], changed = lo, True
                    if hi == hi and hi < high[v] and hi >= low[v]:
                        high[v], changed = hi, True
            for a, b in self.le:
                if high[a] > high[b]:
                    high[a], changed = high[b], True
                if low[b] < low[a]:
                    low[b], changed = low[a], True
            changed |= self._percentages(low, high)
            if not changed:
                changed = self._eliminate(low, high)
        # a cell worked out to be 0 gives no one away
        return {k: low[k] for k, cell in self.cells.items() if isinstance(cell, str) and low[k] == high[k] and low[k]}

    def _percentages(self, low, high) -> bool:
        changed = False
        for t in self.tables:
            if t.kind == "number":
                continue
            for label, value, counts, percents in t.rows:
                for g, p in zip(t.groups, percents):
                    if p is None:
                        continue
                    count, asked = (_key(t), _row(t, label, value), g), (_key(t), ASKED, g)
                    if low[asked] == high[asked] and low[count] != high[count]:
                        fits = [c for c in range(int(low[asked]) + 1) if round(100.0 * c / low[asked], 1) == p]
                        if len(fits) == 1:
                            low[count] = high[count] = fits[0]
                            changed = True
                    if low[count] == high[count] and low[asked] != high[asked] and low[count] > 0:
                        top = int(low[count] * 1000 / max(p, 0.01)) + 2
                        fits = [a for a in range(max(int(low[count]), 1), top)
                                if round(100.0 * low[count] / a, 1) == p]
                        if len(fits) == 1:
                            low[asked] = high[asked] = fits[0]
                            changed = True
        return changed

    def _eliminate(self, low, high) -> bool:
        """Gauss-Jordan over the unknowns: a row left with a single unknown gives its value."""
        rows = []
        for eq in self.eqs:
            row, rhs = {}, Fraction(0)
            for v, c in eq.items():
                if low[v] == high[v]:
                    rhs -= c * Fraction(low[v])
                else:
                    row[v] = Fraction(c)
            if row:
                rows.append((row, rhs))
        done = []
        while rows:
            row, rhs = rows.pop()
            if not row:
                continue
            pivot = next(iter(sorted(row, key=repr)))
            f = row[pivot]
            row = {v: c / f for v, c in row.items()}
            rhs = rhs / f
            rest = []
            for other, o_rhs in rows:
                s = other.get(pivot)
                if s:
                    other = dict(other)
                    for v, c in row.items():
                        other[v] = other.get(v, 0) - s * c
                        if other[v] == 0:
                            del other[v]
                    o_rhs = o_rhs - s * rhs
                rest.append((other, o_rhs))
            rows = rest
            for i, (other, o_rhs) in enumerate(done):
                s = other.get(pivot)
                if s:
                    other = dict(other)
                    for v, c in row.items():
                        other[v] = other.get(v, 0) - s * c
                        if other[v] == 0:
                            del other[v]
                    done[i] = (other, o_rhs - s * rhs)
            done.append((row, rhs))
        changed = False
        for row, rhs in done:
            if len(row) == 1:
                (v, c), = row.items()
                value = rhs / c
                if value.denominator == 1 and low[v] != high[v] and low[v] <= value <= high[v]:
                    low[v] = high[v] = int(value)
                    changed = True
        return changed


def recovered(tables, multi_dimensions=()) -> dict:
    return Attacker(tables, multi_dimensions).recovered()
