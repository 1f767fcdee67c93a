"""Large text on a small screen: pages that scroll instead of squeezing, and lists that drop minor columns before the main one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QScrollArea, QVBoxLayout, QWidget

VISIBLE_ROWS = 4   # a list keeps at least this many rows in view; the page scrolls for the rest


def scrolling_body(page: QWidget) -> QWidget:
    """Fill `page` with a scroll area and return the widget to lay the page's contents on."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # Tab goes from control to control, never to the frame
    outer.addWidget(scroll)
    body = QWidget(scroll)
    scroll.setWidget(body)
    return body


def keep_rows_visible(view: QAbstractItemView) -> None:
    """A list never shrinks below a few rows (with large text it would otherwise show one, or none)."""
    row = max(view.fontMetrics().height() * 2, view.sizeHintForRow(0) if view.model() and view.model().rowCount() else 0)
    view.setMinimumHeight(row * (VISIBLE_ROWS + 1))


def drop_crowding_columns(view: QAbstractItemView, header, main_column: int, give_way: tuple[int, ...],
                          main_chars: int = 24, widest: dict[int, int] | None = None) -> None:
    """Hide the `give_way` columns, in that order, until the main column has room for `main_chars` characters.

    `widest`: {column: pixels} a stretching column is content to shrink to (its text is cut short).
    """
    widest = widest or {}
    for column in give_way:
        header.setSectionHidden(column, False)
    room = view.viewport().width()
    wanted = view.fontMetrics().averageCharWidth() * main_chars
    shown = [c for c in range(header.count()) if c != main_column and not header.isSectionHidden(c)]

    def width(c: int) -> int:
        return min(max(header.sectionSizeHint(c), view.sizeHintForColumn(c)), widest.get(c, 1 << 30))
    used = sum(width(c) for c in shown)
    for column in give_way:
        if room - used >= wanted:
            break
        used -= width(column)
        header.setSectionHidden(column, True)
