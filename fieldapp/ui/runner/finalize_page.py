"""The end of the form: every remaining problem with a jump to it, and the Finalize button."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from fieldapp.ui.i18n import tr
from fieldapp.ui.shell.adaptive_row import AdaptiveRow
from fieldapp.xform.model.views import ValidationProblem

KIND_WORDS = {"required": "Required, not answered", "constraint": "Answer not accepted", "type": "Wrong kind of answer"}


class FinalizePage(QWidget):
    sig_finalize_requested = Signal()
    """Finalize the interview (the runner asks the store)."""
    sig_jump_requested = Signal(str)
    """Go to the question with a problem. Argument: its positional path."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)   # the same margins as a question page
        layout.setSpacing(12)
        self.title = QLabel(tr("End of the interview"), self, objectName="pageTitle")
        layout.addWidget(self.title)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = QListWidget(self)
        self.problems.setAccessibleName(tr("Problems to fix before finalizing"))
        self.problems.setWordWrap(True)
        self.problems.setSpacing(3)
        self.problems.itemActivated.connect(self._on_activated)
        layout.addWidget(self.problems, 1)
        buttons = AdaptiveRow(self)
        row = buttons.box
        self.go_button = QPushButton(tr("Go to the problem"), self)
        self.finalize_button = QPushButton(tr("Finalize the interview"), self)
        self.finalize_button.setProperty("primary", True)
        row.addWidget(self.go_button)
        row.addStretch(1)
        row.addWidget(self.finalize_button)
        layout.addWidget(buttons)
        # with nothing to fix the Finalize button sits under the summary instead of at the far bottom
        self.filler = QWidget(self)
        layout.addWidget(self.filler, 1)
        self.go_button.clicked.connect(self._on_go)
        self.finalize_button.clicked.connect(self.sig_finalize_requested)

    def show_problems(self, problems: list[ValidationProblem], labels: dict[str, str]) -> None:
        self.problems.clear()
        for problem in problems:
            label = labels.get(problem.path) or problem.path
            item = QListWidgetItem(f"{label}\n    {tr(KIND_WORDS.get(problem.kind, 'Problem'))}: {problem.message}")
            item.setData(Qt.ItemDataRole.UserRole, problem.path)
            self.problems.addItem(item)
        has_problems = bool(problems)
        self.problems.setVisible(has_problems)
        self.go_button.setVisible(has_problems)
        self.filler.setVisible(not has_problems)
        self.finalize_button.setEnabled(not has_problems)
        if has_problems:
            self.summary.setText(tr("{n} question(s) need attention before the interview can be finalized. "
                                    "Choose one to go to it.").format(n=len(problems)))
            self.problems.setCurrentRow(0)
            self.problems.setFocus()
        else:
            self.summary.setText(tr("All questions are complete. Finalize to mark the interview as finished; "
                                    "after that it can no longer be changed here."))
            self.finalize_button.setFocus()

    @Slot(QListWidgetItem)
    def _on_activated(self, item: QListWidgetItem) -> None:
        self.sig_jump_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def _on_go(self) -> None:
        item = self.problems.currentItem()
        if item is not None:
            self._on_activated(item)
