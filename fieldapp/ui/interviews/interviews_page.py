"""The Interviews place: a searchable list of drafts and finalized interviews, to resume, review as a new version, or start."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from fieldapp.ui.i18n import tr
from fieldapp.ui.interviews.titles import interview_titles, local_time
from fieldapp.ui.shell.adaptive_row import AdaptiveRow
from fieldapp.ui.shell.fitting import drop_crowding_columns, keep_rows_visible, scrolling_body
from fieldapp.ui.shell.messages import error_text

STATUS_WORDS = {"draft": "Draft", "finalized": "Finalized", "withdrawn": "Withdrawn", "refused": "Consent refused"}
# How an interview ended when it did not simply finish: an outcome, not a failure.
OUTCOME_WORDS = {"consent_refused": "Consent refused", "consent_refused_later": "Consent: not now",
                 "assent_refused": "The child said no", "assent_refused_later": "The child said not now",
                 "rescheduled": "Rescheduled (not private)"}
REVEAL_KEY = "Ctrl+R"
LIST_LIMIT = 500
FORM_CHARS = 28   # room the Form column asks for when the page is crowded


class InterviewsPage(QWidget):
    sig_resume_requested = Signal(str)
    """Open a draft. Argument: instance_id."""
    sig_edit_requested = Signal(str)
    """Correct a finalized interview as a new version. Argument: instance_id."""
    sig_new_requested = Signal()
    """Start a new interview (the shell shows the Forms place)."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(scrolling_body(self))   # large text on a small screen scrolls instead of squeezing
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel(tr("Interviews"), self, objectName="pageTitle"))
        filters = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search by name, case code or interviewer"))
        self.search.setAccessibleName(tr("Search interviews"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName(tr("Show"))
        for status, words in ((None, "All"), ("draft", "Drafts"), ("finalized", "Finalized"),
                              ("refused", "Consent refused")):
            self.status_filter.addItem(tr(words), status)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        layout.addLayout(filters)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([tr("Interview"), tr("Form"), tr("Status"), tr("Last change"), tr("Interviewer")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(tr("Interviews on this laptop"))
        self.table.setTabKeyNavigation(False)   # Tab leaves the table, arrows move inside it
        layout.addWidget(self.table, 1)
        self.empty_note = QLabel(tr("No interviews yet. Start one with “New interview”."), self, objectName="muted")
        self.empty_note.setWordWrap(True)
        layout.addWidget(self.empty_note)
        buttons = AdaptiveRow(self)
        row = buttons.box
        self.new_button = QPushButton(tr("New interview"), self)
        self.new_button.setProperty("primary", True)
        self.resume_button = QPushButton(tr("Continue this interview"), self)
        self.edit_button = QPushButton(tr("Correct (new version)"), self)
        # names and case codes are masked until revealed, one interview at a time, each reveal recorded
        self.reveal_button = QPushButton(tr("Show the name ({key})").format(key=REVEAL_KEY), self)
        self.reveal_button.setToolTip(tr("Names and case codes are hidden. Show the selected interview's (this "
                                         "is recorded)."))
        self.revealed: set[str] = set()
        row.addWidget(self.new_button)
        row.addStretch(1)
        row.addWidget(self.reveal_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.resume_button)
        layout.addWidget(buttons)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(self._on_activated)
        self.new_button.clicked.connect(self.sig_new_requested)
        self.resume_button.clicked.connect(self._resume_selected)
        self.edit_button.clicked.connect(self._edit_selected)
        self.reveal_button.clicked.connect(self.reveal_selected)
        reveal = QShortcut(QKeySequence(REVEAL_KEY), self)
        reveal.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reveal.activated.connect(self.reveal_selected)
        self.records = []
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip() or None
        status = self.status_filter.currentData()
        try:
            records = self.store.submissions(status=status, text=text, limit=LIST_LIMIT)
            titles = {r.form_id: r.title for r in self.store.forms()}
        except Exception as exc:   # e.g. the store was locked meanwhile: say so, keep the old list
            self.empty_note.setText(error_text(exc))
            self.empty_note.show()
            return
        if status is None:
            records = [r for r in records if r.status != "withdrawn" and not getattr(r, "superseded_by", None)]
        self.records = records
        self.table.setRowCount(len(records))
        for row, (record, name) in enumerate(zip(records, interview_titles(records, titles, self.revealed))):
            cells = (name, titles.get(record.form_id, record.form_id), status_words(record),
                     local_time(record.updated_at), record.interviewer or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)   # long form titles are cut short in the column
                item.setData(Qt.ItemDataRole.UserRole, record.instance_id)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in range(5):
            mode = QHeaderView.ResizeMode.Stretch if column < 2 else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.empty_note.setText(tr("No interviews yet. Start one with “New interview”.") if not text and status is None
                                else tr("No interview matches."))
        self.empty_note.setVisible(not records)
        if records:
            self.table.selectRow(0)
        self._update_buttons()
        self._fit_list()

    @Slot()
    def reveal_selected(self) -> None:
        """Show the selected interview's name and case code; the reveal is recorded in the audit trail."""
        record = self.selected()
        if record is None or record.instance_id in self.revealed:
            return
        try:
            self.store.log_event(record.instance_id, "reveal", screen="interviews")
        except Exception as exc:   # not recorded: not shown
            self.empty_note.setText(error_text(exc))
            self.empty_note.show()
            return
        self.revealed.add(record.instance_id)
        row = self.table.selectionModel().selectedRows()[0].row()
        self.refresh()
        self.table.selectRow(min(row, self.table.rowCount() - 1))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    @Slot()
    def _update_buttons(self) -> None:
        record = self.selected()
        self.resume_button.setEnabled(bool(record and record.status == "draft"))
        self.reveal_button.setEnabled(bool(record and record.instance_id not in self.revealed))
        self.edit_button.setEnabled(bool(record and record.status == "finalized"))

    @Slot()
    def _resume_selected(self) -> None:
        record = self.selected()
        if record and record.status == "draft":
            self.sig_resume_requested.emit(record.instance_id)

    @Slot()
    def _edit_selected(self) -> None:
        record = self.selected()
        if record and record.status == "finalized":
            self.sig_edit_requested.emit(record.instance_id)

    @Slot(QTableWidgetItem)
    def _on_activated(self, _item) -> None:
        self._resume_selected()

    def _fit_list(self) -> None:
        """Minor columns give way to the name when the page is narrow (large text, small screen)."""
        keep_rows_visible(self.table)
        # a long bilingual form title is cut short (its tooltip has it whole) before the interviewer gives way
        form_room = self.table.fontMetrics().averageCharWidth() * FORM_CHARS
        drop_crowding_columns(self.table, self.table.horizontalHeader(), 0, (3, 1, 4), widest={1: form_room})

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_list()


def status_words(record) -> str:
    """The Status column: the outcome when the interview ended otherwise than finished (refused, rescheduled)."""
    outcome = getattr(record, "outcome", None)
    if outcome in OUTCOME_WORDS:
        return tr(OUTCOME_WORDS[outcome])
    return tr(STATUS_WORDS.get(record.status, record.status))
