"""Summary tables of a merged form: select questions counted and numbers described, overall and per dimension.

Percentages are within each group (of the respondents in that group who were
asked), select_multiple percentages per respondent, declines are their own row
(never missing, never "no"). Where a form's finer age bands add up to a standard
one (12-14 + 15-17), the standard band follows its parts as a combined group,
counted over the respondents of all its parts. In a publishable summary any count
under five is shown as "<5" so no child can be singled out, and further counts are
"hidden" (see suppress) so that none of those can be worked out by subtraction from
the totals, the other groups or an age band's parts. The Summary sheet, its Excel
charts and the app's Coordinator place all read these tables.
"""

from __future__ import annotations

import statistics
from array import array
from dataclasses import dataclass, field

from fieldapp.exchange import layout, suppress
from fieldapp.exchange.bands import band_range, combined_groups
from fieldapp.exchange.facts import FormFacts, Question

SMALL_CELL = 5
ALL = "All"
SUPPRESSED = "<5"
# a count of 5 or more hidden so that no "<5" can be worked out from it (complementary suppression)
HIDDEN = "hidden"
COMBINED_NOTE = ("An age band followed by its parts in brackets, such as {example}, is the total of those parts: the "
                 "standard UNICEF/OCHA band, with its counts and percentages over all the respondents of its parts.")
SMALL_NOTE = ("<5: fewer than 5 respondents, not shown so no child can be singled out; where fewer than 5 were asked, "
              "every answer of that column shows <5, a 0 too.")
HIDDEN_NOTE = ("{hidden}: a count of 5 or more, hidden too because with the totals beside it (the number asked, the other "
               "groups, the overall figure, an age band's parts) a count under 5 could be worked out by subtraction. "
               "Percentages beside a hidden count, or in a column whose number asked is hidden, are left blank.")
MISSING_CODES = (None, "", layout.NOT_ASKED, layout.NOT_REACHED)
DECLINED_ROW = "Declined"
NOT_ANSWERED_ROW = "Not answered"
STAT_ROWS = ("n", "mean", "median", "min", "max")


@dataclass
class Dimension:
    column: str
    label: str
    kind: str                       # "select", "multi" (select_multiple), "age", "value"
    labels: dict = field(default_factory=dict)   # value -> label
    bands: tuple = ()
    band: bool = False              # the form's own band codes (age_5_11): shown as 5-11 unless labelled

    def group(self, value) -> str | tuple[str, ...] | None:
        """The respondent's group; a select_multiple dimension puts a respondent in each group chosen."""
        if value in MISSING_CODES or value == layout.DECLINED:
            return None
        if self.kind == "multi":
            return tuple(dict.fromkeys(self.labels.get(code, code) for code in _text(value).split())) or None
        if self.kind == "age":
            try:
                age = float(value)
            except (TypeError, ValueError):
                return None
            for label, low, high in self.bands:
                if age >= low and (high is None or age < high + 1):
                    return label
            return None
        text = _text(value)
        if self.band and text not in self.labels:
            from fieldapp.exchange.facts import band_label
            return band_label(text)
        return self.labels.get(text, text)

    @property
    def is_age(self) -> bool:
        """Bands of age: the age question's bands, the form's age band (age_12_14), or a dimension named age/edad."""
        import re
        name = self.column.rsplit("/", 1)[-1]
        return self.kind == "age" or self.band or (
            self.kind != "multi" and re.search(r"(^|_)age(_|$)|edad", name, re.I) is not None)

    def ranges(self, groups) -> dict:
        """group -> the ages it covers (lowest, highest or None), for the form's own bands and the `groups` seen;
        a choice's code is read first (age_12_14), then its label (12 to 14 years)."""
        if not self.is_age:
            return {}
        if self.kind == "age":
            return {label: (low, high) for label, low, high in self.bands}
        out = {}
        for value, label in self.labels.items():
            found = band_range(value) or band_range(label)
            if found is not None:
                out.setdefault(label, found)
        for group in groups:
            if group not in out:
                found = band_range(group)
                if found is not None:
                    out[group] = found
        return out


