"""The Settings place: app language, questionnaire language default, text size, idle lock, and this laptop's names."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from fieldapp.ui.i18n import APP_LANGUAGES, tr
from fieldapp.ui.settings.options import (APP_LANGUAGE, IDLE_LOCK_MINUTES, QUESTIONNAIRE_LANGUAGE, TEXT_SCALE,
                                          TEXT_SCALES, AppSettings)


class SettingsPage(QWidget):
    """Every change applies at once (the shell listens to AppSettings.sig_option_changed)."""

    def __init__(self, settings: AppSettings, store=None, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.store = store
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel(tr("Settings"), self, objectName="pageTitle"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.app_language = QComboBox(self)
        for code, name in APP_LANGUAGES.items():
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
        self.idle_lock = QSpinBox(self)
        self.idle_lock.setRange(0, 240)
        self.idle_lock.setSuffix(" " + tr("min"))
        self.idle_lock.setSpecialValueText(tr("never"))
        self.idle_lock.setValue(settings.get(IDLE_LOCK_MINUTES))
        rows = ((tr("App &language"), self.app_language), (tr("&Questionnaire language to start with"), self.questionnaire_language),
                (tr("&Text size"), self.text_scale), (tr("Lock after this many minutes &idle"), self.idle_lock))
        for caption, field in rows:
            form.addRow(caption, field)
            form.labelForField(field).setBuddy(field)
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
                field.setAccessibleName(caption.replace("&", ""))
                field.editingFinished.connect(self._save_names)
        layout.addLayout(form)
        note = QLabel(tr("These settings belong to this laptop. Answers are never kept here: they stay in the encrypted data."),
                      self, objectName="muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self.app_language.currentIndexChanged.connect(self._save)
        self.questionnaire_language.currentIndexChanged.connect(self._save)
        self.text_scale.currentIndexChanged.connect(self._save)
        self.idle_lock.valueChanged.connect(self._save)

    @Slot()
    def _save(self, *_args) -> None:
        self.settings.set(QUESTIONNAIRE_LANGUAGE, self.questionnaire_language.currentData())
        self.settings.set(IDLE_LOCK_MINUTES, self.idle_lock.value())
        self.settings.set(TEXT_SCALE, self.text_scale.currentData())
        self.settings.set(APP_LANGUAGE, self.app_language.currentData())   # last: it rebuilds the pages

    @Slot()
    def _save_names(self) -> None:
        if self.store is not None:
            self.store.set_setting("device_name", self.device_name.text().strip())
            self.store.set_setting("interviewer", self.interviewer.text().strip())
