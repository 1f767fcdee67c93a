"""The unlock screen: the passphrase (or the recovery code, then a new passphrase) opens the encrypted data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget, QVBoxLayout

from fieldapp.ui.i18n import tr
from fieldapp.ui.setup.setup_page import centered_card
from fieldapp.ui.setup.strength import MIN_LENGTH
from fieldapp.ui.shell.messages import error_text


class UnlockPage(QWidget):
    """Asks for the passphrase; a wrong one gives a message and another try."""

    sig_store_opened = Signal(object)
    """The store is open. Argument: the Store."""

    def __init__(self, data_dir: Path, store_api, parent=None, *, verify=None):
        """`verify(passphrase) -> bool`, when given, checks without opening (the idle lock uses it)."""
        super().__init__(parent)
        self._data_dir = data_dir
        self._store_api = store_api
        self._verify = verify
        self.attempts = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        page, box = centered_card(self, 520)
        layout.addWidget(page)
        box.addWidget(QLabel(tr("FieldApp is locked"), objectName="pageTitle"))
        self.intro = QLabel(tr("Type the passphrase to open the interviews on this laptop."))
        self.intro.setWordWrap(True)
        box.addWidget(self.intro)
        self.passphrase = QLineEdit(accessibleName=tr("Passphrase"), echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(tr("Passphrase"))
        box.addWidget(self.passphrase)
        self.recovery_code = QLineEdit(accessibleName=tr("Recovery code"))
        self.recovery_code.setPlaceholderText(tr("Recovery code"))
        self.new_passphrase = QLineEdit(accessibleName=tr("New passphrase"), echoMode=QLineEdit.EchoMode.Password)
        self.new_passphrase.setPlaceholderText(tr("New passphrase (at least 8 characters)"))
        for field in (self.recovery_code, self.new_passphrase):
            field.hide()
            box.addWidget(field)
        self.message = QLabel(objectName="problem")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        self.unlock_button = QPushButton(tr("Unlock"), accessibleName=tr("Unlock"))
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.setDefault(True)
        box.addWidget(self.unlock_button)
        self.forgot_button = QPushButton(tr("Use the recovery code instead"))
        box.addWidget(self.forgot_button)
        self.forgot_button.setVisible(verify is None)
        self.passphrase.returnPressed.connect(self.unlock_button.click)
        self.new_passphrase.returnPressed.connect(self.unlock_button.click)
        self.unlock_button.clicked.connect(self._on_unlock)
        self.forgot_button.clicked.connect(self._use_recovery_code)
        self.setFocusProxy(self.passphrase)

    def showEvent(self, event):
        super().showEvent(event)
        (self.recovery_code if self.recovery_code.isVisible() else self.passphrase).setFocus()

    @Slot()
    def _use_recovery_code(self) -> None:
        self.passphrase.hide()
        self.forgot_button.hide()
        self.recovery_code.show()
        self.new_passphrase.show()
        self.intro.setText(tr("Type the recovery code you wrote down at set-up, and choose a new passphrase."))
        self.recovery_code.setFocus()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    @Slot()
    def _on_unlock(self) -> None:
        self.attempts += 1
        if self.recovery_code.isVisible():
            self._unlock_with_recovery_code()
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_message(tr("Type the passphrase first."))
            return
        if self._verify is not None:
            if self._verify(passphrase):
                self.passphrase.clear()
                self._show_message("")
                self.sig_store_opened.emit(None)
            else:
                self._wrong()
            return
        try:
            store = self._store_api.open_store(self._data_dir, passphrase, create=False)
        except Exception as exc:
            self._wrong(exc)
            return
        self.passphrase.clear()
        self._show_message("")
        self.sig_store_opened.emit(store)

    def _wrong(self, exc: BaseException | None = None) -> None:
        text = error_text(exc) if exc is not None else error_text(_WrongPassphraseLike())
        self._show_message(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _unlock_with_recovery_code(self) -> None:
        code, new = self.recovery_code.text().strip(), self.new_passphrase.text()
        if len(new) < MIN_LENGTH:
            self._show_message(tr("The passphrase is too short: use at least 8 characters."))
            self.new_passphrase.setFocus()
            return
        try:
            store = self._store_api.open_store(self._data_dir, None, recovery_code=code, create=False)
            store.change_passphrase(new)
        except Exception as exc:
            self._show_message(error_text(exc))
            self.recovery_code.setFocus()
            return
        self.recovery_code.clear()
        self.new_passphrase.clear()
        self.sig_store_opened.emit(store)


class _WrongPassphraseLike(Exception):
    code = "wrong_passphrase"
