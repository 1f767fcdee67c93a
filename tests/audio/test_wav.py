"""WAV files FieldApp writes: real PCM files the stdlib reads back, samples of any sound card made 16-bit.

W1 a tone wrapped as WAV has the header, rate, channels and length asked for
W2 a damaged file is refused with ValueError, never a crash
W3 8-bit, 32-bit and float samples become the same 16-bit samples
"""

import array
import struct
import sys

import pytest

from fieldapp.audio.wav import SoundFormat, loudness, read_info, to_int16, tone, wav_bytes


def test_a_tone_is_a_real_wav_of_the_right_length():
    data = wav_bytes(tone(1.25, 440))
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    info = read_info(data)
    assert (info.rate, info.channels, info.sample_bytes, info.frames) == (16000, 1, 2, 20000)
    assert info.seconds == 1.25
    assert 0.25 < loudness(tone(0.1)) < 0.35 and loudness(b"\0\0" * 100) == 0.0
    stereo = wav_bytes(tone(0.5, sound=SoundFormat(44100, 2, 2)), SoundFormat(44100, 2, 2))
    assert read_info(stereo).channels == 2 and read_info(stereo).seconds == pytest.approx(0.5, abs=0.001)


def test_a_damaged_file_is_refused():
    with pytest.raises(ValueError):
        read_info(b"RIFF\x00\x00garbage")
    with pytest.raises(ValueError):
        read_info(wav_bytes(tone(0.1))[:30])


def test_other_sample_formats_become_16_bit():
    wanted = [0, 16384, -16384, 32512]
    as_uint8 = bytes([128, 192, 64, 255])
    assert struct.unpack("<4h", to_int16(as_uint8, "uint8")) == tuple(wanted)
    as_int32 = array.array("i", [v << 16 for v in wanted])
    if sys.byteorder != "little":
        as_int32.byteswap()
    assert struct.unpack("<4h", to_int16(as_int32.tobytes(), "int32")) == tuple(wanted)
    as_float = struct.pack("<4f", 0.0, 0.5, -0.5, 1.5)
    assert struct.unpack("<4h", to_int16(as_float, "float")) == (0, 16383, -16383, 32767)
    assert to_int16(b"\x01\x02", "int16") == b"\x01\x02"
