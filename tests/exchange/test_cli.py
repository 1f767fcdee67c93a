"""`fieldapp export` and `fieldapp sync`: secrets from the environment, exit codes 0/1/2, files written."""

import pytest

from fieldapp.cli import main
from fieldapp.exchange import crypto, layout
from tests.exchange.conftest import PASSPHRASE, PASSWORD, as_dicts, read_workbook, write_form


@pytest.fixture
def filled(store, forms_dir, monkeypatch, tmp_path):
    session = store.new_session(write_form(forms_dir))
    session.answer("/data/age", "9")
    store.finalize(session)
    store.close()
    monkeypatch.setenv("FA_PASS", PASSPHRASE)
    monkeypatch.setenv("FA_FILE", PASSWORD)
    return ["--data-dir", str(tmp_path / "data"), "--passphrase-env", "FA_PASS"], session.instance_id


def test_export_writes_the_encrypted_workbook(filled, tmp_path, capsys):
    common, instance_id = filled
    out = tmp_path / "kid.xlsx"
    assert main(["export", "--form", "kid", "--out", str(out), "--password-env", "FA_FILE", *common]) == 0
    assert crypto.is_encrypted(out.read_bytes())
    assert [r["_uuid"] for r in as_dicts(read_workbook(out.read_bytes(), PASSWORD)[0], "kid")] == [instance_id]
    assert "1 submissions" in capsys.readouterr().out


def test_export_refusals_exit_1_and_usage_exits_2(filled, tmp_path, monkeypatch, capsys):
    common, _ = filled
    out = tmp_path / "x.xlsx"
    assert main(["export", "--form", "nope", "--out", str(out), "--password-env", "FA_FILE", *common]) == 1
    monkeypatch.setenv("FA_PASS", "wrong passphrase")
    assert main(["export", "--form", "kid", "--out", str(out), "--password-env", "FA_FILE", *common]) == 1
    monkeypatch.setenv("FA_PASS", PASSPHRASE)
    assert main(["export", "--form", "kid", "--out", str(out), *common]) == 1        # no password, not a terminal
    assert "password" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit) as usage:
        main(["export", "--form", "kid", "--out", str(out), "--profile", "everything", *common])
    assert usage.value.code == 2
    assert main(["export", "--form", "kid", "--out", str(out), "--profile", "publishable", *common]) == 0
    assert not crypto.is_encrypted(out.read_bytes())


def test_sync_and_purge(filled, tmp_path, capsys):
    common, instance_id = filled
    stick = tmp_path / "stick"
    stick.mkdir()
    assert main(["sync", str(stick), "--password-env", "FA_FILE", *common]) == 0
    assert "written" in capsys.readouterr().out
    from fieldapp.exchange.sync import write_receipt
    write_receipt(stick, "kid", "master", [instance_id])
    assert main(["sync", str(stick), *common]) == 0
    assert "--purge" in capsys.readouterr().out
    assert main(["sync", str(stick), "--purge", *common]) == 0
    assert "purged 1" in capsys.readouterr().out
    assert main(["sync", str(tmp_path / "no-stick"), *common]) == 1
    assert list((stick / layout.SYNC_DEVICES).iterdir())


def test_sync_write_key_seals_it_and_another_laptop_unseals_it(filled, tmp_path, monkeypatch, capsys):
    from fieldapp.exchange.export import PSEUDONYM_KEY_SETTING
    from fieldapp.store import open_store
    common, _ = filled
    stick = tmp_path / "stick"
    stick.mkdir()
    assert main(["sync", str(stick), "--write-key", "--password-env", "FA_FILE", *common]) == 0
    sealed = stick / layout.SYNC_KEYS / layout.SEALED_KEY_FILE
    assert sealed.is_file() and "sealed" in capsys.readouterr().out
    assert not list((stick).glob(layout.SYNC_DEVICES))            # --write-key only writes the key
    coordinator = open_store(tmp_path / "data", PASSPHRASE)
    key_hex = coordinator.get_setting(PSEUDONYM_KEY_SETTING)
    coordinator.close()
    assert key_hex and key_hex.encode() not in sealed.read_bytes()
    laptop = open_store(tmp_path / "laptop", PASSPHRASE)
    laptop.close()
    other = ["--data-dir", str(tmp_path / "laptop"), "--passphrase-env", "FA_PASS"]
    monkeypatch.setenv("FA_WRONG", PASSWORD + " no")
    assert main(["sync", str(stick), "--password-env", "FA_WRONG", *other]) == 0
    said = capsys.readouterr().out
    assert "another password" in said and "no pseudonymization key yet" in said
    assert main(["sync", str(stick), "--password-env", "FA_FILE", *other]) == 0
    assert "unsealed and stored" in capsys.readouterr().out
    laptop = open_store(tmp_path / "laptop", PASSPHRASE)
    assert laptop.get_setting(PSEUDONYM_KEY_SETTING) == key_hex
    laptop.close()
