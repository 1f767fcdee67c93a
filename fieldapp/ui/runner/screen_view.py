"""Shows one Screen: the breadcrumb, the group's label and a widget per question (or the repeat prompt)."""

from __future__ import annotations

from dataclasses import replace

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr
from fieldapp.ui.runner.repeat_prompt import RepeatPrompt
from fieldapp.ui.shell.keyboard import enter_presses_buttons
from fieldapp.ui.widgets.base import markdown_label
from fieldapp.ui.widgets.registry import create_widget
from fieldapp.xform.model.views import QuestionView, Screen


def _takes_focus_itself(widget: QWidget, page: QWidget) -> bool:
    """Focusable, and not part of another focusable widget (an editable list's own line edit moves with the list)."""
    if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
        return False
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if parent.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return False
        parent = parent.parentWidget()
    return True


SETTLING_MS = 400   # a new page's layout has settled by then


class ScreenView(QScrollArea):
    """Builds widgets for a screen, and refreshes them in place while the screen stays the same."""

    sig_answered = Signal(str, str)
    """A question's answer changed. Arguments: positional path, XForm string value."""
    sig_decline_toggled = Signal(str, bool)
    """Prefer-not-to-answer pressed or taken back. Arguments: path, declined."""
    sig_next_requested = Signal()
    """Enter in the last answer of a page (one-line text, a chosen option), or a "quick" choice: go to the next screen."""
    sig_add_repeat = Signal()
    sig_skip_repeat = Signal()
    sig_file_attached = Signal(str, str)
    """A file was attached. Arguments: question path, file path on disk."""
    sig_file_removed = Signal(str)
    sig_recording_made = Signal(str, QByteArray)
    """An audio question's take from the microphone. Arguments: question path, the WAV file's bytes."""
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
        self._settling = False
        self._chain_dirty = False   # widgets were added to a page already in the Tab chain
        self.verticalScrollBar().rangeChanged.connect(self._on_range_changed)

    def show_screen(self, screen: Screen) -> None:
        """Build the page for `screen` from scratch."""
        self.screen = screen
        self.widgets = {}
        self._chain_dirty = False   # a page built whole enters the Tab chain in order
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
            for note in screen.notes:   # the hint and guidance of the groups that begin here
                if note.hint:
                    layout.addWidget(markdown_label(note.hint, page, "groupHint"))
                if note.guidance:
                    layout.addWidget(markdown_label(tr("For the interviewer:") + " " + note.guidance, page, "guidance"))
            # the questions sit in a layout of their own, so a question that appears is put in place without a rebuild
            self.questions_layout = QVBoxLayout()
            self.questions_layout.setContentsMargins(0, 0, 0, 0)
            self.questions_layout.setSpacing(10)
            layout.addLayout(self.questions_layout)
            for view in screen.questions:
                widget = create_widget(view, page)
                self._connect(widget)
                self.widgets[view.path] = widget
                self.questions_layout.addWidget(widget)
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
        widget.sig_auto_advance.connect(self._on_enter)
        if hasattr(widget, "sig_file_attached"):
            widget.sig_file_attached.connect(self._on_file_attached)
            widget.sig_file_removed.connect(self._on_file_removed)
            widget.sig_recording_made.connect(self._on_recording_made)
            if self.attachment_reader is not None:
                widget.set_attachment_reader(self.attachment_reader)
        edits = widget.findChildren(QLineEdit)
        if len(edits) == 1:   # with several boxes (a place, a date and a time) Enter must not leave the question
            edits[0].returnPressed.connect(self._on_enter)

    @Slot()
    def _on_enter(self) -> None:
        """Enter (or a quick choice) goes on to the next answer of the page; from the last one, to the next screen."""
        widget = self.sender()
        while widget is not None and widget not in self.widgets.values():
            widget = widget.parent()
        following = self._answerable_after(widget) if widget is not None else []
        if following:
            following[0].focus_input()
            self.ensureWidgetVisible(following[0], 0, 40)
        else:
            self.sig_next_requested.emit()

    def _answerable_after(self, widget) -> list:
        """The questions after `widget` on this page that take an answer now (notes and read-only ones are passed by)."""
        widgets = list(self.widgets.values())
        return [w for w in widgets[widgets.index(widget) + 1:]
                if any(i.isEnabled() and i.focusPolicy() != Qt.FocusPolicy.NoFocus for i in w.input_widgets())]

    @Slot(str)
    def _on_value_changed(self, value: str) -> None:
        self.sig_answered.emit(self.sender().question.path, value)

    @Slot(bool)
    def _on_decline_toggled(self, declined: bool) -> None:
        self.sig_decline_toggled.emit(self.sender().question.path, declined)

    @Slot(str)
    def _on_file_attached(self, file_path: str) -> None:
        self.sig_file_attached.emit(self.sender().question.path, file_path)

    @Slot(QByteArray)
    def _on_recording_made(self, data: QByteArray) -> None:
        self.sig_recording_made.emit(self.sender().question.path, data)

    @Slot()
    def _on_file_removed(self) -> None:
        self.sig_file_removed.emit(self.sender().question.path)

    def same_page(self, screen: Screen) -> bool:
        if self.screen is None or screen.kind != self.screen.kind or screen.path != self.screen.path:
            return False
        return [q.path for q in screen.questions] == list(self.widgets)

    def refresh(self, screen: Screen) -> None:
        """Update in place while the page stays the same (keeps focus and typing), else rebuild.

        An answer that shows or hides questions of the same page (choosing "Other" shows "Other place")
        adds or removes just those widgets: the focus stays where it was, and a question that
        appears is brought into view.
        """
        if (self.screen is None or screen.kind != self.screen.kind or screen.path != self.screen.path
                or screen.kind == "repeat_prompt" or not screen.questions or not self.widgets):
            self.show_screen(screen)
            return
        self.screen = screen
        appeared = []
        if [q.path for q in screen.questions] != list(self.widgets):
            appeared = self._add_and_remove(screen)
        for view in screen.questions:
            widget = self.widgets[view.path]
            if widget in appeared:
                continue
            if widget.question.choices != view.choices:
                self._replace_widget(widget, view)   # a cascading list on the same page got new choices
            else:
                widget.set_question(view)
        if appeared:
            newest = appeared[-1]
            # once the page has laid out the new question: the first and the last line of what appeared in view
            QTimer.singleShot(0, lambda: self._bring_into_view(appeared[0], newest))

    def _add_and_remove(self, screen: Screen) -> list:
        """Make the page's widgets those of `screen`, keeping the ones still shown; returns the new widgets."""
        kept = {}
        for path, widget in self.widgets.items():
            self.questions_layout.removeWidget(widget)
            if any(view.path == path for view in screen.questions):
                kept[path] = widget
            else:
                widget.hide()
                widget.deleteLater()
        self.widgets = {}
        appeared = []
        for view in screen.questions:
            widget = kept.get(view.path)
            if widget is None:
                widget = create_widget(view, self.widget())
                self._connect(widget)
                enter_presses_buttons(widget)
                appeared.append(widget)
                self._chain_dirty = True
            self.widgets[view.path] = widget
            self.questions_layout.addWidget(widget)
            widget.show()
        return appeared

    def chain_tab_order(self):
        """Put the page's focusable widgets in the Tab chain in the order they are shown; returns the last one.

        A question that appears later is created at the chain's end (after the runner's buttons);
        without this, Tab would reach it only after everything else. A page built whole is in
        order already: then only its last focusable widget is looked for.
        """
        page = self.widget()
        if page is None:
            return None
        if not self._chain_dirty:
            last, widget = None, page.nextInFocusChain()
            while widget is not None and widget is not page and page.isAncestorOf(widget):
                if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    last = widget
                widget = widget.nextInFocusChain()
            return last
        self._chain_dirty = False
        in_page, widget = [], page.nextInFocusChain()
        for _ in range(20000):   # the whole ring: widgets added later sit after the footer's buttons
            if widget is None or widget is page:
                break
            if page.isAncestorOf(widget) and _takes_focus_itself(widget, page):
                in_page.append(widget)
            widget = widget.nextInFocusChain()
        holders = {id(holder): index for index, holder in enumerate(self.widgets.values())}
        first_top = next(iter(self.widgets.values())).y() if self.widgets else 0

        def place(w) -> int:
            parent = w
            while parent is not None and parent is not page:
                if id(parent) in holders:
                    return holders[id(parent)]
                parent = parent.parentWidget()
            return -1 if w.mapTo(page, w.rect().topLeft()).y() < first_top else len(holders)
        ordered = sorted(in_page, key=place)   # stable: each question keeps its own inner order
        if ordered != in_page:
            for before, after in zip(ordered, ordered[1:]):
                QWidget.setTabOrder(before, after)
        return ordered[-1] if ordered else None

    def _bring_into_view(self, first, last) -> None:
        if not shiboken6.isValid(first) or not shiboken6.isValid(last) or not last.isVisible():
            return
        self.ensureWidgetVisible(last, 0, 20)
        self.ensureWidgetVisible(first, 0, 20)

    def _replace_widget(self, old, view: QuestionView) -> None:
        layout = self.questions_layout
        index = layout.indexOf(old)
        had_focus = old.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        new = create_widget(view, self.widget())
        self._chain_dirty = True
        self._connect(new)
        layout.insertWidget(index, new)
        new.show()   # at once, not when the layout gets round to it: the next key may be a Tab to it
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
                # ...unless that hides the answer being typed (large text, small screen): then as little below it,
                # once the page has settled (its height changes while it is laid out)
                self._settling = True
                QTimer.singleShot(0, self._focus_in_view)
                QTimer.singleShot(SETTLING_MS, self._settled)
            return
        self.verticalScrollBar().setValue(0)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _settled(self) -> None:
        self._settling = False

    @Slot()
    def _on_range_changed(self, *_range) -> None:
        if self._settling:
            self._focus_in_view()

    @Slot()
    def _focus_in_view(self) -> None:
        focused = self.focusWidget()
        page = self.widget()
        # only a box to type in: typing blind is the trouble; a list's question stays readable above its options
        # (the arrow keys bring an option into view as they reach it)
        typing = isinstance(focused, (QLineEdit, QPlainTextEdit, QAbstractSpinBox))
        if typing and page is not None and page.isAncestorOf(focused):
            # the whole box, not only its text cursor (which is what ensureWidgetVisible shows of a line edit)
            top = focused.mapTo(page, focused.rect().topLeft()).y() - 8
            bottom = top + focused.height() + 16
            bar, room = self.verticalScrollBar(), self.viewport().height()
            if bottom > bar.value() + room:
                bar.setValue(min(top, bottom - room))
            elif top < bar.value():
                bar.setValue(top)
