"""One choice from a list, as radio buttons (select_one; appearances horizontal, columns, compact, quick, label, list-nolabel)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton, QRadioButton, QWidget

from fieldapp.ui.i18n import tr

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.choice_columns import LONG_LIST, SHORT_LABEL, TwoColumnChoices
from fieldapp.ui.widgets.choice_keys import ChoiceArrowKeys
from fieldapp.ui.widgets.media import AudioPlayer, scaled_pixmap
from fieldapp.ui.widgets.registry import register

APPEARANCES = ("", "horizontal", "horizontal-compact", "columns", "columns-pack", "compact", "quick",
               "label", "list-nolabel", "list", "image-map")


def column_count(appearance: str, choices: int) -> int:
    """How many columns the choices take: 1 by default, a row for horizontal, N for columns-N."""
    words = appearance.split()
    for word in words:
        for prefix in ("columns-", "compact-"):   # compact-N is Collect's older spelling of N columns
            if word.startswith(prefix) and word[len(prefix):].isdigit():
                return max(1, int(word[len(prefix):]))
    if any(w in ("horizontal", "horizontal-compact", "compact", "columns-pack", "label", "list-nolabel", "list") for w in words):
        return max(1, choices)
    if "columns" in words:
        return 2 if choices <= 4 else 3
    return 1


class ChoiceButtonsMixin:
    """Builds one button per choice in a grid, with the choice's image when there is one."""

    BUTTON_CLASS = QRadioButton

    def build_choice_buttons(self, exclusive: bool, on_enter=None) -> None:
        """`on_enter` (one-choice lists): the list is one Tab stop and Enter on an option calls it."""
        appearance = self.question.appearance.split()
        self.hide_buttons = "label" in appearance          # table-list header row: labels only
        self.hide_choice_labels = "list-nolabel" in appearance
        self.group = QButtonGroup(self)
        self.group.setExclusive(exclusive)
        self.buttons: dict[str, QRadioButton] = {}
        self.choice_box = QWidget(self)
        columns = column_count(self.question.appearance, len(self.question.choices))
        # table-list rows ("label" header, "list-nolabel" rows) line up by giving every choice the same width
        table_row = self.hide_buttons or self.hide_choice_labels
        # a long list of short choices takes two columns where the width allows (less scrolling)
        self.two_columns = (columns == 1 and len(self.question.choices) >= LONG_LIST and not table_row
                            and "image-map" not in appearance
                            and all(len(c.label) <= SHORT_LABEL and not c.media.image and not c.media.audio
                                    for c in self.question.choices))
        grid = TwoColumnChoices(self.choice_box) if self.two_columns else QGridLayout(self.choice_box)
        if not self.two_columns:
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setVerticalSpacing(6)
            grid.setHorizontalSpacing(16)
        cell_width = max((self.fontMetrics().horizontalAdvance(c.label) for c in self.question.choices), default=0) + 32
        centre = Qt.AlignmentFlag.AlignHCenter if table_row else Qt.AlignmentFlag(0)
        for index, choice in enumerate(self.question.choices):
            row, col = divmod(index, columns)
            text = "" if self.hide_choice_labels else choice.label
            if table_row:
                grid.setColumnMinimumWidth(2 * col, cell_width)
            if self.hide_buttons:
                header = QLabel(choice.label, self.choice_box)
                header.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                grid.addWidget(header, row, 2 * col)
                continue
            button = self.BUTTON_CLASS(text, self.choice_box)
            button.setAutoExclusive(False)   # the widget keeps one choice itself, so an answer can be cleared
            button.setAccessibleName(choice.label)
            if choice.media.image:
                pixmap = scaled_pixmap(choice.media.image, 160)
                if pixmap is not None:
                    button.setIcon(pixmap)
                    button.setIconSize(pixmap.size())
                    button.setMinimumHeight(pixmap.height() + 12)   # the style's minimum would cut the picture
            self.group.addButton(button, index)
            self.buttons[choice.value] = button
            if self.two_columns:
                grid.addWidget(button)
                continue
            # each choice takes two grid columns: the button, then its play button when it has audio
            grid.addWidget(button, row, 2 * col, centre)
            if choice.media.audio:
                grid.addWidget(self._choice_audio_button(choice), row, 2 * col + 1)
        if not self.two_columns:
            grid.setColumnStretch(2 * columns, 1)   # choices keep their width; the rest of the row stays empty
        self.input_area.addWidget(self.choice_box)
        if self.buttons:
            self.arrow_keys = ChoiceArrowKeys(list(self.buttons.values()), self, on_enter=on_enter)

    def _choice_audio_button(self, choice) -> QPushButton:
        if getattr(self, "choice_player", None) is None:
            self.choice_player = AudioPlayer(self)
        button = QPushButton("▶", self.choice_box)
        button.setAccessibleName(tr("Play: {label}").format(label=choice.label))
        button.setToolTip(tr("Play: {label}").format(label=choice.label))
        button.setProperty("audio", choice.media.audio)
        button.clicked.connect(self._play_choice_audio)
        return button

    @Slot()
    def _play_choice_audio(self) -> None:
        if not self.choice_player.play(self.sender().property("audio")):
            self.set_local_problem(tr("Audio cannot play on this computer (on Linux, install the libpulse0 package). "
                                      "Read the question aloud instead."))

    def input_widgets(self):
        return list(self.buttons.values())


@register("select_one", *APPEARANCES)
class SelectOneWidget(ChoiceButtonsMixin, QuestionWidget):
    def build_input(self) -> None:
        # non-exclusive group so a choice can be cleared
        self.build_choice_buttons(exclusive=False, on_enter=self._on_enter_key)
        self.group.buttonToggled.connect(self._on_toggled)
        self.clear_button = QPushButton(tr("Clear the answer"), self)
        self.clear_button.clicked.connect(self._on_clear)
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.input_area.addLayout(row)

    def _on_enter_key(self, just_chosen: bool) -> None:
        if just_chosen and "quick" in self.question.appearance.split():
            return   # choosing a "quick" option has already moved on
        self.sig_auto_advance.emit()

    @Slot()
    def _on_clear(self) -> None:
        self._updating = True
        for button in self.buttons.values():
            button.setChecked(False)
        self._updating = False
        self.emit_value()

    def set_question(self, question) -> None:
        super().set_question(question)
        # shown only when there is something to clear, so the page stays calm
        self.clear_button.setVisible(bool(question.value) and not question.readonly and not question.declined)
        if getattr(self, "arrow_keys", None) is not None:
            self.arrow_keys.settle()

    def focus_input(self) -> None:
        """Into the list where Tab would land: the chosen option, else the first."""
        if getattr(self, "arrow_keys", None) is not None and self.arrow_keys.tab_stop().isEnabled():
            self.arrow_keys.tab_stop().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_input()

    @Slot(object, bool)
    def _on_toggled(self, button, checked: bool) -> None:
        if self._updating:
            return
        if checked:
            self._updating = True
            for other in self.buttons.values():
                if other is not button:
                    other.setChecked(False)
            self._updating = False
        self.emit_value()
        if getattr(self, "arrow_keys", None) is not None:
            self.arrow_keys.settle()
        if checked and "quick" in self.question.appearance.split():
            self.sig_auto_advance.emit()

    def value(self) -> str:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return ""

    def set_value(self, value: str) -> None:
        for choice_value, button in self.buttons.items():
            button.setChecked(choice_value == value)
