"""Generates household-survey XLSForms of a chosen size (constraints, relevance, calculations, select_multiple,
a jr:count repeat, a cascading choice filter, English and Español) and the script of answers that fills them."""

from __future__ import annotations

from pathlib import Path

EN, ES = "English (en)", "Español (es)"
_COLUMNS = ["type", "name", f"label::{EN}", f"label::{ES}", "relevant", "required", "constraint",
            f"constraint_message::{EN}", f"constraint_message::{ES}", "calculation", "choice_filter",
            "repeat_count", "appearance"]
QUESTIONS_PER_BLOCK = 12
DEPARTMENTS = 6
MUNICIPALITIES = 6
MEMBERS = 4


def _block(k: int) -> list[dict]:
    """One section of a household survey: twelve questions reading each other like real ones do."""
    s = f"_{k}"
    return [
        {"type": "begin group", "name": f"sec{s}", f"label::{EN}": f"Section {k}", f"label::{ES}": f"Sección {k}"},
        {"type": "integer", "name": f"age{s}", f"label::{EN}": "Age of the respondent", f"label::{ES}": "Edad de la persona",
         "required": "yes", "constraint": ". >= 0 and . <= 120",
         f"constraint_message::{EN}": "Age must be between 0 and 120", f"constraint_message::{ES}": "La edad debe estar entre 0 y 120"},
        {"type": "select_one yesno", "name": f"works{s}", f"label::{EN}": "Does anyone work?", f"label::{ES}": "¿Alguien trabaja?",
         "required": "yes"},
        {"type": "text", "name": f"job{s}", f"label::{EN}": "What work?", f"label::{ES}": "¿Qué trabajo?",
         "relevant": f"${{works{s}}} = 'yes'"},
        {"type": "decimal", "name": f"income{s}", f"label::{EN}": "Monthly income", f"label::{ES}": "Ingreso mensual",
         "relevant": f"${{works{s}}} = 'yes' and ${{age{s}}} >= 14", "constraint": ". >= 0",
         f"constraint_message::{EN}": "Cannot be negative", f"constraint_message::{ES}": "No puede ser negativo"},
        {"type": "calculate", "name": f"yearly{s}", "calculation": f"if(${{income{s}}} != '', ${{income{s}}} * 12, 0)"},
        {"type": "note", "name": f"show{s}", f"label::{EN}": f"Yearly income: ${{yearly{s}}}",
         f"label::{ES}": f"Ingreso anual: ${{yearly{s}}}", "relevant": f"${{yearly{s}}} > 0"},
        {"type": "select_multiple needs", "name": f"needs{s}", f"label::{EN}": "Main needs", f"label::{ES}": "Necesidades principales",
         "constraint": "count-selected(.) <= 3",
         f"constraint_message::{EN}": "Pick at most three", f"constraint_message::{ES}": "Elija como máximo tres"},
        {"type": "text", "name": f"other{s}", f"label::{EN}": "Which other need?", f"label::{ES}": "¿Qué otra necesidad?",
         "relevant": f"selected(${{needs{s}}}, 'other')"},
        {"type": "select_one dept", "name": f"dept{s}", f"label::{EN}": "Department", f"label::{ES}": "Departamento"},
        {"type": "select_one muni", "name": f"muni{s}", f"label::{EN}": "Municipality", f"label::{ES}": "Municipio",
         "choice_filter": f"dept = ${{dept{s}}}"},
        {"type": "date", "name": f"moved{s}", f"label::{EN}": "Date of arrival", f"label::{ES}": "Fecha de llegada",
         "constraint": ". <= today()", f"constraint_message::{EN}": "Not in the future", f"constraint_message::{ES}": "No en el futuro"},
        {"type": "integer", "name": f"rooms{s}", f"label::{EN}": "Rooms", f"label::{ES}": "Cuartos",
         "constraint": f". >= 1 and . <= 20", "relevant": f"${{age{s}}} >= 18"},
        {"type": "end group", "name": ""},
    ]


def _roster() -> list[dict]:
    return [
        {"type": "integer", "name": "members", f"label::{EN}": "How many people live here?",
         f"label::{ES}": "¿Cuántas personas viven aquí?", "constraint": ". >= 0 and . <= 30", "required": "yes"},
        {"type": "begin repeat", "name": "member", f"label::{EN}": "Person", f"label::{ES}": "Persona",
         "repeat_count": "${members}"},
        {"type": "text", "name": "mname", f"label::{EN}": "Name", f"label::{ES}": "Nombre"},
        {"type": "integer", "name": "mage", f"label::{EN}": "Age", f"label::{ES}": "Edad", "constraint": ". >= 0 and . <= 120"},
        {"type": "select_one sex", "name": "msex", f"label::{EN}": "Sex", f"label::{ES}": "Sexo"},
        {"type": "select_one dept", "name": "mdept", f"label::{EN}": "Department of birth", f"label::{ES}": "Departamento de nacimiento"},
        {"type": "select_one muni", "name": "mmuni", f"label::{EN}": "Municipality of birth", f"label::{ES}": "Municipio de nacimiento",
         "choice_filter": "dept = ${mdept}"},
        {"type": "select_one yesno", "name": "mschool", f"label::{EN}": "Goes to school?", f"label::{ES}": "¿Va a la escuela?",
         "relevant": "${mage} >= 5 and ${mage} <= 17"},
        {"type": "end repeat", "name": ""},
        {"type": "calculate", "name": "children", "calculation": "count(${member}[mage < 18])"},
        {"type": "calculate", "name": "total_age", "calculation": "sum(${mage})"},
    ]


