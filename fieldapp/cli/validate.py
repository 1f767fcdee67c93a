"""`fieldapp validate FORM...`: load each form and report it in one line, or every problem with its place.

Text output: `FILE: id 'x', version '3', 12 questions, languages: English (en), Español (es)` for a form
that loads, and `FILE: sheet 'survey', row 12, column 'relevant': message` for each problem. Warnings
are printed as `FILE: warning: ...`. Exit code 0 when every form loads, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from fieldapp.xform.model.errors import FormError, Problem
from fieldapp.xform import load_form
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language


def add_parser(sub) -> None:
    parser = sub.add_parser("validate", help="check XLSForms (.xlsx/.xls/.md) and XForms (.xml)")
    parser.add_argument("forms", nargs="+", metavar="FORM")
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args) -> int:
    return run_validate(args.forms, as_json=args.json)


def validate_one(path: str) -> dict:
    """The result for one form as plain data (what --json prints for it)."""
    try:
        form = load_form(path)
    except FormError as err:
        return {"file": path, "ok": False, "problems": [_problem_dict(p) for p in err.problems]}
    except Exception as err:  # the command line promises typed reports, never a traceback
        return {"file": path, "ok": False,
                "problems": [{"code": "internal_error", "message": _("FieldApp could not check this form: {error}").format(
                    error=f"{type(err).__name__}: {err}")}]}
    return {
        "file": path, "ok": True, "form_id": form.form_id, "version": form.version, "title": form.title,
        "questions": form.question_count, "languages": list(form.languages),
        "warnings": [_problem_dict(w) for w in form.warnings],
    }


def _problem_dict(problem: Problem) -> dict:
    data = problem.as_dict()
    data.pop("file", None)
    data["place"] = place_of(problem)
    return data


def place_of(problem: Problem) -> str:
    """Where to look: sheet/row/column for XLSForm problems (the row names the question), else line and node path."""
    if problem.sheet:
        parts = [f"sheet '{problem.sheet}'"]
        if problem.row:
            parts.append(f"row {problem.row}")
        if problem.column:
            parts.append(f"column '{problem.column}'")
        return ", ".join(parts)
    return problem.place()


def summary_line(result: dict) -> str:
    languages = ", ".join(result["languages"]) or _("no translations")
    version = result["version"] if result["version"] is not None else "-"
    return _("{file}: id '{form_id}', version '{version}', {count} questions, languages: {languages}").format(
        file=result["file"], form_id=result["form_id"], version=version, count=result["questions"], languages=languages)


def run_validate(paths: list[str], as_json: bool = False, out: TextIO | None = None) -> int:
    """Check every form; print one line per form (and each problem); 0 when all load, 1 otherwise."""
    out = out or sys.stdout
    results = [validate_one(path) for path in paths]
    if as_json:
        json.dump(results, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for result in results:
            if result["ok"]:
                out.write(summary_line(result) + "\n")
                for warning in result["warnings"]:
                    out.write(f"{result['file']}: {_('warning')}: {_line(warning)}\n")
            else:
                for problem in result["problems"]:
                    out.write(f"{result['file']}: {_line(problem)}\n")
    return 0 if all(r["ok"] for r in results) else 1


def _line(problem: dict) -> str:
    text = problem["message"]
    if problem.get("hint"):
        text = f"{text} ({problem['hint']})"
    return f"{problem['place']}: {text}" if problem.get("place") else text
