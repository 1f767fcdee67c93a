"""Tell a form file's real type from its first bytes, not its name (Kobo exports .xls files named .xlsx)."""

from __future__ import annotations

import io
import zipfile

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

XLSX, XLS, MARKDOWN, XFORM, ENCRYPTED, UNKNOWN = "xlsx", "xls", "md", "xml", "encrypted", "unknown"


def sniff(data: bytes, name: str = "") -> str:
    """One of "xlsx", "xls", "md", "xml", "encrypted" (password-protected Office file) or "unknown"."""
    if data.startswith(ZIP_MAGIC):
        return XLSX if _is_workbook_zip(data) else UNKNOWN
    if data.startswith(OLE2_MAGIC):
        # A password-protected .xlsx is an OLE2 container holding "EncryptedPackage".
        return ENCRYPTED if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data[:65536] else XLS
    text = _as_text(data[:8192])
    if text is None:
        return UNKNOWN
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return XFORM
    if any(line.strip().startswith("|") for line in text.splitlines()):
        return MARKDOWN
    return UNKNOWN


def _is_workbook_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "xl/workbook.xml" in names or any(n.endswith("workbook.xml") for n in names)


def _as_text(head: bytes) -> str | None:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    # A cut in the middle of a multi-byte character at the end of the head.
    try:
        return head[:-3].decode("utf-8")
    except UnicodeDecodeError:
        return None
