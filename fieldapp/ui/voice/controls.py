"""The read-aloud key and button of the interview: F5 reads the question being answered (a consent text
included) and its choices, with the form's recording or the system voice, and says so when neither exists."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QPushButton

from fieldapp.ui.i18n import app_language, tr
from fieldapp.ui.voice.read_aloud import NONE, ReadAloud, language_code, nothing_to_read_with, question_items

READ_KEY = "F5"


class ReadAloudControls(QObject):
    """Adds "Read aloud" to the runner's footer and the F5 key; `items_for_page(page)` may supply what another
    page reads (the self-interview's practice), `say(text)` where a "cannot be read" note goes."""

    def __init__(self, runner, engines=None):
        super().__init__(runner)
        self.runner = runner
        self.reader = ReadAloud(runner, engines=engines)
        self.button = runner.footer.add_button(QPushButton(tr("Read aloud ({key})").format(key=READ_KEY)))
        self.button.setAccessibleName(tr("Read aloud"))
        self.button.setToolTip(tr("Read the question and its answers aloud, with the form's recording or this "
                                  "computer's voice"))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.read_screen)
        shortcut = QShortcut(QKeySequence(READ_KEY), runner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.read_screen)
        self.items_for_page: Callable | None = None
        self.say: Callable[[str], None] = self._say_in_banner
        self.last_ways: list[str] = []

    def _say_in_banner(self, text: str) -> None:
        if text:
            self.runner._say(text)

    def items(self) -> list:
        page = self.runner.pages.currentWidget()
        if self.items_for_page is not None:
            found = self.items_for_page(page)
            if found is not None:
                return found
        widgets = self.runner.screen_view.widgets
        if page is not self.runner.screen_view or not widgets:
            return []
        focused = QApplication.focusWidget()
        target = next((w for w in widgets.values() if focused is not None and (w is focused or w.isAncestorOf(focused))),
                      None)
        if target is None:   # nothing focused in an answer: the whole page, in order
            return [item for w in widgets.values() for item in question_items(w.question)]
        return question_items(target.question)

    @Slot()
    def read_screen(self) -> None:
        items = self.items()
        if not items:
            return
        language = self.runner.session.language or ""
        if not language_code(language):   # a form in one language names none ("default"): the app's
            language = app_language()
        self.last_ways = self.reader.read(items, language)
        self.say(nothing_to_read_with(language) if NONE in self.last_ways else "")
