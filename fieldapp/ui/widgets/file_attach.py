"""An attached file (types image, audio, video, file): chosen from disk; the value is the file's name, as in ODK."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.media import scaled_pixmap
from fieldapp.ui.widgets.registry import register

FILTERS = {
    "image": "Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp)",
    "audio": "Audio (*.mp3 *.m4a *.wav *.ogg *.amr *.aac)",
    "video": "Video (*.mp4 *.mov *.avi *.mkv *.3gp *.webm)",
}


@register("image", "")
@register("audio", "")
@register("video", "")
@register("file", "")
class FileWidget(QuestionWidget):
    """Attach a file; `attached_path` keeps where it came from so the runner can hand it to the store."""

    sig_file_attached = Signal(str)
    """A file was chosen. Argument: its full path on disk."""

    def build_input(self) -> None:
        self.attached_path: str | None = None
        self.kind = (self.question.control.mediatype or "*/*").split("/")[0]
        row = QHBoxLayout()
        self.choose_button = QPushButton(tr("Attach a file…"), self)
        self.choose_button.setAccessibleName(tr("Attach a file"))
        self.remove_button = QPushButton(tr("Remove"), self)
        self.file_name = QLabel(tr("No file attached"), self, objectName="muted")
        row.addWidget(self.choose_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.file_name, 1)
        self.input_area.addLayout(row)
        self.preview = QLabel(self)
        self.preview.hide()
        self.input_area.addWidget(self.preview)
        self.choose_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove)

    @Slot()
    def _choose(self) -> None:
        name_filter = tr(FILTERS[self.kind]) if self.kind in FILTERS else ""
        path, _ = QFileDialog.getOpenFileName(self, tr("Attach a file"), str(Path.home()), name_filter)
        if path:
            self.attach(path)

    def attach(self, path: str) -> None:
        self.attached_path = path
        self._show(Path(path).name)
        self.sig_file_attached.emit(path)
        self.emit_value()

    @Slot()
    def _remove(self) -> None:
        self.attached_path = None
        self._show("")
        self.emit_value()

    def _show(self, name: str) -> None:
        self._name = name
        self.file_name.setText(name or tr("No file attached"))
        self.remove_button.setEnabled(bool(name))
        pixmap = scaled_pixmap(self.attached_path, 320) if (self.kind == "image" and self.attached_path) else None
        if pixmap is not None:
            self.preview.setPixmap(pixmap)
        self.preview.setVisible(pixmap is not None)

    def input_widgets(self):
        return [self.choose_button, self.remove_button]

    def value(self) -> str:
        return getattr(self, "_name", "")

    def set_value(self, value: str) -> None:
        self._show(value)
