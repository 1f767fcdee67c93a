"""The organisation's pseudonymization key on a sync folder: sealed with the sync password, never in the clear.

Whoever holds the key can test a guessed name against a pseudonym, so the key
is as sensitive as the names themselves. On the stick it is a small JSON file
(layout.SEALED_KEY_FILE): the key encrypted with AES-256-GCM under a key
stretched from the sync password with scrypt (salt and cost in the file). A lost
stick gives the key away only to someone who also knows the sync password. A
laptop that knows the password unseals it during sync and keeps it in its
encrypted store. A key file in the clear (layout.PSEUDONYM_KEY_FILE, the old way)
is refused: it has already been exposed, so the coordinator makes a new key.
"""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from fieldapp.exchange import crypto, layout, safefiles
from fieldapp.exchange.errors import BadPseudonymKey, ClearKeyRefused, KeyPasswordWrong, PseudonymKeyMissing

FORMAT = "fieldapp-sealed-pseudonymization-key"
VERSION = 1
SCRYPT_N = 2 ** 15                  # 32 MB and about a tenth of a second per try: guessing the password is slow
SCRYPT_R, SCRYPT_P = 8, 1
_LARGEST_N = 2 ** 20                # a file asking for more is refused, not obeyed (it could exhaust memory)
_ASSOCIATED = FORMAT.encode("ascii") + b"/1"   # binds the sealed bytes to this kind of file


def _stretch(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def seal(key: bytes, password: str) -> bytes:
    """The key sealed with `password`, as the bytes of the key file."""
    crypto.check_password(password)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_stretch(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(nonce, key, _ASSOCIATED)
    text = json.dumps({
        "format": FORMAT, "version": VERSION, "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": base64.b64encode(salt).decode("ascii")},
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "sealed_key": base64.b64encode(sealed).decode("ascii"),
    }, indent=1)
    return (text + "\n").encode("utf-8")


def unseal(data: bytes, password: str) -> bytes:
    """The key in a sealed key file. Raises KeyPasswordWrong (another password sealed it) or BadPseudonymKey."""
    try:
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError("not a sealed key file")
        kdf = doc["kdf"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if kdf.get("name") != "scrypt" or not (2 <= n <= _LARGEST_N and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("unknown key stretching")
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(doc["nonce"], validate=True)
        sealed = base64.b64decode(doc["sealed_key"], validate=True)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise BadPseudonymKey("the sealed key file is damaged or of another kind") from None
    try:
        return AESGCM(_stretch(password or "", salt, n, r, p)).decrypt(nonce, sealed, _ASSOCIATED)
    except InvalidTag:
        raise KeyPasswordWrong("the key file was sealed with another password (or altered)") from None
    except ValueError:
        raise BadPseudonymKey("the sealed key file is damaged") from None


def key_paths(folder) -> tuple[Path, Path]:
    """(sealed key file, old clear key file) in a sync folder."""
    keys = Path(folder) / layout.SYNC_KEYS
    return keys / layout.SEALED_KEY_FILE, keys / layout.PSEUDONYM_KEY_FILE


def write_sealed_key(folder, key: bytes, password: str, *, opener=open) -> Path:
    """Seal `key` into the sync folder (atomically) and remove a clear key file left there the old way."""
    sealed_path, clear_path = key_paths(folder)
    safefiles.write_atomic(sealed_path, seal(key, password), opener=opener)
    try:
        clear_path.unlink(missing_ok=True)
    except OSError:
        pass                   # a read-only stick: the sealed key is there; the clear file is reported at sync
    return sealed_path


def read_folder_key(folder, password: str) -> bytes | None:
    """The key a sync folder holds, unsealed with `password`; None when it holds none.

    Raises KeyPasswordWrong, BadPseudonymKey, or ClearKeyRefused for a key left in the clear (not used)."""
    sealed_path, clear_path = key_paths(folder)
    if sealed_path.is_file():
        return unseal(sealed_path.read_bytes(), password)
    if clear_path.is_file():
        raise ClearKeyRefused("the key lies unprotected in the sync folder; it was not used: the coordinator "
                              "should delete it and put a new, sealed key there", str(clear_path.name))
    return None


def clear_key_left(folder) -> bool:
    """A clear key file lies in the folder (beside a sealed one, it still needs deleting)."""
    return key_paths(folder)[1].is_file()


def put_key_in_folder(store, folder, password: str, *, new: bool = False, by: str = "") -> Path:
    """The coordinator's step: seal this laptop's key (a new one when it has none, or when `new`) into the folder.

    A new key is kept in this laptop's store first, so its own exports use the same codes as the laptops'."""
    from fieldapp.exchange.export import PSEUDONYM_KEY_SETTING, pseudonym_key
    crypto.check_password(password)
    try:
        key = None if new else pseudonym_key(store)
    except PseudonymKeyMissing:
        key = None
    if key is None:
        key = secrets.token_bytes(32)
        store.set_setting(PSEUDONYM_KEY_SETTING, key.hex())
        store.log_event(None, "pseudonym_key", action="created", by=by)
    path = write_sealed_key(folder, key, password)
    store.log_event(None, "pseudonym_key", action="sealed_to_folder", file_name=path.name, by=by)
    return path
