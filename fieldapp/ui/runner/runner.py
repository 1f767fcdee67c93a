"""The interview runner: header (title, language, progress), the current screen, and the footer buttons."""

from __future__ import annotations

from typing import Callable

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from fieldapp.ui.i18n import tr
from fieldapp.ui.runner.chrome import InterviewTop, PageStack
from fieldapp.ui.shell.scrolling_note import ScrollingNote
from fieldapp.ui.runner.finalize_page import FinalizePage
from fieldapp.ui.runner.footer import RunnerFooter
from fieldapp.ui.runner.header import RunnerHeader
from fieldapp.ui.runner.hierarchy_view import HierarchyView
from fieldapp.ui.runner.screen_view import ScreenView
from fieldapp.ui.shell.confirm import ask_yes_no
from fieldapp.ui.shell.keyboard import enter_presses_buttons
from fieldapp.ui.shell.messages import error_text
from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.model.views import Screen



class InterviewRunner(QWidget):
    """Runs one FormSession; the store is reached only through the `finalize` and `save_and_exit` callables."""

    sig_closed = Signal(str, str)
    """The interview was left. Arguments: instance_id, "saved" (still a draft) or "finalized"."""

    def __init__(self, session, *, title: str = "", finalize: Callable | None = None,
                 save_and_exit: Callable | None = None, attach_file: Callable | None = None,
                 detach_file: Callable | None = None, read_attachment: Callable | None = None,
                 confirm: Callable[[QWidget, str, str], bool] = ask_yes_no, safety=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.read_aloud = self.self_interview = None   # set below when there are safety controls
        # fieldapp.protect.protocol.InterviewSafety: pause, privacy switch, distress, withdrawal, declines
        self.safety = safety
        self._finalize = finalize
        self._save_and_exit = save_and_exit
        # The store's attach(session, path, file) -> name, detach(session, path) and
        # attachment(instance_id, name) -> bytes; without them the file's own name is the answer.
        self._attach_file = attach_file
        self._detach_file = detach_file
        self._read_attachment = read_attachment
        self._confirm = confirm
        self.screen: Screen | None = None
        self.setObjectName("runner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = RunnerHeader(title or session.form.title, session.form.languages, session.language, self)
        self.top = InterviewTop(self.header, self)   # header and safety bar: one compact header when space is short
        layout.addWidget(self.top)
        self.banner = QLabel(objectName="problem")
        self.banner_area = ScrollingNote(self.banner, self)   # a long message scrolls, never cut, never a tall window
        self.banner_area.hide()
        layout.addWidget(self.banner_area)
        self.pages = PageStack(self)
        self.screen_view = ScreenView(self)
        if attach_file is not None:
            self.screen_view.attachment_reader = self.attachment_bytes
        self.hierarchy_view = HierarchyView(self)
        self.finalize_page = FinalizePage(self)
        for page in (self.screen_view, self.hierarchy_view, self.finalize_page):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        self.footer = RunnerFooter(self)
        layout.addWidget(self.footer)
        self._share_parts()
        self._wire()
        self.safety_controls = None
        if safety is not None:
            from fieldapp.ui.safety.controls import SafetyControls
            from fieldapp.ui.selfint.controls import attach_self_interview
            from fieldapp.ui.voice.controls import ReadAloudControls
            self.safety_controls = SafetyControls(self, safety)
            self.read_aloud = ReadAloudControls(self)
            self.self_interview = attach_self_interview(self)   # None without `fieldapp:self` parts
        enter_presses_buttons(self)
        self.show_screen(session.current())

    # -- building --------------------------------------------------------------
    def _share_parts(self) -> None:
        """The header's and footer's widgets under the runner's own names (the tests and the window use them)."""
        header, footer = self.header, self.footer
        self.title_label, self.progress = header.title_label, header.progress
        self.language_box, self.language_label = header.language_box, header.language_label
        self.remove_repeat_button, self.jump_button = header.remove_repeat_button, header.jump_button
        self.back_button, self.exit_button, self.next_button = footer.back_button, footer.exit_button, footer.next_button
        self.shortcut_hint = footer.shortcut_hint

    def _wire(self) -> None:
        self.next_button.clicked.connect(self.go_next)
        self.back_button.clicked.connect(self.go_back)
        self.exit_button.clicked.connect(self.save_and_exit)
        self.jump_button.clicked.connect(self.show_hierarchy)
        self.remove_repeat_button.clicked.connect(self.remove_current_repeat)
        self.language_box.currentIndexChanged.connect(self._on_language_chosen)
        self.screen_view.sig_answered.connect(self.answer)
        self.screen_view.sig_decline_toggled.connect(self.decline)
        self.screen_view.sig_next_requested.connect(self._next_soon)
        self.screen_view.sig_add_repeat.connect(self.add_repeat_here)
        self.screen_view.sig_skip_repeat.connect(self.go_next)
        self.screen_view.sig_file_attached.connect(self._on_file_attached)
        self.screen_view.sig_file_removed.connect(self._on_file_removed)
        self.screen_view.sig_recording_made.connect(self._on_recording_made)
        self.hierarchy_view.sig_jump_requested.connect(self.jump)
        self.hierarchy_view.sig_closed.connect(self.close_hierarchy)
        self.finalize_page.sig_jump_requested.connect(self.jump)
        self.finalize_page.sig_finalize_requested.connect(self.finalize)
        for keys, slot in ((QKeySequence.StandardKey.MoveToNextPage, self.page_down),
                           (QKeySequence.StandardKey.MoveToPreviousPage, self.page_up),
                           ("Ctrl+J", self.show_hierarchy), ("Ctrl+S", self.save_and_exit),
                           ("Ctrl+L", self._focus_language)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- showing -------------------------------------------------------------------
    def show_screen(self, screen: Screen, *, rebuild: bool = True) -> None:
        if self.safety_controls is not None and self.safety_controls.before_screen(screen):
            return   # consent or the privacy check comes first (the session stands there)
        if self.self_interview is not None and self.self_interview.intercept(self.screen, screen):
            self.screen = screen   # the session stands there; the self-interview's own page shows
            self._update_progress()
            return
        before, self.screen = self.screen, screen
        if screen.kind == "end":
            self._show_end()
        else:
            if rebuild:
                self.screen_view.show_screen(screen)
            else:
                self.screen_view.refresh(screen)
            self.pages.setCurrentWidget(self.screen_view)
            self._chain_tab_order()
            self.screen_view.focus_first()
        self.next_button.setEnabled(screen.kind != "end")
        self.remove_repeat_button.setVisible(screen.removable_repeat is not None)
        self._update_progress()
        self._fit_reminder()
        if self.safety_controls is not None:
            self.safety_controls.screen_shown(before, screen)
        if self.self_interview is not None:
            self.self_interview.screen_shown()

    def _may(self, action: str) -> bool:
        """Whether leaving the screen this way is allowed (not while the respondent holds the laptop)."""
        return self.self_interview is None or self.self_interview.allows(action)

    def _chain_tab_order(self) -> None:
        """Tab from the last answer goes to Next, not back up to the header (pages are built after the footer)."""
        last = self.screen_view.chain_tab_order()   # pop-ups (a long list's completer) are windows of their own: not in it
        chain = ([last] if last is not None else []) + self.footer.buttons() + [self.language_box] + self.header.buttons()
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def resizeEvent(self, event) -> None:
        self._fit_reminder(event.size().height(), event.size().width())
        super().resizeEvent(event)

    def _fit_reminder(self, height: int | None = None, width: int | None = None) -> None:
        """The questions need the room more than the shortcut reminder does.

        The reminder is hidden on a short screen with large text, and whenever this screen's questions
        would not fit beside it (a consent script must not be cut mid-sentence for a line of shortcuts).
        """
        height = height if height is not None else self.height()
        self.top.fit(height, width or self.width())
        self.footer.fit(self.top.compact, width or self.width())
        reminder = self.shortcut_hint.heightForWidth(width or self.width()) if self.shortcut_hint.hasHeightForWidth() \
            else self.shortcut_hint.sizeHint().height()
        footer = self.footer.sizeHint().height() - (0 if self.shortcut_hint.isHidden() else reminder)
        layout = self.layout()
        above = [layout.itemAt(i).widget() for i in range(layout.count())]   # header, banners, offers
        room = height - footer - reminder - sum(w.sizeHint().height() for w in above
                                                if w is not None and w not in (self.pages, self.footer)
                                                and w.isVisibleTo(self))
        short = (self.top.compact or room < height // 2
                 or (self.self_interview is not None and self.self_interview.respondent_has_laptop))
        page = self.screen_view.widget()
        if not short and page is not None and page.layout() is not None and self.pages.currentWidget() is self.screen_view:
            page_width = max(1, (width or self.width()) - self.screen_view.verticalScrollBar().sizeHint().width())
            layout = page.layout()
            need = layout.totalHeightForWidth(page_width) if layout.hasHeightForWidth() else page.sizeHint().height()
            short = need > room
        self.shortcut_hint.setHidden(short)

    def hideEvent(self, event) -> None:
        focused = QApplication.focusWidget()
        self._focus_before_hide = focused if focused is not None and self.isAncestorOf(focused) else None
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        """Opening an interview puts the keyboard in the first answer; coming back (after the lock) where it was."""
        super().showEvent(event)
        before = getattr(self, "_focus_before_hide", None)
        if before is not None and shiboken6.isValid(before) and before.isVisibleTo(self):
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.pages.currentWidget() is self.screen_view:
            self.screen_view.focus_first()

    def _show_end(self) -> None:
        problems = list(self.session.validate())
        labels = {}
        for problem in problems:
            try:
                labels[problem.path] = self.session.question(problem.path).label
            except Exception:   # a label is a nicety; the path still identifies the question
                labels[problem.path] = problem.path
        self.finalize_page.show_problems(problems, labels)
        self.pages.setCurrentWidget(self.finalize_page)

    def _update_progress(self) -> None:
        """The bar shows how far through the form this screen is (Screen.percent_through); the words, how many answers there are."""
        answered, _relevant = self.session.progress()
        percent = self.screen.percent_through if self.screen is not None else 0
        self.progress.setMaximum(100)
        self.progress.setValue(percent)
        words = (self.safety_controls.progress_words(answered) if self.safety_controls is not None
                 else tr("{answered} answered").format(answered=answered))
        self.progress.setFormat(words)   # short: the bar is narrow with large text
        where = tr("{percent}% of the form · {answered} answered").format(percent=percent, answered=answered)
        self.progress.setToolTip(where)
        self.progress.setAccessibleDescription(where)


    def _say(self, message: str | None) -> None:
        self.banner.setText(message or "")
        self.banner.setVisible(bool(message))
        self.banner_area.setVisible(bool(message))
        self.banner_area.updateGeometry()

    def _guard(self, operation, *args):
        """Run a session/store operation; a refusal (disk full, bad path) is shown, never a traceback."""
        try:
            result = operation(*args)
        except AnswerError:
            raise
        except Exception as exc:  # store errors carry plain messages in both languages
            self._say(error_text(exc))
            return None
        self._say(None)
        return result

    # -- answering -------------------------------------------------------------------
    @Slot(str, str)
    def answer(self, path: str, value: str) -> None:
        widget = self.screen_view.widgets.get(path)
        try:
            problems = self._guard(self.session.answer, path, value)
        except AnswerError as exc:
            if widget is not None:
                widget.set_local_problem(exc.message)
            return
        if widget is not None:
            widget.set_local_problem(None)
        mine = [p.message for p in (problems or []) if p.path == path] or [p.message for p in (problems or [])]
        self._refresh_after_change(path, mine[0] if mine else None)

    @Slot(str, bool)
    def decline(self, path: str, declined: bool) -> None:
        # through the safeguarding rules when present: the interviewer's own checks are never declined
        self._guard(self.safety.decline if self.safety is not None else self.session.decline, path, declined)
        self._refresh_after_change(path, None)

    def _refresh_after_change(self, path: str, problem: str | None) -> None:
        if self.screen is not None and self.screen.kind == "group":
            fresh = self.session.current()
            self.screen = fresh
            self.screen_view.refresh(fresh)
            self._chain_tab_order()   # a question may have appeared after the last one
            self._fit_reminder()
        try:
            view = self.session.question(path)
        except Exception:  # the question may have become non-relevant and gone from the page
            view = None
        if view is not None:
            self.screen_view.update_question(view, problem, use_problem=True)
        self._update_progress()

    @Slot(str, str)
    def _on_file_attached(self, path: str, file_path: str) -> None:
        if self._attach_file is None:
            return      # the widget answered with the file's name itself
        try:
            self._guard(self._attach_file, self.session, path, file_path)
        except AnswerError as exc:
            self._say(exc.message)
        self._refresh_after_change(path, None)

    @Slot(str, QByteArray)
    def _on_recording_made(self, path: str, data: QByteArray) -> None:
        """A take from the microphone: kept by the store from memory (encrypted), as an attached file is."""
        if self._attach_file is None:
            return
        from fieldapp.store.attachments import InMemoryFile
        try:
            self._guard(self._attach_file, self.session, path, InMemoryFile("recording.wav", bytes(data)))
        except AnswerError as exc:
            self._say(exc.message)
        self._refresh_after_change(path, None)

    @Slot(str)
    def _on_file_removed(self, path: str) -> None:
        if self._detach_file is not None:
            self._guard(self._detach_file, self.session, path)
            self._refresh_after_change(path, None)
        else:
            self.answer(path, "")

    def attachment_bytes(self, file_name: str) -> bytes | None:
        """The attached file's bytes from the store, in memory; None when it is not stored (or there is no store)."""
        if self._read_attachment is None or not file_name:
            return None
        try:
            return self._read_attachment(self.session.instance_id, file_name)
        except Exception:  # not stored (e.g. a name typed by a test or an old draft): the widget says so
            return None

    def flush(self) -> None:
        """Commit any answer still being typed (before moving, saving or locking)."""
        self.screen_view.flush()

    # -- moving ------------------------------------------------------------------------
    @Slot()
    def _next_soon(self) -> None:
        # let the field that pressed Enter finish its own editing signals first
        QTimer.singleShot(0, self.go_next)

    @Slot()
    def page_down(self) -> None:
        """Page Down reads on first: it scrolls a long page, and moves to the next screen from its end."""
        bar = self.screen_view.verticalScrollBar()
        if self.pages.currentWidget() is self.screen_view and bar.value() < bar.maximum():
            bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
            return
        self.go_next()

    @Slot()
    def page_up(self) -> None:
        """Page Up scrolls back up a long page, and goes to the previous screen from its top."""
        bar = self.screen_view.verticalScrollBar()
        if self.pages.currentWidget() is self.screen_view and bar.value() > bar.minimum():
            bar.triggerAction(bar.SliderAction.SliderPageStepSub)
            return
        self.go_back()

    @Slot()
    def go_next(self) -> None:
        if self.pages.currentWidget() is not self.screen_view or (self.screen and self.screen.kind == "end"):
            return
        self.flush()
        before = self.screen
        screen = self._guard(self.session.next)
        if screen is None:
            return
        stayed = before is not None and screen.kind == before.kind and screen.path == before.path
        self.show_screen(screen, rebuild=not stayed)

    @Slot()
    def go_back(self) -> None:
        if self.pages.currentWidget() is self.hierarchy_view:
            self.close_hierarchy()
            return
        if self.self_interview is not None and self.self_interview.back():
            return   # inside a self-interview part Back never leaves it
        self.flush()
        screen = self._guard(self.session.previous)
        if screen is not None:
            self.show_screen(screen)

    @Slot()
    def add_repeat_here(self) -> None:
        screen = self._guard(self.session.add_repeat_here)
        if screen is not None:
            self.show_screen(screen)

    @Slot()
    def remove_current_repeat(self) -> None:
        repeat = self.screen.removable_repeat if self.screen else None
        if repeat is None:
            return
        label = self.screen.group_labels[-1] if self.screen.group_labels else tr("entry")
        if label.endswith(f" {repeat[1]}"):   # the breadcrumb already numbers it: "Household member 3"
            question = tr("Remove “{label}” and all its answers? This cannot be undone.").format(label=label)
        else:
            question = tr("Remove “{label}” number {n} and all its answers? This cannot be undone.").format(label=label, n=repeat[1])
        if not self._confirm(self, tr("Remove?"), question):
            return
        self.flush()
        self._guard(self.session.remove_repeat, repeat[0], repeat[1])
        self.show_screen(self.session.current())

    @Slot()
    def show_hierarchy(self) -> None:
        if not self._may("hierarchy"):
            return
        self.flush()
        self.hierarchy_view.show_items(self.session.hierarchy(), self.screen.path if self.screen else "")
        self.pages.setCurrentWidget(self.hierarchy_view)
        if self.safety_controls is not None:
            self.safety_controls.show_pending()

    @Slot()
    def close_hierarchy(self) -> None:
        self.show_screen(self.session.current())

    @Slot(str)
    def jump(self, path: str) -> None:
        if not self._may("jump"):
            return
        self.flush()
        screen = self._guard(self.session.jump, path)
        if screen is not None:
            self.show_screen(screen)

    # -- language -----------------------------------------------------------------------
    @Slot()
    def _focus_language(self) -> None:
        if self.language_box.isVisible() and self._may("language"):
            self.language_box.setFocus()
            self.language_box.showPopup()

    @Slot(int)
    def _on_language_chosen(self, _index: int) -> None:
        language = self.language_box.currentData()
        if not language or language == self.session.language:
            return
        self.flush()
        self._guard(self.session.set_language, language)
        self.set_language_shown(language)

    def set_language(self, language: str) -> None:
        """Switch the questionnaire language (as the combo box does)."""
        index = self.language_box.findData(language)
        if index >= 0:
            self.language_box.setCurrentIndex(index)

    def set_language_shown(self, _language: str) -> None:
        if self.pages.currentWidget() is self.hierarchy_view:
            self.show_hierarchy()
        else:
            self.show_screen(self.session.current())

    # -- leaving ------------------------------------------------------------------------
    @Slot()
    def save_and_exit(self) -> None:
        if not self._may("exit"):
            return
        self.flush()
        if self._save_and_exit is not None:
            if self._guard(self._save_and_exit, self.session) is None and self.banner.isVisible():
                return   # saving failed (e.g. disk full): stay, the message says what to do
        self.sig_closed.emit(self.session.instance_id, "saved")

    @Slot()
    def finalize(self) -> None:
        if not self._may("finalize"):
            return
        self.flush()
        if self.session.validate():
            self._show_end()
            return
        if self.safety_controls is not None and not self.safety_controls.ready_to_finalize():
            return   # a referral that fired still needs its outcome
        if not self._confirm(self, tr("Finalize?"), tr("Finalize this interview? It will be marked as finished.")):
            return
        if self._finalize is not None:
            try:
                self._finalize(self.session)
            except Exception as exc:
                problems = getattr(exc, "problems", None)
                if problems:
                    self._show_end()
                else:
                    self._say(error_text(exc))
                return
        self.sig_closed.emit(self.session.instance_id, "finalized")
