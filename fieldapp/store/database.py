"""Opening, unlocking and re-keying the encrypted database (SQLCipher through sqlcipher3, WAL mode).

`open_database()` checks everything that could go wrong before it writes a
byte: the folder, the key file, the secret, the database's identity and its
schema version. Only then does it switch on WAL and apply migrations.

Durability choice: WAL with `synchronous=FULL`. NORMAL already survives a
killed process (committed frames sit in the OS cache), but a power cut or a
dead battery could lose the last answers; FULL fsyncs the log on every commit,
which costs about half a millisecond on an SSD and keeps every returned
`answer()` across a power loss. `fullfsync` (macOS's drive-cache flush) is left
off: it costs tens of milliseconds per answer on some Macs.
"""

from __future__ import annotations

import errno
import hmac
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3
from sqlite_utils import Database

from fieldapp.store import keys as keyfiles
from fieldapp.store.errors import (
    DatabaseTruncated, DatabaseUnreadable, DiskFull, GuessablePassphrase, KeyFileDamaged, NewerStoreVersion, NoRecoveryCode,
    NotAFieldAppFolder, PassphraseNeeded, ReadOnlyFolder, RekeyedElsewhere, StoreBusy, StoreClosed, StoreDamaged,
    StoreError, StoreMissing, WeakPassphrase, WrongPassphrase, WrongRecoveryCode,
)
from fieldapp.store.attempts import UnlockAttempts
from fieldapp.store.folder_lock import key_file_lock
from fieldapp.store.paths import DATABASE_COMPANIONS, database_path, keyfile_path

# PRAGMA application_id marks the file as ours ("FApp"), so another program's database is recognised.
APPLICATION_ID = 0x46417070
SYNCHRONOUS = "FULL"
# How long a write waits for another process's transaction to end before giving up (two FieldApp processes
# on one folder: a second window is refused by the folder lock, but scripts and exports may run beside the app).
BUSY_TIMEOUT_MS = 10_000
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
# SQLCipher's page size: a whole database file is always a multiple of it.
PAGE_SIZE = 4096
# The database is built under this name at set-up and renamed into place once complete.
BUILDING_SUFFIX = ".new"
# Times to re-read the key file when it changed while opening (another process re-keyed the database).
REKEY_RETRIES = 5


def open_database(data_dir, passphrase: str | None = None, *, recovery_code: str | None = None,
                  create: bool = True) -> "StoreDatabase":
    """Unlock (or create) the database in `data_dir`; raise a StoreError, having changed nothing, when that is not possible."""
    folder = Path(data_dir)
    if folder.exists() and not folder.is_dir():
        raise NotAFieldAppFolder(f"{folder} is a file, not a folder")
    db_file, key_file = database_path(folder), keyfile_path(folder)
    has_db, has_keys = db_file.exists(), key_file.exists()
    if has_db and not has_keys:
        raise NotAFieldAppFolder(f"{db_file.name} without FieldApp's key file")
    if not has_db and not has_keys:
        if not create:
            raise StoreMissing(str(folder))
        leftovers = [p.name for p in (Path(str(db_file) + s) for s in DATABASE_COMPANIONS) if p.exists()]
        if leftovers:
            raise NotAFieldAppFolder(", ".join(leftovers))
        # Never mix the data with someone's documents: a new store goes in an empty (or new) folder.
        others = sorted(name for name in (os.listdir(folder) if folder.is_dir() else [])
                        if not name.startswith(".") and name != keyfile_path(folder).name + ".tmp")
        if others:
            shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            raise NotAFieldAppFolder(f"it already holds {shown}")
        return _create(folder, passphrase)
    if not has_db and not create:
        raise StoreMissing(f"{folder}: the key file is there but the database is not")

    attempts = UnlockAttempts(folder)
    attempts.check()        # before any key stretching: waiting costs the guesser, not the laptop
    try:
        opened = _open_existing(folder, passphrase, recovery_code)
    except WrongPassphrase:
        attempts.failed()
        raise
    attempts.succeeded()
    return opened


