"""Exchange words in the app language: profiles, password strength and the exchange errors' messages."""

from __future__ import annotations

from fieldapp.ui.i18n import tr


def profile_name(profile: str) -> str:
    return {"full": tr("Full"), "pseudonymized": tr("Pseudonymized"), "publishable": tr("Publishable")}[profile]


def profile_note(profile: str) -> str:
    """The one-line explanation under each profile."""
    return {
        "full": tr("Every answer and attached file. Always protected with a password."),
        "pseudonymized": tr("Names and other identifying answers replaced by the organisation's code. "
                            "Protected with a password."),
        "publishable": tr("No identifying, sensitive or typed-in answers. Can be shared without a password."),
    }[profile]


def strength_words(level: str) -> str:
    return {"weak": tr("Too short: use at least 10 characters; a few words are best."),
            "fair": tr("A longer phrase would be stronger."),
            "strong": tr("Hard to guess.")}[level]


def exchange_error_text(exc: BaseException) -> str | None:
    """Words for fieldapp.exchange's errors (None for other errors)."""
    code = getattr(exc, "code", None)
    words = {
        "nothing_to_export": tr("That form is not on this laptop."),
        "password_needed": tr("This file holds identifying or sensitive answers: type a password (twice) to "
                              "protect it."),
        "weak_password": tr("The password is too short: use at least 10 characters."),
        "pseudonym_key_missing": tr("The organisation's pseudonymization key has not arrived yet. Sync with the "
                                    "coordinator's folder first, or choose another profile."),
        "bad_pseudonym_key": tr("The pseudonymization key in the sync folder is damaged. Ask your coordinator "
                                "for a new one."),
        "cancelled": tr("Cancelled. No file was written."),
        "file_too_large": tr("The file would be too large for a USB stick (4 GB or more). Export fewer "
                             "interviews at a time."),
        "folder_unwritable": tr("The folder could not be written (the stick was removed, is full or is "
                                "read-only). Files written before are whole; plug it in and try again."),
        "unknown_profile": tr("Choose one of the three profiles."),
        "key_password_wrong": key_problem_words("key_password_wrong"),
        "clear_key_refused": key_problem_words("clear_key_refused"),
    }
    return words.get(code)


def key_problem_words(code: str) -> str:
    """Why the pseudonymization key in the sync folder was not taken, and what to do."""
    return {
        "key_password_wrong": tr("The pseudonymization key in the sync folder is sealed with another password. "
                                 "Check the sync password with your coordinator (Change the sync password), "
                                 "then sync again."),
        "clear_key_refused": tr("A pseudonymization key lies unprotected in the sync folder; it was not used. "
                                "Tell your coordinator: delete it and put a new, sealed key in the folder."),
        "bad_pseudonym_key": tr("The pseudonymization key in the sync folder is damaged. Ask your coordinator "
                                "for a new one."),
    }.get(code, tr("The pseudonymization key in the sync folder could not be read. Ask your coordinator to "
                   "put it there again."))
