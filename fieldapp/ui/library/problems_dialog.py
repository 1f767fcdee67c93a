"""The dialog that says why a form could not be imported, one problem per line, with its place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListView, QListWidget, QVBoxLayout

from fieldapp.ui.i18n import tr
from fieldapp.ui.library.problems import problem_words


class ProblemsDialog(QDialog):
    def __init__(self, file_name: str, problems, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("The form could not be added"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("“{file}” has problems that stop it from working. Fix them in the spreadsheet "
                          "(the place of each is given) and import it again.").format(file=file_name), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        # long messages wrap to the dialog's width instead of running off to the right
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setSpacing(4)
        # The app's item padding is added after the text is wrapped to the viewport, pushing each line ~8 px past
        # the edge; the spacing above keeps the text off the border instead.
        self.list.setStyleSheet("QListWidget::item { padding: 0px; }")
        self.list.setAccessibleName(tr("Problems in the form"))
        for problem in problems:
            self.list.addItem(problem_words(problem))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 420)
