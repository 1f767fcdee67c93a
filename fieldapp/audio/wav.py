"""WAV (PCM) files made from recorded samples, read back to check them, and a generated tone to record without a microphone.

WAV PCM plays everywhere (Qt, ODK Collect, Enketo, any computer) and needs no
encoder, so FieldApp writes every recording this way: 16-bit mono at 16 kHz is
clear speech at about 32 KB a second.
"""

from __future__ import annotations

import io
import math
import os
import struct
import wave
from dataclasses import dataclass

SAMPLE_RATE = 16_000
CHANNELS = 1
SAMPLE_BYTES = 2          # 16-bit signed, little-endian


@dataclass(frozen=True)
class SoundFormat:
    rate: int = SAMPLE_RATE
    channels: int = CHANNELS
    sample_bytes: int = SAMPLE_BYTES

    @property
    def bytes_per_second(self) -> int:
        return self.rate * self.channels * self.sample_bytes


SPEECH = SoundFormat()


@dataclass(frozen=True)
class WavInfo:
    rate: int
    channels: int
    sample_bytes: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0


def wav_bytes(pcm: bytes, sound: SoundFormat = SPEECH) -> bytes:
    """A complete WAV file holding the PCM samples `pcm` (whole frames only)."""
    frame = sound.channels * sound.sample_bytes
    pcm = pcm[:len(pcm) - len(pcm) % frame]
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(sound.channels)
        writer.setsampwidth(sound.sample_bytes)
        writer.setframerate(sound.rate)
        writer.writeframes(pcm)
    return out.getvalue()


def read_info(source: bytes | str | os.PathLike) -> WavInfo:
    """What a WAV file holds; ValueError when it is not a readable PCM WAV file."""
    try:
        handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else open(source, "rb")
        with handle, wave.open(handle, "rb") as reader:
            return WavInfo(reader.getframerate(), reader.getnchannels(), reader.getsampwidth(), reader.getnframes())
    except (wave.Error, EOFError, OSError) as err:
        raise ValueError(f"not a readable WAV file: {err}") from None


def tone(seconds: float, frequency: float = 440.0, sound: SoundFormat = SPEECH, volume: float = 0.3) -> bytes:
    """PCM samples of a sine tone: what a fake microphone "hears"."""
    frames = int(seconds * sound.rate)
    peak = int(32767 * volume)
    samples = (int(peak * math.sin(2 * math.pi * frequency * n / sound.rate)) for n in range(frames))
    mono = b"".join(struct.pack("<h", s) for s in samples)
    if sound.channels == 1:
        return mono
    return b"".join(mono[i:i + 2] * sound.channels for i in range(0, len(mono), 2))


def to_int16(data: bytes, sample_format: str) -> bytes:
    """Samples a sound card gave ("uint8", "int16", "int32" or "float", little-endian) as 16-bit PCM for WAV."""
    import array
    import sys
    codes = {"uint8": "B", "int16": "h", "int32": "i", "float": "f"}
    if sample_format == "int16" or sample_format not in codes:
        return data
    samples = array.array(codes[sample_format])
    samples.frombytes(data[:len(data) - len(data) % samples.itemsize])
    if sys.byteorder != "little":
        samples.byteswap()
    if sample_format == "uint8":
        values = ((v - 128) << 8 for v in samples)
    elif sample_format == "int32":
        values = (v >> 16 for v in samples)
    else:
        values = (max(-32768, min(32767, int(v * 32767))) for v in samples)
    out = array.array("h", values)
    if sys.byteorder != "little":
        out.byteswap()
    return out.tobytes()


def loudness(pcm: bytes) -> float:
    """The peak level of 16-bit samples, 0.0 (silence) to 1.0: tells a dead microphone from speech."""
    count = len(pcm) // 2
    if not count:
        return 0.0
    values = struct.unpack(f"<{count}h", pcm[:count * 2])
    return max(abs(v) for v in values) / 32768
