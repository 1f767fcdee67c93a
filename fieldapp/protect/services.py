"""The offline service directory: a workbook the coordinator keeps (one row per service), read and checked here.

Columns (English or Spanish headers, any order, case and accents ignored): service, type, organisation,
country, department, municipality, contact, hours, languages, child_friendly, mandatory_reporting.
`type` is a referral type of FORMS.md (child_protection, gbv, health, mental_health, legal, education,
shelter, livelihood, family_tracing). A blank municipality means the service covers the whole department;
a blank department, the whole country. Problems are reported like a form's: sheet, row, column, what to do.
"""

from __future__ import annotations

import base64
import csv
import io
import unicodedata
from dataclasses import dataclass, field

from fieldapp.xform.model.errors import Problem

SETTING = "protect.service_directory"   # {"file_name", "sha256", "received_at", "content": base64} (the sync folder writes it too)
REFERRAL_TYPES = ("child_protection", "gbv", "health", "mental_health", "legal", "education", "shelter",
                  "livelihood", "family_tracing")
COLUMNS = ("service", "type", "organisation", "country", "department", "municipality", "contact", "hours",
           "languages", "child_friendly", "mandatory_reporting")
REQUIRED = ("service", "type", "contact")
# Header spellings a coordinator may use, folded (lower case, no accents, spaces and dashes as _).
ALIASES = {
    "service": ("service", "servicio", "service_name", "nombre_del_servicio"),
    "type": ("type", "tipo", "referral_type", "tipo_de_referencia", "tipo_de_servicio"),
    "organisation": ("organisation", "organization", "organizacion", "institucion"),
    "country": ("country", "pais"),
    "department": ("department", "departamento", "state", "estado", "province", "provincia"),
    "municipality": ("municipality", "municipio", "city", "ciudad"),
    "contact": ("contact", "contacto", "phone", "telefono"),
    "hours": ("hours", "horario", "opening_hours"),
    "languages": ("languages", "idiomas", "language", "idioma"),
    "child_friendly": ("child_friendly", "amigable_con_la_ninez", "amigable", "child_friendly_yes_no"),
    "mandatory_reporting": ("mandatory_reporting", "mandatory_reporting_notes", "denuncia_obligatoria",
                            "notas_de_denuncia_obligatoria"),
}
YES_WORDS = ("yes", "si", "true", "1", "y", "s")
NO_WORDS = ("no", "false", "0", "n", "")


