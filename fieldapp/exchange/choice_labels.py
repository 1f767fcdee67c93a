"""Answers a KoboToolbox export wrote as choice labels turned back into the form's choice codes.

A labels export writes a select_one's answer as its choice's label and a
select_multiple's as the labels joined by spaces (a FieldApp workbook exported
with labels: by ", "), in one language. Labels may
hold spaces themselves, so a select_multiple's answer is split by matching the
question's known labels, longest first. A label is looked up in the export's
language first, then in any of the form's languages; an answer whose label names
two choices, or none, keeps its text and is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fieldapp.exchange import layout

_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", str(text)).strip().casefold()


@dataclass(frozen=True)
class Problem:
    """Why an answer kept its text: `code` is "label_unknown" or "label_ambiguous"; `detail` the words at fault,
    `codes` the choices an ambiguous label names."""
    code: str
    detail: str
    codes: str = ""


class QuestionLabels:
    """One select question's choices: codes and labels (by language) of the form."""

    def __init__(self, by_value: dict[str, dict[str, str]], multiple: bool, language: str | None, labels_mode: bool,
                 separator: str = " "):
        self.multiple = multiple
        self.separator = separator
        self.labels_mode = labels_mode
        self.codes = set(by_value)
        mine: dict[str, set[str]] = {}
        every: dict[str, set[str]] = {}
        for value, texts in by_value.items():
            for lang, text in (texts or {}).items():
                if not text:
                    continue
                every.setdefault(_norm(text), set()).add(value)
                if language is not None and (lang == language or (lang == "" and language not in texts)):
                    mine.setdefault(_norm(text), set()).add(value)
        # the export's own language decides between choices another language would confuse
        self.choices_of = {label: mine.get(label) or codes for label, codes in every.items()}
        # longest first; on equal length a label before a code (Kobo writes a code only when a choice has no label)
        entries = [(label, codes, False) for label, codes in self.choices_of.items()]
        entries += [(_norm(code), {code}, True) for code in self.codes if _norm(code) not in self.choices_of]
        self.entries = sorted(entries, key=lambda e: (-len(e[0]), e[2]))

    def code(self, value):
        """(the answer as codes, None) or (the answer as it was, Problem)."""
        if type(value) is not str or not value.strip() or value in layout.CODES or not self.codes:
            return value, None
        if self.multiple:
            return self._many(value)
        return self._one(value)

    def _one(self, value: str):
        text = value.strip()
        if not self.labels_mode and text in self.codes:
            return text, None
        found = self.choices_of.get(_norm(text))
        if found is not None and len(found) == 1:
            return next(iter(found)), None
        if found:
            return value, Problem("label_ambiguous", text, ", ".join(sorted(found)))
        if text in self.codes:
            return text, None
        return value, (Problem("label_unknown", text) if self.labels_mode else None)

    def _many(self, value: str):
        tokens = value.split() if self.separator == " " else [t.strip() for t in value.split(self.separator)]
        if not self.labels_mode and all(t in self.codes for t in tokens):
            return " ".join(tokens), None
        text = _norm(value)
        parts = self._split(text)
        if parts is None:
            if all(t in self.codes for t in tokens):
                return " ".join(tokens), None
            stuck = self._stuck(text)
            stuck = next((word.strip() for word in value.split(self.separator.strip() or None)
                          if _norm(word) == stuck), stuck)   # as it was written
            return value, (Problem("label_unknown", stuck) if self.labels_mode else None)
        for label, codes in parts:
            if len(codes) > 1:
                return value, Problem("label_ambiguous", label, ", ".join(sorted(codes)))
        return " ".join(dict.fromkeys(next(iter(codes)) for _, codes in parts)), None

    def _split(self, text: str):
        """[(label, codes)] covering `text` word boundary to word boundary, longest labels tried first, or None."""
        failed: set[int] = set()

        def from_(start: int):
            if start >= len(text):
                return []
            if start in failed:
                return None
            for label, codes, _ in self.entries:
                end = start + len(label)
                if label and text.startswith(label, start) and self._boundary(text, end):
                    rest = from_(end + len(self.separator))
                    if rest is not None:
                        return [(label, codes)] + rest
            failed.add(start)
            return None

        return from_(0)

    def _stuck(self, text: str) -> str:
        """The first words no label explains (for the message)."""
        start = 0
        while start < len(text):
            for label, _, _ in self.entries:
                end = start + len(label)
                if label and text.startswith(label, start) and self._boundary(text, end):
                    start = end + len(self.separator)
                    break
            else:
                return text[start:].split(self.separator)[0]
        return text

    def _boundary(self, text: str, end: int) -> bool:
        return end == len(text) or text.startswith(self.separator, end)


class AnswerLabels:
    """Every select question of the form, by column name, ready to turn labels back into codes."""

    def __init__(self, vocabulary, language: str | None, labels_mode: bool, separator: str = " "):
        self.questions: dict[str, QuestionLabels] = {}
        for table in vocabulary.shape.tables:
            for column in table.columns:
                if column.choice is not None or column.offset or column.type not in ("select", "select1"):
                    continue
                by_value = vocabulary.choice_labels.get(column.path) or {}
                if by_value:
                    self.questions[column.name] = QuestionLabels(by_value, column.type == "select", language,
                                                                 labels_mode, separator)

    def for_columns(self, columns: list[str]) -> list[tuple[int, str, QuestionLabels]]:
        return [(i, c, self.questions[c]) for i, c in enumerate(columns) if c in self.questions]
