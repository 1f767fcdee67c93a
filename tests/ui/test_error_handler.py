"""Uncaught errors: the log line and the message name the error's type and place, never an answer's value.

Requirement: issue 8, "What stays on disk" (no answer value in any log line or traceback the app writes).
"""

import sys
import threading

import pytest

from fieldapp.ui import app as app_module

SECRET = "María López dijo que su tío la golpea"


def raise_with_a_value():
    answer = SECRET
    raise ValueError(f"could not read {answer!r}")


@pytest.fixture
def handler(qapp, monkeypatch):
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app_module.install_error_handler()
    return shown


def test_an_uncaught_error_is_logged_and_shown_without_its_values(handler, capsys):
    try:
        raise_with_a_value()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert "ValueError" in err and "test_error_handler.py" in err and "raise_with_a_value" in err
    assert SECRET not in err and "María" not in err and "Traceback" not in err
    assert len(handler) == 1 and "María" not in handler[0] and "ValueError" in handler[0]


def test_an_error_in_a_background_thread_is_logged_without_its_values(handler, capsys):
    worker = threading.Thread(target=raise_with_a_value)
    worker.start()
    worker.join()
    err = capsys.readouterr().err
    assert "ValueError" in err and "María" not in err and "Traceback" not in err


def test_a_typed_error_keeps_its_own_words(handler, capsys):
    from fieldapp.store import DiskFull
    try:
        raise DiskFull("fieldapp.db")
    except DiskFull:
        sys.excepthook(*sys.exc_info())
    assert "disk_full" in capsys.readouterr().err
    assert "disco" in handler[0] or "disk" in handler[0]
