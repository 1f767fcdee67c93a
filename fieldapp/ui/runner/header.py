"""The interview runner's header: the form's title, the progress bar, the language choice and the header buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr


class RunnerHeader(QFrame):
    """Title on top; below it one row: progress, language, then the buttons (`add_button` puts more at its end)."""

    def __init__(self, title: str, languages, language: str | None, parent=None):
        super().__init__(parent, objectName="runnerHeader")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        outer.setSpacing(6)
        self.title_label = QLabel(title, self, objectName="runnerTitle")
        self.title_label.setWordWrap(True)   # long bilingual titles must not widen the window
        outer.addWidget(self.title_label)
        self.row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(tr("Progress"))
        self.row.addWidget(self.progress, 1)
        self.language_box = QComboBox(self)
        self.language_box.setAccessibleName(tr("Questionnaire language"))
        self.language_box.setToolTip(tr("Questionnaire language (Ctrl+L)"))
        for name in languages:
            # pyxform's "default" (the words of a form that names no language) shown in words people read
            self.language_box.addItem(tr("The form's own language") if name == "default" else name, name)
        several_languages = len(languages) > 1
        self.language_box.setVisible(several_languages)
        if language:
            self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))
        self.language_label = QLabel(tr("&Language:"), self)
        self.language_label.setBuddy(self.language_box)
        self.language_label.setVisible(several_languages)
        self.row.addSpacing(12)
        self.row.addWidget(self.language_label)
        self.row.addWidget(self.language_box)
        self.remove_repeat_button = self.add_button(QPushButton(tr("Remove this entry"), self))
        self.remove_repeat_button.setProperty("danger", True)
        self.jump_button = self.add_button(QPushButton(tr("Go to… (Ctrl+J)"), self))
        self.jump_button.setAccessibleName(tr("Go to a question"))
        self.jump_button.setToolTip(tr("Go to… (Ctrl+J)"))
        outer.addLayout(self.row)
        self.compact = False

    def set_compact(self, compact: bool) -> None:
        """On a short screen the header is its one row: no title line, no "Language:" word, no key in "Go to…"
        (the title and the keys stay in the tooltips; the language box keeps its accessible name)."""
        self.compact = compact
        several_languages = self.language_box.count() > 1
        self.title_label.setVisible(not compact)
        self.language_label.setVisible(several_languages and not compact)
        self.jump_button.setText(tr("Go to…") if compact else tr("Go to… (Ctrl+J)"))
        self.setToolTip(self.title_label.text() if compact else "")
        self.layout().setContentsMargins(16, 4 if compact else 8, 16, 4 if compact else 8)

    def add_button(self, button: QWidget) -> QWidget:
        """Put a button at the end of the header's row (after "Go to…"); returns it."""
        button.setParent(self)
        self.row.addWidget(button)
        return button

    def buttons(self) -> list[QWidget]:
        """The row's buttons in order, for the runner's Tab chain."""
        return [self.row.itemAt(i).widget() for i in range(self.row.count())
                if isinstance(self.row.itemAt(i).widget(), QPushButton)]
