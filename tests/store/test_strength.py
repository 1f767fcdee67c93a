"""Passphrase strength: the standard estimator (zxcvbn) with Spanish words and local names; the weakest refused.

Requirement: issue 8, "The store" (the hand-written hint called sixteen repeated letters "hard to guess").
"""

import pytest

from fieldapp.store import GuessablePassphrase, WeakPassphrase, open_store
from fieldapp.store.strength import estimate, local_names
from fieldapp.ui.setup.strength import passphrase_strength
from tests.store.conftest import PASSPHRASE, reopen


@pytest.mark.parametrize("weak", [
    "aaaaaaaaaaaaaaaa",            # sixteen repeated letters
    "contraseña123",               # Spanish "password": fine for the English-only estimator
    "TeQuiero123",
    "guatemala2024",
    "qwertyuiop",
    "12345678910",
    "María2024!",
])
def test_the_weakest_are_refused(weak):
    strength = estimate(weak)
    assert not strength.accepted, (weak, strength)
    assert passphrase_strength(weak)[0] < 2


def test_spanish_words_count_as_common_words():
    """zxcvbn alone rates "contraseña123" 3 (accepted): the Spanish list is what finds the word and refuses it."""
    from fieldapp.store.strength import _estimator
    matched = [m.get("dictionary_name") for m in _estimator()("contraseña123")["sequence"]]
    assert "spanish" in matched
    assert not estimate("contraseña123").accepted


def test_the_laptop_organisation_and_interviewer_names_are_guessed_first():
    phrase = "Quetzaltenango Sur Esperanza"
    assert estimate(phrase).accepted
    refused = estimate(phrase, names=["Quetzaltenango Sur Esperanza"])     # the laptop named after its office
    assert not refused.accepted and refused.hint == "names"
    assert any(name not in ("fieldapp", "field", "app") for name in local_names())


@pytest.mark.parametrize("good", ["correct horse battery", "mi perro se llama bruno y come pan",
                                  "otra frase bastante larga"])
def test_phrases_of_several_words_are_accepted(good):
    assert estimate(good).accepted
    assert passphrase_strength(good)[0] >= 2


def test_a_passphrase_longer_than_the_estimator_takes_is_still_rated():
    assert estimate("a" * 200).accepted is False          # no ValueError past 72 characters, and refused
    assert estimate("mi perro se llama bruno y come pan con queso en la cocina de la abuela cada mañana").accepted


def test_the_store_itself_refuses_a_guessable_passphrase(data_dir, fake_forms, store):
    with pytest.raises(GuessablePassphrase) as caught:
        open_store(data_dir.parent / "other", "contraseña123")
    assert "too easy to guess" in caught.value.text("en") and "fácil de adivinar" in caught.value.text("es")
    assert not (data_dir.parent / "other" / "fieldapp.keys").exists()
    store.set_setting("device_name", "Laptop Quetzaltenango")
    with pytest.raises(WeakPassphrase):
        store.change_passphrase("laptop quetzaltenango")       # the laptop's own name
    store.close()
    reopen(data_dir).close()       # the old passphrase still opens: nothing was changed
