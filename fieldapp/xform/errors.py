"""Typed problems and errors of the form layer: a code, a place, a message, and what would be right.

The UI and the command line turn these into words; the core never shows a
traceback. Codes are stable strings (see PROBLEM_CODES) so translations and
tests can key on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form, with its place.

    XLSForms: sheet, row (1-based, as Excel shows it) and column.
    XForms: line (1-based) and/or node path.
    """
    code: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    path: str | None = None
    hint: str | None = None          # what would be right
    file: str | None = None

    def place(self) -> str:
        """`sheet 'survey', row 12, column 'relevant'` or `line 40, /data/q1` (empty when unknown)."""
        parts = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.line:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        if self.hint:
            text = f"{text} ({self.hint})"
        place = self.place()
        return f"{place}: {text}" if place else text

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class FieldAppError(Exception):
    """Base of every error FieldApp raises on purpose (never a bare traceback in the UI)."""
    code = "error"


@dataclass
class FormError(FieldAppError):
    """A form that cannot work, with every problem found (not just the first)."""
    problems: list[Problem] = field(default_factory=list)
    file: str | None = None

    code = "form_invalid"

    def __post_init__(self):
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{self.file}: " if self.file else ""
        return head + "; ".join(str(p) for p in self.problems) if self.problems else head + "invalid form"


class AnswerError(FieldAppError, ValueError):
    """An answer that cannot be stored at all (wrong type, unknown path, readonly node)."""
    code = "answer_invalid"

    def __init__(self, path: str, message: str, code: str = "answer_invalid"):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.code = code
