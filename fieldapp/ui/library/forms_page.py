"""The Forms place: every form on this laptop with its versions; start an interview; import a form from a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QFileDialog, QHeaderView, QLabel, QProgressBar, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from fieldapp.ui.i18n import tr
from fieldapp.ui.shell.adaptive_row import AdaptiveRow
from fieldapp.ui.shell.fitting import drop_crowding_columns, keep_rows_visible, scrolling_body
from fieldapp.ui.library.bundled import bundled_form_files
from fieldapp.ui.library.problems_dialog import ProblemsDialog
from fieldapp.ui.shell.messages import error_text
from fieldapp.ui.tasks import TaskCancelled, TaskRunner

VERSION_ROLE = Qt.ItemDataRole.UserRole + 1
FORM_FILES = "Forms (*.xlsx *.xls *.xml *.md)"


def language_code(name: str) -> str:
    """"Español (es)" -> "es": the list stays narrow; the full names are in the runner."""
    if name.endswith(")") and "(" in name:
        return name[name.rindex("(") + 1:-1]
    return name


def load_forms_work(control, paths: list[str]):
    """Background work: load each file into a Form (pyxform and parsing are the slow part)."""
    from fieldapp.xform import load_form
    forms = []
    for done, path in enumerate(paths):
        control.check()
        control.progress(done, len(paths), Path(path).name)
        forms.append(load_form(path))
    control.progress(len(paths), len(paths), "")
    return forms


class FormsPage(QWidget):
    sig_start_requested = Signal(str, str)
    """Start a new interview. Arguments: form_id, version."""
    sig_record_audio_requested = Signal(str, str)
    """Open the Record audio mode of a form. Arguments: form_id, version."""

    def __init__(self, store, tasks: TaskRunner, *, bundled_dir: Path | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.bundled_dir = bundled_dir
        self.task = None
        self.problems_dialog = None
        layout = QVBoxLayout(scrolling_body(self))   # large text on a small screen scrolls instead of squeezing
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(QLabel(tr("Forms"), self, objectName="pageTitle"))
        intro = QLabel(tr("The questionnaires on this laptop. Choose one and start an interview, or add a form "
                          "(an XLSForm from KoboToolbox or ODK, or an XForm)."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([tr("Form"), tr("Version"), tr("Languages"), tr("Added")])
        self.tree.setAccessibleName(tr("Forms on this laptop"))
        self.tree.setRootIsDecorated(True)
        self.tree.itemActivated.connect(self._on_activated)
        layout.addWidget(self.tree, 1)
        self.status = QLabel(self, objectName="muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(tr("Loading the form"))
        self.progress.hide()
        buttons = AdaptiveRow(self)
        row = buttons.box
        self.start_button = QPushButton(tr("Start a new interview"), self)
        self.start_button.setProperty("primary", True)
        self.record_button = QPushButton(tr("Record audio…"), self)
        self.record_button.setToolTip(tr("Record the questions, hints and choices of the chosen form in a "
                                         "language, for interviews and self-interviews read aloud"))
        self.import_button = QPushButton(tr("Add a form from a file…"), self)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.hide()
        row.addWidget(self.start_button)
        row.addWidget(self.record_button)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        row.addWidget(self.import_button)
        layout.addWidget(buttons)
        self.start_button.clicked.connect(self._start_selected)
        self.record_button.clicked.connect(self._record_selected)
        self.import_button.clicked.connect(self._choose_file)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.refresh()

    # -- listing ----------------------------------------------------------------------
    def refresh(self) -> None:
        self.tree.clear()
        newest: dict[str, QTreeWidgetItem] = {}
        # newest first; the id breaks ties between forms registered in the same second
        records = sorted(self.store.forms(include_hidden=False), key=lambda r: (r.registered_at, r.id), reverse=True)
        for record in records:
            parent = newest.get(record.form_id)
            item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.tree)
            item.setText(0, record.title if parent is None else tr("Earlier version"))
            item.setToolTip(0, record.title)   # bilingual titles are often cut short in the column
            item.setText(1, record.version or "—")
            item.setText(2, ", ".join(language_code(name) for name in record.languages) or "—")
            item.setText(3, record.registered_at[:10])
            # plain strings in item data: Python tuples in QVariants upset PySide's reference counts at exit
            item.setData(0, Qt.ItemDataRole.UserRole, record.form_id)
            item.setData(0, VERSION_ROLE, record.version)
            if parent is None:
                newest[record.form_id] = item
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.start_button.setEnabled(bool(records))
        self.record_button.setEnabled(bool(records))
        self._fit_list()

    def selected_form(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        return self._form_of(item) if item is not None else None

    @staticmethod
    def _form_of(item: QTreeWidgetItem) -> tuple[str, str]:
        return item.data(0, Qt.ItemDataRole.UserRole), item.data(0, VERSION_ROLE) or ""

    @Slot()
    def _start_selected(self) -> None:
        chosen = self.selected_form()
        if chosen:
            self.sig_start_requested.emit(*chosen)

    @Slot()
    def _record_selected(self) -> None:
        chosen = self.selected_form()
        if chosen:
            self.sig_record_audio_requested.emit(*chosen)

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.sig_start_requested.emit(*self._form_of(item))

    # -- adding forms (in the background) --------------------------------------------------
    def add_bundled_forms(self) -> None:
        """Register the bundled forms that are new or changed (loading runs off the GUI thread)."""
        files = bundled_form_files(self.bundled_dir)
        if files:
            self._load([str(p) for p in files], quiet=True)

    @Slot()
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Add a form"), str(Path.home()), tr(FORM_FILES))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        self._load([path], quiet=False)

    def _load(self, paths: list[str], quiet: bool) -> None:
        if self.task is not None:
            return
        self._paths, self._quiet = paths, quiet
        self.status.setText(tr("Loading {file}…").format(file=", ".join(Path(p).name for p in paths)))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setVisible(not quiet)
        self.import_button.setEnabled(False)
        task = self.tasks.run(load_forms_work, paths, on_done=self._on_loaded,
                              on_error=self._on_failed, on_progress=self._on_progress)
        self.task = None if task.finished else task   # an inline executor has already finished it

    @Slot()
    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText(tr("Cancelling…"))

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, _name: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _finish(self) -> None:
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.import_button.setEnabled(True)

    @Slot(object)
    def _on_loaded(self, forms) -> None:
        task = self.sender()
        cancelled = bool(task is not None and getattr(task, "control", None) and task.control.cancelled)
        self._finish()
        if cancelled:
            self.status.setText(tr("Adding the form was cancelled."))
            return
        titles = []
        try:
            for form in forms:
                self.store.register_form(form)   # the database belongs to the GUI thread
                titles.append(form.title or form.form_id)
        except Exception as exc:
            self.status.setText(error_text(exc))
            return
        self.status.setText("" if self._quiet else tr("Added: {titles}.").format(titles=", ".join(titles)))
        self.refresh()

    @Slot(object)
    def _on_failed(self, error) -> None:
        self._finish()
        if isinstance(error, TaskCancelled):
            self.status.setText(tr("Adding the form was cancelled."))
            return
        problems = getattr(error, "problems", None)
        name = Path(self._paths[0]).name if self._paths else ""
        if problems:
            self.status.setText(tr("“{file}” could not be added: it has {n} problem(s).").format(file=name, n=len(problems)))
            if not self._quiet:
                self.problems_dialog = ProblemsDialog(name, problems, self)
                self.problems_dialog.open()
        else:
            self.status.setText(tr("“{file}” could not be added.").format(file=name) + " " + error_text(error))

    def _fit_list(self) -> None:
        """Minor columns give way to the name when the page is narrow (large text, small screen)."""
        keep_rows_visible(self.tree)
        drop_crowding_columns(self.tree, self.tree.header(), 0, (3, 2, 1))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_list()