def _open_existing(folder: Path, passphrase, recovery_code) -> "StoreDatabase":
    key_file = keyfile_path(folder)
    for _ in range(REKEY_RETRIES):
        key_text = _read_keyfile_text(key_file)
        if len(_parse_keyfile(key_text).keys) == 1:
            opened = _try_open(folder, key_text, passphrase, recovery_code)
        else:
            # Two keys: a passphrase change is under way in another process (it holds the key-file lock
            # throughout) or was cut short. Wait for the lock, then read the key file as it now is.
            with key_file_lock(folder):
                opened = _try_open(folder, _read_keyfile_text(key_file), passphrase, recovery_code)
        if opened is not None:
            return opened
    raise StoreBusy("the passphrase kept changing while opening")


def _try_open(folder: Path, key_text: str, passphrase, recovery_code) -> "StoreDatabase | None":
    """The opened database, or None when the key file changed under us (another process re-keyed): try again."""
    db_file, key_file = database_path(folder), keyfile_path(folder)
    keyfile = _parse_keyfile(key_text)
    candidates = _unwrap(keyfile, passphrase, recovery_code)
    _require_writable(folder)
    if not db_file.exists():
        # A crash between writing the key file and creating the database at set-up: finish it.
        entry, data_key = candidates[0]
        _build_database(folder, data_key)
        return _open_built(folder, keyfile, data_key, entry, recovery_code is not None)
    _check_whole(db_file)
    try:
        conn, data_key, opened_entry = _open_with_any(db_file, candidates)
        if data_key is not None:
            return _open_built(folder, keyfile, data_key, opened_entry, recovery_code is not None, conn=conn)
    except StoreDamaged:
        if _read_keyfile_text(key_file) == key_text:
            raise
        return None     # re-keyed by another process while opening
    if _read_keyfile_text(key_file) != key_text:
        return None
    if len(keyfile.keys) > 1:
        # A passphrase change was cut short: only one of the two passphrases opens the data.
        raise WrongPassphrase("interrupted passphrase change")
    raise DatabaseUnreadable(db_file.name)


def _open_built(folder: Path, keyfile, data_key: bytes, opened_entry: dict, by_recovery: bool,
                conn=None) -> "StoreDatabase":
    """Check the (built) database's identity and version, then set the connection up and migrate."""
    from fieldapp.store.migrations import check_version, migrate

    conn = conn or _connect(database_path(folder), data_key)
    store = StoreDatabase(folder, conn, keyfile, data_key, by_recovery)
    try:
        with translate_errors():
            check_version(store)        # reads only: foreign or newer databases are refused untouched
        store.setup_connection()
        if len(keyfile.keys) > 1:
            store.finish_rekey(opened_entry)     # the caller holds the key-file lock
        migrate(store)
    except BaseException:
        conn.close()
        raise
    return store


