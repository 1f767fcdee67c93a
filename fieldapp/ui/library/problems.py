"""A form's problems in plain words: where (sheet, row, column) and what is wrong, in the app language."""

from __future__ import annotations

from fieldapp.ui.i18n import app_language, tr
from fieldapp.xform.wording import translate


def place_words(problem) -> str:
    """Where the problem is, as a form author finds it: sheet, row and column, or the XForm's line."""
    parts = []
    if getattr(problem, "sheet", None):
        parts.append(tr("sheet “{sheet}”").format(sheet=problem.sheet))
    if getattr(problem, "row", None):
        parts.append(tr("row {row}").format(row=problem.row))
    if getattr(problem, "column", None):
        parts.append(tr("column “{column}”").format(column=problem.column))
    if getattr(problem, "line", None):
        parts.append(tr("line {line}").format(line=problem.line))
    if getattr(problem, "path", None) and not getattr(problem, "row", None):
        parts.append(problem.path)   # a spreadsheet's author finds a row, not an XML path
    return ", ".join(parts)


def problem_words(problem) -> str:
    """One problem as a line of the dialog: its place, then what is wrong and what would work."""
    language = app_language()
    place = place_words(problem)
    # the core kept each message's English template, so it is worded again in the app language here
    text = translate(getattr(problem, "message", None) or str(problem), language)
    hint = getattr(problem, "hint", None)
    if hint:
        text += " " + tr("What would work: {hint}").format(hint=translate(hint, language))
    return f"{place[:1].upper()}{place[1:]}: {text}" if place else text
