"""Shows one Screen: the breadcrumb, the group's label and a widget per question (or the repeat prompt)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr
from fieldapp.ui.runner.repeat_prompt import RepeatPrompt
from fieldapp.ui.shell.keyboard import enter_presses_buttons
from fieldapp.ui.widgets.registry import create_widget
from fieldapp.xform.model.views import QuestionView, Screen


class ScreenView(QScrollArea):
    """Builds widgets for a screen, and refreshes them in place while the screen stays the same."""

    sig_answered = Signal(str, str)
    """A question's answer changed. Arguments: positional path, XForm string value."""
    sig_decline_toggled = Signal(str, bool)
    """Prefer-not-to-answer pressed or taken back. Arguments: path, declined."""
    sig_next_requested = Signal()
    """Enter in a one-line answer, or a "quick" choice: go to the next screen."""
    sig_add_repeat = Signal()
    sig_skip_repeat = Signal()
    sig_file_attached = Signal(str, str)
    """A file was attached. Arguments: question path, file path on disk."""
    sig_file_removed = Signal(str)
    """"Remove" on a file the store keeps. Argument: question path."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.screen: Screen | None = None
        self.widgets: dict[str, object] = {}
        self.repeat_prompt: RepeatPrompt | None = None
        # read(file name) -> bytes | None, set by the runner when a store keeps attached files.
        self.attachment_reader = None

    def show_screen(self, screen: Screen) -> None:
        """Build the page for `screen` from scratch."""
        self.screen = screen
        self.widgets = {}
        self.repeat_prompt = None
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        if screen.group_labels:
            crumbs = QLabel(" › ".join(label for label in screen.group_labels if label), page, objectName="breadcrumb")
            crumbs.setWordWrap(True)
            layout.addWidget(crumbs)
        if screen.kind == "repeat_prompt":
            self.repeat_prompt = RepeatPrompt(screen, page)
            self.repeat_prompt.sig_add.connect(self.sig_add_repeat)
            self.repeat_prompt.sig_skip.connect(self.sig_skip_repeat)
            layout.addWidget(self.repeat_prompt)
        else:
            if screen.kind == "group" and screen.label:
                title = QLabel(screen.label, page, objectName="pageTitle")
                title.setWordWrap(True)
                layout.addWidget(title)
            for view in screen.questions:
                widget = create_widget(view, page)
                self._connect(widget)
                self.widgets[view.path] = widget
                layout.addWidget(widget)
            if not screen.questions:
                layout.addWidget(QLabel(tr("Nothing to answer here."), page, objectName="muted"))
        layout.addStretch(1)
        enter_presses_buttons(page)
        old = self.takeWidget()
        self.setWidget(page)
        if old is not None:
            old.deleteLater()

    def _connect(self, widget) -> None:
        widget.sig_value_changed.connect(self._on_value_changed)
        widget.sig_decline_toggled.connect(self._on_decline_toggled)
        widget.sig_auto_advance.connect(self.sig_next_requested)
        if hasattr(widget, "sig_file_attached"):
            widget.sig_file_attached.connect(self._on_file_attached)
            widget.sig_file_removed.connect(self._on_file_removed)
            if self.attachment_reader is not None:
                widget.set_attachment_reader(self.attachment_reader)
        edits = widget.findChildren(QLineEdit)
        if len(edits) == 1:   # with several boxes (a place, a date and a time) Enter must not leave the question
            edits[0].returnPressed.connect(self.sig_next_requested)

    @Slot(str)
    def _on_value_changed(self, value: str) -> None:
        self.sig_answered.emit(self.sender().question.path, value)

    @Slot(bool)
    def _on_decline_toggled(self, declined: bool) -> None:
        self.sig_decline_toggled.emit(self.sender().question.path, declined)

    @Slot(str)
    def _on_file_attached(self, file_path: str) -> None:
        self.sig_file_attached.emit(self.sender().question.path, file_path)

    @Slot()
    def _on_file_removed(self) -> None:
        self.sig_file_removed.emit(self.sender().question.path)

    def same_page(self, screen: Screen) -> bool:
        if self.screen is None or screen.kind != self.screen.kind or screen.path != self.screen.path:
            return False
        return [q.path for q in screen.questions] == list(self.widgets)

    def refresh(self, screen: Screen) -> None:
        """Update in place when the same questions are shown (keeps focus and typing), else rebuild."""
        if not self.same_page(screen) or screen.kind == "repeat_prompt":
            self.show_screen(screen)
            return
        self.screen = screen
        for view in screen.questions:
            widget = self.widgets[view.path]
            if widget.question.choices != view.choices:
                self._replace_widget(widget, view)   # a cascading list on the same page got new choices
            else:
                widget.set_question(view)

    def _replace_widget(self, old, view: QuestionView) -> None:
        layout = self.widget().layout()
        index = layout.indexOf(old)
        had_focus = old.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        new = create_widget(view, self.widget())
        self._connect(new)
        layout.insertWidget(index, new)
        layout.removeWidget(old)
        old.hide()
        old.deleteLater()
        self.widgets[view.path] = new
        if had_focus:
            new.focus_input()

    def update_question(self, view: QuestionView, problem: str | None = None, use_problem: bool = False) -> None:
        widget = self.widgets.get(view.path)
        if widget is None:
            return
        widget.set_question(replace(view, problem=problem) if use_problem else view)

    def flush(self) -> None:
        """Commit every value still waiting for a typing pause."""
        for widget in list(self.widgets.values()):
            widget.flush()

    def focus_first(self) -> None:
        """Focus the first question with a problem, else the first question (keyboard users start typing at once)."""
        if self.repeat_prompt is not None:
            self.repeat_prompt.add_button.setFocus()
            return
        widgets = list(self.widgets.values())
        with_problem = [w for w in widgets if w.problem.text()]
        for widget in with_problem or widgets:
            if not any(w.isEnabled() for w in widget.input_widgets()):
                continue
            widget.focus_input()
            if with_problem:
                self.ensureWidgetVisible(widget, 0, 80)
            else:
                self.verticalScrollBar().setValue(0)   # a new page starts at its title, not at the first field
            return
        self.verticalScrollBar().setValue(0)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
