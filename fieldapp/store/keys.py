"""The key file: the database's random key, wrapped by the passphrase and by the recovery code.

Design (nothing secret is ever on disk in the clear):

* The database is encrypted by SQLCipher with a random 256-bit *data key*
  (a raw key, so SQLCipher does not run its own key derivation on top).
* The passphrase is stretched with scrypt (memory-hard, 64 MiB, a quarter of a
  second on a laptop; the parameters and salt are stored so they can grow) into
  a key-encryption key that wraps the data key with AES-256-GCM. A wrong
  passphrase fails GCM's authentication tag before the database is touched,
  which is how "a wrong passphrase changes nothing" is guaranteed.
* The recovery code (125 random bits, shown once, kept on paper at the office)
  is stretched the same way into an X25519 private key; only its public key is
  stored. The data key is wrapped for that public key (ephemeral X25519 +
  HKDF-SHA256 + AES-256-GCM). Because wrapping needs only the public key, the
  database can be re-keyed (a new data key after a passphrase change) and the
  recovery code still opens it, without the code ever being typed again.
* Re-keying is crash-safe: the new data key is added to the file (newest first)
  before SQLCipher's `PRAGMA rekey` and the old one removed after, so a power
  cut in between leaves a key that opens the database.

Without the passphrase and without the recovery code the data cannot be
recovered by anyone, including us: that is the point.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = "fieldapp-keys"
FORMAT_VERSION = 1
# scrypt cost for the passphrase (2**16 * 8 * 128 bytes = 64 MiB). Stored per key, so it can be raised later.
PASSPHRASE_SCRYPT_N = 2 ** 16
# The recovery code already carries 125 random bits; stretching it is a second line of defence.
RECOVERY_SCRYPT_N = 2 ** 15
SCRYPT_R = 8
SCRYPT_P = 1
# Crockford's base32 alphabet: no I, L, O, U, so a code copied by hand is not misread.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 5
RECOVERY_GROUP_SIZE = 5


class KeyFileError(ValueError):
    """The key file is missing pieces or is not ours."""


class NewerKeyFile(KeyFileError):
    """Written by a newer FieldApp."""


class DamagedKeyFile(KeyFileError):
    """Ours (it says so), but cut short or with parts of the wrong shape: damage, not a foreign file."""


class BadSecret(Exception):
    """The passphrase or recovery code did not unwrap any key."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC so the same words typed on different keyboards (composed or combining accents) give the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def normalize_recovery_code(code: str) -> bytes:
    """Upper case, separators dropped, and the letters people confuse mapped as Crockford does (O->0, I/L->1)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    return cleaned.encode("ascii", "replace")


def new_recovery_code() -> str:
    chars = [secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_SIZE)]
    groups = ["".join(chars[i:i + RECOVERY_GROUP_SIZE]) for i in range(0, len(chars), RECOVERY_GROUP_SIZE)]
    return "-".join(groups)


def _new_kdf(n: int) -> dict:
    return {"name": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(os.urandom(16))}


def _derive(secret: bytes, kdf: dict) -> bytes:
    if kdf.get("name") != "scrypt":
        raise KeyFileError(f"unknown key derivation {kdf.get('name')!r}")
    n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    return hashlib.scrypt(secret, salt=_unb64(kdf["salt"]), n=n, r=r, p=p,
                          maxmem=256 * n * r + (1 << 20), dklen=32)


def _recovery_private_key(code: str, kdf: dict) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(_derive(normalize_recovery_code(code), kdf))


def _public_bytes(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _recovery_kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"fieldapp-recovery-v1" + ephemeral + recipient).derive(shared)


_AAD_PASSPHRASE = b"fieldapp-data-key-v1:passphrase"
_AAD_RECOVERY = b"fieldapp-data-key-v1:recovery"


@dataclass
class KeyFile:
    """The parsed key file: wrapped data keys (newest first) and the recovery public key."""
    keys: list[dict] = field(default_factory=list)
    recovery: dict | None = None        # {"kdf": ..., "public_key": b64}

    # -- reading and writing ------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> "KeyFile":
        return cls.parse(Path(path).read_text(encoding="utf-8", errors="replace"))

    @classmethod
    def parse(cls, text: str) -> "KeyFile":
        """The key file's text, checked for shape; KeyFileError (or a subclass) says what is wrong."""
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            if not text.strip() or FORMAT in text:
                # Empty, or our own file cut short (a full disk, a sync tool): damage, not someone else's file.
                raise DamagedKeyFile("the key file is empty or cut short") from exc
            raise KeyFileError("the key file is not readable") from exc
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise KeyFileError("the key file is not a FieldApp key file")
        version = raw.get("version")
        if type(version) is not int or version < 1:
            raise DamagedKeyFile(f"the key file's version is {version!r}")
        if version > FORMAT_VERSION:
            raise NewerKeyFile("the key file was written by a newer FieldApp")
        keys, recovery = raw.get("keys"), raw.get("recovery")
        if not isinstance(keys, list) or not keys:
            raise DamagedKeyFile("the key file holds no key")
        for number, entry in enumerate(keys, 1):
            _check_entry(entry, number)
        if recovery is not None and not (isinstance(recovery, dict) and _is_kdf(recovery.get("kdf"))
                                         and isinstance(recovery.get("public_key"), str)):
            raise DamagedKeyFile("the key file's recovery part has the wrong shape")
        return cls(keys=keys, recovery=recovery)

    def save(self, path: Path) -> None:
        """Write atomically (temporary file, fsync, rename, fsync the folder): a crash leaves the old or the new file."""
        path = Path(path)
        text = json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "keys": self.keys,
                           "recovery": self.recovery}, indent=1)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_folder(path.parent)

    # -- wrapping -------------------------------------------------------------
    def wrap(self, data_key: bytes, passphrase_kek: tuple[dict, bytes]) -> dict:
        """An entry holding `data_key` wrapped by the passphrase key (and for the recovery key when set)."""
        kdf, kek = passphrase_kek
        nonce = os.urandom(12)
        entry = {"by_passphrase": {"kdf": kdf, "nonce": _b64(nonce),
                                   "ciphertext": _b64(AESGCM(kek).encrypt(nonce, data_key, _AAD_PASSPHRASE))},
                 "by_recovery": None}
        if self.recovery:
            entry["by_recovery"] = wrap_for_recovery(data_key, _unb64(self.recovery["public_key"]))
        return entry

    def unwrap_with_passphrase(self, passphrase: str) -> list[tuple[dict, bytes]]:
        """(entry, data key) for every key the passphrase opens, newest first; BadSecret when none."""
        secret = normalize_passphrase(passphrase)
        derived: dict[str, bytes] = {}
        found = []
        for entry in self.keys:
            wrapped = entry.get("by_passphrase") or {}
            try:
                cache_key = json.dumps(wrapped["kdf"], sort_keys=True)
                if cache_key not in derived:
                    derived[cache_key] = _derive(secret, wrapped["kdf"])
                found.append((entry, AESGCM(derived[cache_key]).decrypt(
                    _unb64(wrapped["nonce"]), _unb64(wrapped["ciphertext"]), _AAD_PASSPHRASE)))
            except (InvalidTag, KeyError, TypeError, ValueError):
                continue
        if not found:
            raise BadSecret()
        return found

    def unwrap_with_recovery_code(self, code: str) -> list[tuple[dict, bytes]]:
        if not self.recovery:
            raise KeyFileError("no recovery code")
        try:
            private = _recovery_private_key(code, self.recovery["kdf"])
        except (KeyError, TypeError, ValueError) as exc:
            raise BadSecret() from exc
        recipient = _public_bytes(private.public_key())
        if recipient != _unb64(self.recovery["public_key"]):
            raise BadSecret()
        found = []
        for entry in self.keys:
            wrapped = entry.get("by_recovery")
            if not wrapped:
                continue
            try:
                ephemeral = _unb64(wrapped["ephemeral"])
                shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
                kek = _recovery_kek(shared, ephemeral, recipient)
                found.append((entry, AESGCM(kek).decrypt(_unb64(wrapped["nonce"]),
                                                         _unb64(wrapped["ciphertext"]), _AAD_RECOVERY)))
            except (InvalidTag, KeyError, TypeError, ValueError):
                continue
        if not found:
            raise BadSecret()
        return found

    def set_recovery_code(self, code: str) -> None:
        kdf = _new_kdf(RECOVERY_SCRYPT_N)
        public = _public_bytes(_recovery_private_key(code, kdf).public_key())
        self.recovery = {"kdf": kdf, "public_key": _b64(public)}


