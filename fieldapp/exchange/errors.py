"""Typed refusals of export and sync, each with a code the app turns into words (fieldapp/ui)."""

from __future__ import annotations


class ExchangeError(Exception):
    """Base: `code` names what went wrong, `place` where (a form id, a file name)."""
    code = "exchange"

    def __init__(self, message: str = "", place: str | None = None):
        super().__init__(message or self.code)
        self.place = place


class NothingToExport(ExchangeError):
    code = "nothing_to_export"          # the form is not on this laptop


class UnknownProfile(ExchangeError):
    code = "unknown_profile"


class PasswordNeeded(ExchangeError):
    code = "password_needed"            # a file with PII or sensitive items is only written encrypted


class WeakPassword(ExchangeError):
    code = "weak_password"


class PseudonymKeyMissing(ExchangeError):
    code = "pseudonym_key_missing"      # the organisation's key has not come through the sync folder yet


class BadPseudonymKey(ExchangeError):
    code = "bad_pseudonym_key"


class Cancelled(ExchangeError):
    code = "cancelled"


class FileTooLarge(ExchangeError):
    code = "file_too_large"             # FAT32 holds no file of 4 GB or more


class FolderUnwritable(ExchangeError):
    code = "folder_unwritable"          # the stick was pulled out, is full or read-only


class KeyPasswordWrong(ExchangeError):
    code = "key_password_wrong"         # the sealed key in the sync folder was sealed with another password


class ClearKeyRefused(ExchangeError):
    code = "clear_key_refused"          # a pseudonymization key left in the clear on a stick: exposed, not used
