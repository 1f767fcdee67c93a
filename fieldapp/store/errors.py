"""Typed errors of the encrypted store, each with a stable code and a plain message saying what to do.

The UI shows `error.text(language)`; scripts and tests key on `error.code`.
The English message is kept here, next to its code; other languages are in the
"store" gettext catalogue (fieldapp/locale/<language>/LC_MESSAGES/store.po).
"""

from __future__ import annotations

from fieldapp.xform.model.errors import CodedError

# code -> English message; "{detail}" is filled with the specific place or reason.
MESSAGES: dict[str, str] = {
    "store_error": "The data store could not be used: {detail}",
    "wrong_passphrase": "The passphrase is not correct. Nothing was changed. Check the keyboard language and Caps Lock, then try again, or unlock with the recovery code kept at the office.",
    "wrong_recovery_code": "The recovery code is not correct. Nothing was changed. Check each group of letters and try again.",
    "no_recovery_code": "This data folder has no recovery code. Unlock it with the passphrase.",
    "passphrase_needed": "A passphrase (or the recovery code) is needed to open the data. {detail}",
    "weak_passphrase": "The passphrase is too short: use at least {detail} characters (a few words are easy to remember).",
    "guessable_passphrase": "The passphrase is too easy to guess. Choose another: four or more words in an order nobody would expect, not the names of people, places, the organisation or this laptop, and no dates.",
    "not_a_fieldapp_folder": "This folder holds something that is not FieldApp data ({detail}). Nothing was changed. Choose an empty folder or the FieldApp data folder.",
    "newer_store_version": "This data was written by a newer version of FieldApp. Nothing was changed. Install the newer FieldApp to open it.",
    "read_only_folder": "The data folder cannot be written ({detail}). Nothing was changed. Choose a folder you can write to, or ask for write permission.",
    "disk_full": "The disk is full: the last change could not be saved. Free some space (or export and purge confirmed submissions), then try again.",
    "store_missing": "There is no FieldApp data in this folder ({detail}). Check the folder, or create new data.",
    "store_damaged": "The data file is damaged ({detail}). Nothing was changed: do not delete or move anything in the data folder. Close FieldApp and ask your coordinator to restore the folder from its latest backup; interviews already sent are safe in the coordinator's receipt.",
    "database_truncated": "The data file is empty or cut short ({detail}), so the interviews in it cannot be read. It was kept exactly as it is: do not delete it and do not create new data in this folder. Ask your coordinator to restore the data folder from its latest backup; interviews already sent are safe in the coordinator's receipt.",
    "database_unreadable": "The data file does not open with this folder's key file: it is damaged, or one of the two files was replaced by another copy ({detail}). Nothing was changed: do not delete anything. Ask your coordinator to restore both files (fieldapp.db and fieldapp.keys) together from the same backup; interviews already sent are safe in the coordinator's receipt.",
    "keyfile_damaged": "The key file that opens the data is damaged ({detail}). Nothing was changed: do not delete anything. Ask your coordinator to restore the key file (fieldapp.keys) from a backup of this laptop's data folder; the recovery code kept at the office works only with an intact key file.",
    "rekeyed_elsewhere": "The passphrase of this data was changed by another FieldApp window, so this one was locked. Nothing was lost. Unlock again with the new passphrase.",
    "store_busy": "The data is busy in another FieldApp process ({detail}). Nothing was lost. Wait a moment and try again; if it keeps happening, close the other FieldApp window or program.",
    "already_open": "FieldApp is already open on this data folder in another window (or by another user of this laptop). Switch to that window; two windows on the same data would overwrite each other's answers.",
    "too_many_attempts": "Too many wrong tries. Wait {detail} seconds before trying again (the wait grows with each wrong try, and restarting FieldApp does not shorten it).",
    "finalize_refused": "The interview cannot be finalized yet: {detail}",
    "submission_not_found": "No interview with the id {detail} is stored on this laptop.",
    "form_not_registered": "The form {detail} is not installed on this laptop. Add the form first.",
    "wrong_status": "This interview cannot do that now: {detail}",
    "attachment_too_large": "The file is too large to attach ({detail}). Choose a smaller file (a photo at a lower resolution, a shorter recording), or ask the coordinator to raise the limit in the settings.",
    "attachment_unreadable": "The file could not be read ({detail}). Check that it is still there (a memory stick may have been removed) and attach it again.",
    "not_a_file_question": "A file can only answer a photo, audio, video or file question ({detail}).",
    "attachment_not_found": "The attached file {detail} is not stored on this laptop.",
    "store_closed": "The data store is closed (locked). Unlock it again to continue.",
}


