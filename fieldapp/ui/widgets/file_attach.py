"""An attached file (types image, audio, video, file): chosen from disk, kept by the store; the value is its name, as in ODK.

An audio question also records from the microphone (record, stop, play back,
record again): the take goes to the store from memory, as an attached file
would, and is never written to the disk in the clear. Without a microphone the
widget says so and attaching a file remains.

With a store (the runner calls `set_attachment_reader`), choosing a file only
asks for it to be attached: the store copies it into the encrypted database
and answers the question with a new name, and the widget shows that file from
the store's bytes, in memory (a thumbnail for pictures, the size for all).
Without one (widget tests, previews) the file's own name is the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.media import audio_backend, scaled_pixmap
from fieldapp.ui.widgets.registry import register

FILTERS = {
    "image": "Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp)",
    "audio": "Audio (*.mp3 *.m4a *.wav *.ogg *.amr *.aac)",
    "video": "Video (*.mp4 *.mov *.avi *.mkv *.3gp *.webm)",
}
THUMBNAIL_WIDTH = 320


def size_words(size: int) -> str:
    """A file size as people read it (820 bytes, 14 KB, 3.2 MB)."""
    if size < 1024:
        return tr("{n} bytes").format(n=size)
    if size < 1024 * 1024:
        return tr("{n} KB").format(n=f"{size / 1024:.0f}")
    return tr("{n} MB").format(n=f"{size / (1024 * 1024):.1f}")


def thumbnail(content: bytes, max_width: int = THUMBNAIL_WIDTH) -> QPixmap | None:
    """A picture from bytes in memory (never through a file on disk), scaled down to `max_width`."""
    image = QImage.fromData(content)
    if image.isNull():
        return None
    if image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(image)


def recording_name() -> str:
    """The name a take is answered with when no store names it: when it was made, nothing about who spoke."""
    import datetime as dt
    return dt.datetime.now().strftime("recording-%Y%m%d-%H%M%S.wav")


@register("image", "")
@register("audio", "")
@register("video", "")
@register("file", "")
class FileWidget(QuestionWidget):
    """Attach, show and remove one file; the store (through the runner) keeps the bytes."""

    sig_file_attached = Signal(str)
    """A file was chosen. Argument: its full path on disk."""
    sig_file_removed = Signal()
    """"Remove" was pressed while a store keeps the file: the runner clears the answer and deletes the file."""
    sig_recording_made = Signal(QByteArray)
    """A take from the microphone ended while a store keeps the files. Argument: the WAV file's bytes."""

    def build_input(self) -> None:
        self.attached_path: str | None = None
        self._read_attachment: Callable[[str], bytes | None] | None = None
        self._audio_player = None
        self._audio_buffer = None
        self.kind = (self.question.control.mediatype or "*/*").split("/")[0]
        row = QHBoxLayout()
        self.choose_button = QPushButton(tr("Attach a file…"), self)
        self.choose_button.setAccessibleName(tr("Attach a file"))
        self.remove_button = QPushButton(tr("Remove"), self)
        self.play_button = QPushButton(tr("▶ Play"), self)
        self.play_button.setAccessibleName(tr("Play the recording"))
        self.play_button.hide()
        self.file_name = QLabel(tr("No file attached"), self, objectName="muted")
        self.file_name.setWordWrap(True)
        row.addWidget(self.choose_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.play_button)
        row.addWidget(self.file_name, 1)
        self.input_area.addLayout(row)
        self.recorder = None
        self._recorded: bytes | None = None     # a take kept here when no store keeps files (previews, tests)
        self.record_button = None
        self.mic_note = None
        if self.kind == "audio":
            self._build_recording(row)
        self.preview = QLabel(self)
        self.preview.hide()
        self.input_area.addWidget(self.preview)
        self.choose_button.clicked.connect(self._choose)
        self.remove_button.clicked.connect(self._remove)
        self.play_button.clicked.connect(self._play)

    def _build_recording(self, row) -> None:
        from fieldapp.ui.audio.recorder import Recorder
        self.recorder = Recorder(parent=self)
        self.record_button = QPushButton(tr("● Record"), self)
        self.record_button.setAccessibleName(tr("Record the answer from the microphone"))
        row.insertWidget(0, self.record_button)
        self.record_button.clicked.connect(self.toggle_recording)
        self.recorder.sig_discarded.connect(self._on_take_discarded)
        self.mic_note = QLabel(tr("This laptop has no microphone FieldApp can use: attach a recording made "
                                  "elsewhere instead (“Attach a file…”), or plug in a microphone."), self,
                               objectName="notice")
        self.mic_note.setWordWrap(True)
        self.input_area.addWidget(self.mic_note)
        present = self.recorder.available()
        self.record_button.setVisible(present)
        self.mic_note.setVisible(not present)

    @Slot()
    def toggle_recording(self) -> None:
        """Start a take, or end it and keep it as the answer (a new take replaces the one before)."""
        if self.recorder is None:
            return
        if self.recorder.recording:
            data = self.recorder.stop()
            self.record_button.setText(tr("● Record again") if data or self.value() else tr("● Record"))
            self.choose_button.setEnabled(True)
            if not data:
                self.file_name.setText(tr("Nothing was heard. Check the microphone and record again."))
                return
            if self.store_keeps_files:
                self.sig_recording_made.emit(QByteArray(data))   # the runner attaches it and refreshes this widget
                return
            self._recorded = data
            self._show(recording_name())
            self.emit_value()
            return
        if not self.recorder.available():
            self.record_button.hide()
            self.mic_note.show()
            return
        if self._audio_player is not None:
            self._audio_player.stop()
        if self.recorder.start():
            self.record_button.setText(tr("■ Stop recording"))
            self.choose_button.setEnabled(False)
            self.play_button.hide()
            self.file_name.setText(tr("Recording… press “Stop recording” when the answer is finished."))
        else:
            self.file_name.setText(tr("The microphone could not start. Close other programs that use it and "
                                      "try again, or attach a file."))

    @Slot()
    def _on_take_discarded(self) -> None:
        """The privacy screen stopped the take: it is not kept; the answer stays as it was."""
        self.choose_button.setEnabled(True)
        self._show(self.value())
        self.file_name.setText(tr("The recording was stopped and not kept. Record again when it is safe."))

    def hideEvent(self, event) -> None:
        """Leaving the question (another screen, the window closing) turns the microphone off; the take is dropped."""
        if self.recorder is not None and self.recorder.recording:
            self.recorder.stop_sound()
        super().hideEvent(event)

    def recorded_bytes(self) -> bytes | None:
        """The take kept here (no store), for playing it back."""
        return self._recorded

    def set_attachment_reader(self, read: Callable[[str], bytes | None]) -> None:
        """Let the store keep the file: `read(file name)` gives its bytes (None when it is not stored)."""
        self._read_attachment = read
        self._show(self.value())

    @property
    def store_keeps_files(self) -> bool:
        return self._read_attachment is not None

    @Slot()
    def _choose(self) -> None:
        name_filter = tr(FILTERS[self.kind]) if self.kind in FILTERS else ""
        path, _ = QFileDialog.getOpenFileName(self, tr("Attach a file"), str(Path.home()), name_filter)
        if path:
            self.attach(path)

    def attach(self, path: str) -> None:
        """Attach the file at `path` (as if chosen in the dialog)."""
        if self.store_keeps_files:
            # The store answers with the new name; the runner then refreshes this widget.
            self.sig_file_attached.emit(path)
            return
        self.attached_path = path
        self._recorded = None
        self._show(Path(path).name)
        self.sig_file_attached.emit(path)
        self.emit_value()

    @Slot()
    def _remove(self) -> None:
        if self.store_keeps_files:
            self.sig_file_removed.emit()
            return
        self.attached_path = None
        self._recorded = None
        self._show("")
        self.emit_value()

    def _show(self, name: str) -> None:
        self._name = name
        self.remove_button.setEnabled(bool(name))
        pixmap, description = None, name
        if name and self.store_keeps_files:
            content = self._read_attachment(name)
            if content is None:
                description = tr("{name} (the file is not stored on this laptop)").format(name=name)
            else:
                description = f"{name} ({size_words(len(content))})"
                if self.kind == "image":
                    pixmap = thumbnail(content)
        elif name and self.kind == "image" and self.attached_path:
            pixmap = scaled_pixmap(self.attached_path, THUMBNAIL_WIDTH)
        self.file_name.setText(description or tr("No file attached"))
        if pixmap is not None:
            self.preview.setPixmap(pixmap)
            self.preview.setAccessibleName(tr("Attached picture"))
        else:
            self.preview.clear()
        self.preview.setVisible(pixmap is not None)
        self.play_button.setVisible(bool(name) and self.kind == "audio"
                                    and (self.store_keeps_files or self._recorded is not None))
        if self.record_button is not None and not self.recorder.recording:
            self.record_button.setText(tr("● Record again") if name else tr("● Record"))

    @Slot()
    def _play(self) -> None:
        """Play the recording from memory (a QBuffer), or say this computer cannot."""
        backend = audio_backend()
        content = self._read_attachment(self._name) if (self.store_keeps_files and self._name) else self._recorded
        if backend is None or content is None:
            self.play_button.setEnabled(False)
            self.file_name.setText(self.file_name.text() + " " + tr("(it cannot be played on this computer)"))
            return
        player_cls, output_cls = backend
        if self._audio_player is None:
            self._audio_player = player_cls(self)
            self._audio_player.setAudioOutput(output_cls(self))
        self._audio_player.stop()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(content))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._audio_player.setSourceDevice(buffer)
        if self._audio_buffer is not None:
            self._audio_buffer.deleteLater()
        self._audio_buffer = buffer     # the player reads from it while playing: keep it alive
        self._audio_player.play()

    def input_widgets(self):
        if self.record_button is not None and self.record_button.isVisibleTo(self):
            return [self.record_button, self.choose_button, self.remove_button]
        return [self.choose_button, self.remove_button]

    def value(self) -> str:
        return getattr(self, "_name", "")

    def set_value(self, value: str) -> None:
        self._show(value)
