"""A row of buttons that stacks them one above the other when the window is too narrow for one row (large text, small screens)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout, QWidget


class AdaptiveRow(QWidget):
    """Use `row.box` like a QHBoxLayout (addWidget, addStretch); the row decides its own direction."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def _shown_widgets(self) -> list[QWidget]:
        items = (self.box.itemAt(i) for i in range(self.box.count()))
        return [item.widget() for item in items if item.widget() is not None and not item.widget().isHidden()]

    def _width_in_one_row(self) -> int:
        widgets = self._shown_widgets()
        return sum(w.sizeHint().width() for w in widgets) + self.box.spacing() * max(0, len(widgets) - 1)

    def minimumSizeHint(self) -> QSize:
        # narrow enough for the widest button alone: the window can shrink, and the row then stacks
        widest = max((w.minimumSizeHint().width() for w in self._shown_widgets()), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        fits = event.size().width() >= self._width_in_one_row()
        direction = QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
        super().resizeEvent(event)
