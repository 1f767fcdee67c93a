"""Typed problems and errors of the form layer: a code, a place, a message, and what would be right.

The UI and the command line turn these into words; the core never shows a
traceback. Codes are members of fieldapp.xform.messages.Code (stable strings) so translations and
tests can key on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldapp import locale
from fieldapp.xform.wording import translate

# How a problem's place is written (translated in forms.po); the sheet and column names stay as the author typed them.
PLACE_WORDS: dict[str, str] = {
    "sheet": "sheet '{sheet}'", "row": "row {row}", "column": "column '{column}'", "line": "line {line}",
}


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

    def place(self, language: str = "en") -> str:
        """`sheet 'survey', row 12, column 'relevant'` or `line 40, /data/q1` (empty when unknown)."""
        parts = []
        for part in ("sheet", "row", "column", "line"):
            value = getattr(self, part)
            if value:
                parts.append(_place_word(part, language).format(**{part: value}))
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)

    def text(self, language: str = "en") -> str:
        """The problem with its place, message and hint in `language` ("en" gives the same as str())."""
        text = translate(self.message, language)
        if self.hint:
            text = f"{text} ({translate(self.hint, language)})"
        place = self.place(language)
        return f"{place}: {text}" if place else text

    def __str__(self) -> str:
        return self.text("en")

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class FieldAppError(Exception):
    """Base of every error FieldApp raises on purpose (never a bare traceback in the UI)."""
    code = "error"

    def text(self, language: str = "en") -> str:
        """What went wrong, in `language` where the words are known (the UI shows this)."""
        return translate(getattr(self, "message", None) or str(self), language)


class CodedError(FieldAppError):
    """An error with a stable `.code`, a `.detail`, and one English message per code in `MESSAGES`
    ("{detail}" filled in); other languages are in the gettext catalogue named by `DOMAIN`.

    Subclasses set DOMAIN, MESSAGES and FALLBACK (the code whose message is used for an unknown code)."""
    code = "error"
    DOMAIN = "app"
    MESSAGES: dict[str, str] = {}
    FALLBACK = "error"

    def __init__(self, detail: str = "", *, code: str | None = None):
        if code:
            self.code = code
        self.detail = detail
        super().__init__(self.text("en"))

    def text(self, language: str = "en") -> str:
        """The message in `language` (a catalogue's language code), English when unknown."""
        english = self.MESSAGES.get(self.code) or self.MESSAGES.get(self.FALLBACK) or "{detail}"
        for template in (locale.gettext(self.DOMAIN, english, language), english):
            try:
                return template.format(detail=self.detail).strip()
            except (KeyError, IndexError, ValueError):   # a catalogue slip must never hide the error itself
                continue
        return english

    @property
    def message(self) -> str:
        return self.text("en")


@dataclass
class FormError(FieldAppError):
    """A form that cannot work, with every problem found (not just the first)."""
    problems: list[Problem] = field(default_factory=list)
    file: str | None = None

    code = "form_invalid"

    def __post_init__(self):
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self):
        # Exception pickling would rebuild from args (the English text); keep the problems themselves.
        return (type(self), (self.problems, self.file))

    def text(self, language: str = "en") -> str:
        """Every problem with its place, in `language`."""
        head = f"{self.file}: " if self.file else ""
        if not self.problems:
            return head + locale.gettext("forms", INVALID_FORM, language)
        return head + "; ".join(problem.text(language) for problem in self.problems)


INVALID_FORM = "invalid form"


def _place_word(part: str, language: str) -> str:
    english = PLACE_WORDS[part]
    translated = locale.gettext("forms", english, language)
    return translated if "{%s}" % part in translated else english   # a slip in a catalogue keeps the place readable


class AnswerError(FieldAppError, ValueError):
    """An answer that cannot be stored at all (wrong type, unknown path, readonly node)."""
    code = "answer_invalid"

    def __init__(self, path: str, message: str, code: str = "answer_invalid"):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.code = code
