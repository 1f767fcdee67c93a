"""The jump-to view: every group, repeat and question with a mark (answered, unanswered, problem, declined)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr
from fieldapp.ui.shell.adaptive_row import AdaptiveRow
from fieldapp.xform.model.paths import last_name
from fieldapp.xform.model.views import HierarchyItem

MARKS = {
    "answered": ("✓", "answered", "#2e7d5b"),
    "unanswered": ("○", "not answered", "#4a5562"),
    "required": ("*", "required, not answered yet", "#8c1d18"),
    "problem": ("!", "has a problem", "#b3261e"),
    "declined": ("⊘", "declined", "#6a5acd"),
}


class HierarchyView(QWidget):
    sig_jump_requested = Signal(str)
    """Go to a question, group or repeat instance. Argument: its positional path."""
    sig_closed = Signal()
    """Back to the current question without jumping."""
    sig_reveal_requested = Signal(str)
    """Show a masked (identifying or sensitive) answer. Argument: its positional path."""

    MASK = "••••••"

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)   # the same margins as a question page
        layout.addWidget(QLabel(tr("Go to a question"), self, objectName="pageTitle"))
        legend = "   ".join(f"{mark} {tr(words)}" for mark, words, _c in MARKS.values())
        legend_label = QLabel(legend, self, objectName="muted")
        legend_label.setWordWrap(True)
        layout.addWidget(legend_label)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["", tr("Question"), tr("Answer")])
        self.tree.setAccessibleName(tr("All questions of the interview"))
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._on_activated)
        layout.addWidget(self.tree, 1)
        buttons = AdaptiveRow(self)
        row = buttons.box
        self.go_button = QPushButton(tr("Go to this question"), self)
        self.go_button.setProperty("primary", True)
        self.back_button = QPushButton(tr("Back to the interview (Esc)"), self)
        self.reveal_button = QPushButton(tr("Show this answer (Ctrl+R)"), self)
        self.reveal_button.setAutoDefault(False)
        row.addWidget(self.go_button)
        row.addWidget(self.back_button)
        row.addWidget(self.reveal_button)
        row.addStretch(1)
        layout.addWidget(buttons)
        self.go_button.clicked.connect(self._on_go)
        self.back_button.clicked.connect(self.sig_closed)
        self.reveal_button.clicked.connect(self._on_reveal)
        # masked(path) -> True for answers hidden until revealed (set by the safety controls); none by default
        self.masked: Callable[[str], bool] = lambda _path: False
        # revealable(path) -> False for masked answers never shown here, not even on request (self-interview)
        self.revealable: Callable[[str], bool] = lambda _path: True

    def show_items(self, items: list[HierarchyItem], current_path: str = "") -> None:
        """The tree of the form; questions only read out (notes) get no answered/unanswered mark."""
        self.tree.clear()
        current = None
        for item in items:
            found = self._add(None, item, current_path)
            current = current or found
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(2, max(160, self.width() // 4))
        if current is not None:
            self.tree.setCurrentItem(current)
        elif self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.tree.setFocus()

    def _add(self, parent, item: HierarchyItem, current_path: str, parent_label: str = ""):
        row = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.tree)
        found = row if item.path == current_path else None
        if item.kind == "question" and item.is_note:
            row.setData(0, Qt.ItemDataRole.AccessibleTextRole, tr("note"))   # nothing to answer: no mark
        elif item.kind == "question":
            status = item.status
            if status == "problem" and not item.value:
                # an empty answer breaks no constraint: it is a required question not reached yet, not an error
                status = "required"
            mark, words, colour = MARKS.get(status, MARKS["unanswered"])
            row.setText(0, mark)
            row.setForeground(0, QBrush(QColor(colour)))
            row.setData(0, Qt.ItemDataRole.AccessibleTextRole, tr(words))
            hidden = bool(item.value) and self.masked(item.path)
            shown = item.shown or item.value   # choice labels, not their codes
            row.setText(2, self.MASK if hidden else shown)
            row.setData(2, Qt.ItemDataRole.UserRole, shown if hidden and self.revealable(item.path) else None)
        else:
            font = row.font(1)
            font.setBold(True)
            row.setFont(1, font)
        name = last_name(item.path)
        text = item.label or name
        if item.kind == "repeat_instance" and (not item.label or item.label.isdigit()):
            # a bare position says little: "Household member 2" does
            text = f"{parent_label or name} {item.label or item.path.rsplit('[', 1)[-1].rstrip(']')}"
        row.setText(1, text)
        row.setData(0, Qt.ItemDataRole.UserRole, item.path)
        for child in item.children:
            found = self._add(row, child, current_path, item.label or name) or found
        return found

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        self.sig_jump_requested.emit(row.data(0, Qt.ItemDataRole.UserRole))

    @Slot()
    def _on_go(self) -> None:
        row = self.tree.currentItem()
        if row is not None:
            self._on_activated(row, 0)

    @Slot()
    def _on_reveal(self) -> None:
        row = self.tree.currentItem()
        if row is not None and row.data(2, Qt.ItemDataRole.UserRole) is not None:
            self.sig_reveal_requested.emit(row.data(0, Qt.ItemDataRole.UserRole))

    def reveal(self, path: str) -> None:
        """Show the masked answer of `path` (after the audit trail has recorded the reveal)."""
        row = self.tree.currentItem()
        if row is not None and row.data(0, Qt.ItemDataRole.UserRole) == path:
            row.setText(2, row.data(2, Qt.ItemDataRole.UserRole) or "")
            row.setData(2, Qt.ItemDataRole.UserRole, None)

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_R and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._on_reveal()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.sig_closed.emit()
            return
        super().keyPressEvent(event)
