"""The Export dialog and the Sync place: export from the app, cancel, sync with one button, purge after receipts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from fieldapp.exchange import crypto, layout
from fieldapp.exchange.sync import write_receipt
from fieldapp.ui.exchange.export_dialog import ExportDialog
from fieldapp.ui.exchange.sync_page import SyncPage
from fieldapp.xform import load_form

PASSWORD = "clave de campo 7"
FORM = """
| survey   |         |        |                     |                     |                    |
|          | type    | name   | label::English (en) | label::Español (es) | bind::fieldapp:pii |
|          | text    | name   | Name                | Nombre              | yes                |
|          | integer | age    | Age                 | Edad                |                    |
| settings |         |        |                     |                     |                    |
|          | form_id | version | namespaces         |                     |                    |
|          | kid     | 1       | fieldapp="urn:fieldapp:xforms" |          |                    |
"""


@pytest.fixture
def filled(store, write_form):
    form = load_form(write_form("kid", FORM), cache=False)
    ids = []
    for name, age in (("Rosa", "9"), ("Luis", "11")):
        session = store.new_session(form)
        session.answer("/data/name", name)
        session.answer("/data/age", age)
        store.finalize(session)
        ids.append(session.instance_id)
    return ids


def test_export_dialog_writes_an_encrypted_workbook(qtbot, store, filled, inline_tasks, tmp_path):
    dialog = ExportDialog(store, inline_tasks, folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.form_box.currentData() == "kid"
    assert not dialog.export_button.isEnabled()              # full profile: a password first
    assert "password" in dialog.status.text()
    dialog.password.setText("short")
    assert "Too short" in dialog.strength.text() and not dialog.export_button.isEnabled()
    dialog.password.setText(PASSWORD)
    dialog.password_again.setText(PASSWORD + "x")
    assert "not the same" in dialog.status.text()
    dialog.password_again.setText(PASSWORD)
    assert dialog.export_button.isEnabled()
    target = tmp_path / "out.xlsx"
    dialog.path_edit.setText(str(target))
    dialog.labels_box.setCurrentIndex(dialog.labels_box.findData("Español (es)"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "Saved 2 interviews" in dialog.status.text()
    assert crypto.is_encrypted(target.read_bytes())
    assert dialog.result_info.submissions == 2 and dialog.cancel_button.text() == "Close"


def test_export_dialog_publishable_needs_no_password_and_cancel_leaves_no_file(qtbot, store, filled, inline_tasks,
                                                                                tmp_path, monkeypatch):
    dialog = ExportDialog(store, inline_tasks, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.profile_buttons["publishable"].setChecked(True)
    assert dialog.export_button.isEnabled()
    assert "publishable" in dialog.path_edit.text()
    # A cancel pressed while the work runs: the export stops and writes nothing.
    import fieldapp.ui.exchange.export_dialog as module
    original = module.export_work

    def cancelled_midway(control, *args):
        control.cancelled = True
        return original(control, *args)
    monkeypatch.setattr(module, "export_work", cancelled_midway)
    dialog.start()
    assert "No file was written" in dialog.status.text()
    assert not any(p.suffix == ".xlsx" for p in tmp_path.iterdir())


def test_export_dialog_keyboard_only(qtbot, store, filled, inline_tasks, tmp_path):
    dialog = ExportDialog(store, inline_tasks, folder=tmp_path)
    qtbot.addWidget(dialog)
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert {dialog.form_box, dialog.labels_box, dialog.password, dialog.password_again, dialog.path_edit} <= buddies
    for widget in (dialog.form_box, *dialog.profile_buttons.values(), dialog.password, dialog.path_edit,
                   dialog.export_button, dialog.cancel_button):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_sync_place_one_button_then_purge_offer(qtbot, store, filled, inline_tasks, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    answers = []
    page = SyncPage(store, inline_tasks, confirm=lambda *a: answers.append(a) or True)
    qtbot.addWidget(page)
    assert not page.sync_button.isEnabled() and "folder" in page.status.text()
    page.set_folder(str(stick))
    assert not page.sync_button.isEnabled()                  # the sync password, typed twice
    page.password.setText(PASSWORD)
    page.password_again.setText(PASSWORD)
    assert page.sync_button.isEnabled()
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert "Sync finished" in page.status.text() and "2 interviews" in page.sent_label.text()
    assert not page.password_box.isVisibleTo(page) and not page.purge_button.isVisibleTo(page)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)       # the password was kept
    assert "unchanged" in page.sent_label.text()
    write_receipt(stick, "kid", "master", filled[:1])
    page.start()
    assert page.purge_button.isVisibleTo(page) and "1 of this laptop" in page.purge_note.text()
    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    assert answers and "Removed 1" in page.status.text()
    assert [s.instance_id for s in store.submissions()] == filled[1:]
    assert not page.purge_button.isVisibleTo(page)
    assert len(list((stick / layout.SYNC_DEVICES).glob("*.xlsx"))) == 1


def test_sync_place_puts_the_sealed_key_in_the_folder(qtbot, store, inline_tasks, tmp_path):
    from fieldapp.exchange import sealedkey
    from fieldapp.exchange.export import PSEUDONYM_KEY_SETTING
    stick = tmp_path / "stick"
    stick.mkdir()
    answers = []
    page = SyncPage(store, inline_tasks, confirm=lambda *a: answers.append(a) or True)
    qtbot.addWidget(page)
    assert not page.key_button.isEnabled()                   # a folder and the sync password first
    assert page.key_button.focusPolicy() & Qt.FocusPolicy.TabFocus and "&" in page.key_button.text()
    page.set_folder(str(stick))
    page.password.setText(PASSWORD)
    page.password_again.setText(PASSWORD)
    assert page.key_button.isEnabled()
    qtbot.keyClick(page.key_button, Qt.Key.Key_Space)
    assert answers and "sealed" in page.status.text()
    sealed = stick / layout.SYNC_KEYS / layout.SEALED_KEY_FILE
    key = sealedkey.unseal(sealed.read_bytes(), PASSWORD)
    assert key.hex() == store.get_setting(PSEUDONYM_KEY_SETTING)
    assert not page.password_box.isVisibleTo(page)           # the password is now the kept sync password


def test_sync_place_says_the_key_password_is_wrong(qtbot, store, filled, inline_tasks, tmp_path):
    from fieldapp.exchange import sealedkey
    stick = tmp_path / "stick"
    sealedkey.write_sealed_key(stick, bytes(range(32)), PASSWORD + " otra")
    page = SyncPage(store, inline_tasks)
    qtbot.addWidget(page)
    page.set_folder(str(stick))
    page.password.setText(PASSWORD)
    page.password_again.setText(PASSWORD)
    page.start()
    assert "sealed with another password" in page.received_label.text()
    assert "No pseudonymization key yet" in page.received_label.text()
