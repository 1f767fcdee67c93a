"""collector_paused(): the cyclic garbage collector held off while a form or its engine model is built."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for the duration of the block (nested blocks are fine).

    Building a form allocates a few hundred thousand objects that nearly all stay alive (pyxform's survey,
    our Form, the engine model), and each of the collector's repeated full passes over the growing heap
    found nothing to free while costing about a third of the load. Reference counting still frees
    everything else at once; the collector resumes, with its usual thresholds, when the block ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
