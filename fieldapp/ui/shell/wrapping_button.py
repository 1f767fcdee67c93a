"""Buttons whose long text wraps onto more lines instead of widening the window (large text, small screens)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QRadioButton, QSizePolicy, QStyle,
                               QStyleOptionButton, QStylePainter)


class _WrappedText:
    """`text()` stays the whole text (for keys, accessibility and tests); a word-wrapped label inside shows it.

    Mixed into a QAbstractButton subclass, which names the CONTROL it draws without its text."""

    CONTROL = QStyle.ControlElement.CE_PushButton

    def _wrap(self, text: str, margins: tuple[int, int, int, int]) -> None:
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setStyleSheet("background: transparent; border: none;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*margins)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _sides(self) -> int:
        margins = self.layout().contentsMargins()
        return margins.left() + margins.right()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.minimumHeight(), self.layout().heightForWidth(width))

    def sizeHint(self) -> QSize:
        width = self.label.sizeHint().width() + self._sides()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * 16 + self._sides()
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""   # the label inside shows it, wrapped
        painter.drawControl(self.CONTROL, option)


class WrappingButton(_WrappedText, QPushButton):
    """A push button with wrapped text."""

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self._wrap(text, (14, 8, 14, 8))


class WrappingRadio(_WrappedText, QRadioButton):
    """A radio button whose long text wraps beside its circle (a self-interview's answers at 200 % text)."""

    CONTROL = QStyle.ControlElement.CE_RadioButton

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        style = self.style()
        indicator = (style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, self)
                     + style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing, None, self))
        self._wrap(text, (indicator + 4, 2, 2, 2))

    def hitButton(self, pos) -> bool:
        return self.rect().contains(pos)     # the wrapped words are part of the button, as a plain radio's text is
