"""KoboToolbox exports whose headers are the questions' labels, not their names: the labels mapped back to names.

Kobo can export "labels" instead of "XML values and headers", in any of the
form's languages, with or without the group labels before the question's, and a
select_multiple's 0/1 columns as "question/choice", separated by `/` or `.`. Each
sheet is matched with the form's table (main or repeat) whose words explain most
of its headers, and a header maps to a column of that table when its label (in
some language, with or without its groups) names exactly that column; an
ambiguous or unknown header keeps its text, so nothing is merged into the wrong
column. A repeat sheet takes the name of the sheet the form gives that repeat.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from fieldapp.exchange.columns import Table as FormTable
from fieldapp.exchange.columns import _text_by_language, build_layout

_SPACES = re.compile(r"\s+")
NAMES = "\x00names"         # the "language" of XML names: a header that is a name says nothing of the language


def _norm(text: str) -> str:
    """A header or label as compared: spaces collapsed, case folded, and `.` read as the group separator `/`
    (a `.` export has had its separators turned into `/` before it gets here)."""
    return _SPACES.sub(" ", str(text).replace(".", "/")).strip().casefold()


@dataclass
class TableWords:
    """One table of the form (main or a repeat) and every header text that names one of its columns."""
    table: FormTable
    columns: set[str]
    words: dict[str, dict[str, set[str]]] = field(default_factory=dict)   # header -> {column: {language}}

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def path(self) -> str:
        return self.table.path


@dataclass
class Naming:
    """A sheet's headers named: the columns, the form table they belong to, and the languages that explained them."""
    columns: list[str]
    table: TableWords | None
    languages: Counter


class Vocabulary:
    """The words of a form, table by table: question and group labels in every language, and names."""

    def __init__(self, form):
        self.form = form
        shape = build_layout([form])
        self.shape = shape
        self.languages = list(getattr(form, "languages", ()) or ()) or [""]
        self.choice_labels = shape.labels            # question path -> {value: {language: label}}
        texts = _container_texts(form)
        self.tables = [self._words(table, texts) for table in shape.tables]

    def _words(self, table: FormTable, texts: dict) -> TableWords:
        found = TableWords(table, {c.name for c in table.columns})
        words: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        root = self.shape.root
        for column in table.columns:
            if column.offset:
                continue
            words[_norm(column.name)][column.name].add(NAMES)
            steps = column.path[len(root) + 1:].split("/")
            prefixes = ["/".join([root] + steps[:n + 1]) for n in range(len(steps))]
            for language in self.languages:
                said = [_in(texts.get(p), language) or step for p, step in zip(prefixes, steps)]
                # with all its groups, or only the innermost ones, or the question's own label alone
                heads = ["/".join(said[start:]) for start in range(len(said))]
                if column.choice is not None:
                    choice = _in(self.choice_labels.get(column.path, {}).get(column.choice), language) \
                        or column.choice
                    heads = [f"{head}/{choice}" for head in heads]
                for head in heads:
                    words[_norm(head)][column.name].add(language)
        found.words = {k: dict(v) for k, v in words.items()}
        return found

    def name_table(self, columns: list[str], kind: str, sheet: str) -> Naming:
        """Name one sheet's headers. A main sheet is the form's main table; a repeat sheet the repeat table
        whose words explain most of its headers (on a tie, the one whose sheet name it has)."""
        candidates = self.tables[:1] if kind == "main" else self.tables[1:]
        best = None
        for table in candidates:
            named, languages, score = _name(columns, table)
            rank = (score, table.name[:31].casefold() == str(sheet)[:31].casefold())
            if score and (best is None or rank > best[0]):
                best = (rank, named, languages, table)
        if best is None:
            return Naming(list(columns), None, Counter())
        return Naming(best[1], best[3], best[2])

    def language_of(self, languages: Counter) -> tuple[str | None, bool]:
        """(the export's label language, whether its headers were labels) from what explained its headers."""
        spoken = {lang: n for lang, n in languages.items() if lang != NAMES}
        if not spoken:
            return None, False
        order = {lang: i for i, lang in enumerate(self.languages)}
        default = getattr(self.form, "default_language", None)
        language = max(spoken, key=lambda lang: (spoken[lang], lang == default, -order.get(lang, 99)))
        return language, True


def _name(columns: list[str], table: TableWords) -> tuple[list[str], Counter, int]:
    out, languages, score = [], Counter(), 0
    label_only = 0
    for column in columns:
        if not column or column.startswith("_"):
            out.append(column)
            continue
        if column in table.columns:
            out.append(column)
            score += 1
            continue
        hits = table.words.get(_norm(column))
        if hits and len(hits) == 1:
            name, said = next(iter(hits.items()))
            out.append(name)
            score += 1
            if NAMES not in said:
                label_only += 1
                languages.update(said)
            continue
        out.append(column)
    # two headers naming the same column: keep both as they were rather than merge them
    counts = Counter(out)
    out = [new if counts[new] == 1 or new == old else old for new, old in zip(out, columns)]
    return out, (languages if label_only else Counter()), score


def _in(texts: dict | None, language: str) -> str:
    if not texts:
        return ""
    return (texts.get(language) or texts.get("") or "").strip()


def _container_texts(form) -> dict[str, dict[str, str]]:
    """Label of every question, group and repeat by its path, in every language. A repeat's label sits on the
    group around it (same path), so the first label found for a path is kept."""
    found: dict[str, dict[str, str]] = {}

    def walk(controls):
        for control in controls:
            if control.ref and control.label is not None and control.ref not in found:
                texts = {k: v for k, v in _text_by_language(form, control.label).items() if v}
                if texts:
                    found[control.ref] = texts
            walk(control.children)

    walk(getattr(form, "body", ()) or ())
    return found
