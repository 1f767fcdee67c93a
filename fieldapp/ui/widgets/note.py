"""Text to read, with no answer (type note); a calculated value is shown under it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.ui.widgets.registry import register


@register("note", "")
class NoteWidget(QuestionWidget):
    def build_input(self) -> None:
        # text to read out looks like a page of text, not like a question waiting for an answer
        self.label.setObjectName("noteText")
        self.shown_value = QLabel(self, objectName="questionHint")
        self.shown_value.setWordWrap(True)
        self.input_area.addWidget(self.shown_value)

    def value(self) -> str:
        return self.question.value

    def set_value(self, value: str) -> None:
        self.shown_value.setText(value)
        self.shown_value.setVisible(bool(value))

    def set_question(self, question) -> None:
        super().set_question(question)
        self.set_value(question.value)
