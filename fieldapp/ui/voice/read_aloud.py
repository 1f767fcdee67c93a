"""Reads a question and its choices aloud: the form's recorded audio for the current language when there is one
(Media.audio, however it got into the form), else the system voice for that language, else it says plainly that
neither exists.

Interface: `ReadAloud.way(text, audio, language)` says how an item would be read ("audio", "voice" or "none");
`ReadAloud.read(items, language)` reads a list of (text, audio path or None) one after the other and returns
the ways used; `stop_sound()` stops at once (the privacy switch calls it on every object that has it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QObject, Signal, Slot

from fieldapp.ui.i18n import tr
from fieldapp.ui.runner.language import NAMES
from fieldapp.ui.widgets.media import AudioPlayer, audio_backend

AUDIO, VOICE, NONE = "audio", "voice", "none"
# the speech engines tried when a reader is not given its own (None: every engine of the system but Qt's "mock")
DEFAULT_ENGINES: Sequence[str] | None = None
_speech_state: dict = {}


def language_code(language: str | None) -> str:
    """The two- or three-letter code of a form language: "Español (es)" -> "es", "English" -> "en", "" when unknown."""
    if not language:
        return ""
    found = re.search(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?\)\s*$", language)
    if found:
        return found.group(1).lower()
    lowered = language.strip().lower()
    if re.fullmatch(r"[a-z]{2,3}", lowered):
        return lowered
    for code, names in NAMES.items():
        if lowered.startswith(names):
            return code
    return ""


def speech_module():
    """PySide6.QtTextToSpeech, or None when this Qt has no speech module."""
    if "module" not in _speech_state:
        try:
            from PySide6 import QtTextToSpeech
            _speech_state["module"] = QtTextToSpeech
        except ImportError:
            _speech_state["module"] = None
    return _speech_state["module"]


def _plain(text: str) -> str:
    """Markdown and HTML marks are not read out."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    return re.sub(r"[*_#`]+", "", text).strip()


class ReadAloud(QObject):
    """One reader per screen; `engines` are the speech engines to try, in order (None: the system's, not "mock")."""

    sig_finished = Signal()
    """Everything asked for was read (or stopped)."""

    def __init__(self, parent=None, engines: Sequence[str] | None = None):
        super().__init__(parent)
        self._engines = engines if engines is not None else DEFAULT_ENGINES
        self._voices: dict[str, object | None] = {}    # language code -> QTextToSpeech set to it, or None
        self._player = AudioPlayer(self)
        self._queue: list[tuple[str, str | None]] = []
        self._language = ""
        self._speaking = None
        self._watching_player = None

    # -- what is there ------------------------------------------------------------------------
    def has_audio(self, audio: str | None) -> bool:
        return bool(audio) and Path(audio).is_file() and audio_backend() is not None

    def voice_for(self, language: str):
        """A QTextToSpeech speaking `language` (a form language name or code), or None when there is none."""
        code = language_code(language) or language
        if code in self._voices:
            return self._voices[code]
        self._voices[code] = None
        module = speech_module()
        if module is None or not code:
            return None
        engines = self._engines if self._engines is not None else [
            name for name in module.QTextToSpeech.availableEngines() if name != "mock"]
        for engine in engines:
            try:
                speech = module.QTextToSpeech(engine, self)
            except Exception:   # an engine that cannot start is the same as none
                continue
            if speech.state() == module.QTextToSpeech.State.Error:
                speech.deleteLater()
                continue
            locale = next((loc for loc in speech.availableLocales() if loc.name().split("_")[0].lower() == code), None)
            if locale is None:
                speech.deleteLater()
                continue
            speech.setLocale(locale)
            speech.stateChanged.connect(self._on_speech_state)
            self._voices[code] = speech
            break
        return self._voices[code]

    def way(self, text: str, audio: str | None, language: str) -> str:
        if self.has_audio(audio):
            return AUDIO
        if _plain(text) and self.voice_for(language) is not None:
            return VOICE
        return NONE

    def can_read(self, items, language: str) -> bool:
        """Whether every item can be read aloud one way or another."""
        return all(self.way(text, audio, language) != NONE for text, audio in items if _plain(text) or audio)

    # -- reading --------------------------------------------------------------------------------
    def read(self, items: Sequence[tuple[str, str | None]], language: str) -> list[str]:
        """Read the items one after the other (stopping whatever is being read); returns how each will be read.

        Items that can be read neither way are passed by; the caller says so on screen ("none" in the list).
        """
        self.stop_sound()
        items = [(text, audio) for text, audio in items if _plain(text) or audio]
        ways = [self.way(text, audio, language) for text, audio in items]
        self._language = language
        self._queue = [item for item, way in zip(items, ways) if way != NONE]
        self._next()
        return ways

    def _next(self) -> None:
        if not self._queue:
            self._speaking = None
            self.sig_finished.emit()
            return
        text, audio = self._queue.pop(0)
        if self.has_audio(audio) and self._player.play(audio):
            self._watch_player()
            return
        speech = self.voice_for(self._language)
        if speech is None:
            self._next()
            return
        self._speaking = speech
        speech.say(_plain(text))

    def _watch_player(self) -> None:
        player = self._player._player
        if player is not None and self._watching_player is not player:
            player.mediaStatusChanged.connect(self._on_media_status)
            self._watching_player = player

    @Slot(object)
    def _on_media_status(self, status) -> None:
        backend = audio_backend()
        if backend is not None and status in (backend[0].MediaStatus.EndOfMedia, backend[0].MediaStatus.InvalidMedia):
            self._next()

    @Slot(object)
    def _on_speech_state(self, state) -> None:
        module = speech_module()
        if self.sender() is self._speaking and state == module.QTextToSpeech.State.Ready:
            self._next()

    @property
    def busy(self) -> bool:
        return bool(self._queue) or self._speaking is not None

    def stop_sound(self) -> None:
        """Stop at once: the recording, the voice, and what was still to be read."""
        self._queue = []
        speaking, self._speaking = self._speaking, None
        self._player.stop_sound()
        for speech in list(self._voices.values()):
            if speech is not None:
                speech.stop()
        del speaking


def question_items(question) -> list[tuple[str, str | None]]:
    """A question as read aloud: its label (with its recording), then each choice (with its own)."""
    items = [(question.label, question.media.audio)]
    for number, choice in enumerate(question.choices, 1):
        items.append((f"{number}. {choice.label}", choice.media.audio))
    return items


def nothing_to_read_with(language: str) -> str:
    """Said on screen when a label has no recording and this computer has no voice for the language."""
    return tr("This cannot be read aloud here: the form has no recording for it and this computer has no voice "
              "for {language}. Read it aloud yourself.").format(language=language or tr("this language"))
