"""What every README screenshot script shares: an offscreen app in the chosen language, a throw-away data folder (removed when the script ends), main windows on it, and a shot that saves a PNG."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


class Studio:
    """`work` is the throw-away folder (its `data` is the store the windows open); shots go to `out`."""

    def __init__(self, out_dir: str, language: str, prefix: str = "fieldapp-shots-"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings
        from fieldapp.ui.app import apply_appearance, create_application
        from fieldapp.ui.settings.options import APP_LANGUAGE, AppSettings

        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.app = create_application()
        self.work = Path(tempfile.mkdtemp(prefix=prefix))
        atexit.register(shutil.rmtree, self.work, True)
        self.settings = AppSettings(QSettings(str(self.work / "settings.ini"), QSettings.Format.IniFormat))
        self.settings.set(APP_LANGUAGE, language)
        apply_appearance(self.app, self.settings)

    @property
    def data(self) -> Path:
        return self.work / "data"

    def shot(self, widget, name: str) -> None:
        self.app.processEvents()
        widget.grab().save(str(self.out / f"{name}.png"))

    def window(self, size: tuple[int, int], passphrase: str | None = None):
        """A main window on the data folder, shown at `size`; unlocked when `passphrase` is given."""
        from fieldapp.ui.library.bundled import bundled_forms_dir
        from fieldapp.ui.shell.main_window import MainWindow
        from fieldapp.ui.tasks import InlineExecutor, TaskRunner
        win = MainWindow(self.data, settings=self.settings, tasks=TaskRunner(InlineExecutor()),
                         bundled_dir=bundled_forms_dir(), confirm=lambda *a: True)
        win.resize(*size)
        win.show()
        if passphrase is not None:
            win.gate.passphrase.setText(passphrase)
            win.gate.unlock_button.click()
        return win