class StoreDatabase:
    """One open, unlocked database: the connection, a sqlite_utils view of it, and the key material in memory."""

    def __init__(self, folder: Path, conn, keyfile: keyfiles.KeyFile, data_key: bytes, by_recovery: bool):
        self.folder = folder
        self.conn = conn
        self.db = Database(conn)
        self.keyfile = keyfile
        self._data_key = data_key
        self.unlocked_by_recovery_code = by_recovery
        # One connection shared by the GUI thread and background tasks: calls are serialized.
        self.lock = threading.RLock()
        self.closed = False
        self.term_cache: dict[str, int] = {}   # audit terms known to be in the database (see audit.term_id)

    def setup_connection(self) -> None:
        with translate_errors():
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreDamaged(f"cannot use the write-ahead log (journal mode {mode})")
            self.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # Erased rows are overwritten, not just unlinked (withdrawal, purge).
            self.conn.execute("PRAGMA secure_delete = ON")

    # -- running statements -------------------------------------------------
    @contextmanager
    def transaction(self):
        """A write transaction (nested calls become savepoints); SQLite errors come out as StoreErrors.

        The outermost one starts with BEGIN IMMEDIATE: it takes the write lock at once (waiting up to the
        busy timeout for another process), so it never fails half-way with "database is locked" when a
        read turns into a write while someone else writes.
        """
        self._check_open()
        with self.lock, self._errors():
            try:
                if self.conn.in_transaction:
                    with self.db.atomic():
                        yield self.db
                else:
                    self.conn.execute("BEGIN IMMEDIATE")
                    try:
                        yield self.db
                    except BaseException:
                        if self.conn.in_transaction:
                            self.conn.execute("ROLLBACK")
                        raise
                    self.conn.execute("COMMIT")
            except BaseException:
                # Terms created inside the rolled-back transaction are gone again.
                self.term_cache.clear()
                raise

    def query(self, sql: str, params=()) -> list[dict]:
        self._check_open()
        with self.lock, self._errors():
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def fetchall(self, sql: str, params=()) -> list[tuple]:
        self._check_open()
        with self.lock, self._errors():
            return self.conn.execute(sql, params).fetchall()

    def execute(self, sql: str, params=()):
        self._check_open()
        with self.lock, self._errors():
            return self.conn.execute(sql, params)

    def _names(self) -> list[str]:
        """The laptop's, the organisation's and the interviewer's names (settings), for the strength check."""
        try:
            rows = self.fetchall("SELECT value FROM settings WHERE key IN ('device_name', 'organisation', "
                                 "'organization', 'interviewer')")
        except StoreError:
            return []
        names = []
        for (value,) in rows:
            try:
                names.append(str(json.loads(value)))
            except ValueError:
                pass
        return names

    @contextmanager
    def _errors(self):
        """translate_errors(), and a database that stopped decrypting because another process re-keyed it is
        reported as that (RekeyedElsewhere: unlock again), never as damage."""
        try:
            with translate_errors():
                yield
        except StoreDamaged as exc:
            if self._rekeyed_elsewhere():
                raise RekeyedElsewhere(str(exc)) from exc
            raise

    def _rekeyed_elsewhere(self) -> bool:
        try:
            on_disk = keyfiles.KeyFile.load(keyfile_path(self.folder)).keys
        except (OSError, keyfiles.KeyFileError):
            return False
        return on_disk != self.keyfile.keys

    def _check_open(self) -> None:
        if self.closed:
            raise StoreClosed()

    # -- keys -----------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-key: a fresh data key, wrapped by the new passphrase (and for the recovery code), then PRAGMA rekey."""
        self._check_open()
        _check_passphrase(new_passphrase, self._names())
        with self.lock, key_file_lock(self.folder):
            if self._rekeyed_elsewhere():
                raise RekeyedElsewhere("before changing the passphrase")
            new_key = keyfiles.new_data_key()
            entry = self.keyfile.wrap(new_key, keyfiles.passphrase_kek(new_passphrase))
            # Old entries stay until the rekey has committed: a crash in between still opens.
            self.keyfile.keys = [entry] + self.keyfile.keys
            with translate_errors():
                self.keyfile.save(keyfile_path(self.folder))
                self.conn.execute(f"PRAGMA rekey = {keyfiles.sqlcipher_key_literal(new_key)}")
                if not _readable(self.conn):
                    raise StoreDamaged("re-keying failed")
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._data_key = new_key
            self.keyfile.keys = [entry]
            with translate_errors():
                self.keyfile.save(keyfile_path(self.folder))
            self.unlocked_by_recovery_code = False

    def finish_rekey(self, opened_entry: dict) -> None:
        """Keep only the key entry that opened the database (a re-key was interrupted before or after PRAGMA rekey).

        Called with the key-file lock held, so no other process is re-keying meanwhile.
        """
        self.keyfile.keys = [opened_entry]
        with translate_errors():
            self.keyfile.save(keyfile_path(self.folder))

    def verify_passphrase(self, passphrase: str) -> bool:
        """True when the passphrase unwraps the key this database is open with (key derivation only, no connection).

        Wrong tries count towards the growing wait (TooManyAttempts), as at unlocking."""
        self._check_open()
        if not isinstance(passphrase, str) or not passphrase:
            return False
        attempts = UnlockAttempts(self.folder)
        attempts.check()
        try:
            found = self.keyfile.unwrap_with_passphrase(passphrase)
        except keyfiles.BadSecret:
            found = []
        if any(hmac.compare_digest(key, self._data_key) for _entry, key in found):
            attempts.succeeded()
            return True
        attempts.failed()
        return False

    def create_recovery_code(self) -> str:
        """A new one-time recovery code (replacing any earlier one); the data key is wrapped for it."""
        self._check_open()
        code = keyfiles.new_recovery_code()
        with self.lock, key_file_lock(self.folder):
            if self._rekeyed_elsewhere():
                raise RekeyedElsewhere("before making a recovery code")
            self.keyfile.set_recovery_code(code)
            for entry in self.keyfile.keys:
                entry["by_recovery"] = None
            current = self.keyfile.keys[0]
            current["by_recovery"] = keyfiles.wrap_for_recovery(
                self._data_key, keyfiles._unb64(self.keyfile.recovery["public_key"]))
            with translate_errors():
                self.keyfile.save(keyfile_path(self.folder))
        return code

    @property
    def has_recovery_code(self) -> bool:
        return bool(self.keyfile.recovery)

    def close(self) -> None:
        with self.lock:
            if self.closed:
                return
            try:
                # Fold the log back into the database so the folder is one file at rest.
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlcipher3.Error:
                pass
            self.conn.close()
            self._data_key = b""
            self.closed = True


