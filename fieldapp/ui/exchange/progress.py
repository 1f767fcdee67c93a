"""What the Export dialog and the Sync place share: running the work in the background with a progress bar and Cancel."""

from __future__ import annotations

from fieldapp.ui.exchange.words import exchange_error_text
from fieldapp.ui.i18n import tr
from fieldapp.ui.shell.messages import error_text
from fieldapp.ui.tasks import TaskCancelled


class BackgroundExchange:
    """Mixed into a widget that has `tasks` (a TaskRunner), `task`, `progress` (a QProgressBar) and `status`
    (a QLabel), and `_done(result)` / `_failed(error)` slots."""

    def run_in_background(self, work, *args, text: str) -> None:
        """Start `work(control, *args)`; the bar turns until the work first reports how far it is."""
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(text)
        task = self.tasks.run(work, *args, on_done=self._done, on_error=self._failed, on_progress=self._on_progress)
        self.task = None if task.finished else task

    def _on_progress(self, done: int, total: int, _message: str = "") -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel_task(self) -> bool:
        """Ask the running work to stop (it stops between steps, leaving whole files); False when none runs."""
        if self.task is None:
            return False
        self.task.cancel()
        self.status.setText(tr("Cancelling…"))
        return True

    def finish_task(self) -> None:
        self.task = None
        self.progress.hide()

    @staticmethod
    def failure_words(error, cancelled_words: str) -> str:
        """What to tell after the work failed: `cancelled_words` after Cancel, else the error in words."""
        if isinstance(error, TaskCancelled):
            return cancelled_words
        return exchange_error_text(error) or error_text(error)
