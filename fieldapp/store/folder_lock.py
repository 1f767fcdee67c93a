"""One FieldApp app per data folder: an operating-system lock on a small file, held while the app runs.

Two windows on one folder (the app started twice by a double click) would each
keep their own copy of an open draft, and the last save would overwrite the
other's answers. The lock is the kernel's (flock on Linux and macOS, a byte-range
lock on Windows), tied to the open file: it goes when the process ends, however
it ends, so a crash or a kill never leaves the folder locked. The lock file
itself holds nothing and may stay behind. It is a hidden file, so a folder that
holds only it still counts as empty when new data is set up.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from fieldapp.store.errors import AlreadyOpen, StoreBusy

LOCK_NAME = ".fieldapp.lock"

if os.name == "nt":   # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import errno
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _os_error(exc: OSError, where):
    from fieldapp.store.database import _os_error as store_os_error
    return store_os_error(exc, where)


class FolderLock:
    """`acquire()` claims the data folder for this process or raises AlreadyOpen; `release()` gives it back."""

    def __init__(self, data_dir):
        self.folder = Path(data_dir)
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> "FolderLock":
        if self._fd is not None:
            return self
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise _os_error(exc, self.path) from exc     # read-only folder, full disk: the store's own words
        try:
            locked = _try_lock(fd)
        except OSError as exc:
            os.close(fd)
            raise _os_error(exc, self.path) from exc
        if not locked:
            os.close(fd)
            raise AlreadyOpen(str(self.folder))
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        except OSError:
            pass    # closing the file below lets go of the lock anyway
        os.close(self._fd)
        self._fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


KEYS_LOCK_NAME = ".fieldapp.keys.lock"
KEYS_LOCK_WAIT_SECONDS = 60


@contextmanager
def key_file_lock(data_dir):
    """Held while the key file is changed (a passphrase change, a recovery code, finishing a cut-short change).

    Scripts may open the store beside the app: one process re-keying must not have its key file rewritten,
    half-way, by another that read the file a moment before. Waits for the other process, like the database's
    busy timeout does.
    """
    path = Path(data_dir) / KEYS_LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise _os_error(exc, path) from exc
    try:
        deadline = time.monotonic() + KEYS_LOCK_WAIT_SECONDS
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise StoreBusy("the key file is being changed by another FieldApp")
            time.sleep(0.01)
        try:
            yield
        finally:
            try:
                _unlock(fd)
            except OSError:
                pass
    finally:
        os.close(fd)
