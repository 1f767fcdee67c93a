"""Raw pages of the encrypted database and its write-ahead log, decrypted with the data key, for tests that look at what is left on disk.

SQLCipher 4 with a raw key (see keys.sqlcipher_key_literal): pages of 4096
bytes, each ending in a reserve of 80 bytes (16-byte IV, 64-byte HMAC); the
rest is AES-256-CBC under the data key itself. Page 1 begins with the 16-byte
salt in clear. The log holds a 32-byte header, then frames of a 24-byte header
and one page. Reading bytes this way shows what SQL cannot: freed cells, stale
copies of pages, old frames of the log.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVE = 80          # IV (16) + HMAC-SHA512 (64)
SALT = 16
WAL_HEADER, FRAME_HEADER = 32, 24


def decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    body, iv = page[start:PAGE_SIZE - RESERVE], page[PAGE_SIZE - RESERVE:PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def database_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of the database file, decrypted (free pages and freed cells included)."""
    data = path.read_bytes() if path.exists() else b""
    return [decrypt_page(data[at:at + PAGE_SIZE], key, at == 0) for at in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE)]


def log_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page kept in the write-ahead log, decrypted, old frames included."""
    data = path.read_bytes() if path.exists() else b""
    pages = []
    at = WAL_HEADER
    while at + FRAME_HEADER + PAGE_SIZE <= len(data):
        number = int.from_bytes(data[at:at + 4], "big")
        pages.append(decrypt_page(data[at + FRAME_HEADER:at + FRAME_HEADER + PAGE_SIZE], key, number == 1))
        at += FRAME_HEADER + PAGE_SIZE
    return pages


def readable(pages: list[bytes], secret: str) -> bool:
    """Whether `secret` can be read in these pages: as it is, or inside a zlib stream starting in a page."""
    needle = secret.encode("utf-8")
    for page in pages:
        if needle in page:
            return True
        start = page.find(b"\x78")
        while start != -1:
            try:
                if needle in zlib.decompressobj().decompress(page[start:]):
                    return True
            except zlib.error:
                pass
            start = page.find(b"\x78", start + 1)
    return False
