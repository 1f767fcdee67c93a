"""How strong a passphrase is, as the set-up and settings screens show it while it is typed (no Qt).

The estimate is the store's own (fieldapp.store.strength: zxcvbn with Spanish
words and local names), so the screen never calls "good" what the store refuses.
"""

from __future__ import annotations

from fieldapp.store.strength import HINTS, MIN_LENGTH, estimate

__all__ = ["MIN_LENGTH", "passphrase_strength"]


def passphrase_strength(passphrase: str, names=()) -> tuple[int, str]:
    """(0 too short, 1 too easy to guess (both refused), 2 good, 3 strong; an English hint to translate)."""
    strength = estimate(passphrase, names)
    if strength.hint == "short":
        return 0, HINTS["short"]
    if not strength.accepted:
        return 1, HINTS[strength.hint]
    return (3 if strength.score >= 4 else 2), HINTS[strength.hint]
