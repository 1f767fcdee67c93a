"""Guards against a PySide6 6.12 bug on Python 3.11: Signal.emit() returns True without a reference.

Every emit() then takes one reference from True (and some slot calls one from
None) until the interpreter aborts with "bool_dealloc"/"none_dealloc", often at
exit or after a long interview. Python 3.12+ makes these singletons immortal,
so the bug is harmless there; on 3.11 we give them the same protection by
adding a very large reference count once, at import of fieldapp.ui.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40   # far more emits than any session will ever make


def protect_singletons() -> None:
    if sys.version_info >= (3, 12):
        return
    for singleton in (True, False, None):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
