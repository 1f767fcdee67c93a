"""Typed errors of the XPath engine: syntax, type mismatch, unsupported constructs, unknown functions.

Every error carries the expression text; syntax errors also carry the 0-based
position of the offending character, so the loader can point a form author at it.
"""

from __future__ import annotations

from fieldapp.xform.errors import FieldAppError


class XPathError(FieldAppError):
    """Base of every error raised while parsing or evaluating an XPath expression."""
    code = "xpath_error"

    def __init__(self, message: str, expression: str | None = None):
        super().__init__(message)
        self.message = message
        self.expression = expression

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


class XPathArityError(XPathUnhandled):
    """A known function called with the wrong number of arguments."""
    code = "xpath_arity"


class XPathMissingInstance(XPathError):
    """instance('id') names a secondary instance the form does not have."""
    code = "xpath_missing_instance"