def _choices() -> list[dict]:
    rows = [
        {"list_name": "yesno", "name": "yes", f"label::{EN}": "Yes", f"label::{ES}": "Sí"},
        {"list_name": "yesno", "name": "no", f"label::{EN}": "No", f"label::{ES}": "No"},
        {"list_name": "sex", "name": "female", f"label::{EN}": "Female", f"label::{ES}": "Mujer"},
        {"list_name": "sex", "name": "male", f"label::{EN}": "Male", f"label::{ES}": "Hombre"},
    ]
    for need in ("food", "water", "shelter", "health", "school", "work", "safety", "other"):
        rows.append({"list_name": "needs", "name": need, f"label::{EN}": need.title(), f"label::{ES}": need.title() + " (es)"})
    for d in range(1, DEPARTMENTS + 1):
        rows.append({"list_name": "dept", "name": f"d{d}", f"label::{EN}": f"Department {d}", f"label::{ES}": f"Departamento {d}"})
        for m in range(1, MUNICIPALITIES + 1):
            rows.append({"list_name": "muni", "name": f"d{d}m{m}", f"label::{EN}": f"Municipality {d}.{m}",
                         f"label::{ES}": f"Municipio {d}.{m}", "dept": f"d{d}"})
    return rows


def survey_rows(questions: int) -> list[dict]:
    """Survey rows holding about `questions` questions (groups and calculations not counted)."""
    rows = _roster()
    blocks = max(1, round((questions - 7) / QUESTIONS_PER_BLOCK))
    for k in range(1, blocks + 1):
        rows.extend(_block(k))
    return rows


def write_xlsx(path: Path, questions: int) -> Path:
    """Write the XLSForm as a real .xlsx workbook."""
    from openpyxl import Workbook
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(_COLUMNS)
    for row in survey_rows(questions):
        survey.append([row.get(c, "") for c in _COLUMNS])
    choice_cols = ["list_name", "name", f"label::{EN}", f"label::{ES}", "dept"]
    choices = book.create_sheet("choices")
    choices.append(choice_cols)
    for row in _choices():
        choices.append([row.get(c, "") for c in choice_cols])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([f"Household survey {questions}", f"household_{questions}", "2024010101", EN])
    path = Path(path)
    book.save(path)
    return path


def fill_script(blocks: int, members: int = MEMBERS) -> list[tuple[str, str]]:
    """(path, value) answers that fill the generated form completely and validly, in form order."""
    answers = [("/data/members", str(members))]
    for i in range(1, members + 1):
        d = (i % DEPARTMENTS) + 1
        answers += [(f"/data/member[{i}]/mname", f"Person {i}"), (f"/data/member[{i}]/mage", str(3 + 7 * i)),
                    (f"/data/member[{i}]/msex", "female" if i % 2 else "male"),
                    (f"/data/member[{i}]/mdept", f"d{d}"), (f"/data/member[{i}]/mmuni", f"d{d}m{1 + i % MUNICIPALITIES}")]
        if 5 <= 3 + 7 * i <= 17:
            answers.append((f"/data/member[{i}]/mschool", "yes"))
    for k in range(1, blocks + 1):
        p = f"/data/sec_{k}/"
        d = (k % DEPARTMENTS) + 1
        answers += [(p + f"age_{k}", str(20 + k % 50)), (p + f"works_{k}", "yes" if k % 3 else "no")]
        if k % 3:
            answers += [(p + f"job_{k}", "farmer"), (p + f"income_{k}", f"{100 + k}.5")]
        answers += [(p + f"needs_{k}", "food water" if k % 4 else "other"),
                    (p + f"dept_{k}", f"d{d}"), (p + f"muni_{k}", f"d{d}m{1 + k % MUNICIPALITIES}"),
                    (p + f"moved_{k}", "2019-05-0%d" % (1 + k % 9)), (p + f"rooms_{k}", str(1 + k % 5))]
        if not k % 4:
            answers.append((p + f"other_{k}", "transport"))
    return answers


def blocks_for(questions: int) -> int:
    return max(1, round((questions - 7) / QUESTIONS_PER_BLOCK))
