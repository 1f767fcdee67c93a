"""Turns typed errors from the core into plain words in the app language (never a traceback)."""

from __future__ import annotations

from fieldapp.ui.i18n import app_language, tr

# Keyed by the error's class name and by its code, so either spelling of the store's errors is understood.
KNOWN = {
    "WrongPassphrase": "That passphrase is not right. Check the keyboard language and Caps Lock, then try again.",
    "wrong_passphrase": "That passphrase is not right. Check the keyboard language and Caps Lock, then try again.",
    "NotAFieldAppFolder": "This folder holds other files, not FieldApp data. Choose an empty folder or FieldApp's own folder.",
    "not_a_fieldapp_folder": "This folder holds other files, not FieldApp data. Choose an empty folder or FieldApp's own folder.",
    "NewerStoreVersion": "This data was written by a newer FieldApp. Install the newer version to open it.",
    "newer_store_version": "This data was written by a newer FieldApp. Install the newer version to open it.",
    "ReadOnlyFolder": "FieldApp cannot write in its data folder. Ask your coordinator to check the folder's permissions.",
    "read_only_folder": "FieldApp cannot write in its data folder. Ask your coordinator to check the folder's permissions.",
    "DiskFull": "The disk is full. Free some space (delete old files), then try again. Nothing was lost.",
    "disk_full": "The disk is full. Free some space (delete old files), then try again. Nothing was lost.",
    "StoreMissing": "No FieldApp data was found in this folder.",
    "store_missing": "No FieldApp data was found in this folder.",
    "WrongRecoveryCode": "That recovery code is not right. Check each character and try again.",
    "wrong_recovery_code": "That recovery code is not right. Check each character and try again.",
}


def error_text(exc: BaseException) -> str:
    """A message for `exc` in the app language: what happened and what to do next."""
    text_in = getattr(exc, "text", None)
    if callable(text_in):   # the store's errors carry their own Spanish and English
        try:
            return text_in(app_language())
        except Exception:  # a message must never fail to show
            pass
    for key in (type(exc).__name__, getattr(exc, "code", None)):
        if key in KNOWN:
            return tr(KNOWN[key])
    from fieldapp.xform.model.errors import FieldAppError
    if isinstance(exc, FieldAppError):
        message = getattr(exc, "message", None) or str(exc)
        return message
    return tr("Something went wrong: {error}. Your answers so far are saved.").format(error=str(exc) or type(exc).__name__)
