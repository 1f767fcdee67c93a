"""A folder of compiled Forms keyed by content hash, so opening a form again is near instant.

An entry is a pickle of the Form, its engine model (instance templates and
dependency graph, with each expression's parsed tree) when it was built, and
the attachment files it was built with and their hashes; an entry whose
attachments changed is a miss. Keeping the model means a new process opens a
cached form without parsing or ordering a single expression again. A corrupt or
unreadable entry is ignored (and removed) and the form is rebuilt: the cache
only ever saves time, it never decides what a form is.

Forms carry their attachments (beneficiary lists in CSV files), and unpickling
runs code: so entries are sealed with AES-GCM under a key that the encrypted
store gives (`set_sealing_key`, called when a store is unlocked, cleared when it
closes). An entry that does not authenticate under that key is never unpickled.
With no key (a script or `fieldapp validate` without a store) nothing is
written to disk or read from it: forms are kept in this process only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections import OrderedDict
from pathlib import Path

from fieldapp.xform.load.cache_key import FORMAT_VERSION, code_fingerprint, form_key   # the key: its own module

SEALED_SUFFIX = ".sealed"
_MAGIC = b"FAFC1"                     # FieldApp form cache, sealed format 1
_NONCE_BYTES = 12
_sealing = {"key": None}


def set_sealing_key(key: bytes | None) -> None:
    """Seal cache entries with `key` (32 bytes from the encrypted store), or keep forms in memory only (None)."""
    if key is not None and len(key) != 32:
        raise ValueError("the form cache's key must be 32 bytes")
    _sealing["key"] = key
    _RECENT.clear()   # entries read under another key (or none) are not this key's to trust
    if key is not None:
        _remove_plain_entries(cache_dir() / "forms")


def sealing_key() -> bytes | None:
    return _sealing["key"]


def _seal(key: bytes, name: str, payload: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    nonce = os.urandom(_NONCE_BYTES)
    return _MAGIC + nonce + AESGCM(key).encrypt(nonce, payload, name.encode("utf-8"))


def _unseal(key: bytes, name: str, sealed: bytes) -> bytes:
    """The payload, or ValueError/InvalidTag when the entry was not written by us under this key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    if not sealed.startswith(_MAGIC):
        raise ValueError("not a sealed form cache entry")
    nonce = sealed[len(_MAGIC):len(_MAGIC) + _NONCE_BYTES]
    return AESGCM(key).decrypt(nonce, sealed[len(_MAGIC) + _NONCE_BYTES:], name.encode("utf-8"))


def cache_dir() -> Path:
    """FIELDAPP_CACHE_DIR, else the platform's user cache folder (~/.cache/fieldapp on Linux)."""
    configured = os.environ.get("FIELDAPP_CACHE_DIR")
    if configured:
        return Path(configured)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "fieldapp" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "fieldapp"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "fieldapp"


def file_hash(path: str | os.PathLike) -> str:
    """A file's sha256; for a folder (the recordings' folder) a digest of its listing, as the loader took it."""
    if os.path.isdir(path):
        from fieldapp.xform.load.recordings import folder_digest
        return folder_digest(path)
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# Entries read or written lately by this process, unpickled, by entry file: opening a form again in the same
# process then costs a stat() instead of reading the pickle. An entry is trusted only while its file keeps
# the size and modification time it had, so a file changed or damaged on disk is read (or rebuilt) again.
_RECENT: "OrderedDict[Path, tuple[tuple[int, int], dict]]" = OrderedDict()
_RECENT_SIZE = 8


def _signature(entry: Path) -> tuple[int, int]:
    status = entry.stat()   # FileNotFoundError is a miss
    return status.st_mtime_ns, status.st_size


def _remember(entry: Path, signature: tuple[int, int], stored: dict) -> None:
    _RECENT[entry] = (signature, stored)
    _RECENT.move_to_end(entry)
    while len(_RECENT) > _RECENT_SIZE:
        _RECENT.popitem(last=False)


class FormCache:
    """Compiled forms on disk: get() returns None on any miss, put() never raises."""

    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = Path(folder) if folder is not None else cache_dir()
        self.key = sealing_key()

    def _entry(self, key: str) -> Path:
        # Without a sealing key the "file" is only a name for the in-process memory: nothing touches the disk.
        return self.folder / "forms" / f"{key}{SEALED_SUFFIX}"

    def get(self, key: str):
        """The cached Form, or None."""
        return self.get_entry(key)[0]

    def get_entry(self, key: str) -> tuple[object, object]:
        """(Form, its engine model or None), or (None, None) on a miss."""
        entry = self._entry(key)
        try:
            remembered = _RECENT.get(entry)
            signature = _signature(entry) if self.key is not None else None
            if remembered is not None and remembered[0] == signature:
                stored = remembered[1]
                _RECENT.move_to_end(entry)
            elif self.key is None:
                return None, None
            else:
                # authenticated first: only what this app sealed under the store's key is ever unpickled
                stored = pickle.loads(_unseal(self.key, entry.name, entry.read_bytes()))
                if not isinstance(stored, dict) or stored.get("format") != FORMAT_VERSION:
                    raise ValueError("foreign cache entry")
                _remember(entry, signature, stored)
            for path, digest in stored["attachments"]:
                if digest == "":  # an attachment that was missing: stale once it appears
                    if os.path.exists(path):
                        return None, None
                elif not os.path.exists(path) or file_hash(path) != digest:
                    return None, None
            model = stored.get("model")
            return stored["form"], (model if getattr(model, "form", None) is stored["form"] else None)
        except FileNotFoundError:
            return None, None
        except Exception:  # corrupt, truncated or from another version: rebuild
            _RECENT.pop(entry, None)
            try:
                entry.unlink()
            except OSError:
                pass
            return None, None

    def put(self, key: str, form, attachments: list[tuple[str, str]], model=None) -> None:
        """Store `form` (and its engine model, when given) under `key`."""
        import tempfile   # only writing needs it: a new process that reads the cache skips its imports

        entry = self._entry(key)
        stored = {"format": FORMAT_VERSION, "attachments": attachments, "form": form, "model": model}
        if self.key is None:
            _remember(entry, None, stored)   # this process only: no key, nothing on disk
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            try:
                payload = pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
                # A model that cannot be pickled only costs rebuilding it: the Form alone still helps.
                payload = pickle.dumps({**stored, "model": None}, protocol=pickle.HIGHEST_PROTOCOL)
            handle, temp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(_seal(self.key, entry.name, payload))
            os.replace(temp, entry)  # atomic: a reader never sees half an entry
            _remember(entry, _signature(entry), stored)
        except Exception:
            # A read-only or full disk only costs speed next time.
            try:
                os.unlink(temp)  # type: ignore[possibly-undefined]
            except Exception:
                pass


def _remove_plain_entries(folder: Path) -> None:
    """Entries an earlier FieldApp wrote in the clear (`*.pickle`) hold forms and their lists: remove them."""
    try:
        for old in folder.glob("*.pickle"):
            old.unlink()
    except OSError:
        pass
