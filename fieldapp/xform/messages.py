"""Engine messages shown to interviewers, keyed by a stable code, in Spanish and English.

The questionnaire language is a form language name such as "Español (es)"; the
code in brackets (or a known name) picks the catalogue, English otherwise.
"""

from __future__ import annotations

_CATALOGUE: dict[str, dict[str, str]] = {
    "required": {
        "en": "Sorry, this response is required!",
        "es": "Lo sentimos, esta respuesta es obligatoria.",
    },
    "constraint": {
        "en": "Sorry, this response is invalid!",
        "es": "Lo sentimos, esta respuesta no es válida.",
    },
    "check_too_slow": {
        "en": "This answer could not be checked: the form's check took too long. Shorten the answer or ask "
              "the form's author to simplify its pattern.",
        "es": "No se pudo comprobar esta respuesta: la comprobación del formulario tardó demasiado. Acorte la "
              "respuesta o pida al autor del formulario que simplifique su patrón.",
    },
    "int": {
        "en": "Enter a whole number (for example 12).",
        "es": "Escriba un número entero (por ejemplo 12).",
    },
    "int_range": {
        "en": "This number is too large.",
        "es": "Este número es demasiado grande.",
    },
    "range": {
        "en": "Choose a value from {low} to {high}.",
        "es": "Elija un valor entre {low} y {high}.",
    },
    "range_step": {
        "en": "Choose a value in steps of {step}.",
        "es": "Elija un valor en pasos de {step}.",
    },
    "decimal": {
        "en": "Enter a number (for example 3.5).",
        "es": "Escriba un número (por ejemplo 3.5).",
    },
    "date": {
        "en": "Enter a date as YYYY-MM-DD (for example 2024-03-15).",
        "es": "Escriba una fecha como AAAA-MM-DD (por ejemplo 2024-03-15).",
    },
    "time": {
        "en": "Enter a time as HH:MM (for example 14:30).",
        "es": "Escriba una hora como HH:MM (por ejemplo 14:30).",
    },
    "dateTime": {
        "en": "Enter a date and time as YYYY-MM-DDTHH:MM (for example 2024-03-15T14:30).",
        "es": "Escriba fecha y hora como AAAA-MM-DDTHH:MM (por ejemplo 2024-03-15T14:30).",
    },
    "boolean": {
        "en": "Answer true or false.",
        "es": "Responda verdadero (true) o falso (false).",
    },
    "choice": {
        "en": "'{value}' is not one of the choices.",
        "es": "'{value}' no es una de las opciones.",
    },
    "single_choice": {
        "en": "Choose only one option.",
        "es": "Elija una sola opción.",
    },
    "geopoint": {
        "en": "Enter a location as 'latitude longitude [altitude accuracy]' (for example 14.6 -90.5).",
        "es": "Escriba una ubicación como 'latitud longitud [altitud precisión]' (por ejemplo 14.6 -90.5).",
    },
    "geoshape": {
        "en": "Enter points as 'lat lon; lat lon; ...'.",
        "es": "Escriba puntos como 'lat lon; lat lon; ...'.",
    },
    "unknown_path": {
        "en": "There is no question at {path}.",
        "es": "No hay ninguna pregunta en {path}.",
    },
    "not_shown": {
        "en": "{path} is not shown now (its conditions hide it).",
        "es": "{path} no se muestra ahora (sus condiciones la ocultan).",
    },
    "readonly": {
        "en": "This question cannot be changed.",
        "es": "Esta pregunta no se puede cambiar.",
    },
    "not_question": {
        "en": "{path} is not a question that can be answered.",
        "es": "{path} no es una pregunta que se pueda responder.",
    },
    "no_repeat": {
        "en": "There is no repeat at {path}.",
        "es": "No hay ningún grupo repetido en {path}.",
    },
    "repeat_fixed": {
        "en": "The number of entries of {path} is set by the form.",
        "es": "El número de entradas de {path} lo fija el formulario.",
    },
    "no_language": {
        "en": "The form has no language '{name}'.",
        "es": "El formulario no tiene el idioma '{name}'.",
    },
    "expression": {
        "en": "The form could not compute {path}: {detail}",
        "es": "El formulario no pudo calcular {path}: {detail}",
    },
}

_NAMES = {"english": "en", "español": "es", "espanol": "es", "spanish": "es"}


def language_code(language: str | None) -> str:
    """'Español (es)' -> 'es'; 'English' -> 'en'; unknown -> 'en'."""
    if not language:
        return "en"
    text = language.strip()
    if text.endswith(")") and "(" in text:
        code = text[text.rindex("(") + 1:-1].strip().lower()
        code = code.split("-")[0].split("_")[0]
        if code in ("en", "es"):
            return code
        text = text[:text.rindex("(")].strip()
    return _NAMES.get(text.lower(), "en")


def message(code: str, language: str | None = None, **params) -> str:
    """The message for `code` in the questionnaire language, parameters filled in."""
    entry = _CATALOGUE.get(code)
    if entry is None:
        return code
    template = entry.get(language_code(language)) or entry["en"]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
