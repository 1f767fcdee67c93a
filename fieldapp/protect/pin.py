"""The interviewer's PIN that brings the interview back from the privacy screen (kept hashed in the encrypted store).

It is not the database passphrase: a short number typed in front of others must not open the data.
After MAX_TRIES wrong PINs in a row the PIN stops working until the passphrase is given instead.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from fieldapp.protect.errors import BadPin

MIN_DIGITS = 4
MAX_TRIES = 5
SETTING = "privacy_pin"            # {"salt": hex, "hash": hex, "rounds": int} in the store's settings
TRIES_SETTING = "privacy_pin_wrong_tries"
_ROUNDS = 120_000


def check_new_pin(pin: str, again: str | None = None) -> None:
    """Refuse a PIN that is too short, has other characters than digits, or was typed differently twice."""
    if not pin.isdigit() or not pin.isascii():
        raise BadPin(code="pin_not_digits")
    if len(pin) < MIN_DIGITS:
        raise BadPin(str(MIN_DIGITS), code="pin_too_short")
    if again is not None and again != pin:
        raise BadPin(code="pin_mismatch")


def _digest(pin: str, salt: bytes, rounds: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, rounds)


def set_pin(store, pin: str, again: str | None = None) -> None:
    """Keep a new PIN (hashed with its own salt); the audit trail records that it changed, never the PIN."""
    check_new_pin(pin, again)
    salt = os.urandom(16)
    store.set_setting(SETTING, {"salt": salt.hex(), "hash": _digest(pin, salt, _ROUNDS).hex(), "rounds": _ROUNDS})
    store.set_setting(TRIES_SETTING, 0)
    store.log_event(None, "pin_changed")


def has_pin(store) -> bool:
    return bool(store.get_setting(SETTING))


def pin_locked(store) -> bool:
    """True after too many wrong PINs: only the passphrase brings the interview back now."""
    return int(store.get_setting(TRIES_SETTING, 0) or 0) >= MAX_TRIES


def verify_pin(store, pin: str) -> bool:
    """True for the right PIN (and the wrong-try count starts again); False otherwise, counting the try."""
    kept = store.get_setting(SETTING)
    if not kept or pin_locked(store):
        return False
    found = _digest(pin, bytes.fromhex(kept["salt"]), int(kept.get("rounds", _ROUNDS)))
    if hmac.compare_digest(found.hex(), kept["hash"]):
        store.set_setting(TRIES_SETTING, 0)
        return True
    store.set_setting(TRIES_SETTING, int(store.get_setting(TRIES_SETTING, 0) or 0) + 1)
    return False


def unlock_with_passphrase(store, passphrase: str) -> bool:
    """The passphrase also brings the interview back (no PIN set yet, or too many wrong PINs); resets the count."""
    try:
        right = store.verify_passphrase(passphrase)
    except Exception:  # any refusal from the key check means "not the passphrase"
        right = False
    if right:
        store.set_setting(TRIES_SETTING, 0)
    return right
