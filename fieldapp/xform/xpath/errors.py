"""Typed errors of the XPath engine: syntax, type mismatch, unsupported constructs, unknown functions.

Every error carries the expression text; syntax errors also carry the 0-based
position of the offending character, so the loader can point a form author at it.
"""

from __future__ import annotations

from fieldapp.xform.model.errors import FieldAppError

# What each kind of error means, for people (the technical detail stays in `message`).
# Keyed by error code, then language code; English is the fallback.
SUMMARIES: dict[str, dict[str, str]] = {
    "xpath_error": {
        "en": "A form expression could not be evaluated.",
        "es": "No se pudo evaluar una expresión del formulario.",
    },
    "xpath_syntax": {
        "en": "A form expression cannot be read (character {position}).",
        "es": "Una expresión del formulario no se puede leer (carácter {position}).",
    },
    "xpath_type_mismatch": {
        "en": "A form expression used a value of the wrong kind.",
        "es": "Una expresión del formulario usó un valor de tipo incorrecto.",
    },
    "xpath_unsupported": {
        "en": "A form expression uses XPath that ODK does not support.",
        "es": "Una expresión del formulario usa XPath que ODK no admite.",
    },
    "xpath_unhandled": {
        "en": "A form expression calls a function the wrong way.",
        "es": "Una expresión del formulario llama mal a una función.",
    },
    "xpath_unknown_function": {
        "en": "A form expression calls {name}(), which is not an ODK function.",
        "es": "Una expresión del formulario llama a {name}(), que no es una función de ODK.",
    },
    "xpath_arity": {
        "en": "A form expression gives a function the wrong number of arguments.",
        "es": "Una expresión del formulario da a una función un número de argumentos incorrecto.",
    },
    "xpath_timeout": {
        "en": "A form check took too long and was stopped.",
        "es": "Una comprobación del formulario tardó demasiado y se detuvo.",
    },
    "xpath_missing_instance": {
        "en": "A form expression reads a list or attachment the form does not have.",
        "es": "Una expresión del formulario lee una lista o un anexo que el formulario no tiene.",
    },
}


class XPathError(FieldAppError):
    """Base of every error raised while parsing or evaluating an XPath expression."""
    code = "xpath_error"

    def __init__(self, message: str, expression: str | None = None):
        super().__init__(message)
        self.message = message
        self.expression = expression

    def summary(self, language: str = "en") -> str:
        """What happened, in plain words, in `language` ("en" or "es"); the detail is in `message`."""
        texts = SUMMARIES.get(self.code) or SUMMARIES["xpath_error"]
        template = texts.get(language) or texts["en"]
        return template.format(**self._summary_fields())

    def _summary_fields(self) -> dict:
        return {}

    def text(self, language: str = "en") -> str:
        """What the UI shows: the summary in `language`, then the expression as the form has it."""
        summary = self.summary(language)
        return f"{summary} \"{self.expression}\"" if self.expression else summary

    def __str__(self) -> str:
        if self.expression is not None:
            return f"{self.message} in {self.expression!r}"
        return self.message


class XPathSyntaxError(XPathError):
    """The expression cannot be parsed; `position` is the 0-based offset where parsing failed."""
    code = "xpath_syntax"

    def __init__(self, message: str, expression: str | None = None, position: int = 0):
        super().__init__(message, expression)
        self.position = position

    def __str__(self) -> str:
        if self.expression is not None:
            return f"{self.message} at position {self.position} in {self.expression!r}"
        return f"{self.message} at position {self.position}"

    def _summary_fields(self) -> dict:
        return {"position": self.position + 1}


class XPathTypeMismatch(XPathError):
    """A value cannot be converted to the type an operation needs (a bad date, several nodes where one is needed...)."""
    code = "xpath_type_mismatch"


class XPathUnsupported(XPathError):
    """Valid XPath 1.0 that ODK's dialect does not support (unions, descendant axes, text()...)."""
    code = "xpath_unsupported"


class XPathUnhandled(XPathError):
    """A function call that cannot be handled: unknown name or wrong number of arguments."""
    code = "xpath_unhandled"


class XPathUnknownFunction(XPathUnhandled):
    """A function that neither ODK nor FieldApp defines."""
    code = "xpath_unknown_function"

    def __init__(self, name: str, expression: str | None = None):
        super().__init__(f"unknown function {name}()", expression)
        self.name = name

    def _summary_fields(self) -> dict:
        return {"name": self.name}


class XPathArityError(XPathUnhandled):
    """A known function called with the wrong number of arguments."""
    code = "xpath_arity"


class XPathMissingInstance(XPathError):
    """instance('id') names a secondary instance the form does not have."""
    code = "xpath_missing_instance"


class XPathTimeout(XPathError):
    """A regular expression that did not finish within its time limit (catastrophic backtracking)."""
    code = "xpath_timeout"
