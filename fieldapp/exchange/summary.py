"""Summary tables of a merged form: select questions counted and numbers described, overall and per dimension.

Percentages are within each group (of the respondents in that group who were
asked), select_multiple percentages per respondent, declines are their own row
(never missing, never "no"), and in a publishable summary any count under five
is shown as "<5" so no child can be singled out. Where a form's finer age bands
add up to a standard one (12-14 + 15-17), the standard band follows its parts as a
combined group, counted over the respondents of all its parts; in a publishable
summary it is hidden wherever one of its parts is under five, so that part cannot
be worked out by subtraction. The Summary sheet, its Excel charts and the app's
Coordinator place all read these tables.
"""

from __future__ import annotations

import statistics
from array import array
from dataclasses import dataclass, field

from fieldapp.exchange import layout
from fieldapp.exchange.bands import band_range, combined_groups
from fieldapp.exchange.facts import FormFacts, Question

SMALL_CELL = 5
ALL = "All"
SUPPRESSED = "<5"
# a combined band's cell hidden because one of its parts is under 5 (secondary suppression)
HIDDEN = "hidden"
COMBINED_NOTE = ("An age band followed by its parts in brackets, such as {example}, is the total of those parts: the "
                 "standard UNICEF/OCHA band, with its counts and percentages over all the respondents of its parts.")
HIDDEN_NOTE = "{hidden}: a total hidden because one of its parts is under 5, so that part cannot be worked out by subtraction."
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
        out = []
        for q_index, q in enumerate(self.questions):
            for d_index in [-1] + list(range(len(self.dims))):
                if d_index >= 0 and self.dims[d_index].column == q.column:
                    continue
                table = self._table(q_index, q, d_index)
                if table is not None:
                    out.append(table)
        return out

    def _table(self, q_index: int, q: Question, d_index: int) -> SummaryTable | None:
        groups, combined = self._groups(d_index)
        if not groups:
            return None
        dim = self.dims[d_index] if d_index >= 0 else None
        # a combined band's column -> its parts' columns
        parts_at = {groups.index(c): [groups.index(p) for p in parts] for c, parts in combined.items()}

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
            base = self._shown(n, parts_at)
            for name in STAT_ROWS:
                cells = []
                for v, count, shown in zip(values, n, base):
                    if not count or isinstance(shown, str):
                        cells.append(None if not count else shown)
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
            stats_rows.append((DECLINED_ROW, layout.DECLINED, self._shown(declined, parts_at), [None] * len(groups)))
            return SummaryTable(q.column, self._label(q), q.kind, dim.column if dim else None, dim.label if dim else "",
                                groups, base, stats_rows, combined)
        asked = [b.get("\x00asked", 0) + b.get(layout.DECLINED, 0) for b in buckets]
        shown_asked = self._shown(asked, parts_at)
        choices = list(q.choices)
        known = {v for v, _ in choices}
        extra = sorted({k for b in buckets for k in b if k not in known and not k.startswith("\x00")
                        and k not in (layout.DECLINED, NOT_ANSWERED_ROW)})
        rows = []
        for value, label in choices + [(v, v) for v in extra]:
            counts = [b.get(value, 0) for b in buckets]
            shown = self._shown(counts, parts_at)
            rows.append((label, value, shown, self._percent(counts, asked, shown, shown_asked)))
        declined = [b.get(layout.DECLINED, 0) for b in buckets]
        shown = self._shown(declined, parts_at)
        rows.append((DECLINED_ROW, layout.DECLINED, shown, self._percent(declined, asked, shown, shown_asked)))
        missing = [b.get(NOT_ANSWERED_ROW, 0) for b in buckets]
        rows.append((NOT_ANSWERED_ROW, None, self._shown(missing, parts_at), [None] * len(groups)))
        return SummaryTable(q.column, self._label(q), q.kind, dim.column if dim else None, dim.label if dim else "",
                            groups, shown_asked, rows, combined)

    def _shown(self, counts, parts_at) -> list:
        """One row's counts as shown: under 5 suppressed in a publishable summary and, there, a combined band
        hidden where one of its parts is suppressed (else the part = the total minus the other parts)."""
        shown = [self._small(c) for c in counts]
        if self.publishable:
            for at, parts in parts_at.items():
                # a total under 5 stays "<5": its nonzero parts are all under 5 too, so nothing can be subtracted
                if shown[at] != SUPPRESSED and any(shown[p] == SUPPRESSED for p in parts):
                    shown[at] = HIDDEN
        return shown

    def _label(self, q: Question) -> str:
        return f"{self.repeat}: {q.label}" if self.repeat else q.label

    def _small(self, count):
        return SUPPRESSED if self.publishable and 0 < count < SMALL_CELL else count

    @staticmethod
    def _percent(counts, bases, shown, shown_bases):
        """Percentages within each group; none where the count is not shown, nor where the group's number asked
        is hidden (a count and its percentage give the number asked)."""
        out = []
        for c, b, cell, base in zip(counts, bases, shown, shown_bases):
            if not b or isinstance(cell, str) or base == HIDDEN:
                out.append(None)
            else:
                out.append(round(100.0 * c / b, 1))
        return out
