"""The interview's top (header and safety bar) as one compact header on a short screen, and a page stack that asks
only the room of the page it shows: large text on a laptop screen keeps the question in view and no text cut."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QStackedWidget, QWidget

COMPACT_LINES = 36
"""A window less than this many text lines tall is short: 600 px at 100 % text, 768 px from about 120 % text."""


def is_short(height: int, line_height: int) -> bool:
    """Whether a window `height` px tall is short for text whose lines are `line_height` px."""
    return height < COMPACT_LINES * max(1, line_height)


class InterviewTop(QWidget):
    """The header, and the safety bar under it. On a short screen both turn compact (no title line, no key hints,
    plain button heights) and sit side by side in one row where the width allows."""

    sig_compact = Signal(bool)
    """The top turned compact (True) or back to full (False)."""

    def __init__(self, header, parent=None):
        super().__init__(parent)
        self.setObjectName("interviewTop")
        self.header = header
        self.bar = None
        self.compact = False
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(0)
        self.box.addWidget(header)
        # never squeezed below its lines by a tall page: the page scrolls instead
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def set_safety_bar(self, bar) -> None:
        self.bar = bar
        self.box.addWidget(bar)
        if self.compact:
            bar.set_compact(True)

    def fit(self, height: int, width: int) -> None:
        """Compact or full for a window `height` x `width`; side by side when compact and the width allows."""
        compact = is_short(height, self.fontMetrics().height())
        if compact != self.compact:
            self.compact = compact
            self.header.set_compact(compact)
            if self.bar is not None:
                self.bar.set_compact(compact)
            self.sig_compact.emit(compact)
        beside = compact and self.bar is not None and self._width_in_one_row() <= width
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)

    def _width_in_one_row(self) -> int:
        return self.header.sizeHint().width() + self.bar.width_without_keys()


class PageStack(QStackedWidget):
    """Asks the room of the page it shows, not of its largest page (a plain stack asks the most any page needs:
    the end page's lists made every question page need more height than a laptop screen has)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
