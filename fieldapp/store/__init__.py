"""The encrypted local store: open_store() unlocks a data folder and returns the Store (see CONTRACT.md)."""

from fieldapp.store.attachments import AttachmentRecord
from fieldapp.store.audit import AuditEvent
from fieldapp.store.errors import (
    AlreadyOpen, AttachmentNotFound, DatabaseTruncated, DatabaseUnreadable, KeyFileDamaged, RekeyedElsewhere,
    TooManyAttempts, GuessablePassphrase, AttachmentTooLarge, AttachmentUnreadable, DiskFull, NotAFileQuestion, FinalizeRefused, FormNotRegistered, NewerStoreVersion, NoRecoveryCode, NotAFieldAppFolder,
    PassphraseNeeded, ReadOnlyFolder, StoreClosed, StoreDamaged, StoreError, StoreMissing, SubmissionNotFound,
    WeakPassphrase, WrongPassphrase, WrongRecoveryCode, WrongStatus,
)
from fieldapp.store.forms import FormRecord
from fieldapp.store.paths import default_data_dir, store_exists
from fieldapp.store.store import Store, open_store
from fieldapp.store.submissions import SubmissionRecord

__all__ = [
    "open_store", "store_exists", "default_data_dir", "Store", "FormRecord", "SubmissionRecord", "AuditEvent",
    "AttachmentRecord", "AttachmentTooLarge", "AttachmentUnreadable", "AttachmentNotFound", "NotAFileQuestion",
    "StoreError", "WrongPassphrase", "WrongRecoveryCode", "NoRecoveryCode", "PassphraseNeeded", "WeakPassphrase",
    "NotAFieldAppFolder", "NewerStoreVersion", "ReadOnlyFolder", "DiskFull", "StoreMissing", "StoreDamaged",
    "StoreClosed", "DatabaseTruncated", "DatabaseUnreadable", "KeyFileDamaged", "RekeyedElsewhere", "AlreadyOpen",
    "TooManyAttempts", "GuessablePassphrase", "SubmissionNotFound", "FormNotRegistered", "WrongStatus", "FinalizeRefused",
]