# Bounds on stored scrypt parameters: a damaged or tampered key file must not make unlocking take
# gigabytes of memory or hours (FieldApp writes n = 2**16 today; 2**20 leaves room to grow).
MAX_SCRYPT_N = 2 ** 20
MAX_SCRYPT_R = 32
MAX_SCRYPT_P = 4


def _is_kdf(kdf) -> bool:
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt" or not isinstance(kdf.get("salt"), str):
        return False
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not all(type(v) is int for v in (n, r, p)):
        return False
    return 2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= MAX_SCRYPT_R and 1 <= p <= MAX_SCRYPT_P


def _is_wrapped(part, fields: tuple[str, ...]) -> bool:
    return isinstance(part, dict) and all(isinstance(part.get(name), str) for name in fields)


def _check_entry(entry, number: int) -> None:
    """One key entry: a passphrase wrapping (kdf, nonce, ciphertext) and an optional recovery wrapping."""
    if not isinstance(entry, dict):
        raise DamagedKeyFile(f"key {number} of the key file has the wrong shape")
    by_passphrase, by_recovery = entry.get("by_passphrase"), entry.get("by_recovery")
    if not (_is_wrapped(by_passphrase, ("nonce", "ciphertext")) and _is_kdf(by_passphrase.get("kdf"))):
        raise DamagedKeyFile(f"key {number} of the key file has the wrong shape")
    if by_recovery is not None and not _is_wrapped(by_recovery, ("ephemeral", "nonce", "ciphertext")):
        raise DamagedKeyFile(f"key {number} of the key file has the wrong shape")


def passphrase_kek(passphrase: str, n: int | None = None) -> tuple[dict, bytes]:
    """(kdf parameters with a fresh salt, the derived key-encryption key)."""
    kdf = _new_kdf(n or PASSPHRASE_SCRYPT_N)
    return kdf, _derive(normalize_passphrase(passphrase), kdf)


def new_data_key() -> bytes:
    return os.urandom(32)


def sqlcipher_key_literal(data_key: bytes) -> str:
    """The PRAGMA key value for a raw 256-bit key (hex, so SQLCipher skips its own key derivation)."""
    return f"\"x'{data_key.hex()}'\""


def wrap_for_recovery(data_key: bytes, recipient: bytes) -> dict:
    ephemeral_key = X25519PrivateKey.generate()
    ephemeral = _public_bytes(ephemeral_key.public_key())
    shared = ephemeral_key.exchange(X25519PublicKey.from_public_bytes(recipient))
    kek = _recovery_kek(shared, ephemeral, recipient)
    nonce = os.urandom(12)
    return {"ephemeral": _b64(ephemeral), "nonce": _b64(nonce),
            "ciphertext": _b64(AESGCM(kek).encrypt(nonce, data_key, _AAD_RECOVERY))}


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; Windows has no directory handles to fsync, and does not need it."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