@dataclass
class SummaryTable:
    """One question by one dimension (or overall): rows of counts/percentages or statistics per group."""
    column: str
    label: str
    kind: str                       # select_one, select_multiple, number
    dimension: str | None           # the dimension's column, None overall
    dimension_label: str
    groups: list[str]
    base: list                      # respondents asked (answered + declined) per group
    rows: list[tuple[str, str | None, list, list]]   # (row label, choice value, counts or stats, percentages)
    combined: dict = field(default_factory=dict)     # a combined group (12-17 (12-14 + 15-17)) -> its parts

    @property
    def title(self) -> str:
        return self.label if self.dimension is None else f"{self.label} · {self.dimension_label}"


def _natural(text: str):
    """5-11 before 12-14: numbers inside text compared as numbers."""
    import re
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", str(text)) if p]


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def dimensions(facts: FormFacts, in_repeat: bool = False) -> list[Dimension]:
    """The form's dimensions: of the respondent (main sheet), or, `in_repeat`, of each repeat row (a household
    member's own age band and sex...)."""
    dims = []
    # the form's own age bands (a calculated, disaggregated band) replace the default bands of the age question
    age_done = any(q.role == "band" and q.disaggregate and bool(q.repeat) == in_repeat
                   for q in facts.questions.values())
    for q in facts.questions.values():
        if bool(q.repeat) != in_repeat:
            continue
        if q.role == "age" and q.kind == "number" and not age_done:
            dims.append(Dimension(q.column, q.label, "age", bands=facts.age_bands))
            age_done = True
        elif q.disaggregate:
            kind = {"select_one": "select", "select_multiple": "multi"}.get(q.kind, "value")
            labels = dict(q.choices)
            dims.append(Dimension(q.column, q.label, kind, labels=labels, band=q.role == "band"))
    return dims


