"""Writes the EXAMPLE service directory (fictitious services in one department) shipped for training.

Run: python resources/services/make_example.py  (needs openpyxl). Every name says EJEMPLO / EXAMPLE and
every phone number is 0000: a coordinator replaces the file with the organisation's real directory.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

HEADER = ("service", "type", "organisation", "country", "department", "municipality", "contact", "hours",
          "languages", "child_friendly", "mandatory_reporting")
ROWS = (
    ("[EJEMPLO] Oficina de protección de la niñez", "child_protection", "Organización de ejemplo A", "Guatemala",
     "Quetzaltenango", "Quetzaltenango", "+502 0000-0001", "lun-vie 8:00-16:00", "español, k'iche'", "sí",
     "Por ley se informa a la Procuraduría General de la Nación cuando hay riesgo para un niño o niña."),
    ("[EJEMPLO] Línea de protección 24 horas", "child_protection", "Organización de ejemplo B", "Guatemala",
     "Quetzaltenango", "", "+502 0000-0002", "24 horas", "español", "sí",
     "Los casos de abuso se notifican al Ministerio Público."),
    ("[EJEMPLO] Atención a sobrevivientes de violencia sexual", "gbv", "Organización de ejemplo C", "Guatemala",
     "Quetzaltenango", "Quetzaltenango", "+502 0000-0003", "lun-sáb 8:00-18:00", "español, mam", "sí",
     "Atención médica en las primeras 72 horas; la denuncia la decide la persona (salvo menores de edad)."),
    ("[EJEMPLO] Centro de salud", "health", "Organización de ejemplo D", "Guatemala", "Quetzaltenango",
     "Salcajá", "+502 0000-0004", "lun-vie 7:00-15:00", "español", "no", ""),
    ("[EJEMPLO] Apoyo psicosocial para adolescentes", "mental_health", "Organización de ejemplo E", "Guatemala",
     "Quetzaltenango", "Quetzaltenango", "+502 0000-0005", "mar-jue 9:00-17:00", "español, k'iche'", "sí", ""),
    ("[EJEMPLO] Asesoría legal y documentos", "legal", "Organización de ejemplo F", "Guatemala", "Quetzaltenango",
     "Coatepeque", "+502 0000-0006", "lun-vie 9:00-13:00", "español", "no", ""),
    ("[EJEMPLO] Regreso a la escuela", "education", "Organización de ejemplo G", "Guatemala", "Quetzaltenango",
     "", "+502 0000-0007", "lun-vie 8:00-12:00", "español", "sí", ""),
    ("[EJEMPLO] Albergue temporal para niñez", "shelter", "Organización de ejemplo H", "Guatemala",
     "Quetzaltenango", "Quetzaltenango", "+502 0000-0008", "24 horas", "español", "sí",
     "Ingreso solo con orden de juez de la niñez o de la PGN."),
    ("[EJEMPLO] Restablecimiento del contacto familiar", "family_tracing", "Organización de ejemplo I",
     "Guatemala", "", "", "+502 0000-0009", "lun-vie 8:00-16:00", "español, inglés", "sí", ""),
    ("[EJEMPLO] Formación para el empleo juvenil", "livelihood", "Organización de ejemplo J", "Guatemala",
     "Quetzaltenango", "Olintepeque", "+502 0000-0010", "lun-vie 14:00-18:00", "español", "no", ""),
)


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "services"
    sheet.append(["EJEMPLO / EXAMPLE: servicios ficticios de un departamento (Quetzaltenango, Guatemala) para "
                  "practicar. No son servicios reales: reemplace este archivo por el directorio de su organización."])
    sheet["A1"].font = Font(bold=True, color="B3261E")
    sheet["A1"].fill = PatternFill("solid", fgColor="FFF4D6")
    sheet.append(list(HEADER))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in ROWS:
        sheet.append(list(row))
    for column, width in zip("ABCDEFGHIJK", (44, 18, 28, 12, 16, 16, 16, 20, 18, 10, 60)):
        sheet.column_dimensions[column].width = width
    out = Path(__file__).with_name("EXAMPLE_service_directory_quetzaltenango.xlsx")
    workbook.save(out)
    print(out)


if __name__ == "__main__":
    main()
