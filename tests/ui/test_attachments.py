"""Attached files in the app: the runner hands the chosen file to the store, the widget shows it from the store's bytes.

Requirements: task B (attach hook connected in MainWindow.open_runner; name,
size and an in-memory thumbnail shown; "remove" clears the answer and deletes
the file; nothing of the file in the clear in the data folder, SAFEGUARDING.md
item 12); the idle lock checks the passphrase without opening the store again.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtGui import QImage

import fieldapp.store as store_api
from fieldapp.store import keys
from fieldapp.ui.widgets.file_attach import FileWidget
from tests.ui.conftest import PASSPHRASE

PHOTO_FORM = """
| survey   |         |         |            |
|          | type    | name    | label      |
|          | text    | name    | First name |
|          | image   | photo   | Photo      |
| settings |         |         |            |
|          | form_id | version | form_title |
|          | photos  | 1       | Photos     |
"""
MARKER = b"CHILD-PHOTO-MARKER-55120"


@pytest.fixture(autouse=True)
def cheap_key_stretching(monkeypatch):
    monkeypatch.setattr(keys, "PASSPHRASE_SCRYPT_N", 2 ** 10)


@pytest.fixture
def counting_store_api():
    """The real store module, counting how often the database is opened."""
    calls = []

    def open_store(*args, **kwargs):
        calls.append(args)
        return store_api.open_store(*args, **kwargs)
    return SimpleNamespace(open_store=open_store, store_exists=store_api.store_exists, calls=calls)


@pytest.fixture
def window(open_window, store, counting_store_api):
    store.close()
    return open_window(unlock=True, store_api=counting_store_api)


@pytest.fixture
def photo(tmp_path):
    """A real PNG (so a thumbnail can be made) with a marker after its end, outside the data folder."""
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    path = tmp_path / "outside" / "rosa_perez.png"
    path.parent.mkdir()
    assert image.save(str(path), "PNG")
    path.write_bytes(path.read_bytes() + MARKER)
    return path


def start_photo_interview(window, tmp_path):
    form_path = tmp_path / "photos.md"
    form_path.write_text(PHOTO_FORM.strip() + "\n", encoding="utf-8")
    window.places["forms"].import_file(str(form_path))
    window.places["forms"].start_button.click()
    runner = window.runner
    runner.go_next()
    widget = runner.screen_view.widgets["/data/photo"]
    assert isinstance(widget, FileWidget) and widget.store_keeps_files
    return runner, widget


def test_attach_an_image_keeps_it_encrypted_and_shows_it(window, tmp_path, data_dir, photo):
    runner, widget = start_photo_interview(window, tmp_path)
    widget.attach(str(photo))
    instance_id = runner.session.instance_id
    name = runner.session.value("/data/photo")
    assert name and name != photo.name and name.endswith(".png")
    widget = runner.screen_view.widgets["/data/photo"]
    assert widget.value() == name
    assert window.store.attachment(instance_id, name) == photo.read_bytes()
    assert name in widget.file_name.text() and "bytes" in widget.file_name.text()
    assert widget.preview.isVisibleTo(widget) and widget.preview.pixmap().width() == 64
    # Plaintext scan: the file's marker is in no file of the data folder.
    found = [p.name for p in data_dir.rglob("*") if p.is_file() and MARKER in p.read_bytes()]
    assert found == []
    widget.remove_button.click()
    assert runner.session.value("/data/photo") == ""
    assert window.store.attachments(instance_id) == []
    widget = runner.screen_view.widgets["/data/photo"]
    assert widget.file_name.text() == "No file attached" and not widget.preview.isVisibleTo(widget)


def test_a_file_too_large_is_refused_with_a_message(window, tmp_path, photo):
    window.store.set_setting("max_attachment_mb", 0.0001)
    runner, widget = start_photo_interview(window, tmp_path)
    widget.attach(str(photo))
    assert runner.session.value("/data/photo") == ""
    assert runner.banner.isVisibleTo(runner) and "smaller file" in runner.banner.text()
    assert window.store.attachments(runner.session.instance_id) == []


def test_a_resumed_draft_shows_the_stored_picture(window, tmp_path, photo):
    runner, widget = start_photo_interview(window, tmp_path)
    widget.attach(str(photo))
    instance_id = runner.session.instance_id
    runner.save_and_exit()
    window.resume_interview(instance_id)
    window.runner.jump("/data/photo")
    widget = window.runner.screen_view.widgets["/data/photo"]
    assert widget.preview.isVisibleTo(widget)


def test_idle_lock_closes_the_store_and_unlocking_opens_it_again(window, counting_store_api):
    """The idle lock drops the key with the database (issue 8): unlocking is a real open, not a check."""
    opened = len(counting_store_api.calls)
    store = window.store
    window.lock()
    assert store.database.closed and window.store is None
    window.lock_page.passphrase.setText("wrong wrong wrong")
    window.lock_page.unlock_button.click()
    assert window.lock_page is not None and window.lock_page.message.text()
    window.lock_page.passphrase.setText(PASSPHRASE)
    window.lock_page.unlock_button.click()
    assert window.lock_page is None and window.store is not None and not window.store.database.closed
    assert len(counting_store_api.calls) == opened + 2


def test_a_recording_plays_from_memory_or_says_it_cannot(qtbot, monkeypatch):
    from fieldapp.ui.widgets import file_attach
    from tests.ui.helpers import question
    widget = FileWidget(question("audio", value="1767000000000.m4a"))
    qtbot.addWidget(widget)
    stored = {"1767000000000.m4a": b"\x00" * 2048}
    widget.set_attachment_reader(stored.get)
    assert widget.file_name.text() == "1767000000000.m4a (2 KB)" and widget.play_button.isVisibleTo(widget)
    monkeypatch.setattr(file_attach, "audio_backend", lambda: None)
    widget.play_button.click()
    assert not widget.play_button.isEnabled() and "cannot be played" in widget.file_name.text()
    widget.set_value("missing.m4a")
    assert "not stored" in widget.file_name.text()
