"""The Settings place: app language, questionnaire language default, text size, idle lock, and this laptop's names."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from fieldapp.ui.i18n import app_languages, tr
from fieldapp.ui.setup.setup_page import align_label
from fieldapp.ui.setup.strength import MIN_LENGTH
from fieldapp.ui.shell.adaptive_row import AdaptiveRow
from fieldapp.ui.shell.fitting import scrolling_body
from fieldapp.ui.shell.messages import error_text
from fieldapp.ui.settings.options import (APP_LANGUAGE, IDLE_LOCK_MINUTES, QUESTIONNAIRE_LANGUAGE, TEXT_SCALE,
                                          TEXT_SCALES, AppSettings)


IDLE_LOCK_CHOICES = (0, 2, 5, 10, 15, 30, 60)


class SettingsPage(QWidget):
    """Every change applies at once (the shell listens to AppSettings.sig_option_changed)."""

    def __init__(self, settings: AppSettings, store=None, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.store = store
        # the page scrolls, so large text on a small screen never pushes the window past the screen's edge
        layout = QVBoxLayout(scrolling_body(self))
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel(tr("Settings"), self, objectName="pageTitle"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.app_language = QComboBox(self)
        for code, name in app_languages().items():
            self.app_language.addItem(name, code)
        self.app_language.setCurrentIndex(max(0, self.app_language.findData(settings.get(APP_LANGUAGE))))
        self.questionnaire_language = QComboBox(self)
        for code, words in (("", "As the form says"), ("es", "Spanish"), ("en", "English")):
            self.questionnaire_language.addItem(tr(words), code)
        self.questionnaire_language.setCurrentIndex(
            max(0, self.questionnaire_language.findData(settings.get(QUESTIONNAIRE_LANGUAGE))))
        self.text_scale = QComboBox(self)
        for percent in TEXT_SCALES:
            self.text_scale.addItem(f"{percent} %", percent)
        self.text_scale.setCurrentIndex(max(0, self.text_scale.findData(settings.get(TEXT_SCALE))))
        self.idle_lock = QComboBox(self)   # a short list is easier to use by touch than a spin box
        minutes = settings.get(IDLE_LOCK_MINUTES)
        for choice in sorted(set(IDLE_LOCK_CHOICES) | {minutes}):
            self.idle_lock.addItem(tr("never") if choice == 0 else f"{choice} {tr('min')}", choice)
        self.idle_lock.setCurrentIndex(self.idle_lock.findData(minutes))
        rows = ((tr("App &language"), self.app_language), (tr("&Questionnaire language to start with"), self.questionnaire_language),
                (tr("&Text size"), self.text_scale), (tr("Lock after this many minutes &idle"), self.idle_lock))
        for caption, field in rows:
            form.addRow(caption, field)
            form.labelForField(field).setBuddy(field)
            align_label(form.labelForField(field), field)
            field.setAccessibleName(caption.replace("&", ""))
        self.device_name = QLineEdit(self)
        self.interviewer = QLineEdit(self)
        if store is not None:
            self.device_name.setText(store.get_setting("device_name", "") or "")
            self.interviewer.setText(store.get_setting("interviewer", "") or "")
            for caption, field, key in ((tr("&Device name"), self.device_name, "device_name"),
                                        (tr("I&nterviewer"), self.interviewer, "interviewer")):
                form.addRow(caption, field)
                form.labelForField(field).setBuddy(field)
                align_label(form.labelForField(field), field)
                field.setAccessibleName(caption.replace("&", ""))
                field.editingFinished.connect(self._save_names)
        layout.addLayout(form)
        if store is not None:
            layout.addWidget(self._build_passphrase_box())
            from fieldapp.ui.safety.pin_box import PinBox
            self.pin_box = PinBox(store, self)
            layout.addWidget(self.pin_box)
            from fieldapp.ui.safety.directory_box import DirectoryBox
            self.directory_box = DirectoryBox(store, self)
            layout.addWidget(self.directory_box)
        note = QLabel(tr("These settings belong to this laptop. Answers are never kept here: they stay in the encrypted data."),
                      self, objectName="muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self.app_language.currentIndexChanged.connect(self._save)
        self.questionnaire_language.currentIndexChanged.connect(self._save)
        self.text_scale.currentIndexChanged.connect(self._save)
        self.idle_lock.currentIndexChanged.connect(self._save)

    @Slot()
    def _save(self, *_args) -> None:
        self.settings.set(QUESTIONNAIRE_LANGUAGE, self.questionnaire_language.currentData())
        self.settings.set(IDLE_LOCK_MINUTES, self.idle_lock.currentData())
        self.settings.set(TEXT_SCALE, self.text_scale.currentData())
        self.settings.set(APP_LANGUAGE, self.app_language.currentData())   # last: it rebuilds the pages

    def _build_passphrase_box(self) -> QWidget:
        box = AdaptiveRow(self)   # stacks the two boxes and the button when the row is too narrow
        row = box.box
        row.setContentsMargins(0, 12, 0, 0)
        self.new_passphrase = QLineEdit(box, echoMode=QLineEdit.EchoMode.Password)
        self.new_passphrase.setPlaceholderText(tr("New passphrase"))
        self.new_passphrase.setAccessibleName(tr("New passphrase"))
        self.confirm_passphrase = QLineEdit(box, echoMode=QLineEdit.EchoMode.Password)
        self.confirm_passphrase.setPlaceholderText(tr("Passphrase again"))
        self.confirm_passphrase.setAccessibleName(tr("Passphrase again"))
        self.change_button = QPushButton(tr("Change the passphrase"), box)
        row.addWidget(self.new_passphrase, 1)
        row.addWidget(self.confirm_passphrase, 1)
        row.addWidget(self.change_button)
        self.passphrase_message = QLabel(self, objectName="notice")
        self.passphrase_message.setWordWrap(True)
        self.passphrase_message.hide()
        outer = QWidget(self)
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(box)
        column.addWidget(self.passphrase_message)
        self.change_button.clicked.connect(self._change_passphrase)
        self.confirm_passphrase.returnPressed.connect(self._change_passphrase)
        return outer

    @Slot()
    def _change_passphrase(self) -> None:
        new = self.new_passphrase.text()
        if len(new) < MIN_LENGTH:
            message = tr("The passphrase is too short: use at least 8 characters.")
        elif new != self.confirm_passphrase.text():
            message = tr("The two passphrases are not the same. Type them again.")
        else:
            try:
                self.store.change_passphrase(new)
            except Exception as exc:   # the store says what went wrong in plain words
                message = error_text(exc)
            else:
                message = tr("The passphrase was changed. Use the new one from now on; the recovery code still works.")
                self.new_passphrase.clear()
                self.confirm_passphrase.clear()
        self.passphrase_message.setText(message)
        self.passphrase_message.show()

    @Slot()
    def _save_names(self) -> None:
        if self.store is not None:
            self.store.set_setting("device_name", self.device_name.text().strip())
            self.store.set_setting("interviewer", self.interviewer.text().strip())