class StoreError(CodedError):
    """Base of the store's errors: `.code`, `.detail` and a message saying what happened and what to do."""
    code = "store_error"
    DOMAIN = "store"
    MESSAGES = MESSAGES
    FALLBACK = "store_error"


class WrongPassphrase(StoreError):
    code = "wrong_passphrase"


class WrongRecoveryCode(WrongPassphrase):
    """A wrong recovery code is a wrong secret too, so callers catching WrongPassphrase see it."""
    code = "wrong_recovery_code"


class NoRecoveryCode(StoreError):
    code = "no_recovery_code"


class PassphraseNeeded(StoreError):
    code = "passphrase_needed"


class WeakPassphrase(StoreError):
    code = "weak_passphrase"


class GuessablePassphrase(WeakPassphrase):
    """Long enough, but the estimator (fieldapp.store.strength) finds it guessable; `.detail` is the hint code."""
    code = "guessable_passphrase"


class NotAFieldAppFolder(StoreError):
    code = "not_a_fieldapp_folder"


class NewerStoreVersion(StoreError):
    code = "newer_store_version"


class ReadOnlyFolder(StoreError):
    code = "read_only_folder"


class DiskFull(StoreError):
    code = "disk_full"


class StoreMissing(StoreError):
    code = "store_missing"


class StoreDamaged(StoreError):
    code = "store_damaged"


class StoreClosed(StoreError):
    code = "store_closed"


class DatabaseTruncated(StoreDamaged):
    """The database beside an existing key file is empty or not a whole number of pages: kept as it is."""
    code = "database_truncated"


class DatabaseUnreadable(StoreDamaged):
    """The key file's key (unwrapped by the right secret) does not open the database: damage or a swapped file."""
    code = "database_unreadable"


class KeyFileDamaged(StoreDamaged):
    """The key file is ours but cut short or with parts of the wrong shape."""
    code = "keyfile_damaged"


class RekeyedElsewhere(StoreClosed):
    """Another process changed the passphrase (re-keyed) while this one had the database open."""
    code = "rekeyed_elsewhere"


class StoreBusy(StoreError):
    """Another process held the database longer than the busy timeout."""
    code = "store_busy"


class AlreadyOpen(StoreError):
    """Another FieldApp process holds this data folder (see fieldapp.store.folder_lock)."""
    code = "already_open"


class TooManyAttempts(StoreError):
    """Unlocking is refused until `.wait_seconds` have passed (see fieldapp.store.attempts)."""
    code = "too_many_attempts"

    def __init__(self, wait_seconds: float):
        self.wait_seconds = max(1, int(-(-wait_seconds // 1)))
        super().__init__(str(self.wait_seconds))


class SubmissionNotFound(StoreError, LookupError):
    code = "submission_not_found"


class FormNotRegistered(StoreError, LookupError):
    code = "form_not_registered"


class WrongStatus(StoreError):
    """E.g. resuming a finalized submission (edit it instead) or editing a draft."""
    code = "wrong_status"


class FinalizeRefused(StoreError):
    """The filling has problems; `.problems` lists them (ValidationProblem: path, kind, message)."""
    code = "finalize_refused"

    def __init__(self, problems: list):
        self.problems = list(problems)
        shown = "; ".join(f"{p.path}: {p.message}" for p in self.problems[:5])
        more = len(self.problems) - 5
        if more > 0:
            shown += f" (+{more})"
        super().__init__(shown)


class AttachmentTooLarge(StoreError):
    """The chosen file is above the size limit (setting "max_attachment_mb")."""
    code = "attachment_too_large"


class AttachmentUnreadable(StoreError):
    """The chosen file is gone, is a folder, or cannot be read."""
    code = "attachment_unreadable"


class AttachmentNotFound(StoreError, LookupError):
    code = "attachment_not_found"


class NotAFileQuestion(StoreError):
    """attach() was asked for a question whose answer is not a file (its bind type is not binary)."""
    code = "not_a_file_question"
