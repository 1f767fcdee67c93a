"""How hard a passphrase is to guess, by the standard estimator (zxcvbn) with Spanish words and local names added.

The passphrase is all that stands between a stolen laptop and the interviews
on it, so the weakest are refused (by the store itself, not only by the set-up
screen): shorter than MIN_LENGTH, or estimated below MIN_SCORE, which zxcvbn
describes as guessable within about 10^8 tries. Names the guesser would try
first count as common words: the laptop's and the organisation's, the
interviewer's, the computer's and the login's.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from functools import lru_cache

MIN_LENGTH = 8
MIN_SCORE = 3           # zxcvbn's 0..4; 3 = "safely unguessable" for a slow-hash (scrypt) offline attack
MAX_CHECKED = 72        # zxcvbn refuses longer text; the first 72 characters are a lower bound for the whole


@dataclass(frozen=True)
class Strength:
    """`score` 0..4 (zxcvbn), `accepted`, and `hint`: a code for what makes it guessable (see HINTS)."""
    score: int
    accepted: bool
    hint: str


# Hint codes -> English (the UI translates them; the store's WeakPassphrase carries the code).
HINTS = {
    "short": "Use at least 8 characters; a few words are best.",
    "repeat": "Repeated letters or words are easy to guess.",
    "sequence": "Sequences like abcd or 1234 are easy to guess.",
    "keyboard": "Rows of keys on the keyboard are easy to guess.",
    "date": "Dates and years are easy to guess.",
    "names": "Do not use the name of the laptop, the organisation or a person.",
    "common": "Common words and names are easy to guess: add more words, in an order nobody would expect.",
    "longer": "Add another word or two to make it stronger.",
    "strong": "Hard to guess.",
}


@lru_cache(maxsize=1)
def _estimator():
    """zxcvbn with the Spanish words registered once (registering rebuilds its ranked dictionaries)."""
    from zxcvbn import matching, zxcvbn

    from fieldapp.store.spanish_words import common_words
    matching.add_frequency_lists({"spanish": common_words()})
    return zxcvbn


def local_names() -> list[str]:
    """Names of this computer and its user: the first guesses of anyone holding the laptop."""
    names = ["fieldapp", "field", "app"]
    for get in (socket.gethostname, getpass.getuser):
        try:
            names.append(get())
        except Exception:     # no host name or login name on this system: nothing to add
            pass
    return names


def _words_of(names) -> list[str]:
    words = []
    for name in names:
        if not name:
            continue
        name = str(name).lower()
        words.append(name)
        words += [w for w in name.replace("-", " ").replace("_", " ").replace(".", " ").replace(",", " ").split()
                  if len(w) > 1]
    return words


def estimate(passphrase: str, names=()) -> Strength:
    """The strength of `passphrase`; `names` (laptop, organisation, interviewer) count as words to guess first."""
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, False, "short")
    result = _estimator()(passphrase[:MAX_CHECKED], user_inputs=_words_of([*names, *local_names()]))
    score = int(result["score"])
    accepted = score >= MIN_SCORE
    return Strength(score, accepted, "strong" if score >= 4 else _hint(result["sequence"], accepted))


def _hint(sequence: list[dict], accepted: bool) -> str:
    patterns = {match.get("pattern") for match in sequence}
    dictionaries = {match.get("dictionary_name") for match in sequence if match.get("pattern") == "dictionary"}
    if "user_inputs" in dictionaries:
        return "names"
    for pattern, hint in (("repeat", "repeat"), ("sequence", "sequence"), ("spatial", "keyboard"), ("date", "date")):
        if pattern in patterns:
            return hint
    if not accepted and "dictionary" in patterns:
        return "common"
    return "longer"
