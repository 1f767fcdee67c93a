"""The offer to carry over a returning child's earlier answers, shown when the case code finds an earlier interview.

The rule of what may be carried over lives in fieldapp.protect.continuity; this bar only asks and shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

from fieldapp.protect import continuity
from fieldapp.ui.i18n import tr
from fieldapp.ui.interviews.titles import local_time
from fieldapp.ui.shell.flow_row import FlowRow
from fieldapp.ui.shell.messages import error_text

FILL_KEY = "Ctrl+Shift+F"


class ContinuityOffer(QFrame):
    """Under the header: "an earlier interview was found: fill in N answers?", with Fill them in (FILL_KEY) and
    Not now; the offer never takes the keyboard from the answer being typed."""

    def __init__(self, runner, safety):
        super().__init__(runner)
        self.setObjectName("continuityOffer")
        self.setStyleSheet("QFrame#continuityOffer { background: #eef3f8; border-left: 5px solid #1f5f8b; }")
        self.runner, self.safety = runner, safety
        self.found = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        row = FlowRow(spacing=6)
        self.fill_button = QPushButton(tr("Fill them in ({key})").format(key=FILL_KEY), self)
        self.fill_button.setProperty("primary", True)
        self.dismiss_button = QPushButton(tr("Not now"), self)
        for button in (self.fill_button, self.dismiss_button):
            button.setAutoDefault(True)
            row.addWidget(button)
        layout.addLayout(row)
        self.fill_button.clicked.connect(self.fill_in)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()
        runner.layout().insertWidget(runner.layout().indexOf(runner.top) + 1, self)
        runner.screen_view.sig_answered.connect(self.after_answer)
        shortcut = QShortcut(QKeySequence(FILL_KEY), runner)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.fill_in)

    @Slot(str, str)
    def after_answer(self, path: str, value: str) -> None:
        store, session = self.safety.store, self.runner.session
        try:
            if not continuity.remember_case_code(store, session, path, value):
                return
            self.found = continuity.find_earlier(store, session, value)
        except Exception as exc:   # the store refused (disk full): say so; the answer itself is kept
            self.runner._say(error_text(exc))
            return
        if self.found is None:
            self.hide()
            return
        record, answers = self.found
        self.text.setText(tr("This case code has an earlier interview ({when}). {n} of its answers do not change "
                             "between visits and are neither sensitive nor identifying: fill them in, so the child "
                             "is not asked again? Check them with the child as you go.").format(
            when=local_time(record.finalized_at or record.updated_at), n=len(answers)))
        self.fill_button.show()
        self.dismiss_button.setText(tr("Not now"))
        self.show()

    @Slot()
    def fill_in(self) -> None:
        if self.found is None or not self.isVisible():
            return
        record, answers = self.found
        self.found = None
        try:
            filled = continuity.carry_over(self.safety.store, self.runner.session, record, answers)
        except Exception as exc:
            self.runner._say(error_text(exc))
            return
        self.runner.show_screen(self.runner.session.current(), rebuild=False)
        self.text.setText(tr("{n} answers were filled in from the earlier interview. Check them with the child "
                             "as you go; nothing sensitive was carried over.").format(n=filled))
        self.fill_button.hide()
        self.dismiss_button.setText(tr("Close"))
