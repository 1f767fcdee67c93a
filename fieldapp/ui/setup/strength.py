"""How strong a passphrase is, in words an interviewer understands (no Qt)."""

from __future__ import annotations

MIN_LENGTH = 8


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """(0 too short and refused .. 3 strong, an English hint to translate; the level has its own word). Length counts most: phrases beat symbols."""
    length = len(passphrase)
    kinds = sum([
        any(c.islower() for c in passphrase),
        any(c.isupper() for c in passphrase),
        any(c.isdigit() for c in passphrase),
        any(not c.isalnum() for c in passphrase),
    ])
    if length < MIN_LENGTH:
        return 0, "Use at least 8 characters; a few words are best."
    if length >= 16 or (length >= 12 and kinds >= 3):
        return 3, "Hard to guess."
    if length >= 12 or kinds >= 3:
        return 2, "A longer phrase would be stronger."
    return 1, "Add more words, numbers or symbols."
