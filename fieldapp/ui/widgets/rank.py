"""Putting choices in order (type rank): move items up and down; the value is the values in order.

As in ODK Collect, the order on the screen is the answer as soon as the interviewer has seen it:
a list that looks answered is answered. Moving an item changes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


@register("rank", "")
class RankWidget(QuestionWidget):
    """Answered with the order shown once it is on the screen; every move saves the new order."""

    def build_input(self) -> None:
        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setAccessibleName(tr("Items in order of importance"))
        self.list.model().rowsMoved.connect(self._on_reordered)
        buttons = QVBoxLayout()
        self.up_button = QPushButton(tr("Move up"), self)
        self.down_button = QPushButton(tr("Move down"), self)
        for button in (self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        self.input_area.addLayout(row)
        self.up_button.clicked.connect(self._move_up)
        self.down_button.clicked.connect(self._move_down)
        self._ranked = False
        self._fill([c.value for c in self.question.choices])

    def _fill(self, order: list[str]) -> None:
        labels = {c.value: c.label for c in self.question.choices}
        self.list.clear()
        for position, value in enumerate(order, 1):
            item = QListWidgetItem(f"{position}. {labels.get(value, value)}")
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        self.list.setMinimumHeight(min(len(order), 8) * (self.fontMetrics().height() + 20) + 8)

    def _order(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        order = self._order()
        order[row], order[target] = order[target], order[row]
        self._fill(order)
        self.list.setCurrentRow(target)
        self._ranked = True
        self.emit_value()

    @Slot()
    def _move_up(self) -> None:
        self._move(-1)

    @Slot()
    def _move_down(self) -> None:
        self._move(1)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._ranked and self.list.count() and not self.question.readonly and not self.question.declined:
            # seen: the order shown is the answer (after the page has finished building)
            QTimer.singleShot(0, self._take_shown_order)

    @Slot()
    def _take_shown_order(self) -> None:
        if self._ranked or not self.isVisible() or self.question.readonly or self.question.declined:
            return
        self._ranked = True
        self.emit_value()

    @Slot()
    def _on_reordered(self, *_args) -> None:
        self._fill(self._order())   # renumber after a drag
        self._ranked = True
        self.emit_value()

    def input_widgets(self):
        return [self.list, self.up_button, self.down_button]

    def value(self) -> str:
        return " ".join(self._order()) if self._ranked else ""

    def set_value(self, value: str) -> None:
        chosen = value.split()
        known = [c.value for c in self.question.choices]
        self._ranked = bool(chosen)
        self._fill([v for v in chosen if v in known] + [v for v in known if v not in chosen])
