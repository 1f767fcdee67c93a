"""Record from the laptop's microphone into a WAV file in memory; the sound's source can be swapped (a tone in tests).

QtMultimedia's QAudioSource gives raw samples on every platform without an
encoder, and FieldApp wraps them as WAV PCM itself (fieldapp.audio.wav). The
source sits behind `SoundSource` so tests, and computers without a microphone,
can record from a generated tone. QtMultimedia is imported only when a
microphone is used: the app works without its system libraries.
"""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal

from fieldapp.audio.wav import SPEECH, SoundFormat, to_int16, tone, wav_bytes


class SoundSource(Protocol):
    """Where recorded samples come from: 16-bit PCM in `sound_format` once started."""

    def available(self) -> bool:
        """True when it can record now (a microphone is there)."""

    def start(self) -> SoundFormat:
        """Begin recording; returns the format of the samples stop() will give."""

    def stop(self) -> bytes:
        """End recording; the PCM samples recorded since start()."""


def multimedia():
    """PySide6.QtMultimedia, or None when this computer lacks its system libraries."""
    try:
        from PySide6 import QtMultimedia
    except ImportError:
        return None
    return QtMultimedia


def microphones() -> list:
    """The audio inputs Qt sees (QAudioDevice), none when QtMultimedia cannot load."""
    module = multimedia()
    return list(module.QMediaDevices.audioInputs()) if module is not None else []


class MicrophoneSource:
    """The laptop's default microphone through QAudioSource, 16-bit mono 16 kHz (or what the device prefers)."""

    def __init__(self):
        self._source = None
        self._buffer = None
        self._format = SPEECH
        self._sample_format = "int16"

    def available(self) -> bool:
        return bool(microphones())

    def start(self) -> SoundFormat:
        module = multimedia()
        device = module.QMediaDevices.defaultAudioInput()
        wanted = module.QAudioFormat()
        wanted.setSampleRate(SPEECH.rate)
        wanted.setChannelCount(SPEECH.channels)
        wanted.setSampleFormat(module.QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(wanted):
            wanted = device.preferredFormat()
        kinds = module.QAudioFormat.SampleFormat
        self._sample_format = {kinds.UInt8: "uint8", kinds.Int16: "int16", kinds.Int32: "int32",
                               kinds.Float: "float"}.get(wanted.sampleFormat(), "int16")
        self._format = SoundFormat(wanted.sampleRate(), wanted.channelCount(), 2)
        self._buffer = QBuffer()
        self._buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self._source = module.QAudioSource(device, wanted)
        self._source.start(self._buffer)
        return self._format

    def stop(self) -> bytes:
        if self._source is None:
            return b""
        self._source.stop()
        data = bytes(self._buffer.data())
        self._buffer.close()
        self._source = self._buffer = None
        return to_int16(data, self._sample_format)   # a device that gives other samples: 16-bit, as WAV players expect


class ToneSource:
    """A fake microphone: a sine tone as long as the recording lasted (or `seconds`, fixed, for tests)."""

    def __init__(self, seconds: float | None = None, frequency: float = 440.0, present: bool = True):
        self.seconds = seconds
        self.frequency = frequency
        self.present = present
        self._started: float | None = None

    def available(self) -> bool:
        return self.present

    def start(self) -> SoundFormat:
        self._started = time.monotonic()
        return SPEECH

    def stop(self) -> bytes:
        elapsed = time.monotonic() - (self._started or time.monotonic())
        self._started = None
        return tone(self.seconds if self.seconds is not None else elapsed, self.frequency)


_sources = {"make": MicrophoneSource}


def default_source() -> SoundSource:
    """Where new recorders record from: the microphone (tests put a tone here with `use_source`)."""
    return _sources["make"]()


def use_source(make) -> None:
    """Record from what `make()` returns from now on (a ToneSource in tests); `MicrophoneSource` puts it back."""
    _sources["make"] = make


class Recorder(QObject):
    """Start and stop a recording; each finished take comes out as a whole WAV file (bytes)."""

    sig_recorded = Signal(QByteArray)
    """A take ended. Argument: the WAV file's bytes."""
    sig_failed = Signal(str)
    """Recording could not start or ended empty. Argument: what happened, in words."""
    sig_discarded = Signal()
    """The take in progress was dropped (the privacy screen came up): nothing of it is kept."""

    def __init__(self, source: SoundSource | None = None, parent=None):
        super().__init__(parent)
        self.source = source if source is not None else default_source()
        self.recording = False
        self._format = SPEECH

    def available(self) -> bool:
        try:
            return self.source.available()
        except Exception:   # a broken audio system is no microphone
            return False

    def start(self) -> bool:
        if self.recording:
            return True
        try:
            self._format = self.source.start()
        except Exception as exc:
            self.sig_failed.emit(str(exc))
            return False
        self.recording = True
        return True

    def stop_sound(self) -> None:
        """The privacy switch calls this on every object of the app: the microphone stops and the take is dropped.

        Someone came near: what the microphone heard in that moment is not kept. Safe on a wrapper PySide
        re-created without the attributes set in __init__ (then there is nothing recording through it).
        """
        if not getattr(self, "recording", False):
            return
        self.recording = False
        try:
            self.source.stop()
        except Exception:
            pass
        self.sig_discarded.emit()

    def stop(self) -> bytes | None:
        """End the take; returns the WAV bytes (also sent by sig_recorded), None when nothing was heard."""
        if not self.recording:
            return None
        self.recording = False
        try:
            pcm = self.source.stop()
        except Exception as exc:
            self.sig_failed.emit(str(exc))
            return None
        if not pcm:
            self.sig_failed.emit("")
            return None
        data = wav_bytes(pcm, self._format)
        self.sig_recorded.emit(QByteArray(data))
        return data
