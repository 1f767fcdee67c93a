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
