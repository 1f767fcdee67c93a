"""The Export dialog: form, profile (each explained), language, password twice with a strength hint, where to save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from fieldapp.exchange import crypto
from fieldapp.exchange.layout import PROFILES
from fieldapp.ui.exchange.progress import BackgroundExchange
from fieldapp.ui.exchange.words import profile_name, profile_note, strength_words
from fieldapp.ui.i18n import tr
from fieldapp.ui.tasks import TaskRunner


def export_work(control, store, form_id, path, profile, labels, password):
    """Background work: the export, reporting progress and stopping at Cancel (leaving no file)."""
    from fieldapp.exchange.export import export_form
    return export_form(store, form_id, path, profile, labels, password or None,
                       progress=lambda done, total: control.progress(done, total, ""),
                       cancel=lambda: control.cancelled, by=store.get_setting("interviewer"))


class ExportDialog(BackgroundExchange, QDialog):
    """Asks what to export and where; runs the export with progress and Cancel."""

    def __init__(self, store, tasks: TaskRunner, *, form_id: str | None = None, folder: Path | None = None,
                 parent=None):
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.task = None
        self.result_info = None
        self.folder = Path(folder) if folder else Path.home()
        self.setWindowTitle(tr("Export interviews"))
        layout = QVBoxLayout(self)
        form_layout = QFormLayout()
        self.form_box = QComboBox(self)
        for record in self._forms():
            self.form_box.addItem(f"{record.title} ({record.form_id})", record.form_id)
        if form_id is None:      # the form with interviews to export, rather than the first in the list
            counts = {}
            for record in store.submissions(status=["finalized", "withdrawn"]):
                counts[record.form_id] = counts.get(record.form_id, 0) + 1
            form_id = max(counts, key=counts.get) if counts else None
        if form_id is not None and self.form_box.findData(form_id) >= 0:
            self.form_box.setCurrentIndex(self.form_box.findData(form_id))
        form_label = QLabel(tr("&Form"), self)
        form_label.setBuddy(self.form_box)
        form_layout.addRow(form_label, self.form_box)

        profiles = QWidget(self)
        profile_layout = QVBoxLayout(profiles)
        profile_layout.setContentsMargins(0, 0, 0, 0)
        self.profile_group = QButtonGroup(self)
        self.profile_buttons = {}
        for number, profile in enumerate(PROFILES):
            button = QRadioButton(profile_name(profile), profiles)
            button.setAccessibleDescription(profile_note(profile))
            note = QLabel(profile_note(profile), profiles, objectName="muted")
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 6)
            self.profile_group.addButton(button, number)
            self.profile_buttons[profile] = button
            profile_layout.addWidget(button)
            profile_layout.addWidget(note)
        self.profile_buttons["full"].setChecked(True)
        form_layout.addRow(QLabel(tr("What leaves the laptop"), self), profiles)

        self.labels_box = QComboBox(self)
        labels_label = QLabel(tr("&Answers as"), self)
        labels_label.setBuddy(self.labels_box)
        form_layout.addRow(labels_label, self.labels_box)

        self.password = QLineEdit(self, echoMode=QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("File password"))
        self.password_again = QLineEdit(self, echoMode=QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName(tr("File password again"))
        password_label = QLabel(tr("File &password"), self)
        password_label.setBuddy(self.password)
        again_label = QLabel(tr("Password a&gain"), self)
        again_label.setBuddy(self.password_again)
        form_layout.addRow(password_label, self.password)
        form_layout.addRow(again_label, self.password_again)
        self.strength = QLabel(self, objectName="muted")
        self.strength.setWordWrap(True)
        form_layout.addRow("", self.strength)

        where = QWidget(self)
        where_row = QHBoxLayout(where)
        where_row.setContentsMargins(0, 0, 0, 0)
        self.path_edit = QLineEdit(where)
        self.path_edit.setAccessibleName(tr("File to write"))
        self.browse = QPushButton(tr("C&hoose…"), where)
        where_row.addWidget(self.path_edit, 1)
        where_row.addWidget(self.browse)
        where_label = QLabel(tr("&Save as"), self)
        where_label.setBuddy(self.path_edit)
        form_layout.addRow(where_label, where)
        layout.addLayout(form_layout)

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(tr("Export progress"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton(tr("&Export"), self)
        self.export_button.setProperty("primary", True)
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self.form_box.currentIndexChanged.connect(self._form_changed)
        self.profile_group.idToggled.connect(self._profile_changed)
        self.password.textChanged.connect(self._update)
        self.password_again.textChanged.connect(self._update)
        self.path_edit.textChanged.connect(self._update)
        self.browse.clicked.connect(self._choose_file)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self._form_changed()
        self.resize(640, 560)

    def _forms(self):
        seen, records = set(), []
        for record in reversed(self.store.forms()):     # the newest registration names the form
            if record.form_id not in seen:
                seen.add(record.form_id)
                records.append(record)
        return sorted(records, key=lambda r: r.title.lower())

    def profile(self) -> str:
        return PROFILES[max(0, self.profile_group.checkedId())]

    @Slot()
    def _form_changed(self, *_args) -> None:
        form_id = self.form_box.currentData()
        self.labels_box.clear()
        self.labels_box.addItem(tr("Codes (the form's values)"), None)
        if form_id:
            record = [r for r in self.store.forms() if r.form_id == form_id][-1]
            for language in record.languages:
                self.labels_box.addItem(tr("Labels in {language}").format(language=language), language)
        self._suggest_path()
        self._update()

    @Slot()
    def _profile_changed(self, *_args) -> None:
        self._suggest_path()
        self._update()

    def _suggest_path(self) -> None:
        form_id = self.form_box.currentData() or "export"
        name = f"{form_id}_{self.profile()}_{dt.date.today().isoformat()}.xlsx"
        current = self.path_edit.text().strip()
        folder = Path(current).parent if current else self.folder
        self.path_edit.setText(str(folder / name))

    @Slot()
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the workbook"), self.path_edit.text(),
                                              tr("Workbooks (*.xlsx)"))
        if path:
            self.path_edit.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def problem(self) -> str:
        """Why Export cannot start yet ("" when it can)."""
        if self.form_box.currentData() is None:
            return tr("There is no form to export yet.")
        if not self.path_edit.text().strip():
            return tr("Choose where to save the file.")
        password, again = self.password.text(), self.password_again.text()
        needs = self.profile() != "publishable"
        if needs and not password:
            return tr("This file holds identifying or sensitive answers: type a password (twice) to protect it.")
        if password and len(password) < crypto.MIN_PASSWORD:
            return tr("The password is too short: use at least 10 characters.")
        if password and password != again:
            return tr("The two passwords are not the same.")
        return ""

    @Slot()
    def _update(self, *_args) -> None:
        password = self.password.text()
        self.strength.setText(strength_words(crypto.password_strength(password)) if password else "")
        problem = self.problem()
        self.export_button.setEnabled(self.task is None and not problem)
        if self.task is None:
            self.status.setText(problem)

    @Slot()
    def start(self) -> None:
        if self.problem() or self.task is not None:
            return
        self.export_button.setEnabled(False)
        self.run_in_background(export_work, self.store, self.form_box.currentData(), self.path_edit.text().strip(),
                               self.profile(), self.labels_box.currentData(), self.password.text(),
                               text=tr("Exporting…"))

    @Slot()
    def cancel(self) -> None:
        if not self.cancel_task():
            self.reject()

    def _finish(self) -> None:
        self.finish_task()
        self._update()

    @Slot(object)
    def _done(self, result) -> None:
        self.finish_task()
        self.result_info = result
        text = tr("Saved {count} interviews in {file}.").format(count=result.submissions, file=result.file)
        if result.encrypted:
            text += " " + tr("The file is protected with the password; give the password separately, never "
                             "with the file.")
        if result.attachments_file is not None:
            text += " " + tr("Attached files: {file}.").format(file=result.attachments_file.name)
        self.status.setText(text)
        self.cancel_button.setText(tr("Close"))
        self.export_button.setEnabled(False)

    @Slot(object)
    def _failed(self, error) -> None:
        self._finish()
        self.status.setText(self.failure_words(error, tr("Cancelled. No file was written.")))
