"""Why the merge refused an input or a row: typed codes with their place, in English and Spanish words.

The core raises and records codes; the log sheet, the command line and the app
turn them into sentences that say what happened and what to do next.
"""

from __future__ import annotations

# code -> (English, Spanish); {file}, {sheet}, {row}, {detail}, {form}, {expected}, {column}, ... are filled in.
REASONS: dict[str, tuple[str, str]] = {
    "empty_file": ("The file is empty (0 bytes). Copy it again from the laptop or the sync folder.",
                   "El archivo está vacío (0 bytes). Cópielo otra vez desde la computadora o la carpeta de sincronización."),
    "unreadable": ("The file could not be read ({detail}). Check that it is still there and that you may open it.",
                   "No se pudo leer el archivo ({detail}). Compruebe que sigue ahí y que tiene permiso para abrirlo."),
    "not_a_workbook": ("This is not an Excel workbook (.xlsx) or ODK Central export (.zip). Remove it from the list.",
                       "No es un libro de Excel (.xlsx) ni una exportación de ODK Central (.zip). Quítelo de la lista."),
    "corrupt": ("The workbook is damaged or only half copied{where}. Copy it again from the laptop.",
                "El libro está dañado o copiado solo a medias{where}. Cópielo otra vez desde la computadora."),
    "password_needed": ("The workbook is encrypted. Type its password and merge again.",
                        "El libro está cifrado. Escriba su contraseña y vuelva a combinar."),
    "wrong_password": ("The password does not open this workbook. Type the password it was exported with and merge again.",
                       "La contraseña no abre este libro. Escriba la contraseña con la que se exportó y vuelva a combinar."),
    "open_elsewhere": ("The workbook is open in Excel or LibreOffice ({detail}). Close it there and merge again.",
                       "El libro está abierto en Excel o LibreOffice ({detail}). Ciérrelo allí y vuelva a combinar."),
    "lock_file": ("A lock file left by Excel or LibreOffice; it holds no data and was skipped.",
                  "Un archivo de bloqueo de Excel o LibreOffice; no contiene datos y se omitió."),
    "other_form": ("This workbook holds form '{form}', not '{expected}'. Merge it into that form's own master.",
                   "Este libro contiene el formulario '{form}', no '{expected}'. Combínelo en el archivo maestro de ese formulario."),
    "checksum": ("The data sheets were changed after export (the checksum does not match). Ask for a fresh export from the laptop.",
                 "Las hojas de datos se cambiaron después de exportar (la suma de control no coincide). Pida una exportación nueva desde la computadora."),
    "sheet_missing": ("Sheet '{sheet}' is missing: it was renamed or deleted by hand. Ask for a fresh export from the laptop.",
                      "Falta la hoja '{sheet}': se renombró o borró a mano. Pida una exportación nueva desde la computadora."),
    "no_form_sheet": ("The '_form' sheet is missing, so the workbook cannot be checked. Ask for a fresh export from the laptop.",
                      "Falta la hoja '_form', así que el libro no se puede comprobar. Pida una exportación nueva desde la computadora."),
    "unknown_layout": ("The workbook is not a FieldApp device workbook, master, KoboToolbox or ODK Central export. Remove it from the list.",
                       "El libro no es un libro de FieldApp, un maestro, ni una exportación de KoboToolbox u ODK Central. Quítelo de la lista."),
    "no_uuid_column": ("Sheet '{sheet}' has no _uuid column, so its rows cannot be told apart. Export the data again with the instance ID.",
                       "La hoja '{sheet}' no tiene columna _uuid, así que sus filas no se pueden distinguir. Exporte los datos otra vez con el ID de instancia."),
    "no_rows": ("The workbook holds no submissions.", "El libro no contiene envíos."),
    "cancelled": ("The merge was cancelled; nothing was written.", "La combinación se canceló; no se escribió nada."),
    # row-level reasons (the rest of the file merges)
    "row_no_uuid": ("Sheet '{sheet}', row {row}: no _uuid; the row was left out.",
                    "Hoja '{sheet}', fila {row}: sin _uuid; la fila se dejó fuera."),
    "row_orphan": ("Sheet '{sheet}', row {row}: its parent ({detail}) is not in the file; the row was left out.",
                   "Hoja '{sheet}', fila {row}: su fila madre ({detail}) no está en el archivo; la fila se dejó fuera."),
    "label_unknown": ("Sheet '{sheet}', row {row}, column '{column}': '{detail}' is not a choice label of this form in any of its languages; the answer was kept as written. Check the form version and the export's language.",
                      "Hoja '{sheet}', fila {row}, columna '{column}': '{detail}' no es la etiqueta de ninguna opción de este formulario en ninguno de sus idiomas; la respuesta se dejó como estaba escrita. Revise la versión del formulario y el idioma de la exportación."),
    "label_ambiguous": ("Sheet '{sheet}', row {row}, column '{column}': the label '{detail}' names more than one choice ({codes}); the answer was kept as written. Export the data again with XML values, or correct the cell by hand.",
                        "Hoja '{sheet}', fila {row}, columna '{column}': la etiqueta '{detail}' corresponde a más de una opción ({codes}); la respuesta se dejó como estaba escrita. Exporte los datos otra vez con valores XML o corrija la celda a mano."),
    # notes on the log
    "type_changed": ("Column '{column}' changed type between form versions; its values are kept as text.",
                     "La columna '{column}' cambió de tipo entre versiones del formulario; sus valores se guardan como texto."),
    "too_many_rows": ("Sheet '{sheet}' would have {detail} rows, beyond Excel's limit of 1,048,576; the master was not written. Merge fewer inputs per master.",
                      "La hoja '{sheet}' tendría {detail} filas, más que el límite de Excel de 1.048.576; no se escribió el maestro. Combine menos archivos por maestro."),
    "password_for_master": ("The master holds identifying or sensitive columns and must be encrypted: give a password.",
                            "El maestro contiene columnas identificativas o sensibles y debe cifrarse: indique una contraseña."),
    "conflict_note": ("Same _uuid {detail} with different answers in two files: check both and keep the right one.",
                      "Mismo _uuid {detail} con respuestas distintas en dos archivos: revise ambos y conserve el correcto."),
    "publishable_needs_form": ("A publishable master needs the form (to know which columns identify someone): give the form file.",
                               "Un maestro publicable necesita el formulario (para saber qué columnas identifican a alguien): indique el archivo del formulario."),
    "bad_profile": ("Unknown profile '{detail}': use full, pseudonymized or publishable.",
                    "Perfil desconocido '{detail}': use full, pseudonymized o publishable."),
    "profile_needs_form": ("A pseudonymized master needs the form (to know which columns identify someone): give the form file.",
                           "Un maestro seudonimizado necesita el formulario (para saber qué columnas identifican a alguien): indique el archivo del formulario."),
    "pseudonym_key_needed": ("A pseudonymized master needs the organisation's pseudonymization key: give the key file from the sync folder.",
                             "Un maestro seudonimizado necesita la clave de seudonimización de la organización: indique el archivo de la clave de la carpeta de sincronización."),
    "no_inputs": ("No input could be read, so no master was written.", "No se pudo leer ningún archivo, así que no se escribió el maestro."),
}


def reason_text(code: str, language: str = "en", **params) -> str:
    english, spanish = REASONS.get(code, (code, code))
    template = spanish if language == "es" else english
    params.setdefault("where", f" (sheet '{params['sheet']}')" if params.get("sheet") else "")
    try:
        return template.format(**{k: ("" if v is None else v) for k, v in params.items()})
    except (KeyError, IndexError):
        return template


class MergeError(Exception):
    """A problem that stops the whole merge (nothing readable, no password for an encrypted master...)."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(reason_text(code, **params))

    def text(self, language: str = "en") -> str:
        return reason_text(self.code, language, **self.params)


class Rejected(Exception):
    """One input refused, with its reason; the merge goes on with the others."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(reason_text(code, **params))

    def text(self, language: str = "en") -> str:
        return reason_text(self.code, language, **self.params)
