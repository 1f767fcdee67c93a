"""A layout for a list of five or more short choices: two columns (down the first, then the second) where the width allows."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout

LONG_LIST = 5       # choices from which a list of short ones may take two columns (a contact page of 5-7 places fits a laptop screen)
SHORT_LABEL = 40    # characters


class TwoColumnChoices(QLayout):
    """One column when narrow, two when both fit; the height follows the width (heightForWidth), so the page
    that holds it is laid out once, at its real width, with no second pass."""

    def __init__(self, parent=None, h_spacing: int = 16, v_spacing: int = 6):
        super().__init__(parent)
        self._items = []
        self._h, self._v = h_spacing, v_spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout's item list ---------------------------------------------------
    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientation(0)

    # -- sizes ------------------------------------------------------------------
    def _widest(self) -> int:
        return max((item.sizeHint().width() for item in self._items), default=0)

    def columns_for(self, width: int) -> int:
        return 2 if len(self._items) > 1 and width >= 2 * self._widest() + self._h else 1

    def _rows(self, columns: int) -> list[int]:
        """The height of each row (the taller of its two choices)."""
        per_column = -(-len(self._items) // columns)
        heights = [0] * per_column
        for index, item in enumerate(self._items):
            heights[index % per_column] = max(heights[index % per_column], item.sizeHint().height())
        return heights

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = self._rows(self.columns_for(width))
        return sum(rows) + self._v * max(0, len(rows) - 1)

    def sizeHint(self) -> QSize:
        width = 2 * self._widest() + self._h
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        return QSize(self._widest(), 0)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        columns = self.columns_for(rect.width())
        rows = self._rows(columns)
        column_width = self._widest()
        for index, item in enumerate(self._items):
            column, row = divmod(index, len(rows))
            top = rect.y() + sum(rows[:row]) + self._v * row
            left = rect.x() + column * (column_width + self._h)
            item.setGeometry(QRect(QPoint(left, top), QSize(min(item.sizeHint().width(), rect.width()), rows[row])))
