"""Carrying on a zip entry's deflate stream from an earlier file's bytes, so that appending rows to a large sheet
copies its compressed rows as they are instead of decompressing and compressing them again.

When a data sheet is written, its compressor is flushed to a byte boundary (an empty stored block, as
Z_SYNC_FLUSH leaves) just before the sheet's closing tags, and that point is recorded: how many compressed
bytes, how many plain bytes and their CRC-32. Deflate data up to such a point is a run of complete,
non-final blocks, so a later file may copy those bytes verbatim and carry on with a fresh compressor: a
deflate reader reads the blocks one after the other, and the new compressor never refers back before its
own start. The zip entry's CRC-32 carries on from the recorded one.

Python's zipfile has no public way to put compressed bytes into an entry it writes; this uses the attributes
of the object `ZipFile.open(name, "w")` returns (the same in every Python since 3.6) and says when they are
not there, so the caller can fall back to decompressing and compressing.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from zipfile import ZIP_DEFLATED, ZipInfo

_NEEDED = ("_compressor", "_compress_size", "_file_size", "_crc", "_fileobj")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")     # signature ... file name length, extra field length
_LOCAL_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class ResumePoint:
    """Where a sheet's compressed data can be carried on: bytes before the point, compressed and plain."""
    compressed: int
    plain: int
    crc: int

    def as_list(self) -> list[int]:
        return [self.compressed, self.plain, self.crc]

    @classmethod
    def from_list(cls, values) -> "ResumePoint | None":
        if not isinstance(values, (list, tuple)) or len(values) != 3 or not all(
                type(v) is int and v >= 0 for v in values):
            return None
        return cls(*values)


def supported(entry) -> bool:
    """Whether `entry` (from ZipFile.open(..., "w")) is a deflated entry whose writer this module can drive."""
    return all(hasattr(entry, name) for name in _NEEDED) and entry._compressor is not None and \
        getattr(getattr(entry, "_zinfo", None), "compress_type", None) == ZIP_DEFLATED


def mark(entry) -> ResumePoint | None:
    """Flush `entry`'s compressor to a byte boundary and return that point (None when not supported)."""
    if not supported(entry):
        return None
    flushed = entry._compressor.flush(zlib.Z_SYNC_FLUSH)
    entry._compress_size += len(flushed)
    entry._fileobj.write(flushed)
    return ResumePoint(entry._compress_size, entry._file_size, entry._crc)


def carry_on(entry, pieces, point: ResumePoint) -> None:
    """Start the new, still empty `entry` with `pieces`, an earlier entry's compressed bytes up to `point`.
    Where the entry's writer cannot be driven so, the pieces are decompressed and written as plain bytes."""
    if not supported(entry):
        unzip = zlib.decompressobj(-zlib.MAX_WBITS)
        for piece in pieces:
            entry.write(unzip.decompress(piece))
        entry.write(unzip.flush())
        return
    written = 0
    for piece in pieces:
        entry._fileobj.write(piece)
        written += len(piece)
    if written != point.compressed:
        raise ValueError(f"{written} compressed bytes where {point.compressed} were kept")
    entry._compress_size = point.compressed
    entry._file_size = point.plain
    entry._crc = point.crc


def compressed_bytes(info: ZipInfo, buffer: memoryview, point: ResumePoint) -> memoryview | None:
    """The first `point.compressed` bytes of `info`'s data inside the in-memory zip `buffer` (no copy), or None
    when the entry is not laid out as expected."""
    if info.compress_type != ZIP_DEFLATED or info.compress_size < point.compressed or info.file_size < point.plain:
        return None
    start = info.header_offset
    header = bytes(buffer[start:start + _LOCAL_HEADER.size])
    if len(header) != _LOCAL_HEADER.size:
        return None
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        return None
    data = start + _LOCAL_HEADER.size + fields[-2] + fields[-1]
    if data + point.compressed > len(buffer):
        return None
    return buffer[data:data + point.compressed]
