"""The unlock screen: the passphrase (or the recovery code, then a new passphrase) opens the encrypted data."""

from __future__ import annotations

import math
import time
from pathlib import Path

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget, QVBoxLayout

from fieldapp.ui.i18n import tr
from fieldapp.ui.setup.setup_page import centered_card
from fieldapp.ui.setup.strength import MIN_LENGTH
from fieldapp.ui.shell.messages import error_text


class UnlockPage(QWidget):
    """Asks for the passphrase; a wrong one gives a message and another try, after a growing wait."""

    sig_store_opened = Signal(object)
    """The store is open. Argument: the Store."""

    def __init__(self, data_dir: Path, store_api, parent=None):
        super().__init__(parent)
        self._data_dir = data_dir
        self._store_api = store_api
        self.attempts = 0
        # After a few wrong tries the store refuses for a while (kept on disk across restarts): count down here.
        self._wait_until = 0.0
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)
        self._wait_timer.timeout.connect(self._tick)
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
        self.passphrase.returnPressed.connect(self.unlock_button.click)
        self.new_passphrase.returnPressed.connect(self.unlock_button.click)
        self.unlock_button.clicked.connect(self._on_unlock)
        self.forgot_button.clicked.connect(self._use_recovery_code)
        self.setFocusProxy(self.passphrase)
        self._wait_if_needed()

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

    # -- waiting after wrong tries ----------------------------------------------------------
    def _wait_if_needed(self) -> bool:
        """Start the count-down when the store would refuse a try now; True while waiting."""
        from fieldapp.store.attempts import UnlockAttempts
        seconds = UnlockAttempts(self._data_dir).wait_seconds()
        if seconds <= 0:
            return False
        self._wait_until = time.monotonic() + seconds
        self.unlock_button.setEnabled(False)
        self._tick()
        self._wait_timer.start()
        return True

    @property
    def waiting(self) -> bool:
        return self._wait_timer.isActive()

    @Slot()
    def _tick(self) -> None:
        from fieldapp.store.errors import TooManyAttempts
        left = math.ceil(self._wait_until - time.monotonic())
        if left > 0:
            self._show_message(error_text(TooManyAttempts(left)))
            return
        self._wait_timer.stop()
        self.unlock_button.setEnabled(True)
        self._show_message(tr("You can try again now."))
        (self.recovery_code if self.recovery_code.isVisible() else self.passphrase).setFocus()

    @Slot()
    def _on_unlock(self) -> None:
        if self.waiting:
            return
        self.attempts += 1
        if self.recovery_code.isVisible():
            self._unlock_with_recovery_code()
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_message(tr("Type the passphrase first."))
            return
        try:
            store = self._store_api.open_store(self._data_dir, passphrase, create=False)
        except Exception as exc:
            self._wrong(exc)
            return
        self.passphrase.clear()
        self._show_message("")
        self.sig_store_opened.emit(store)

    def _wrong(self, exc: BaseException) -> None:
        if self._wait_if_needed():
            # The message says how long to wait; what was wrong is said by the wait itself.
            self.passphrase.selectAll()
            return
        self._show_message(error_text(exc))
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
            if not self._wait_if_needed():
                self._show_message(error_text(exc))
                self.recovery_code.setFocus()
            return
        self.recovery_code.clear()
        self.new_passphrase.clear()
        self.sig_store_opened.emit(store)
