"""The Sync place: choose the folder once, one button; what was sent, what came back, and the offer to purge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from fieldapp.exchange import crypto
from fieldapp.exchange.sync import FOLDER_SETTING, PASSWORD_SETTING
from fieldapp.ui.exchange.progress import BackgroundExchange
from fieldapp.ui.exchange.words import exchange_error_text, key_problem_words, strength_words
from fieldapp.ui.i18n import tr
from fieldapp.ui.shell.confirm import ask_yes_no
from fieldapp.ui.shell.fitting import scrolling_body
from fieldapp.ui.shell.messages import error_text
from fieldapp.ui.tasks import TaskRunner


def sync_work(control, store, folder, password):
    """Background work: one sync, reporting progress and stopping at Cancel between files."""
    from fieldapp.exchange.sync import sync
    return sync(store, folder, password or None,
                progress=lambda done, total: control.progress(int(done * 100), int(total * 100), ""),
                cancel=lambda: control.cancelled, by=store.get_setting("interviewer"))


class SyncPage(BackgroundExchange, QWidget):
    sig_synced = Signal(object)
    """A sync finished. Argument: the SyncReport."""

    def __init__(self, store, tasks: TaskRunner, *, confirm=ask_yes_no, parent=None):
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.confirm = confirm
        self.task = None
        self.report = None
        self.export_dialog = None
        self.problems_dialog = None
        layout = QVBoxLayout(scrolling_body(self))
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel(tr("Sync"), self, objectName="pageTitle"))
        intro = QLabel(tr("Send finished interviews to the coordinator through a USB stick or a shared folder, "
                          "and receive new forms, the service directory and receipts. Everything sent is "
                          "protected with the sync password."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        folder_row = QHBoxLayout()
        self.folder_label = QLabel(self)
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton(tr("Choose the &folder…"), self)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        layout.addLayout(folder_row)

        self.password_box = QWidget(self)
        password_layout = QVBoxLayout(self.password_box)
        password_layout.setContentsMargins(0, 8, 0, 8)
        self.password_note = QLabel(tr("Type the sync password your coordinator gave you, twice. It is kept "
                                       "encrypted on this laptop."), self.password_box)
        self.password_note.setWordWrap(True)
        self.password = QLineEdit(self.password_box, echoMode=QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Sync password"))
        self.password.setPlaceholderText(tr("Sync password"))
        self.password_again = QLineEdit(self.password_box, echoMode=QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName(tr("Sync password again"))
        self.password_again.setPlaceholderText(tr("Sync password again"))
        self.strength = QLabel(self.password_box, objectName="muted")
        for widget in (self.password_note, self.password, self.password_again, self.strength):
            password_layout.addWidget(widget)
        layout.addWidget(self.password_box)
        self.change_password = QPushButton(tr("Change the sync &password"), self)
        layout.addWidget(self.change_password)

        buttons = QHBoxLayout()
        self.sync_button = QPushButton(tr("&Sync now"), self)
        self.sync_button.setProperty("primary", True)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.hide()
        self.export_button = QPushButton(tr("&Export to a file…"), self)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(tr("Sync progress"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.sent_label = QLabel(self)
        self.sent_label.setWordWrap(True)
        layout.addWidget(self.sent_label)
        self.received_label = QLabel(self)
        self.received_label.setWordWrap(True)
        layout.addWidget(self.received_label)
        self.problems_button = QPushButton(tr("Show the form's &problems"), self)
        self.problems_button.hide()
        layout.addWidget(self.problems_button)
        self.purge_note = QLabel(self)
        self.purge_note.setWordWrap(True)
        self.purge_button = QPushButton(tr("&Remove the confirmed interviews from this laptop"), self)
        self.purge_note.hide()
        self.purge_button.hide()
        layout.addWidget(self.purge_note)
        layout.addWidget(self.purge_button)
        coordinator = QLabel(tr("Coordinator: put the organisation's pseudonymization key on the stick, sealed with "
                                "the sync password, so laptops code names the same way."), self, objectName="muted")
        coordinator.setWordWrap(True)
        layout.addWidget(coordinator)
        self.key_button = QPushButton(tr("Put the pseudonymization &key in the folder…"), self)
        layout.addWidget(self.key_button)
        layout.addStretch(1)

        self.choose_button.clicked.connect(self._choose_folder)
        self.change_password.clicked.connect(self._show_password)
        self.password.textChanged.connect(self._update)
        self.password_again.textChanged.connect(self._update)
        self.sync_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(self.open_export)
        self.purge_button.clicked.connect(self.purge)
        self.problems_button.clicked.connect(self._show_problems)
        self.key_button.clicked.connect(self.put_key)
        self._set_asking(not self.store.get_setting(PASSWORD_SETTING))
        self._update()

    # -- the folder and the password ---------------------------------------------------------
    def folder(self) -> str | None:
        return self.store.get_setting(FOLDER_SETTING)

    def set_folder(self, path: str) -> None:
        self.store.set_setting(FOLDER_SETTING, str(path))
        self._update()

    @Slot()
    def _choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Choose the sync folder"), self.folder() or str(Path.home()))
        if path:
            self.set_folder(path)

    def _set_asking(self, asking: bool) -> None:
        """Whether the page asks for the sync password (the first time, or to change it)."""
        self.asking_password = asking
        self.password_box.setVisible(asking)
        self.change_password.setVisible(not asking)

    @Slot()
    def _show_password(self) -> None:
        self._set_asking(True)
        self.password.setFocus()
        self._update()

    def problem(self) -> str:
        if not self.folder():
            return tr("Choose the sync folder first (the USB stick or the shared folder).")
        if self.asking_password:
            password = self.password.text()
            if len(password) < crypto.MIN_PASSWORD:
                return tr("The password is too short: use at least 10 characters.")
            if password != self.password_again.text():
                return tr("The two passwords are not the same.")
        return ""

    @Slot()
    def _update(self, *_args) -> None:
        folder = self.folder()
        self.folder_label.setText(tr("Sync folder: {folder}").format(folder=folder) if folder
                                  else tr("No sync folder chosen yet."))
        password = self.password.text()
        self.strength.setText(strength_words(crypto.password_strength(password)) if password else "")
        problem = self.problem()
        self.sync_button.setEnabled(self.task is None and not problem)
        self.key_button.setEnabled(self.task is None and not problem)
        if self.task is None and problem:
            self.status.setText(problem)
        elif self.task is None and not self.report:
            self.status.setText("")

    # -- syncing -----------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        if self.problem() or self.task is not None:
            return
        password = self.password.text() if self.asking_password else None
        self.cancel_button.show()
        self.sync_button.setEnabled(False)
        self.run_in_background(sync_work, self.store, self.folder(), password, text=tr("Syncing…"))

    @Slot()
    def cancel(self) -> None:
        self.cancel_task()

    def _finish(self) -> None:
        self.finish_task()
        self.cancel_button.hide()

    @Slot(object)
    def _done(self, report) -> None:
        self._finish()
        self.report = report
        self.password.clear()
        self.password_again.clear()
        self._set_asking(False)
        self.status.setText(tr("Sync finished."))
        self.sent_label.setText(self._sent_words(report))
        self.received_label.setText(self._received_words(report))
        self.problems_button.setVisible(any(a.problems for a in report.forms))
        self._offer_purge(report.confirmed)
        self._update()
        self.sig_synced.emit(report)

    @Slot(object)
    def _failed(self, error) -> None:
        self._finish()
        self.status.setText(self.failure_words(error, tr("Sync cancelled. Files written before are whole.")))
        self._update()

    def _sent_words(self, report) -> str:
        audio = getattr(report, "audio", None)
        recorded = [tr("• Recorded audio: {form}, {language}").format(form=form_id, language=language)
                    for form_id, language in (audio.sent if audio else [])]
        if not report.sent and not recorded:
            return tr("Sent: nothing new to send.")
        lines = [tr("Sent:")] + recorded
        for sent in report.sent:
            if sent.written:
                lines.append(tr("• {file}: {count} interviews").format(file=sent.file_name, count=sent.submissions))
            else:
                lines.append(tr("• {file}: unchanged since the last sync").format(file=sent.file_name))
        return "\n".join(lines)

    def _received_words(self, report) -> str:
        lines = []
        for arrival in report.forms:
            if arrival.new:
                lines.append(tr("• New form: {form} version {version}").format(form=arrival.form_id,
                                                                                version=arrival.version))
            elif arrival.problems or arrival.error:
                lines.append(tr("• “{file}” could not be added: it has problems.").format(file=arrival.file_name))
        if report.service_directory:
            lines.append(tr("• An updated service directory"))
        elif report.service_problems:
            lines.append(tr("• A service directory with problems, not used: ask your coordinator to check it."))
        if report.key_updated:
            lines.append(tr("• The organisation's pseudonymization key"))
        if report.key_problem_code or report.key_problem:
            lines.append("• " + key_problem_words(report.key_problem_code))
        elif report.clear_key_left:
            lines.append("• " + key_problem_words("clear_key_refused"))
        if report.key_missing:
            lines.append(tr("• No pseudonymization key yet: pseudonymized exports wait until the coordinator "
                            "puts the sealed key in the sync folder."))
        if report.confirmed:
            lines.append(tr("• Receipts for {count} interviews").format(count=len(report.confirmed)))
        audio = getattr(report, "audio", None)
        for form_id, language in (audio.received if audio else []):
            lines.append(tr("• Recorded audio: {form}, {language}").format(form=form_id, language=language))
        if audio and audio.problems:
            lines.append(tr("• Some recorded audio could not be copied; sync again. ({problem})")
                         .format(problem=audio.problems[0]))
        if not lines:
            return tr("Received: nothing new.")
        return "\n".join([tr("Received:")] + lines)

    def _offer_purge(self, confirmed) -> None:
        self._confirmed = list(confirmed)
        if confirmed:
            self.purge_note.setText(tr("The coordinator has {count} of this laptop's interviews. You can remove "
                                       "them from this laptop, so a lost laptop holds less.").format(count=len(confirmed)))
        self.purge_note.setVisible(bool(confirmed))
        self.purge_button.setVisible(bool(confirmed))

    @Slot()
    def purge(self) -> None:
        from fieldapp.exchange.sync import purge_confirmed
        confirmed = getattr(self, "_confirmed", [])
        if not confirmed:
            return
        if not self.confirm(self, tr("Remove confirmed interviews?"),
                            tr("{count} interviews the coordinator already has will be removed from this laptop. "
                               "This cannot be undone.").format(count=len(confirmed))):
            return
        try:
            removed = purge_confirmed(self.store, confirmed, by=self.store.get_setting("interviewer"))
        except Exception as exc:
            self.status.setText(error_text(exc))
            return
        self.status.setText(tr("Removed {count} interviews from this laptop.").format(count=removed))
        self._offer_purge([])

    @Slot()
    def put_key(self) -> None:
        """The coordinator's step: seal this laptop's pseudonymization key (made now if it has none) into the folder."""
        from fieldapp.exchange.errors import ExchangeError
        from fieldapp.exchange.sealedkey import put_key_in_folder
        if self.problem() or self.task is not None:
            return
        password = self.password.text() if self.asking_password else self.store.get_setting(PASSWORD_SETTING)
        if not self.confirm(self, tr("Put the key in the folder?"),
                            tr("The organisation's pseudonymization key will be written into the sync folder, "
                               "sealed with the sync password. Laptops that know the password take it at their "
                               "next sync. Give the password separately, never with the stick.")):
            return
        try:
            put_key_in_folder(self.store, self.folder(), password, by=self.store.get_setting("interviewer") or "")
        except (ExchangeError, OSError) as exc:
            self.status.setText(exchange_error_text(exc) or error_text(exc))
            return
        if self.asking_password:             # the password that sealed the key is the sync password from now on
            self.store.set_setting(PASSWORD_SETTING, password)
            self.password.clear()
            self.password_again.clear()
            self._set_asking(False)
        self._update()
        self.status.setText(tr("The pseudonymization key is in the folder, sealed with the sync password."))

    @Slot()
    def _show_problems(self) -> None:
        from fieldapp.ui.library.problems_dialog import ProblemsDialog
        arrival = next((a for a in (self.report.forms if self.report else []) if a.problems), None)
        if arrival is not None:
            self.problems_dialog = ProblemsDialog(arrival.file_name, arrival.problems, self)
            self.problems_dialog.open()

    @Slot()
    def open_export(self) -> None:
        from fieldapp.ui.exchange.export_dialog import ExportDialog
        self.export_dialog = ExportDialog(self.store, self.tasks, parent=self)
        self.export_dialog.open()
