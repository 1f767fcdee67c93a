"""The pseudonymization key on a stick: sealed with the sync password, unsealed by a laptop that knows it."""

import json

import pytest

from fieldapp.exchange import layout, sealedkey
from fieldapp.exchange.errors import BadPseudonymKey, KeyPasswordWrong
from fieldapp.exchange.export import PSEUDONYM_KEY_SETTING
from fieldapp.exchange.sync import sync
from fieldapp.store import open_store
from tests.exchange.conftest import PASSPHRASE, PASSWORD

KEY = bytes.fromhex("3c" * 32)


def test_sealed_file_does_not_hold_the_key_and_opens_only_with_the_password(stick):
    path = sealedkey.write_sealed_key(stick, KEY, PASSWORD)
    data = path.read_bytes()
    assert path.name == layout.SEALED_KEY_FILE and path.parent.name == layout.SYNC_KEYS
    assert KEY.hex().encode() not in data and KEY not in data
    doc = json.loads(data)
    assert doc["kdf"]["name"] == "scrypt" and doc["kdf"]["n"] >= 2 ** 15 and doc["cipher"] == "AES-256-GCM"
    assert sealedkey.unseal(data, PASSWORD) == KEY
    with pytest.raises(KeyPasswordWrong):
        sealedkey.unseal(data, PASSWORD + "x")
    tampered = dict(doc, sealed_key=doc["sealed_key"][:-8] + "AAAAAAA=")
    with pytest.raises((KeyPasswordWrong, BadPseudonymKey)):
        sealedkey.unseal(json.dumps(tampered).encode(), PASSWORD)
    with pytest.raises(BadPseudonymKey):
        sealedkey.unseal(b"3c" * 32, PASSWORD)
    greedy = dict(doc, kdf=dict(doc["kdf"], n=2 ** 30))     # a file may not make a laptop spend all its memory
    with pytest.raises(BadPseudonymKey):
        sealedkey.unseal(json.dumps(greedy).encode(), PASSWORD)
    assert sealedkey.seal(KEY, PASSWORD) != sealedkey.seal(KEY, PASSWORD)    # fresh salt and nonce each time


def test_laptop_imports_sealed_key_and_says_when_password_is_wrong(tmp_path, stick):
    coordinator = open_store(tmp_path / "coordinator", PASSPHRASE)
    sealedkey.put_key_in_folder(coordinator, stick, PASSWORD, by="coord")
    key_hex = coordinator.get_setting(PSEUDONYM_KEY_SETTING)
    assert len(bytes.fromhex(key_hex)) == 32
    assert [e.details.get("action") for e in coordinator.audit() if e.event == "pseudonym_key"] == [
        "created", "sealed_to_folder"]
    # the same key again (not a new one) unless asked
    sealedkey.put_key_in_folder(coordinator, stick, PASSWORD)
    assert coordinator.get_setting(PSEUDONYM_KEY_SETTING) == key_hex
    coordinator.close()

    laptop = open_store(tmp_path / "laptop", PASSPHRASE)
    wrong = sync(laptop, stick, PASSWORD + " otra")
    assert not wrong.key_updated and wrong.key_problem_code == "key_password_wrong" and wrong.key_missing
    assert laptop.get_setting(PSEUDONYM_KEY_SETTING) is None
    report = sync(laptop, stick, PASSWORD)
    assert report.key_updated and not report.key_problem and not report.key_missing
    assert laptop.get_setting(PSEUDONYM_KEY_SETTING) == key_hex
    assert not sync(laptop, stick).key_updated                  # the same key: nothing new
    laptop.close()


def test_clear_key_is_refused_and_reported(store, stick):
    (stick / layout.SYNC_KEYS).mkdir()
    clear = stick / layout.SYNC_KEYS / layout.PSEUDONYM_KEY_FILE
    clear.write_text("0f" * 32 + "\n")
    report = sync(store, stick, PASSWORD)
    assert report.key_problem_code == "clear_key_refused" and report.clear_key_left and report.key_missing
    assert store.get_setting(PSEUDONYM_KEY_SETTING) is None
    # the coordinator seals a new key: the clear file is removed and the laptop takes the sealed one
    sealedkey.put_key_in_folder(store, stick, PASSWORD, new=True)
    assert not clear.exists()
    other_key = store.get_setting(PSEUDONYM_KEY_SETTING)
    assert other_key != "0f" * 32


def test_no_key_anywhere_is_said(store, stick):
    report = sync(store, stick, PASSWORD)
    assert report.key_missing and not report.key_problem
