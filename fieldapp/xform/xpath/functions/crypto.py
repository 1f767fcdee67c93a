"""Digest and encoding functions: digest (MD5, SHA-1, SHA-256/384/512, base64 or hex) and base64-decode."""

from __future__ import annotations

import base64
import binascii
import hashlib

from ..compiler import STRING
from ..errors import XPathError
from . import function

# Names as written in forms, compared without case or hyphens (SHA-256, sha256...).
_ALGORITHMS = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}


@function("digest", "ss", optional="s", returns=STRING)
def _digest(ctx, text, algorithm, encoding="base64"):
    name = _ALGORITHMS.get(algorithm.upper().replace("-", ""))
    if name is None:
        raise XPathError(f"digest(): unknown algorithm '{algorithm}' (use MD5, SHA-1, SHA-256, SHA-384 or SHA-512)")
    raw = hashlib.new(name, text.encode("utf-8")).digest()
    encoding = encoding.lower()
    if encoding == "base64":
        return base64.b64encode(raw).decode("ascii")
    if encoding == "hex":
        return raw.hex()
    raise XPathError(f"digest(): unknown encoding '{encoding}' (use base64 or hex)")


@function("base64-decode", "s", returns=STRING)
def _base64_decode(ctx, text):
    """The UTF-8 text encoded in `text`; "" when it is not valid base64."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return ""
    return raw.decode("utf-8", errors="replace")


_SIGNATURE_BYTES = 64
_PUBLIC_KEY_BYTES = 32


@function("extract-signed", "ss", returns=STRING)
def _extract_signed(ctx, signed, public_key):
    """The message of a base64 Ed25519 'signature + message' (libsodium's combined form) when the
    signature is valid for the base64 `public_key`; "" otherwise."""
    try:
        signed_bytes = base64.b64decode(signed, validate=True)
        key_bytes = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError):
        return ""
    if len(signed_bytes) <= _SIGNATURE_BYTES or len(key_bytes) != _PUBLIC_KEY_BYTES:
        return ""
    signature, message = signed_bytes[:_SIGNATURE_BYTES], signed_bytes[_SIGNATURE_BYTES:]
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:  # pragma: no cover - cryptography comes with msoffcrypto-tool
        raise XPathError("extract-signed() needs the 'cryptography' package") from None
    try:
        Ed25519PublicKey.from_public_bytes(key_bytes).verify(signature, message)
    except (InvalidSignature, ValueError):
        return ""
    return message.decode("utf-8", errors="replace")
