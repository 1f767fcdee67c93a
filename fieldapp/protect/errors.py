"""Typed errors of the safeguarding layer, each with a code and a plain message in Spanish and English."""

from __future__ import annotations

from fieldapp.xform.model.errors import FieldAppError

MESSAGES: dict[str, dict[str, str]] = {
    "pin_too_short": {
        "en": "The PIN must have at least {detail} digits. Choose another one.",
        "es": "El PIN debe tener al menos {detail} dígitos. Elija otro.",
    },
    "pin_not_digits": {
        "en": "The PIN can only have digits (0-9). Choose another one.",
        "es": "El PIN solo puede tener dígitos (0-9). Elija otro.",
    },
    "pin_mismatch": {
        "en": "The two PINs are not the same. Type them again.",
        "es": "Los dos PIN no son iguales. Escríbalos otra vez.",
    },
    "not_declinable": {
        "en": "This is one of the interviewer's own checks ({detail}): it cannot be declined. Answer it, or pause "
              "or stop the interview.",
        "es": "Esta es una verificación del entrevistador/a ({detail}): no se puede declinar. Respóndala, o haga una "
              "pausa o detenga la entrevista.",
    },
    "unknown_choice": {
        "en": "'{detail}' is not one of the choices offered here.",
        "es": "'{detail}' no es una de las opciones ofrecidas aquí.",
    },
}


class ProtectError(FieldAppError):
    """Base of the safeguarding errors: `.code`, `.detail`, and `.text(language)` for the UI."""
    code = "protect_error"

    def __init__(self, detail: str = "", *, code: str | None = None):
        if code:
            self.code = code
        self.detail = detail
        super().__init__(self.text("en"))

    def text(self, language: str = "en") -> str:
        catalogue = MESSAGES.get(self.code, {"en": "{detail}", "es": "{detail}"})
        return catalogue.get(language, catalogue["en"]).format(detail=self.detail).strip()

    @property
    def message(self) -> str:
        return self.text("en")


class BadPin(ProtectError):
    code = "pin_too_short"


class NotDeclinable(ProtectError):
    code = "not_declinable"


class UnknownChoice(ProtectError):
    code = "unknown_choice"
