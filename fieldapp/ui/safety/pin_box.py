"""Settings: the interviewer's PIN for the privacy screen (typed twice; kept hashed in the encrypted data)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from fieldapp.protect import pin
from fieldapp.ui.i18n import tr
from fieldapp.ui.safety.privacy_screen import PRIVACY_KEY_TEXT
from fieldapp.ui.shell.messages import error_text


class PinBox(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 12, 0, 0)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        column.addWidget(self.caption)
        row = QHBoxLayout()
        self.new_pin = QLineEdit(self, echoMode=QLineEdit.EchoMode.Password)
        self.new_pin.setPlaceholderText(tr("New PIN (digits)"))
        self.new_pin.setAccessibleName(tr("New PIN (digits)"))
        self.again = QLineEdit(self, echoMode=QLineEdit.EchoMode.Password)
        self.again.setPlaceholderText(tr("PIN again"))
        self.again.setAccessibleName(tr("PIN again"))
        self.save_button = QPushButton(tr("Set the PIN"), self)
        row.addWidget(self.new_pin, 1)
        row.addWidget(self.again, 1)
        row.addWidget(self.save_button)
        column.addLayout(row)
        self.message = QLabel(self, objectName="notice")
        self.message.setWordWrap(True)
        self.message.hide()
        column.addWidget(self.message)
        self.save_button.clicked.connect(self.save)
        self.again.returnPressed.connect(self.save)
        self._show_caption()

    def _show_caption(self) -> None:
        state = tr("A PIN is set.") if pin.has_pin(self.store) else tr("No PIN is set yet.")
        self.caption.setText(tr("Privacy screen PIN: {key} or the “Hide the screen” button covers the interview; "
                                "this PIN (not the passphrase) brings it back.").format(key=PRIVACY_KEY_TEXT) + " " + state)

    @Slot()
    def save(self) -> None:
        try:
            pin.set_pin(self.store, self.new_pin.text(), self.again.text())
        except Exception as exc:   # a too-short PIN or a mismatch, in words
            message = error_text(exc)
        else:
            message = tr("The PIN was set. Use it to come back from the privacy screen.")
            self.new_pin.clear()
            self.again.clear()
            self._show_caption()
        self.message.setText(message)
        self.message.show()
