"""The privacy switch: one key or button covers the whole window with an innocuous health page until the PIN is typed.

Everything sensitive goes out of sight at once: the window's title changes, every pop-up, tooltip and dialog
is closed, audio stops, the content behind is disabled (the keyboard cannot reach it) and the cover is opaque,
so the task-bar preview shows the health page too.
"""

from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (QApplication, QDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QToolTip, QVBoxLayout, QWidget)

from fieldapp.ui.i18n import tr

PRIVACY_KEY = Qt.Key.Key_F12
PRIVACY_KEY_TEXT = "F12"



def health_page() -> tuple[str, tuple[str, ...]]:
    """Generic public-health advice (title, tips): what anyone walking in would expect on a clinic's laptop."""
    return tr("Healthy habits for the whole family"), (
        tr("Wash your hands with soap and water before eating and after using the toilet."),
        tr("Drink safe water: boil it or use chlorine drops if you are not sure."),
        tr("Children need vaccines on time: check the vaccination card at the health centre."),
        tr("Sleep well: children need 9 to 12 hours of sleep every night."),
        tr("Eat fruit and vegetables every day, and keep food covered."),
        tr("Use a mosquito net and remove standing water to prevent dengue."),
    )


class PrivacyCover(QFrame):
    """The innocuous page and a small code box; `sig_code_entered` carries what was typed."""

    sig_code_entered = Signal(str)
    """The code box was submitted. Argument: the text typed (the PIN, or the passphrase)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("privacyCover")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#privacyCover { background: #ffffff; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 32)
        layout.setSpacing(14)
        heading, tips = health_page()
        title = QLabel(heading, self, objectName="pageTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        for tip in tips:
            label = QLabel("•  " + tip, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.code = QLineEdit(self, echoMode=QLineEdit.EchoMode.Password)
        self.code.setPlaceholderText(tr("Code"))
        self.code.setAccessibleName(tr("Code"))
        self.code.setMaximumWidth(260)
        self.go_button = QPushButton(tr("Continue"), self)
        self.go_button.setAutoDefault(False)
        row.addWidget(self.code)
        row.addWidget(self.go_button)
        layout.addLayout(row)
        self.message = QLabel(self, objectName="muted")
        self.message.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.code.returnPressed.connect(self._submit)
        self.go_button.clicked.connect(self._submit)

    @Slot()
    def _submit(self) -> None:
        text = self.code.text()
        self.code.clear()
        if text:
            self.sig_code_entered.emit(text)


class PrivacySwitch(QObject):
    """Covers `window` on engage(); release needs `verify(code) -> how` ("pin", "passphrase") or None when wrong.

    One per window (see for_window). `hint()` says what to type, in words a bystander learns nothing from.
    """

    sig_engaged = Signal()
    sig_released = Signal()

    def __init__(self, window: QWidget, verify: Callable[[str], str | None], *, hint: Callable[[], str] | None = None,
                 log: Callable[..., None] | None = None):
        super().__init__(window)
        self.window = window
        self.verify = verify
        self.hint = hint or (lambda: "")
        # log(action, by=...) writes the audit event ("on", "off", "refused"); before_engage() flushes typing
        self.log = log or (lambda action, **details: None)
        self.before_engage: list[Callable[[], None]] = []
        self.cover: PrivacyCover | None = None
        self._title = ""
        self._disabled: list[QWidget] = []
        self._focus_before: QWidget | None = None
        QApplication.instance().installEventFilter(self)
        window.destroyed.connect(self._forget)

    @classmethod
    def for_window(cls, window: QWidget, verify, *, hint=None, log=None) -> "PrivacySwitch":
        """The window's one switch: the first caller (the main window, else an interview on its own) sets it up."""
        found = getattr(window, "_privacy_switch", None)
        if found is not None and shiboken6.isValid(found):
            return found
        switch = cls(window, verify, hint=hint, log=log)
        window._privacy_switch = switch
        return switch

    @property
    def engaged(self) -> bool:
        return self.cover is not None

    # -- the key, from anywhere in the app (dialogs included) ------------------------------
    def eventFilter(self, obj, event):
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and event.key() == PRIVACY_KEY:
            if not self.engaged and self.window.isVisible():
                if event.type() == QEvent.Type.KeyPress:
                    self.engage()
                return True
            return self.engaged   # pressed again on the cover: nothing to do
        return False

    @Slot()
    def _forget(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- covering -----------------------------------------------------------------------------
    @Slot()
    def engage(self) -> None:
        if self.engaged:
            return
        for callback in self.before_engage:
            callback()
        close_everything_on_top(self.window)
        stop_sound(self.window)
        self._title = self.window.windowTitle()
        self.window.setWindowTitle(tr("Health information"))
        focused = QApplication.focusWidget()
        self._focus_before = focused if focused is not None and self.window.isAncestorOf(focused) else None
        # the content behind is disabled, so Tab or typing can never reach an answer under the cover
        self._disabled = [child for child in self.window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                          if child.isEnabled() and not child.isWindow()]
        for child in self._disabled:
            child.setEnabled(False)
        self.cover = PrivacyCover(self.window)
        self.cover.message.setText(self.hint())
        self.cover.setGeometry(self.window.rect())
        self.cover.show()
        self.cover.raise_()
        self.cover.code.setFocus(Qt.FocusReason.OtherFocusReason)
        self.cover.sig_code_entered.connect(self._try_code)
        self.window.installEventFilter(_Follow(self.cover, self.window))
        self.log("on")
        self.sig_engaged.emit()

    @Slot(str)
    def _try_code(self, code: str) -> None:
        how = self.verify(code)
        if not how:
            self.log("refused")
            if self.cover is not None:
                self.cover.message.setText(tr("Not right. Try again.") + " " + self.hint())
            return
        self.release(how)

    def release(self, how: str = "pin") -> None:
        if not self.engaged:
            return
        cover, self.cover = self.cover, None
        for child in self._disabled:
            if shiboken6.isValid(child):
                child.setEnabled(True)
        self._disabled = []
        self.window.setWindowTitle(self._title)
        cover.hide()
        cover.deleteLater()
        before = self._focus_before
        if before is not None and shiboken6.isValid(before) and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        self.log("off", by=how)
        self.sig_released.emit()


class _Follow(QObject):
    """Keeps the cover as large as its window when the window is resized."""

    def __init__(self, cover: QWidget, window: QWidget):
        super().__init__(cover)
        self._cover = cover

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Resize and shiboken6.isValid(self._cover):
            self._cover.setGeometry(obj.rect())
            self._cover.raise_()
        return False


def close_everything_on_top(window: QWidget) -> None:
    """Close every pop-up, tooltip, menu and dialog of the app (a dialog's question counts as cancelled)."""
    QToolTip.hideText()
    app = QApplication.instance()
    for _ in range(20):
        popup = app.activePopupWidget()
        if popup is None:
            break
        popup.close()
    for widget in app.topLevelWidgets():
        if widget is window or not widget.isVisible():
            continue
        if isinstance(widget, QDialog):
            widget.reject()
        widget.hide()


def stop_sound(window: QWidget) -> None:
    """Stop every recording being played and every voice reading aloud, in every window of the app."""
    for top in QApplication.instance().topLevelWidgets():
        for child in top.findChildren(QObject):
            stop = getattr(child, "stop_sound", None)
            if callable(stop):
                stop()
