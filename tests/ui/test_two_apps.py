"""Two FieldApp apps on one data folder (started twice by a double click): the second is refused with words.

Requirement: issue 8, "The store" (a lock a crash does not leave stuck). Real app processes, headless.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

APP = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QMessageBox\n"
    "from fieldapp.ui.app import create_application, run_app\n"
    "from fieldapp.ui.shell.main_window import MainWindow\n"
    "QMessageBox.warning = staticmethod(lambda parent, title, text: print('REFUSED', text, flush=True))\n"
    "app = create_application()\n"
    "def report():\n"
    "    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]\n"
    "    print('OPEN', *[type(w.gate).__name__ for w in windows], flush=True)\n"
    "    if sys.argv[2] == 'quit':\n"
    "        for window in windows:\n"
    "            window.close()\n"
    "        app.quit()\n"
    "QTimer.singleShot(100, report)\n"
    "raise SystemExit(run_app(sys.argv[1]))\n"
)


def start_app(tmp_path, data_dir, mode):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", APP, str(data_dir), mode], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.timeout(120)
def test_a_second_app_on_the_same_folder_is_refused_and_a_crashed_one_leaves_no_lock(tmp_path):
    data_dir = tmp_path / "data"
    first = start_app(tmp_path, data_dir, "stay")
    try:
        assert first.stdout.readline().split() == ["OPEN", "SetupPage"]
        second = start_app(tmp_path, data_dir, "quit")
        out, err = second.communicate(timeout=60)
        assert second.returncode == 2, err
        assert out.startswith("REFUSED") and "ya está abierto con esta carpeta de datos" in out   # Spanish by default
        assert "OPEN" not in out, "the second app must not show the data"
    finally:
        first.send_signal(signal.SIGKILL)       # a crash: the lock must go with the process
        first.communicate()
    third = start_app(tmp_path, data_dir, "quit")
    out, err = third.communicate(timeout=60)
    assert third.returncode == 0, err
    assert out.split() == ["OPEN", "SetupPage"]
