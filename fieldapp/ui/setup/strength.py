"""How strong a passphrase is, in words an interviewer understands (no Qt)."""

from __future__ import annotations

MIN_LENGTH = 8


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """(0 weak and refused .. 3 strong, an English hint to translate). Length counts most: phrases beat symbols."""
    length = len(passphrase)
    kinds = sum([
        any(c.islower() for c in passphrase),
        any(c.isupper() for c in passphrase),
        any(c.isdigit() for c in passphrase),
        any(not c.isalnum() for c in passphrase),
    ])
    if length < MIN_LENGTH:
        return 0, "Too short: use at least 8 characters, a few words are best."
    if length >= 16 or (length >= 12 and kinds >= 3):
        return 3, "Strong."
    if length >= 12 or kinds >= 3:
        return 2, "Good. A longer phrase would be stronger."
    return 1, "Weak: add more words, numbers or symbols."
