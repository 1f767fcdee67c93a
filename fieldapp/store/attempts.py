"""Wrong passphrases and recovery codes in a row: after a few, each next try waits longer.

The count and the time of the last wrong try are kept in a small file in the
data folder, so closing and restarting FieldApp does not reset the wait. It
slows down someone guessing at the keyboard of a stolen laptop; a copy of the
files is guarded by the key stretching (scrypt) instead, which this does not
replace. The file holds no secret and nothing about the interviews.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from fieldapp.store.errors import TooManyAttempts

ATTEMPTS_NAME = ".fieldapp.attempts"
FREE_TRIES = 3              # typing mistakes happen: the first wrong tries cost nothing
FIRST_WAIT_SECONDS = 5      # then 5 s, 10 s, 20 s, ... doubling with each wrong try
MAX_WAIT_SECONDS = 15 * 60

clock = time.time           # tests replace it


def wait_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong tries in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_TRIES)))


class UnlockAttempts:
    """The wrong tries of one data folder: `check()` before a try, then `failed()` or `succeeded()`."""

    def __init__(self, data_dir):
        self.path = Path(data_dir) / ATTEMPTS_NAME

    def _read(self) -> tuple[int, float]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            failures, last = int(raw["failures"]), float(raw["last"])
            return max(0, failures), last
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, TypeError, KeyError):
            # A damaged count must not be a way to reset it, nor lock anyone out for good: a short wait
            # counted from when the file was last written.
            try:
                written = self.path.stat().st_mtime
            except OSError:
                written = clock()
            return FREE_TRIES + 2, written

    def failures(self) -> int:
        return self._read()[0]

    def wait_seconds(self) -> float:
        failures, last = self._read()
        wait = wait_after(failures)
        if not wait:
            return 0.0
        # A clock set back must not turn the wait into days: never more than the full wait from now.
        return max(0.0, min(wait, last + wait - clock()))

    def check(self) -> None:
        """Raise TooManyAttempts while the wait after the last wrong try is running."""
        wait = self.wait_seconds()
        if wait > 0:
            raise TooManyAttempts(wait)

    def failed(self) -> None:
        failures, _ = self._read()
        self._write(failures + 1)

    def succeeded(self) -> None:
        if self.path.exists():
            try:
                self.path.unlink()
            except OSError:
                pass

    def _write(self, failures: int) -> None:
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump({"failures": failures, "last": clock()}, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except OSError:
            pass    # a read-only or full disk: the store refuses for its own reasons; never crash on the count
