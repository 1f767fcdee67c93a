"""Engine messages shown to interviewers, keyed by a stable code; English here, other languages in forms.po.

The questionnaire language is a form language name such as "Español (es)"; the
code in brackets (or a known name) picks the catalogue, English otherwise.
"""

from __future__ import annotations

from fieldapp import locale

_CATALOGUE: dict[str, str] = {
    "required": "Sorry, this response is required!",
    "constraint": "Sorry, this response is invalid!",
    "check_too_slow": "This answer could not be checked: the form's check took too long. Shorten the answer or "
                      "ask the form's author to simplify its pattern.",
    "int": "Enter a whole number (for example 12).",
    "int_range": "This number is too large.",
    "range": "Choose a value from {low} to {high}.",
    "range_step": "Choose a value in steps of {step}.",
    "decimal": "Enter a number (for example 3.5).",
    "date": "Enter a date as YYYY-MM-DD (for example 2024-03-15).",
    "time": "Enter a time as HH:MM (for example 14:30).",
    "dateTime": "Enter a date and time as YYYY-MM-DDTHH:MM (for example 2024-03-15T14:30).",
    "boolean": "Answer true or false.",
    # no answer value in a message: AnswerError texts can reach logs and tracebacks
    "choice": "This answer is not one of the question's choices.",
    "single_choice": "Choose only one option.",
    "geopoint": "Enter a location as 'latitude longitude [altitude accuracy]' (for example 14.6 -90.5).",
    "geoshape": "Enter points as 'lat lon; lat lon; ...'.",
    "unknown_path": "There is no question at {path}.",
    "not_shown": "{path} is not shown now (its conditions hide it).",
    "readonly": "This question cannot be changed.",
    "not_question": "{path} is not a question that can be answered.",
    "no_repeat": "There is no repeat at {path}.",
    "repeat_fixed": "The number of entries of {path} is set by the form.",
    "no_language": "The form has no language '{name}'.",
    "expression": "The form could not compute {path}: {detail}",
}

_NAMES = {"english": "en", "español": "es", "espanol": "es", "spanish": "es"}


def language_code(language: str | None) -> str:
    """'Español (es)' -> 'es'; 'English' -> 'en'; a language without a catalogue -> 'en'."""
    if not language:
        return "en"
    code = locale.language_code(language)
    if code is None and "(" in language:
        code = locale.language_code(language[:language.rindex("(")].strip())
    if code is None:
        code = _NAMES.get(language.strip().lower().split("(")[0].strip())
    return code or "en"


def message(code: str, language: str | None = None, **params) -> str:
    """The message for `code` in the questionnaire language, parameters filled in."""
    english = _CATALOGUE.get(code)
    if english is None:
        return code
    for template in (locale.gettext("forms", english, language_code(language)), english):
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):   # a catalogue slip must never hide the message itself
            continue
    return english
