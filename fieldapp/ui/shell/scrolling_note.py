"""A word-wrapped note (the runner's message line) that takes the room its text needs, up to a share of the window, and scrolls beyond it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea


class ScrollingNote(QScrollArea):
    """Holds `label`; a long text (a consent-to-share script at 200 % text) scrolls instead of being cut."""

    def __init__(self, label: QLabel, parent=None):
        super().__init__(parent)
        self.label = label
        label.setWordWrap(True)
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.share = 0.3            # at most this part of the window's height; the questions need the rest

    def sizeHint(self) -> QSize:
        width = max(1, self.viewport().width() or self.width())
        needs = self.label.heightForWidth(width) if self.label.hasHeightForWidth() else self.label.sizeHint().height()
        room = int(self.window().height() * self.share) if self.window() is not self else needs
        return QSize(super().sizeHint().width(), max(self.fontMetrics().lineSpacing() * 2, min(needs, room)))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()     # the text wraps anew: ask again for the room it needs
        self._show_scroll_bar()

    def _show_scroll_bar(self) -> None:
        # a visible bar says there is more to read (a transient or hidden one would look like a cut sentence)
        width = max(1, self.viewport().width())
        needs = self.label.heightForWidth(width) if self.label.hasHeightForWidth() else self.label.sizeHint().height()
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOn if needs > self.height() else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)
