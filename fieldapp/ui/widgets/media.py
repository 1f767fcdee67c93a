"""Label media next to a question or choice: the image shown, audio playable (QtMultimedia loaded only when needed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr
from fieldapp.xform.model.views import Media

MAX_IMAGE_WIDTH = 480
_audio_state: dict = {}


def audio_backend():
    """QtMultimedia's (QMediaPlayer, QAudioOutput), or None when this computer cannot play audio.

    On Linux it needs the system library libpulse0; import it lazily so the
    rest of the app works without it.
    """
    if "backend" not in _audio_state:
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
            _audio_state["backend"] = (QMediaPlayer, QAudioOutput)
        except ImportError:
            _audio_state["backend"] = None
    return _audio_state["backend"]


def scaled_pixmap(path: str, max_width: int = MAX_IMAGE_WIDTH) -> QPixmap | None:
    pixmap = QPixmap(path)
    if pixmap.isNull():
        return None
    if pixmap.width() > max_width:
        pixmap = pixmap.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    return pixmap


class AudioPlayer(QObject):
    """Plays one audio file at a time for a widget; `play()` says False when this computer cannot."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._player = None
        self._output = None

    def play(self, path: str | None) -> bool:
        backend = audio_backend()
        if backend is None or not path or not Path(path).is_file():
            return False
        player_cls, output_cls = backend
        if self._player is None:
            self._player = player_cls(self)
            self._output = output_cls(self)
            self._player.setAudioOutput(self._output)
        self._player.setSource(QUrl.fromLocalFile(path))
        self._player.setPosition(0)
        self._player.play()
        return True

    def stop_sound(self) -> None:
        """Stop playing at once (the privacy switch calls this on every player).

        The player is looked up among this object's children, not through `self._player`: when Python has let go
        of this object while Qt keeps it (its widget still shown), PySide hands the privacy switch a new wrapper
        without the attributes set in __init__, and the switch must still silence it.
        """
        backend = _audio_state.get("backend")
        if backend:
            for player in self.findChildren(backend[0]):
                player.stop()


class MediaStrip(QWidget):
    """The image, an audio play button and a video link of one label (hidden when there is none)."""

    def __init__(self, media: Media, label: str, parent=None, *, play_words: str | None = None):
        super().__init__(parent)
        self._media = media
        self._player = AudioPlayer(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.image_label = None
        if media.image and Path(media.image).is_file():
            pixmap = scaled_pixmap(media.image)
            if pixmap is not None:
                self.image_label = QLabel(self)
                self.image_label.setPixmap(pixmap)
                self.image_label.setAccessibleName(tr("Picture: {label}").format(label=label))
                layout.addWidget(self.image_label)
        buttons = QHBoxLayout()
        self.audio_button = None
        self.audio_note = None
        if media.audio:
            self.audio_button = QPushButton(play_words or tr("▶ Play audio"), self)
            self.audio_button.setAccessibleName(tr("Play the recorded audio"))
            self.audio_button.clicked.connect(self._play_audio)
            buttons.addWidget(self.audio_button)
        if media.video:
            video_button = QPushButton(tr("Open video"), self)
            video_button.clicked.connect(self._open_video)
            buttons.addWidget(video_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        if media.audio and audio_backend() is None:
            self._say_audio_unavailable()
        self.setVisible(bool(self.image_label or media.audio or media.video))

    def _say_audio_unavailable(self) -> None:
        if self.audio_button is not None:
            self.audio_button.setEnabled(False)
        if self.audio_note is None:
            self.audio_note = QLabel(tr("Audio cannot play on this computer (on Linux, install the libpulse0 package). "
                                        "Read the question aloud instead."), self, objectName="notice")
            self.audio_note.setWordWrap(True)
            self.layout().addWidget(self.audio_note)

    @Slot()
    def _play_audio(self) -> None:
        if not self._player.play(self._media.audio):
            self._say_audio_unavailable()

    @Slot()
    def _open_video(self) -> None:
        if self._media.video:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self._media.video))
