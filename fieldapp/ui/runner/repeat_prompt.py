"""The question between repeat instances: add another one, or go on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr
from fieldapp.xform.model.paths import last_name
from fieldapp.xform.model.views import Screen


class RepeatPrompt(QWidget):
    sig_add = Signal()
    """Add another instance and go into it."""
    sig_skip = Signal()
    """Do not add one; go on to what follows."""

    def __init__(self, screen: Screen, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        label = screen.label or last_name(screen.path) or tr("item")
        title = QLabel(tr("Add another “{label}”?").format(label=label) if screen.repeat_count
                       else tr("Add a “{label}”?").format(label=label), self, objectName="questionLabel")
        title.setWordWrap(True)
        layout.addWidget(title)
        count = QLabel(tr("There are {n} now.").format(n=screen.repeat_count), self, objectName="muted")
        layout.addWidget(count)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("Add"), self)
        self.add_button.setProperty("primary", True)
        self.add_button.setAccessibleName(tr("Add another “{label}”").format(label=label))
        self.skip_button = QPushButton(tr("Do not add, go on"), self)
        row.addWidget(self.add_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.add_button.clicked.connect(self.sig_add)
        self.skip_button.clicked.connect(self.sig_skip)
        self.setFocusProxy(self.add_button)
