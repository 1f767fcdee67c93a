"""Typed errors of the safeguarding layer, each with a stable code and a plain message saying what to do.

The UI shows `error.text(language)`; tests key on `error.code`. The English message is kept here, next to
its code; other languages are in the "protect" gettext catalogue (fieldapp/locale/<language>/LC_MESSAGES/protect.po).
"""

from __future__ import annotations

from fieldapp.xform.model.errors import CodedError

# code -> English message; "{detail}" is filled with the specific value or place.
MESSAGES: dict[str, str] = {
    "protect_error": "{detail}",
    "pin_too_short": "The PIN must have at least {detail} digits. Choose another one.",
    "pin_not_digits": "The PIN can only have digits (0-9). Choose another one.",
    "pin_mismatch": "The two PINs are not the same. Type them again.",
    "not_declinable": "This is one of the interviewer's own checks ({detail}): it cannot be declined. Answer it, "
                      "or pause or stop the interview.",
    "unknown_choice": "'{detail}' is not one of the choices offered here.",
    "share_refused": "Consent to share was refused, so this referral ({detail}) cannot be made: record \"Consent "
                     "to share refused\", and give the service list so the family can go themselves.",
}


class ProtectError(CodedError):
    """Base of the safeguarding errors: `.code`, `.detail`, and `.text(language)` for the UI."""
    code = "protect_error"
    DOMAIN = "protect"
    MESSAGES = MESSAGES
    FALLBACK = "protect_error"


class BadPin(ProtectError):
    code = "pin_too_short"


class NotDeclinable(ProtectError):
    code = "not_declinable"


class UnknownChoice(ProtectError):
    code = "unknown_choice"


class ShareRefused(ProtectError):
    """"Referred" was chosen for a referral after consent to share was refused (outside mandatory reporting)."""
    code = "share_refused"
