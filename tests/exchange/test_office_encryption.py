"""Our encrypted workbooks are Office's standard agile encryption (what Excel writes), read by msoffcrypto's own reader.

Opening them in Excel or LibreOffice is not possible here (no office suite); this checks what those programs
check: the compound file's streams, the EncryptionInfo version and parameters, the payload's integrity HMAC,
and that the decrypted package is exactly the workbook that was built.
"""

from __future__ import annotations

import io
import xml.dom.minidom
from struct import unpack

import msoffcrypto
import olefile
import pytest

from fieldapp.exchange import crypto
from fieldapp.exchange.export import build_workbook
from tests.exchange.conftest import PASSWORD, write_form

_PASSWORD_NS = "http://schemas.microsoft.com/office/2006/keyEncryptor/password"


def test_encrypted_workbook_is_standard_agile_encryption(store, forms_dir):
    session = store.new_session(write_form(forms_dir))
    session.answer("/data/name", "Rosa")
    session.answer("/data/age", "9")
    store.finalize(session)
    built = build_workbook(store, "kid", "full")
    data = crypto.encrypt_workbook(built.data, PASSWORD)

    ole = olefile.OleFileIO(io.BytesIO(data))
    streams = {"/".join(s) for s in ole.listdir()}
    assert {"EncryptionInfo", "EncryptedPackage"} <= streams
    assert any(s.startswith("\x06DataSpaces") for s in streams)        # Office looks for the data spaces too
    info = ole.openstream("EncryptionInfo").read()
    assert unpack("<HH", info[:4]) == (4, 4)                           # 4.4: agile, not standard (x.2) or RC4
    doc = xml.dom.minidom.parseString(info[8:])
    key_data = doc.getElementsByTagName("keyData")[0]
    assert key_data.getAttribute("cipherAlgorithm") == "AES" and key_data.getAttribute("keyBits") == "256"
    assert key_data.getAttribute("cipherChaining") == "ChainingModeCBC"
    assert key_data.getAttribute("hashAlgorithm") == "SHA512"
    assert doc.getElementsByTagName("dataIntegrity")                   # the payload's HMAC
    password_key = doc.getElementsByTagNameNS(_PASSWORD_NS, "encryptedKey")[0]
    assert int(password_key.getAttribute("spinCount")) == 100_000      # Excel's own key stretching
    assert password_key.getAttribute("hashAlgorithm") == "SHA512"

    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    assert office.is_encrypted() and office.type == "agile"
    office.load_key(password=PASSWORD, verify_password=True)
    out = io.BytesIO()
    office.decrypt(out, verify_integrity=True)
    assert out.getvalue() == built.data                                # exactly the workbook that was built

    wrong = msoffcrypto.OfficeFile(io.BytesIO(data))
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        wrong.load_key(password=PASSWORD + "x", verify_password=True)
