"""Settings: the service directory on this laptop, importing a new one, and its problems shown like a form's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from fieldapp.protect import services
from fieldapp.ui.i18n import tr
from fieldapp.ui.library.problems import problem_words


def _choose_file(parent) -> str:
    from PySide6.QtWidgets import QFileDialog
    path, _filter = QFileDialog.getOpenFileName(parent, tr("Import a service directory"), "",
                                                tr("Spreadsheets (*.xlsx *.xls *.csv)"))
    return path


class DirectoryBox(QWidget):
    """`choose_file(parent) -> path` is the file dialog; tests replace it."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.choose_file = _choose_file
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 12, 0, 0)
        row = QHBoxLayout()
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        row.addWidget(self.caption, 1)
        self.import_button = QPushButton(tr("Import a service directory…"), self)
        row.addWidget(self.import_button)
        column.addLayout(row)
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName(tr("Problems in the service directory"))
        self.problems.hide()
        column.addWidget(self.problems)
        self.import_button.clicked.connect(self.import_file)
        self._show_current()

    def _show_current(self) -> None:
        directory = services.load(self.store)
        if not directory.usable:
            self.caption.setText(tr("Service directory: none yet. Import the coordinator's workbook (or it arrives "
                                    "through the sync folder); referrals then show the services for the child's area."))
            return
        words = tr("Service directory: “{file}”, {n} services.").format(file=directory.file_name,
                                                                         n=len(directory.services))
        if directory.example:
            words += " " + tr("This is an EXAMPLE directory: replace it with your organisation's.")
        self.caption.setText(words)

    @Slot()
    def import_file(self) -> None:
        path = self.choose_file(self)
        if not path:
            return
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            self._show_problems([tr("The file could not be read: {error}").format(error=exc.strerror or exc)])
            return
        directory = services.keep(self.store, Path(path).name, content)
        lines = [problem_words(p) for p in directory.problems]
        if not directory.usable:
            lines.insert(0, tr("Nothing was imported: the file lists no usable service. The directory in use did "
                               "not change."))
        elif lines:
            lines.insert(0, tr("Imported {n} services; these rows were left out:").format(n=len(directory.services)))
        self._show_problems(lines)
        self._show_current()

    def _show_problems(self, lines: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(lines)
        self.problems.setVisible(bool(lines))