# -- helpers ----------------------------------------------------------------------

def _create(folder: Path, passphrase: str | None) -> StoreDatabase:
    if passphrase is None:
        raise PassphraseNeeded("Choose a passphrase to protect the new data.")
    _check_passphrase(passphrase)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            # Other accounts on a shared laptop cannot even list the folder (the data is encrypted anyway).
            folder.chmod(0o700)
    except OSError as exc:
        raise _os_error(exc, folder) from exc
    _require_writable(folder)
    keyfile = keyfiles.KeyFile()
    data_key = keyfiles.new_data_key()
    keyfile.keys = [keyfile.wrap(data_key, keyfiles.passphrase_kek(passphrase))]
    with translate_errors():
        # The key file first: a database must never exist without the key that opens it.
        keyfile.save(keyfile_path(folder))
    _build_database(folder, data_key)
    return _open_built(folder, keyfile, data_key, keyfile.keys[0], False)


def _build_database(folder: Path, data_key: bytes) -> None:
    """Make the new database under a temporary name and rename it into place once complete.

    So a database beside the key file is always a whole one: an empty or cut-short fieldapp.db can then
    only be damage (a sync tool, a failing disk), reported as such, never mistaken for a new store.
    """
    from fieldapp.store.migrations import migrate

    target = database_path(folder)
    building = target.with_name(target.name + BUILDING_SUFFIX)
    for leftover in [building] + [Path(str(building) + s) for s in DATABASE_COMPANIONS]:
        try:
            leftover.unlink()       # our own unfinished set-up: it never held anything
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise _os_error(exc, leftover) from exc
    conn = _connect(building, data_key)
    store = StoreDatabase(folder, conn, keyfiles.KeyFile(), data_key, False)
    try:
        with translate_errors():
            conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            migrate(store)
    finally:
        conn.close()
    with translate_errors():
        with open(building, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(building, target)
        keyfiles._fsync_folder(folder)


def _check_passphrase(passphrase: str, names=()) -> None:
    """Refuse an empty, short or guessable new passphrase (see fieldapp.store.strength)."""
    from fieldapp.store.strength import MIN_LENGTH, estimate
    if not isinstance(passphrase, str) or not passphrase.strip():
        raise WeakPassphrase(str(MIN_LENGTH))
    strength = estimate(passphrase, names)
    if strength.hint == "short":
        raise WeakPassphrase(str(MIN_LENGTH))
    if not strength.accepted:
        raise GuessablePassphrase(strength.hint)


def _read_keyfile_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise _os_error(exc, path) from exc


def _parse_keyfile(text: str) -> keyfiles.KeyFile:
    try:
        return keyfiles.KeyFile.parse(text)
    except keyfiles.NewerKeyFile as exc:
        raise NewerStoreVersion() from exc
    except keyfiles.DamagedKeyFile as exc:
        raise KeyFileDamaged(str(exc)) from exc
    except keyfiles.KeyFileError as exc:
        raise NotAFieldAppFolder(str(exc)) from exc


def _check_whole(db_file: Path) -> None:
    """A database beside its key file is made whole at set-up (see _build_database): empty or cut short is damage."""
    try:
        size = db_file.stat().st_size
    except OSError as exc:
        raise _os_error(exc, db_file) from exc
    if size == 0:
        raise DatabaseTruncated(f"{db_file.name} is empty")
    if size % PAGE_SIZE:
        raise DatabaseTruncated(f"{db_file.name} ends in the middle of a page")


def _open_with_any(db_file: Path, candidates):
    """(connection, data key, key entry) for the first candidate key that reads the database, else (None, None, None)."""
    for entry, candidate in candidates:
        conn = _connect(db_file, candidate)
        try:
            readable = _readable(conn)
        except BaseException:
            conn.close()
            raise
        if readable:
            return conn, candidate, entry
        conn.close()
    return None, None, None


def _unwrap(keyfile: keyfiles.KeyFile, passphrase: str | None, recovery_code: str | None) -> list[tuple[dict, bytes]]:
    try:
        if recovery_code is not None:
            try:
                return keyfile.unwrap_with_recovery_code(recovery_code)
            except keyfiles.KeyFileError as exc:
                raise NoRecoveryCode() from exc
        if passphrase is None:
            raise PassphraseNeeded("")
        return keyfile.unwrap_with_passphrase(passphrase)
    except keyfiles.BadSecret:
        raise (WrongRecoveryCode() if recovery_code is not None else WrongPassphrase()) from None


def _connect(path: Path, data_key: bytes):
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        # SQLCipher logs decryption failures to stderr; a wrong key is handled here, not printed.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {keyfiles.sqlcipher_key_literal(data_key)}")
        # Temporary tables and sort files stay in memory: nothing unencrypted reaches the disk.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn
    except sqlcipher3.Error as exc:
        raise _sqlite_error(exc) from exc


def _readable(conn) -> bool:
    """True when the key opens the database; a busy or locked database is an error, never "not readable"."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED):
            raise _sqlite_error(exc) from exc
        return False


def _require_writable(folder: Path) -> None:
    """Refuse a folder we cannot write to before touching anything (the log and index files must be created)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReadOnlyFolder(str(folder))
    for name in os.listdir(folder):
        target = folder / name
        if name.startswith("fieldapp.") and target.is_file() and not os.access(target, os.W_OK):
            if target.exists():     # not a temporary file another process just renamed away
                raise ReadOnlyFolder(str(target))


@contextmanager
def translate_errors():
    """SQLite and OS errors become StoreErrors the user can act on (disk full, read-only, damaged)."""
    try:
        yield
    except StoreError:
        raise
    except sqlcipher3.Error as exc:
        raise _sqlite_error(exc) from exc
    except OSError as exc:
        raise _os_error(exc, None) from exc


def _sqlite_error(exc) -> StoreError:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == 13 or "disk is full" in text:                 # SQLITE_FULL
        return DiskFull(str(exc))
    if primary == 8 or "readonly" in text or "read-only" in text:  # SQLITE_READONLY
        return ReadOnlyFolder(str(exc))
    if primary in (26, 11) or "not a database" in text or "malformed" in text:  # NOTADB, CORRUPT
        return StoreDamaged(str(exc))
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy(str(exc))
    if primary == 14:                                            # SQLITE_CANTOPEN
        return ReadOnlyFolder(str(exc))
    return StoreError(str(exc))


def _os_error(exc: OSError, where) -> StoreError:
    detail = f"{where}: {exc.strerror}" if where else str(exc.strerror or exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull(detail)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyFolder(detail)
    return StoreError(detail)