def fold(text) -> str:
    """Lower case, accents off, inner spaces and dashes as underscores: for matching headers and places."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return "_".join(plain.strip().lower().replace("-", " ").replace("/", " ").split())


_HEADER = {spelling: column for column, spellings in ALIASES.items() for spelling in spellings}


@dataclass(frozen=True)
class Service:
    service: str
    type: str
    organisation: str = ""
    country: str = ""
    department: str = ""
    municipality: str = ""
    contact: str = ""
    hours: str = ""
    languages: str = ""
    child_friendly: bool = False
    mandatory_reporting: str = ""
    row: int = 0


@dataclass
class Directory:
    """The services read from one file, and the problems found (rows with a problem are left out)."""
    file_name: str = ""
    services: list[Service] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    example: bool = False       # the file says it is an example (the shipped sample)

    @property
    def usable(self) -> bool:
        return bool(self.services)

    def types(self) -> set[str]:
        return {s.type for s in self.services}


def read_directory(file_name: str, content: bytes) -> Directory:
    """Read a .xlsx, .xls or .csv directory; never raises for bad content (problems say what is wrong)."""
    directory = Directory(file_name=file_name)
    lower = file_name.lower()
    try:
        if lower.endswith(".csv"):
            sheet, rows = "csv", list(csv.reader(io.StringIO(content.decode("utf-8-sig", errors="replace"))))
        elif lower.endswith(".xls"):
            sheet, rows = _xls_rows(content)
        else:
            sheet, rows = _xlsx_rows(content)
    except Exception as exc:   # a damaged or mislabelled file: say so, keep nothing
        directory.problems.append(Problem(
            "directory_unreadable", f"The file could not be read as a spreadsheet ({type(exc).__name__}).",
            file=file_name, hint="Save it again as .xlsx (Excel or LibreOffice) and import it again."))
        return directory
    _read_rows(directory, sheet, rows)
    return directory


def _xlsx_rows(content: bytes) -> tuple[str, list[list]]:
    from openpyxl import load_workbook
    workbook = load_workbook(io.BytesIO(content), read_only=False, data_only=True)
    sheet = next((ws for ws in workbook.worksheets if fold(ws.title) in ("services", "servicios")),
                 workbook.worksheets[0])
    return sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]


def _xls_rows(content: bytes) -> tuple[str, list[list]]:
    import xlrd
    book = xlrd.open_workbook(file_contents=content)
    sheet = next((s for s in book.sheets() if fold(s.name) in ("services", "servicios")), book.sheet_by_index(0))
    return sheet.name, [sheet.row_values(i) for i in range(sheet.nrows)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(directory: Directory, sheet: str, rows: list[list]) -> None:
    # The header is the first row that names a "service" column (rows above may hold a title or an EXAMPLE note).
    header_at = None
    for index, row in enumerate(rows[:20]):
        cells = [fold(_cell(c)) for c in row]
        if any(_HEADER.get(c) == "service" for c in cells):
            header_at = index
            break
        if any("example" in c or "ejemplo" in c for c in cells):
            directory.example = True
    if header_at is None:
        directory.problems.append(Problem(
            "directory_no_header", "No header row with a 'service' column was found.", sheet=sheet, row=1,
            file=directory.file_name, hint="Put the column names (service, type, contact, municipality...) in the first row."))
        return
    places: dict[str, int] = {}
    for position, cell in enumerate(rows[header_at]):
        column = _HEADER.get(fold(_cell(cell)))
        if column and column not in places:
            places[column] = position
    missing = [c for c in REQUIRED if c not in places]
    for column in missing:
        directory.problems.append(Problem(
            "directory_missing_column", f"The column '{column}' is missing.", sheet=sheet, row=header_at + 1,
            file=directory.file_name, hint=f"Add a column named '{column}'."))
    if missing:
        return
    for index in range(header_at + 1, len(rows)):
        row = rows[index]
        values = {column: _cell(row[pos]) if pos < len(row) else "" for column, pos in places.items()}
        if not any(values.values()):
            continue
        excel_row = index + 1
        if any("example" in fold(v) or "ejemplo" in fold(v) for v in values.values()):
            directory.example = True
        problem = _row_problem(values, sheet, excel_row, directory.file_name)
        if problem is not None:
            directory.problems.append(problem)
            continue
        directory.services.append(Service(
            service=values["service"], type=fold(values["type"]), organisation=values.get("organisation", ""),
            country=values.get("country", ""), department=values.get("department", ""),
            municipality=values.get("municipality", ""), contact=values["contact"], hours=values.get("hours", ""),
            languages=values.get("languages", ""),
            child_friendly=fold(values.get("child_friendly", "")) in YES_WORDS,
            mandatory_reporting=values.get("mandatory_reporting", ""), row=excel_row))
    if not directory.services and not directory.problems:
        directory.problems.append(Problem(
            "directory_empty", "The directory lists no service.", sheet=sheet, row=header_at + 2,
            file=directory.file_name, hint="Add one row per service under the header."))


def _row_problem(values: dict, sheet: str, row: int, file_name: str) -> Problem | None:
    for column in REQUIRED:
        if not values.get(column):
            return Problem("directory_blank_cell", f"This service has no {column}.", sheet=sheet, row=row,
                           column=column, file=file_name, hint=f"Fill in the {column}, or delete the row.")
    if fold(values["type"]) not in REFERRAL_TYPES:
        return Problem("directory_unknown_type", f"'{values['type']}' is not a referral type.", sheet=sheet, row=row,
                       column="type", file=file_name, hint="Use one of: " + ", ".join(REFERRAL_TYPES) + ".")
    if "child_friendly" in values and fold(values["child_friendly"]) not in YES_WORDS + NO_WORDS:
        return Problem("directory_yes_no", f"'{values['child_friendly']}' is not yes or no.", sheet=sheet, row=row,
                       column="child_friendly", file=file_name, hint="Write yes or no.")
    return None


# -- keeping it in the store ----------------------------------------------------------------
def keep(store, file_name: str, content: bytes, received_at: str = "") -> Directory:
    """Check a directory and, when it lists at least one service, keep it (encrypted) as the laptop's directory."""
    import hashlib
    directory = read_directory(file_name, content)
    if directory.usable:
        store.set_setting(SETTING, {"file_name": file_name, "sha256": hashlib.sha256(content).hexdigest(),
                                    "received_at": received_at or store.now(),
                                    "content": base64.b64encode(content).decode("ascii")})
        store.log_event(None, "service_directory", action="imported", count=len(directory.services),
                        problems=len(directory.problems))
    return directory


def load(store) -> Directory:
    """The laptop's directory (imported here or come through the sync folder); empty when there is none."""
    kept = store.get_setting(SETTING)
    if not kept:
        return Directory()
    return read_directory(kept.get("file_name", "services.xlsx"), base64.b64decode(kept["content"]))


# -- finding services ----------------------------------------------------------------------------
def matching(directory: Directory, referral_type: str | None, places: list[str]) -> list[Service]:
    """Services of `referral_type` (every type when None) for the child's place, nearest first.

    `places` are the answers of the form's `location` questions (codes or names of country, department,
    municipality): a service in the same municipality comes first, then one for the department, then
    one for the country. When none covers the place, every service of the type is offered.
    """
    wanted = {fold(p) for p in places if p}
    # a place known by its department or municipality is in that row's country: national services apply there
    wanted |= {fold(s.country) for s in directory.services
               if s.country and (fold(s.municipality) in wanted or fold(s.department) in wanted)}
    chosen = [s for s in directory.services if referral_type is None or s.type == referral_type]

    def rank(service: Service) -> int | None:
        if service.municipality and fold(service.municipality) in wanted:
            return 0
        if not service.municipality and service.department and fold(service.department) in wanted:
            return 1
        if not service.municipality and not service.department and (not service.country or fold(service.country) in wanted):
            return 2
        return None

    ranked = [(rank(s), s) for s in chosen]
    near = [(r, s) for r, s in ranked if r is not None]
    if not near:
        return chosen
    return [s for _r, s in sorted(near, key=lambda pair: (pair[0], not pair[1].child_friendly, pair[1].row))]
