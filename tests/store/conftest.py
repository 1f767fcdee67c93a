"""Store test set-up: cheap key stretching (the real cost is a quarter second per unlock) and a fake session."""

import pytest

from fieldapp.store import forms as store_forms
from fieldapp.store import keys, open_store
from tests.store.fakes import FakeSession, fake_form, fake_form_from_row

PASSPHRASE = "correct horse battery"
CHEAP_SCRYPT_N = 2 ** 10


@pytest.fixture(autouse=True)
def cheap_key_stretching(monkeypatch):
    monkeypatch.setattr(keys, "PASSPHRASE_SCRYPT_N", CHEAP_SCRYPT_N)
    monkeypatch.setattr(keys, "RECOVERY_SCRYPT_N", CHEAP_SCRYPT_N)


@pytest.fixture
def fake_forms(monkeypatch):
    """Forms stored by the fake are read back by the fake (its XForm text is a JSON description)."""
    monkeypatch.setattr(store_forms, "form_from_row", fake_form_from_row)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data_dir, fake_forms):
    opened = open_store(data_dir, PASSPHRASE, session_class=FakeSession)
    yield opened
    if not opened.database.closed:
        opened.close()


@pytest.fixture
def form():
    return fake_form(required=("q1",))


def reopen(data_dir, passphrase=PASSPHRASE, **options):
    return open_store(data_dir, passphrase, session_class=FakeSession, **options)
