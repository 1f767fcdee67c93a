"""Password-encrypted files that leave the laptop: Office agile encryption for workbooks, AES zip for attached files.

Both are built in memory from bytes in memory; only the encrypted result is
ever written to a disk or a stick (SAFEGUARDING.md items 12 and 15).
"""

from __future__ import annotations

import io

import msoffcrypto
import pyzipper
from msoffcrypto.format.ooxml import OOXMLFile

from fieldapp.exchange.errors import WeakPassword

MIN_PASSWORD = 10


def password_strength(password: str) -> str:
    """"weak", "fair" or "strong": a hint shown while the password is typed (length counts most)."""
    kinds = sum(any(test(c) for c in password) for test in (str.islower, str.isupper, str.isdigit,
                                                            lambda c: not c.isalnum()))
    if len(password) < MIN_PASSWORD:
        return "weak"
    if len(password) >= 16 or (len(password) >= 12 and kinds >= 3):
        return "strong"
    return "fair"


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise WeakPassword(f"a file password needs at least {MIN_PASSWORD} characters")


def encrypt_workbook(data: bytes, password: str) -> bytes:
    """The .xlsx in `data` encrypted with `password` (ECMA-376 agile: Excel and LibreOffice ask for it)."""
    check_password(password)
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def decrypt_workbook(data: bytes, password: str) -> bytes:
    """The plain .xlsx of an encrypted workbook (tests and the coordinator's merge); raises on a wrong password."""
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password)
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def is_encrypted(data: bytes) -> bool:
    """An encrypted Office file is an OLE compound file; a plain .xlsx is a zip."""
    return data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def attachments_archive(files, password: str) -> bytes:
    """A zip of (name, bytes) pairs, AES-256 encrypted with `password` (7-Zip and WinZip open it)."""
    check_password(password)
    out = io.BytesIO()
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode("utf-8"))
        for name, content in files:
            archive.writestr(name, content)
    return out.getvalue()


def read_archive(data: bytes, password: str) -> dict[str, bytes]:
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        archive.setpassword(password.encode("utf-8"))
        return {name: archive.read(name) for name in archive.namelist()}
