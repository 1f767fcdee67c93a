"""One choice from a drop-down list (select_one, appearances minimal, autocomplete, search)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QCompleter

from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


@register("select_one", "minimal", "autocomplete", "search")
class SelectOneMinimalWidget(QuestionWidget):
    def build_input(self) -> None:
        self.combo = QComboBox(self)
        self.combo.addItem(tr("— choose —"), "")
        for choice in self.question.choices:
            self.combo.addItem(choice.label, choice.value)
        if "autocomplete" in self.question.appearance.split() or len(self.question.choices) > 15:
            # typing filters long lists (municipalities, schools)
            self.combo.setEditable(True)
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            self.combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.currentIndexChanged.connect(self._on_chosen)
        self.input_area.addWidget(self.combo)

    @Slot(int)
    def _on_chosen(self, _index: int) -> None:
        self.emit_value()

    def input_widgets(self):
        return [self.combo]

    def value(self) -> str:
        return self.combo.currentData() or ""

    def set_value(self, value: str) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(index if index >= 0 else 0)
