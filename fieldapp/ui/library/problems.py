"""A form's problems in plain words: where (sheet, row, column) and what is wrong, in the app language."""

from __future__ import annotations

from fieldapp.ui.i18n import tr


def place_words(problem) -> str:
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
    place = place_words(problem)
    text = getattr(problem, "message", str(problem))
    hint = getattr(problem, "hint", None)
    if hint:
        text += " " + tr("What would work: {hint}").format(hint=hint)
    return f"{place[:1].upper()}{place[1:]}: {text}" if place else text