class SummaryBuilder:
    """Feed it the master's main rows one at a time (as dicts or with `columns`), then ask for the tables."""

    def __init__(self, facts: FormFacts, columns: list[str], *, publishable: bool = False, repeat: str | None = None):
        """`repeat`: the label of a repeat sheet whose rows are fed (one per member...), else the main rows."""
        self.facts = facts
        self.publishable = publishable
        self.columns = columns
        self.repeat = repeat
        at = {c: i for i, c in enumerate(columns)}
        self.dims = [d for d in dimensions(facts, repeat is not None) if d.column in at]
        self._dim_at = [at[d.column] for d in self.dims]
        hide = facts.identifying if publishable else set()
        self.questions: list[Question] = [
            q for q in facts.questions.values()
            if (q.repeat is None) == (repeat is None) and q.column in at
            and q.kind in ("select_one", "select_multiple", "number")
            and q.column not in hide]
        self._q_at = [at[q.column] for q in self.questions]
        # (question index, dimension index or -1, group) -> Counter-like dict / array of numbers
        self._counts: dict = {}
        self._numbers: dict = {}
        self.rows = 0

    def add(self, row: list) -> None:
        self.rows += 1
        groups = [(-1, ALL)]
        for d_index, (dim, at) in enumerate(zip(self.dims, self._dim_at)):
            g = dim.group(row[at])
            if isinstance(g, tuple):     # a household that never moved but has a deported member counts in both groups
                groups.extend((d_index, one) for one in g)
            elif g is not None:
                groups.append((d_index, g))
        for q_index, (q, at) in enumerate(zip(self.questions, self._q_at)):
            value = row[at]
            if q.kind == "number":
                if value in MISSING_CODES or isinstance(value, str):
                    if value == layout.DECLINED:
                        for key in groups:
                            bucket = self._counts.setdefault((q_index,) + key, {})
                            bucket[layout.DECLINED] = bucket.get(layout.DECLINED, 0) + 1
                    continue
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    for key in groups:
                        self._numbers.setdefault((q_index,) + key, array("d")).append(float(value))
                continue
            if value in MISSING_CODES:
                picks = (NOT_ANSWERED_ROW,)
            elif value == layout.DECLINED:
                picks = (layout.DECLINED,)
            elif q.kind == "select_multiple":
                picks = tuple(dict.fromkeys(_text(value).split())) + ("\x00asked",)
            else:
                picks = (_text(value), "\x00asked")
            for key in groups:
                bucket = self._counts.setdefault((q_index,) + key, {})
                for pick in picks:
                    bucket[pick] = bucket.get(pick, 0) + 1

    # -- carried over to the next merge (see kept) -------------------------------------------------------
    def fingerprint(self) -> str:
        """What the counts depend on: the same questions, dimensions and profile give the same keys."""
        import json
        return json.dumps([self.columns, self.repeat, [q.column for q in self.questions],
                           [[d.column, d.kind, [list(b) for b in d.bands]] for d in self.dims], self.publishable])

    def state(self) -> tuple[str, list[tuple[str, bytes]]]:
        """The counts so far as JSON, and the numbers of each number question as (key, bytes) pairs."""
        import json
        counts = json.dumps([self.rows, [[list(k), v] for k, v in self._counts.items()]])
        return counts, [(json.dumps(list(k)), v.tobytes()) for k, v in self._numbers.items()]

    def restore(self, counts: str, numbers) -> None:
        """Carry on from `state()` of the same fingerprint: the rows counted then are not fed again."""
        import json
        rows, pairs = json.loads(counts)
        self.rows = rows
        self._counts = {tuple(k): dict(v) for k, v in pairs}
        self._numbers = {}
        for key, data in numbers:
            values = array("d")
            values.frombytes(data)
            self._numbers[tuple(json.loads(key))] = values

    # -- results -----------------------------------------------------------------------------------------
    def _groups(self, d_index: int) -> tuple[list[str], dict[str, tuple[str, ...]]]:
        """The groups of a dimension in order, each combined band right after its parts, and the combined bands
        with their parts (worked out from the counts of the parts: the kept counts need nothing new)."""
        if d_index < 0:
            return [ALL], {}
        dim = self.dims[d_index]
        seen = {k[2] for k in list(self._counts) + list(self._numbers) if k[1] == d_index}
        if dim.kind == "age":
            groups = [b[0] for b in dim.bands if b[0] in seen]
        else:
            ordered = [label for value, label in dim.labels.items() if label in seen]
            groups = ordered + sorted((g for g in seen if g not in ordered), key=_natural)
        combined = {}
        for label, parts in combined_groups(dim.ranges(groups)):
            present = [g for g in parts if g in seen]
            if not present or label in seen:
                continue
            combined[label] = tuple(present)
            groups.insert(max(groups.index(g) for g in present) + 1, label)
        return groups, combined

    def tables(self) -> list[SummaryTable]:
        raw = []
        for q_index, q in enumerate(self.questions):
            for d_index in [-1] + list(range(len(self.dims))):
                if d_index >= 0 and self.dims[d_index].column == q.column:
                    continue
                table = self._table(q_index, q, d_index)
                if table is not None:
                    raw.append((q_index, d_index, table))
        if self.publishable:
            self._suppress(raw)
        return [table for _, _, table in raw]

    def _table(self, q_index: int, q: Question, d_index: int) -> SummaryTable | None:
        """The table with every count as counted (suppression comes after, over all the tables of a question)."""
        groups, combined = self._groups(d_index)
        if not groups:
            return None
        dim = self.dims[d_index] if d_index >= 0 else None

        def bucket(g):
            if g not in combined:
                return self._counts.get((q_index, d_index, g), {})
            total = {}
            for part in combined[g]:
                for k, v in self._counts.get((q_index, d_index, part), {}).items():
                    total[k] = total.get(k, 0) + v
            return total

        buckets = [bucket(g) for g in groups]
        if q.kind == "number":
            values = []
            for g in groups:
                if g in combined:       # the median of the combined values, never an average of the parts'
                    joined = array("d")
                    for part in combined[g]:
                        joined.extend(self._numbers.get((q_index, d_index, part), array("d")))
                    values.append(joined or None)
                else:
                    values.append(self._numbers.get((q_index, d_index, g)))
            stats_rows = []
            n = [len(v) if v is not None else 0 for v in values]
            for name in STAT_ROWS:
                cells = []
                for v, count in zip(values, n):
                    if not count:
                        cells.append(None)
                    elif name == "n":
                        cells.append(count)
                    elif name == "mean":
                        cells.append(round(statistics.fmean(v), 4))
                    elif name == "median":
                        cells.append(statistics.median(v))
                    elif name == "min":
                        cells.append(min(v))
                    else:
                        cells.append(max(v))
                stats_rows.append((name, None, cells, [None] * len(groups)))
            declined = [b.get(layout.DECLINED, 0) for b in buckets]
            stats_rows.append((DECLINED_ROW, layout.DECLINED, declined, [None] * len(groups)))
            return SummaryTable(q.column, self._label(q), q.kind, dim.column if dim else None, dim.label if dim else "",
                                groups, n, stats_rows, combined)
        asked = [b.get("\x00asked", 0) + b.get(layout.DECLINED, 0) for b in buckets]
        choices = list(q.choices)
        known = {v for v, _ in choices}
        extra = sorted({k for b in buckets for k in b if k not in known and not k.startswith("\x00")
                        and k not in (layout.DECLINED, NOT_ANSWERED_ROW)})
        rows = []
        for value, label in choices + [(v, v) for v in extra]:
            counts = [b.get(value, 0) for b in buckets]
            rows.append((label, value, counts, self._percent(counts, asked)))
        declined = [b.get(layout.DECLINED, 0) for b in buckets]
        rows.append((DECLINED_ROW, layout.DECLINED, declined, self._percent(declined, asked)))
        missing = [b.get(NOT_ANSWERED_ROW, 0) for b in buckets]
        rows.append((NOT_ANSWERED_ROW, None, missing, [None] * len(groups)))
        return SummaryTable(q.column, self._label(q), q.kind, dim.column if dim else None, dim.label if dim else "",
                            groups, asked, rows, combined)

    # -- publishable: small cells and the cells that would give them away ---------------------------------------
    def _suppress(self, raw) -> None:
        """Hide every count under 5 ("<5") and, over all the tables of this summary at once, every further count
        that would let one be worked out ("hidden"), then the percentages and statistics that would tell them."""
        status = suppress.protect(self._grid(raw), SMALL_CELL)
        for q_index, d_index, table in raw:
            def mark(row_key, g_index):
                found = status.get(("c", q_index, d_index, row_key, table.groups[g_index]))
                return None if found is None else SUPPRESSED if found == suppress.PRIMARY else HIDDEN

            base = [mark(_ASKED if table.kind != "number" else "n", g) or b for g, b in enumerate(table.base)]
            rows = []
            for label, value, counts, percents in table.rows:
                key = _row_key(table.kind, label, value)
                if table.kind == "number":
                    if label == DECLINED_ROW:
                        cells = [mark(key, g) or c for g, c in enumerate(counts)]
                    else:       # a group whose n is hidden shows none of its statistics (a mean and n give a sum)
                        cells = [mark("n", g) or c for g, c in enumerate(counts)]
                    rows.append((label, value, cells, percents))
                    continue
                cells = [mark(key, g) or c for g, c in enumerate(counts)]
                # a percentage beside a hidden count, or in a column whose number asked is hidden, tells the count
                shown = [None if isinstance(c, str) or isinstance(b, str) else p
                         for c, b, p in zip(cells, base, percents)]
                rows.append((label, value, cells, shown))
            table.base, table.rows = base, rows

    def _grid(self, raw) -> suppress.Grid:
        """The counts of every table and the sums tying them: each column's answers and declines add up to its
        number asked, its number asked and not answered to the group's size (the same for every question), the groups
        of a dimension (and the respondents with no group, never shown) to the overall figure, a combined age band to
        its parts."""
        grid = suppress.Grid()
        overall = {}
        for q_index, d_index, table in raw:
            keys = [_row_key(table.kind, label, value) for label, value, _, _ in table.rows]
            if table.kind == "number":
                keys = ["n", layout.DECLINED]
                counts = [table.base, table.rows[-1][2]]
            else:
                keys = [_ASKED] + keys
                counts = [table.base] + [r[2] for r in table.rows]
            for key, row in zip(keys, counts):
                for group, value in zip(table.groups, row):
                    grid.cell(("c", q_index, d_index, key, group), value)
            if d_index < 0:
                overall[q_index] = (keys,)
        sizes = set()
        for q_index, d_index, table in raw:
            dim = self.dims[d_index] if d_index >= 0 else None
            all_keys = overall[q_index][0]     # every row of the question: a group may lack an unusual answer
            groups = list(table.groups)
            whole = dim is not None and dim.kind != "multi"     # each respondent in one group at most
            if whole:
                groups.append(_UNSTATED)
            for group in groups:
                def at(key):
                    cell = ("c", q_index, d_index, key, group)
                    if group == _UNSTATED:
                        grid.unknown(cell)
                        return cell
                    return cell if cell in grid.values else None
                size = ("N", d_index, group)
                grid.unknown(size)
                if table.kind == "number":
                    slack = ("s", q_index, d_index, group)
                    grid.unknown(slack)
                    grid.total(size, [c for c in (at("n"), at(layout.DECLINED), slack) if c is not None])
                    if group != _UNSTATED:
                        grid.column(at("n"), [at(layout.DECLINED)])
                    continue
                answered = [at(k) for k in all_keys[1:] if k not in (_ASKED, NOT_ANSWERED_ROW)]
                answered = [c for c in answered if c is not None]
                grid.total(size, [c for c in (at(_ASKED), at(NOT_ANSWERED_ROW)) if c is not None])
                if group != _UNSTATED:
                    grid.column(at(_ASKED), answered)
                if table.kind == "select_one":
                    grid.total(at(_ASKED), answered)
                else:               # options do not add up: each is at most the number who answered
                    chose = ("a", q_index, d_index, group)
                    grid.unknown(chose)
                    grid.total(at(_ASKED), [c for c in (at(layout.DECLINED), chose) if c is not None])
                    for option in answered:
                        if option[3] == layout.DECLINED:
                            continue
                        slack = ("s", q_index, d_index, group, option[3])
                        grid.unknown(slack)
                        grid.total(chose, [option, slack])
            if dim is None:
                continue
            for key in all_keys:
                if whole:
                    parts = [c for g in table.groups if g not in table.combined
                             for c in [("c", q_index, d_index, key, g)] if c in grid.values]
                    grid.total(("c", q_index, -1, key, ALL), parts + [("c", q_index, d_index, key, _UNSTATED)])
                for combined, members in table.combined.items():
                    parts = [("c", q_index, d_index, key, g) for g in members]
                    grid.total(("c", q_index, d_index, key, combined), [c for c in parts if c in grid.values])
            if d_index not in sizes:
                sizes.add(d_index)
                if whole:
                    grid.total(("N", -1, ALL), [("N", d_index, g) for g in table.groups if g not in table.combined]
                               + [("N", d_index, _UNSTATED)])
                for combined, members in table.combined.items():
                    grid.total(("N", d_index, combined), [("N", d_index, g) for g in members])
        # a dimension asked as a select question: its overall counts are the sizes of its groups
        q_of = {q.column: i for i, q in enumerate(self.questions)}
        shown_groups = {d_index: table.groups for _, d_index, table in raw if d_index >= 0}
        for d_index, dim in enumerate(self.dims):
            q_index = q_of.get(dim.column)
            if q_index is None or dim.kind not in ("select", "multi") or d_index not in shown_groups:
                continue
            by_label = {label: value for value, label in dim.labels.items()}
            for group in shown_groups[d_index]:
                cell = ("c", q_index, -1, by_label.get(group, group), ALL)
                if cell in grid.values and ("N", d_index, group) in grid.unpublished:
                    grid.total(cell, [("N", d_index, group)])
            if dim.kind == "select":
                grid.total(("N", d_index, _UNSTATED), [c for c in (("c", q_index, -1, layout.DECLINED, ALL),
                                                                   ("c", q_index, -1, NOT_ANSWERED_ROW, ALL))
                                                       if c in grid.values])
        return grid

    def _label(self, q: Question) -> str:
        return f"{self.repeat}: {q.label}" if self.repeat else q.label

    @staticmethod
    def _percent(counts, bases):
        """Percentages within each group, of those asked."""
        return [round(100.0 * c / b, 1) if b else None for c, b in zip(counts, bases)]


_ASKED = "\x00asked"
_UNSTATED = "\x00no group"     # respondents whose dimension is not stated: never shown, yet part of the overall


def _row_key(kind: str, label: str, value) -> str:
    if kind == "number":
        return "n" if label == "n" else value
    return NOT_ANSWERED_ROW if value is None else value
