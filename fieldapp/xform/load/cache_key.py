"""The key of a cached Form: the form file's bytes and place, and a fingerprint of the code that compiled it.

Only the code whose output the cache keeps counts: the model (the Form's
classes), xpath (parsed expressions), load (what a Form holds) and engine (the
compiled FormModel), plus the class of the words a Form's problems are written
in. The session, the words' translations and the rest of FieldApp may change
without throwing a single cached form away.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

# Bump when Form's shape or the loader's output changes in a way the code fingerprint cannot see.
FORMAT_VERSION = "fieldapp-form-cache-2"

FORM_LAYER = Path(__file__).resolve().parent.parent           # fieldapp/xform
COMPILING_PACKAGES = ("model", "xpath", "load", "engine")     # folders of fieldapp/xform, every module in them
COMPILING_MODULES = ("wording.py",)                           # modules of fieldapp/xform itself


def compiling_modules(root: Path = FORM_LAYER) -> list[str]:
    """The source files whose change makes a cached Form stale, in a fixed order."""
    modules = [os.path.join(root, name) for name in COMPILING_MODULES]
    for package in COMPILING_PACKAGES:
        for folder, subfolders, names in os.walk(os.path.join(root, package)):   # faster than Path.rglob
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            modules += [os.path.join(folder, name) for name in sorted(names) if name.endswith(".py")]
    return modules


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the compiling code and pyxform's version, so a changed FieldApp never reads stale Forms."""
    return fingerprint_of(FORM_LAYER)


def fingerprint_of(root: Path) -> str:
    """The fingerprint of the form layer at `root` (reading it costs about a millisecond)."""
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for module in compiling_modules(root):
        digest.update(os.path.relpath(module, root).encode())
        try:
            with open(module, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            pass
    try:
        # pyxform's __init__ carries its version; reading it is far cheaper than importlib.metadata.
        import importlib.util
        spec = importlib.util.find_spec("pyxform")
        if spec is not None and spec.origin:
            digest.update(Path(spec.origin).read_bytes())
    except Exception:
        pass
    return digest.hexdigest()


def form_key(data: bytes, source_path: str) -> str:
    """The cache key of a form file: its bytes, where it is (attachments are looked up beside it), the code."""
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(os.path.abspath(source_path).encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()
