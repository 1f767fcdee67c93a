"""First-run set-up: device name, interviewer, passphrase (with confirmation and strength hint), then the recovery code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (QApplication, QCheckBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from fieldapp.ui.i18n import tr
from fieldapp.ui.setup.strength import MIN_LENGTH, passphrase_strength
from fieldapp.ui.shell.messages import error_text

STRENGTH_WORDS = {0: "Too short", 1: "Weak", 2: "Good", 3: "Strong"}


def align_label(label: QLabel, field: QWidget) -> None:
    """A form label centred on its field's height, with room for its last letter."""
    label.setObjectName("formLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setMinimumHeight(field.sizeHint().height())


def text_scale() -> float:
    """How much larger than normal the app's text is (1.0 .. 2.0), from the font the text-size setting chose."""
    from fieldapp.ui.app import BASE_POINT_SIZE
    return max(1.0, QApplication.font().pointSizeF() / BASE_POINT_SIZE)


def centered_card(parent: QWidget, max_width: int = 620) -> tuple[QWidget, QVBoxLayout]:
    """A page with one white card in the middle; returns (page, the card's layout).

    The card grows with the text size, and the page scrolls, so large text on a small
    laptop screen is never squeezed or cut off.
    """
    page = QScrollArea(parent)
    page.setWidgetResizable(True)
    page.setFrameShape(QFrame.Shape.NoFrame)
    page.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the first field, not the scrolling frame, takes the keyboard
    content = QWidget(page)
    outer = QVBoxLayout(content)
    outer.addStretch(1)
    card = QFrame(content)
    card.setObjectName("card")
    scale = text_scale()
    card.setMaximumWidth(round(max_width * scale))
    card.setMinimumWidth(min(round(max_width * scale), 420))
    inner = QVBoxLayout(card)
    inner.setContentsMargins(32, 28, 32, 28)
    inner.setSpacing(12)
    # stretches on both sides (not an alignment flag) so wrapped text gets its height for the card's width
    middle = QHBoxLayout()
    middle.addStretch(1)
    middle.addWidget(card, 8)
    middle.addStretch(1)
    outer.addLayout(middle)
    outer.addStretch(2)
    page.setWidget(content)
    return page, inner


class SetupPage(QWidget):
    """Creates the encrypted database; shows the one-time recovery code before going on."""

    sig_store_opened = Signal(object)
    """The store is created and open. Argument: the Store."""

    def __init__(self, data_dir: Path, store_api, parent=None):
        super().__init__(parent)
        self._data_dir = data_dir
        self._store_api = store_api
        self._store = None
        self._pages = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        self._pages.addWidget(self._build_details_page())
        self._pages.addWidget(self._build_recovery_page())

    # -- page 1: details and passphrase --------------------------------------
    def _build_details_page(self) -> QWidget:
        page, box = centered_card(self)
        title = QLabel(tr("Welcome to FieldApp"), objectName="pageTitle")
        intro = QLabel(tr("Set up this laptop once. Everything you collect is kept encrypted with the passphrase you choose here."))
        intro.setWordWrap(True)
        box.addWidget(title)
        box.addWidget(intro)
        form = QFormLayout()
        # large text puts each label above its field, so neither is squeezed
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows if text_scale() > 1.3
                              else QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.device_name = QLineEdit(accessibleName=tr("Device name"))
        self.device_name.setPlaceholderText(tr("e.g. Laptop 3, Quetzaltenango office"))
        self.interviewer = QLineEdit(accessibleName=tr("Interviewer"))
        self.passphrase = QLineEdit(accessibleName=tr("Passphrase"), echoMode=QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(accessibleName=tr("Passphrase again"), echoMode=QLineEdit.EchoMode.Password)
        self.strength = QLabel(objectName="muted")
        self.strength.setWordWrap(True)
        form.addRow(tr("&Device name"), self.device_name)
        form.addRow(tr("&Interviewer"), self.interviewer)
        form.addRow(tr("&Passphrase"), self.passphrase)
        form.addRow("", self.strength)
        form.addRow(tr("Passphrase &again"), self.confirm)
        for field in (self.device_name, self.interviewer, self.passphrase, self.confirm):
            label = form.labelForField(field)
            if label is not None:
                label.setBuddy(field)
                if form.rowWrapPolicy() != QFormLayout.RowWrapPolicy.WrapAllRows:   # side by side: line up
                    align_label(label, field)
        box.addLayout(form)
        self.message = QLabel(objectName="problem")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        self.create_button = QPushButton(tr("Create encrypted storage"), accessibleName=tr("Create encrypted storage"))
        self.create_button.setProperty("primary", True)
        self.create_button.setDefault(True)
        box.addWidget(self.create_button)
        self.passphrase.textChanged.connect(self._on_passphrase_edited)
        self.confirm.returnPressed.connect(self.create_button.click)
        self.create_button.clicked.connect(self._on_create)
        self._on_passphrase_edited("")
        return page

    @Slot(str)
    def _on_passphrase_edited(self, text: str) -> None:
        level, hint = passphrase_strength(text, self._names())
        if not text:
            self.strength.setText(tr("Use at least 8 characters; a short sentence is easy to remember and hard to guess."))
        else:
            self.strength.setText(f"{tr('Strength')}: {tr(STRENGTH_WORDS[level])}. {tr(hint)}")

    def _names(self) -> list[str]:
        """The laptop's and the interviewer's names as typed: a passphrase made of them is easy to guess."""
        return [self.device_name.text(), self.interviewer.text()]

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if text:   # with large text the message can fall below the screen's edge: bring it into view
            QTimer.singleShot(0, self._reveal_message)

    @Slot()
    def _reveal_message(self) -> None:
        page = self._pages.currentWidget()
        if isinstance(page, QScrollArea) and self.message.isVisible():
            page.ensureWidgetVisible(self.message, 0, 24)
            page.ensureWidgetVisible(self.create_button, 0, 24)

    @Slot()
    def _on_create(self) -> None:
        if not self.device_name.text().strip() or not self.interviewer.text().strip():
            self._show_message(tr("Please give the device a name and write the interviewer's name."))
            return
        passphrase = self.passphrase.text()
        if len(passphrase) < MIN_LENGTH:
            self._show_message(tr("The passphrase is too short: use at least 8 characters."))
            self.passphrase.setFocus()
            return
        if passphrase_strength(passphrase, self._names())[0] < 2:
            from fieldapp.store.errors import GuessablePassphrase
            self._show_message(error_text(GuessablePassphrase()))
            self.passphrase.setFocus()
            return
        if passphrase != self.confirm.text():
            self._show_message(tr("The two passphrases are not the same. Type them again."))
            self.confirm.clear()
            self.confirm.setFocus()
            return
        try:
            store = self._store_api.open_store(self._data_dir, passphrase, create=True)
            store.set_setting("device_name", self.device_name.text().strip())
            store.set_setting("interviewer", self.interviewer.text().strip())
            code = store.create_recovery_code()
        except Exception as exc:  # typed store errors carry a plain message; show it, never a traceback
            self._show_message(error_text(exc))
            return
        self._store = store
        self.passphrase.clear()
        self.confirm.clear()
        self.code_label.setText(code.replace("-", " "))   # groups wrap on narrow screens; the store ignores separators
        self._pages.setCurrentIndex(1)
        self.written_down.setFocus()

    # -- page 2: the recovery code ---------------------------------------------
    def _build_recovery_page(self) -> QWidget:
        page, box = centered_card(self)
        box.addWidget(QLabel(tr("Your recovery code"), objectName="pageTitle"))
        text = QLabel(tr("If the passphrase is ever forgotten, this code is the only way to open the data. "
                         "Write it on paper now and keep it somewhere safe, away from the laptop. It is shown only once."))
        text.setWordWrap(True)
        box.addWidget(text)
        self.code_label = QLabel(objectName="recoveryCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setWordWrap(True)
        self.code_label.setAccessibleName(tr("Recovery code"))
        box.addWidget(self.code_label)
        self.written_down = QCheckBox(tr("I have written the recovery code down"))
        box.addWidget(self.written_down)
        self.continue_button = QPushButton(tr("Continue"), accessibleName=tr("Continue"))
        self.continue_button.setProperty("primary", True)
        self.continue_button.setEnabled(False)
        self.written_down.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._on_continue)
        box.addWidget(self.continue_button)
        return page

    @Slot()
    def _on_continue(self) -> None:
        self.code_label.clear()  # the code must not linger on screen
        self.sig_store_opened.emit(self._store)
