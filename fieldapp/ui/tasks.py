"""One helper for long work off the GUI thread: progress, cancel, and results or errors back on the GUI thread.

Work functions receive a `TaskControl` to report progress and check for
cancel. The executor is injected so tests run work inline and deterministically.
"""

from __future__ import annotations

import traceback
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Callable

from PySide6.QtCore import QObject, Signal, Slot


class TaskCancelled(Exception):
    """Raised inside a work function (by TaskControl.check) when the user pressed Cancel."""


class InlineExecutor(Executor):
    """Runs work at once on the calling thread (tests; no threads, no waiting)."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to on_error, like the threaded path
            future.set_exception(exc)
        return future


class TaskControl:
    """What a work function may touch: progress reports and the cancel flag (thread-safe by signals)."""

    def __init__(self, relay: "_Relay"):
        self._relay = relay
        self.cancelled = False

    def progress(self, done: int, total: int, message: str = "") -> None:
        self._relay.sig_progress.emit(done, total, message)

    def check(self) -> None:
        if self.cancelled:
            raise TaskCancelled()


class _Relay(QObject):
    """Carries a task's events to the GUI thread (queued connections)."""
    sig_progress = Signal(int, int, str)
    # No Python objects cross threads in the signal (PySide's queued PyObject arguments have crashed at
    # interpreter exit); the worker leaves the outcome on the Task and only says "finished".
    sig_finished = Signal()


class Task(QObject):
    """One running piece of work; keep a reference while it runs."""

    sig_progress = Signal(int, int, str)
    """Progress. Arguments: done, total (0 = unknown), message."""
    sig_done = Signal(object)
    """Finished. Argument: the work function's result."""
    sig_failed = Signal(object)
    """Failed or cancelled. Argument: the exception (TaskCancelled when cancelled)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._relay = _Relay()
        # AutoConnection: queued when emitted from a worker thread, direct when run inline
        self._relay.sig_progress.connect(self.sig_progress)
        self._relay.sig_finished.connect(self._on_finished)
        self.control = TaskControl(self._relay)
        self.finished = False
        self.result = None
        self.error: BaseException | None = None
        self._outcome: tuple = (None, None)   # written by the worker before it signals

    def cancel(self) -> None:
        self.control.cancelled = True

    @Slot()
    def _on_finished(self) -> None:
        self.finished = True
        result, error = self._outcome
        self._outcome = (None, None)
        self.result, self.error = result, error
        if error is None:
            self.sig_done.emit(result)
        else:
            self.sig_failed.emit(error)


class TaskRunner(QObject):
    """Starts work functions `fn(control, *args)` on the executor and reports on the GUI thread."""

    def __init__(self, executor: Executor | None = None, parent=None):
        super().__init__(parent)
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldapp-task")
        self._running: set[Task] = set()

    def run(self, fn: Callable, *args, on_done: Callable | None = None,
            on_error: Callable | None = None, on_progress: Callable | None = None) -> Task:
        task = Task(self)
        if on_done:
            task.sig_done.connect(on_done)
        if on_error:
            task.sig_failed.connect(on_error)
        if on_progress:
            task.sig_progress.connect(on_progress)
        self._running.add(task)
        task.sig_done.connect(lambda _r, t=task: self._running.discard(t))
        task.sig_failed.connect(lambda _e, t=task: self._running.discard(t))

        def work():
            try:
                result = fn(task.control, *args)
            except BaseException as exc:  # every error reaches the GUI thread, never dies in a thread
                exc.__fieldapp_traceback__ = traceback.format_exc()
                task._outcome = (None, exc)
            else:
                task._outcome = (result, None)
            task._relay.sig_finished.emit()

        self._executor.submit(work)
        return task

    def shutdown(self) -> None:
        for task in list(self._running):
            task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)
