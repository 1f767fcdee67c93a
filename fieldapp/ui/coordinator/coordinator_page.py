"""The Coordinator place: choose workbooks or folders, a password, Merge (with progress and Cancel), then the log,
the summary tables and charts (filtered by dimension, a chart saved as PNG), and the master's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QProgressBar, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from fieldapp.exchange.problems import reason_text
from fieldapp.exchange.summary import HIDDEN, SUPPRESSED
from fieldapp.ui.coordinator.charts import chart_for, chart_view, save_png
from fieldapp.ui.i18n import app_language, tr
from fieldapp.ui.shell.fitting import scrolling_body
from fieldapp.ui.tasks import TaskCancelled

STATUS_WORDS = {"merged": "Merged", "rejected": "Rejected", "skipped": "Skipped"}
LOG_HEADERS = ("File", "Status", "Read", "Added", "Updated", "Duplicates", "Conflicts", "Withdrawn", "Rejected rows",
               "Reason")
# rows and groups of the summary tables that are words, not the form's own labels
SUMMARY_WORDS = ("All", "Declined", "Not answered", "n", "mean", "median", "min", "max", HIDDEN)
# the command line's --profile choices, in the same order
PROFILE_WORDS = (("full", "Full (encrypted)"),
                 ("pseudonymized", "Pseudonymized (identifying answers as the organisation's codes; encrypted)"),
                 ("publishable", "Publishable (no identifying or sensitive columns)"))


def run_merge(control, inputs, out, password, profile, language, form_lookup=None, passwords=None,
              pseudonym_key=None):
    """The work function (off the GUI thread): the merge with its progress and Cancel."""
    from fieldapp.exchange.merge import Cancelled, merge
    try:
        return merge(inputs, out, password=password or None, profile=profile, language=language,
                     form_lookup=form_lookup, passwords=dict(passwords or {}), pseudonym_key=pseudonym_key,
                     progress=lambda done, total, name: control.progress(done, total, name),
                     cancelled=lambda: control.cancelled)
    except Cancelled:
        raise TaskCancelled() from None


class CoordinatorPage(QWidget):
    def __init__(self, store=None, tasks=None, parent=None):
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.task = None
        self.result = None
        self.file_passwords: dict[str, str] = {}    # a file exported with its own password
        # a scroll area: the place never forces the window wider than a small laptop screen
        body = scrolling_body(self)
        layout = QVBoxLayout(body)
        title = QLabel(tr("Merge workbooks from the laptops"), objectName="pageTitle")
        layout.addWidget(title)

        inputs_row = QHBoxLayout()
        self.inputs = QListWidget(self)
        self.inputs.setAccessibleName(tr("Files and folders to merge"))
        self.inputs.setMaximumHeight(120)
        inputs_row.addWidget(self.inputs, 1)
        buttons = QVBoxLayout()
        self.add_files = QPushButton(tr("Add &files…"), self)
        self.add_folder = QPushButton(tr("Add f&older…"), self)
        self.remove = QPushButton(tr("&Remove"), self)
        for button in (self.add_files, self.add_folder, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        inputs_row.addLayout(buttons)
        layout.addLayout(inputs_row)

        form = QFormLayout()
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("The password the workbooks were exported with"))
        form.addRow(tr("&Password"), self.password)
        out_row = QHBoxLayout()
        self.out = QLineEdit(self)
        self.out.setPlaceholderText(tr("master.xlsx"))
        self.choose_out = QPushButton(tr("&Save as…"), self)
        out_row.addWidget(self.out, 1)
        out_row.addWidget(self.choose_out)
        out_label = QLabel(tr("&Master workbook"), self)
        out_label.setBuddy(self.out)
        form.addRow(out_label, out_row)
        self.profile = QComboBox(self)
        for key, words in PROFILE_WORDS:
            self.profile.addItem(tr(words), key)
        form.addRow(tr("Pro&file"), self.profile)
        layout.addLayout(form)

        action_row = QHBoxLayout()
        self.merge_button = QPushButton(tr("&Merge"), self, objectName="primaryButton")
        self.cancel_button = QPushButton(tr("&Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.open_folder = QPushButton(tr("Open the master's f&older"), self)
        self.open_folder.setEnabled(False)
        action_row.addWidget(self.merge_button)
        action_row.addWidget(self.cancel_button)
        action_row.addWidget(self.progress, 1)
        action_row.addWidget(self.open_folder)
        layout.addLayout(action_row)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.tabs = QTabWidget(self)
        self.log_table = QTableWidget(0, len(LOG_HEADERS), self)
        self.log_table.setHorizontalHeaderLabels([tr(h) for h in LOG_HEADERS])
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self.log_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.log_table, tr("Merge log"))

        summary = QWidget(self)
        s_layout = QVBoxLayout(summary)
        pick = QHBoxLayout()
        self.question = QComboBox(summary)
        self.question.setAccessibleName(tr("Question"))
        self.dimension = QComboBox(summary)
        self.dimension.setAccessibleName(tr("Break down by"))
        self.save_chart = QPushButton(tr("Save chart as &PNG…"), summary)
        pick.addWidget(QLabel(tr("Question"), summary))
        pick.addWidget(self.question, 2)
        pick.addWidget(QLabel(tr("Break down by"), summary))
        pick.addWidget(self.dimension, 1)
        pick.addWidget(self.save_chart)
        s_layout.addLayout(pick)
        # under a table: what a standard age band made of the form's finer ones is, and what "<5" and hidden mean
        self.combined_note = QLabel("", summary)
        self.combined_note.setWordWrap(True)
        self.combined_note.hide()
        s_layout.addWidget(self.combined_note)
        split = QSplitter(Qt.Orientation.Vertical, summary)
        self.summary_table = QTableWidget(0, 0, split)
        self.summary_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chart = chart_view(split)
        split.addWidget(self.summary_table)
        split.addWidget(self.chart)
        s_layout.addWidget(split, 1)
        self.tabs.addTab(summary, tr("Summary"))
        layout.addWidget(self.tabs, 1)

        self.add_files.clicked.connect(self._add_files)
        self.add_folder.clicked.connect(self._add_folder)
        self.remove.clicked.connect(self._remove)
        self.choose_out.clicked.connect(self._choose_out)
        self.merge_button.clicked.connect(self.start_merge)
        self.cancel_button.clicked.connect(self.cancel_merge)
        self.open_folder.clicked.connect(self._open_folder)
        self.log_table.cellDoubleClicked.connect(self._ask_file_password)
        self.question.currentIndexChanged.connect(self._show_table)
        self.dimension.currentIndexChanged.connect(self._show_table)
        self.save_chart.clicked.connect(self._save_chart)

    # -- inputs ----------------------------------------------------------------------------------------------
    def add_inputs(self, paths) -> None:
        present = {self.inputs.item(i).text() for i in range(self.inputs.count())}
        for path in paths:
            if str(path) not in present:
                self.inputs.addItem(str(path))
                present.add(str(path))
        if not self.out.text() and self.inputs.count():
            first = Path(self.inputs.item(0).text())
            folder = first if first.is_dir() else first.parent
            self.out.setText(str(folder / "master.xlsx"))

    def _add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, tr("Workbooks to merge"), "",
                                                tr("Workbooks and exports (*.xlsx *.zip)"))
        self.add_inputs(files)

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("A folder of workbooks (a sync folder)"))
        if folder:
            self.add_inputs([folder])

    def _remove(self) -> None:
        for item in self.inputs.selectedItems():
            self.inputs.takeItem(self.inputs.row(item))

    def _choose_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Master workbook"), self.out.text() or "master.xlsx",
                                              tr("Workbooks (*.xlsx)"))
        if path:
            self.out.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    # -- merge -----------------------------------------------------------------------------------------------
    def start_merge(self) -> None:
        inputs = [self.inputs.item(i).text() for i in range(self.inputs.count())]
        if not inputs:
            self.status.setText(tr("Add the workbooks or folders to merge first."))
            return
        if not self.out.text().strip():
            self.status.setText(tr("Choose where to save the master workbook."))
            return
        key = None
        if self.profile.currentData() == "pseudonymized":
            key = self._pseudonym_key()
            if key is None:
                self.status.setText(tr("This laptop has not received the organisation's pseudonymization key yet. "
                                       "Run a sync with the sync folder that holds it, or choose another profile."))
                return
        self.merge_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(tr("Merging…"))
        self.task = self.tasks.run(run_merge, inputs, self.out.text().strip(), self.password.text(),
                                   self.profile.currentData(), app_language(), self._form_lookup(),
                                   self.file_passwords, key,
                                   on_done=self._merged, on_error=self._failed, on_progress=self._progress)

    def _pseudonym_key(self) -> bytes | None:
        """The organisation's key, kept in this laptop's encrypted store by a sync."""
        if self.store is None:
            return None
        from fieldapp.exchange.export import pseudonym_key
        try:
            return pseudonym_key(self.store)
        except Exception:       # not received yet: said on screen by the caller
            return None

    def _form_lookup(self):
        """The form from this laptop's library, for the summaries' labels and dimensions."""
        # read here, on the GUI thread: the merge runs on another thread and the store stays with this one
        if self.store is None:
            return None
        forms = {}
        try:
            for record in self.store.forms():
                if record.form_id not in forms:
                    forms[record.form_id] = self.store.load_form(record.form_id)
        except Exception:       # a form the library cannot load only costs the summaries their labels
            pass
        return forms.get

    def cancel_merge(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText(tr("Cancelling…"))

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if message:
            self.status.setText(tr("Reading {name}…").format(name=message))

    def _finish(self) -> None:
        self.merge_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self.task = None

    def _failed(self, error) -> None:
        self._finish()
        if isinstance(error, TaskCancelled):
            self.status.setText(tr("The merge was cancelled; nothing was written."))
            return
        text = error.text(app_language()) if hasattr(error, "text") else str(error)
        self.status.setText(tr("The master was not written: {reason}").format(reason=text))

    def _merged(self, result) -> None:
        self._finish()
        self.show_result(result)

    def show_result(self, result) -> None:
        self.result = result
        self.open_folder.setEnabled(result.master is not None)
        rejected = len(result.rejected)
        words = tr("{rows} submissions in the master, {conflicts} conflicts.").format(
            rows=result.rows, conflicts=result.conflicts)
        if rejected:
            words += " " + tr("{n} file(s) were not merged: see the reasons in the log.").format(n=rejected)
        if any(log.code in ("wrong_password", "password_needed") for log in result.inputs):
            words += " " + tr("A file with its own password: double-click it in the log, type its password, "
                              "then merge again.")
        # what the log's notes say (a column kept as text, a cell cut to Excel's limit) shows here too
        for code, params in result.notes:
            words += " " + reason_text(code, app_language(), **params)
        self.status.setText(words)
        self.log_table.setRowCount(0)
        for log in result.inputs:
            row = self.log_table.rowCount()
            self.log_table.insertRow(row)
            cells = [log.name, tr(STATUS_WORDS.get(log.status, log.status))] + [
                str(log.counts.get(k, 0)) for k in ("read", "added", "updated", "duplicates", "conflicts",
                                                    "withdrawn", "rejected")] + [log.reason(app_language())]
            for column, text in enumerate(cells):
                self.log_table.setItem(row, column, QTableWidgetItem(text))
        self.log_table.resizeColumnsToContents()
        self.question.blockSignals(True)
        self.dimension.blockSignals(True)
        self.question.clear()
        self.dimension.clear()
        seen, dims = set(), {}
        for table in result.summary:
            if table.column not in seen:
                seen.add(table.column)
                self.question.addItem(table.label, table.column)
            if table.dimension:
                dims.setdefault(table.dimension, table.dimension_label)
        self.dimension.addItem(tr("Overall"), None)
        for column, label in dims.items():
            self.dimension.addItem(label, column)
        self.question.blockSignals(False)
        self.dimension.blockSignals(False)
        self._show_table()

    def _ask_file_password(self, row: int, _column: int) -> None:
        if self.result is None or row >= len(self.result.inputs):
            return
        log = self.result.inputs[row]
        if log.code not in ("wrong_password", "password_needed"):
            return
        from PySide6.QtWidgets import QInputDialog
        text, ok = QInputDialog.getText(self, tr("Password of {name}").format(name=log.name),
                                        tr("Password of {name}").format(name=log.name), QLineEdit.EchoMode.Password)
        if ok and text:
            self.file_passwords[log.path] = text

    def current_table(self):
        if self.result is None:
            return None
        column, dimension = self.question.currentData(), self.dimension.currentData()
        for table in self.result.summary:
            if table.column == column and table.dimension == dimension:
                return table
        return None

    def _show_table(self) -> None:
        table = self.current_table()
        self.summary_table.clear()
        if table is None:
            self.summary_table.setRowCount(0)
            self.summary_table.setColumnCount(0)
            self.chart.setChart(chart_for_empty())
            self.combined_note.hide()
            return
        headers = [""]
        for group in table.groups:
            name = tr(group) if group == "All" else group
            headers += [name] if table.kind == "number" else [f"{name} n", f"{name} %"]
        self.summary_table.setColumnCount(len(headers))
        self.summary_table.setHorizontalHeaderLabels(headers)
        width = 1 if table.kind == "number" else 2
        for g, group in enumerate(table.groups):
            if group in table.combined:     # the total of its parts: told apart in italics, said in the tooltip
                for column in range(1 + g * width, 1 + (g + 1) * width):
                    item = self.summary_table.horizontalHeaderItem(column)
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                    item.setToolTip(tr("Total of {parts}: the standard age band").format(
                        parts=" + ".join(table.combined[group])))
        self.summary_table.setRowCount(len(table.rows))
        for r, (label, value, counts, percents) in enumerate(table.rows):
            shown = tr(label) if label in SUMMARY_WORDS else label
            cells = [shown]
            for c, p in zip(counts, percents):
                cells += [c] if table.kind == "number" else [c, p]
            for column, cell in enumerate(cells):
                text = "" if cell is None else tr(cell) if cell == HIDDEN and column else str(cell)
                self.summary_table.setItem(r, column, QTableWidgetItem(text))
        self.summary_table.resizeColumnsToContents()
        notes = []
        if table.combined:
            notes.append(tr("An age band followed by its parts in brackets, such as {example}, is the total of those "
                            "parts: the standard UNICEF/OCHA band.").format(example=next(iter(table.combined))))
        # a publishable summary: what its two marks mean, under the table that shows them
        marks = set(table.base) | {c for _l, _v, counts, _p in table.rows for c in counts if isinstance(c, str)}
        if SUPPRESSED in marks:
            notes.append(tr("“<5”: fewer than 5 respondents, not shown so no child can be singled out (where fewer "
                            "than 5 were asked, every answer of that group shows “<5”, a 0 too)."))
        if HIDDEN in marks:
            notes.append(tr("“{hidden}”: a count of 5 or more, hidden too so that a count under 5 cannot be worked "
                            "out by subtraction from the totals, the other groups or an age band's parts; its "
                            "percentage is left blank.").format(hidden=tr(HIDDEN)))
        self.combined_note.setText(" ".join(notes))
        self.combined_note.setVisible(bool(notes))
        self.chart.setChart(chart_for(table))

    def _save_chart(self) -> None:
        if self.current_table() is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Save chart as PNG"), "chart.png", tr("Images (*.png)"))
        if path:
            self.save_chart_png(path)

    def save_chart_png(self, path: str) -> bool:
        return save_png(self.chart, path)

    def _open_folder(self) -> None:
        if self.result is not None and self.result.master is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result.master).parent)))


def chart_for_empty():
    from PySide6.QtCharts import QChart
    return QChart()
