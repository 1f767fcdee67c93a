"""The privacy-screen PIN: digits only, hashed in the encrypted store, locked after repeated wrong tries.

Requirement: SG-6 the privacy switch needs the interviewer's PIN (not the passphrase) to come back.
"""

from __future__ import annotations

import pytest

from fieldapp.protect import pin
from fieldapp.protect.errors import BadPin
from tests.protect.conftest import PASSPHRASE


def test_a_pin_is_kept_hashed_and_verified(store):
    assert not pin.has_pin(store)
    pin.set_pin(store, "2468", "2468")
    kept = store.get_setting(pin.SETTING)
    assert "2468" not in str(kept)
    assert pin.verify_pin(store, "2468")
    assert not pin.verify_pin(store, "1357")
    assert [e.event for e in store.audit()][-1] == "pin_changed"


@pytest.mark.parametrize("new, again, code", [("12", "12", "pin_too_short"), ("12ab", "12ab", "pin_not_digits"),
                                              ("1234", "1243", "pin_mismatch"), ("１２３４", None, "pin_not_digits")])
def test_bad_pins_are_refused_with_a_reason(store, new, again, code):
    with pytest.raises(BadPin) as caught:
        pin.set_pin(store, new, again)
    assert caught.value.code == code
    assert caught.value.text("es") != caught.value.text("en")
    assert not pin.has_pin(store)


def test_too_many_wrong_pins_lock_it_until_the_passphrase(store):
    pin.set_pin(store, "2468")
    for _ in range(pin.MAX_TRIES):
        assert not pin.verify_pin(store, "0000")
    assert pin.pin_locked(store)
    assert not pin.verify_pin(store, "2468")           # even the right PIN: someone is guessing
    assert not pin.unlock_with_passphrase(store, "wrong words")
    assert pin.unlock_with_passphrase(store, PASSPHRASE)
    assert pin.verify_pin(store, "2468")


def test_a_right_pin_starts_the_count_again(store):
    pin.set_pin(store, "2468")
    for _ in range(pin.MAX_TRIES - 1):
        pin.verify_pin(store, "0000")
    assert pin.verify_pin(store, "2468")
    assert not pin.verify_pin(store, "0000")
    assert not pin.pin_locked(store)
