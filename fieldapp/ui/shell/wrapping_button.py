"""Buttons whose long text wraps onto more lines instead of widening the window (large text, small screens)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QRadioButton, QSizePolicy, QStyle,
                               QStyleOptionButton,
                               QStylePainter)


class WrappingButton(QPushButton):
    """`text()` is the whole text (for keys, accessibility and tests); a word-wrapped label inside shows it."""

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setStyleSheet("background: transparent; border: none;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.minimumHeight(), self.layout().heightForWidth(width))

    def sizeHint(self) -> QSize:
        width = self.label.sizeHint().width() + 28
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * 16 + 28
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""   # the label inside shows it, wrapped
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)


class WrappingRadio(QRadioButton):
    """A radio button whose long text wraps beside its circle (a self-interview's answers at 200 % text)."""

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setStyleSheet("background: transparent; border: none;")
        indicator = (self.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, self)
                     + self.style().pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing, None, self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(indicator + 4, 2, 2, 2)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.minimumHeight(), self.layout().heightForWidth(width))

    def sizeHint(self) -> QSize:
        margins = self.layout().contentsMargins()
        width = self.label.sizeHint().width() + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        margins = self.layout().contentsMargins()
        width = self.fontMetrics().averageCharWidth() * 16 + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def hitButton(self, pos) -> bool:
        return self.rect().contains(pos)     # the wrapped words are part of the button, as a plain radio's text is

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""   # the label inside shows it, wrapped
        painter.drawControl(QStyle.ControlElement.CE_RadioButton, option)
