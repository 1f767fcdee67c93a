"""The main window: a thin shell that shows set-up or unlock, then the places, and the interview runner in front."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget

from fieldapp.ui.i18n import tr
from fieldapp.ui.shell.confirm import ask_yes_no
from fieldapp.ui.shell.keyboard import enter_presses_buttons
from fieldapp.ui.settings.options import APP_LANGUAGE, IDLE_LOCK_MINUTES, QUESTIONNAIRE_LANGUAGE, TEXT_SCALE, AppSettings
from fieldapp.ui.shell.messages import error_text
from fieldapp.ui.shell.window_state import WindowStateMixin
from fieldapp.ui.tasks import TaskRunner

# The places in the side bar, in order (settings last, as desktop apps have it).
PLACES = (("forms", "Forms"), ("interviews", "Interviews"), ("sync", "Sync"), ("coordinator", "Coordinator"),
          ("settings", "Settings"))
ACTIVITY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel)


def default_store_api():
    import fieldapp.store as store_api
    return store_api


class _ActivityWatch(QObject):
    """Restarts the idle-lock timer on any key or mouse use anywhere in the app."""

    def __init__(self, timer: QTimer, parent=None):
        super().__init__(parent)
        self._timer = timer

    def eventFilter(self, obj, event):
        if event.type() in ACTIVITY_EVENTS and self._timer.isActive():
            self._timer.start()
        return False


class MainWindow(WindowStateMixin, QMainWindow):
    def __init__(self, data_dir: Path, *, settings: AppSettings, store_api=None, tasks: TaskRunner | None = None,
                 bundled_dir: Path | None = None, confirm=ask_yes_no, parent=None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.settings = settings
        self.store_api = store_api or default_store_api()
        self.tasks = tasks or TaskRunner(parent=self)
        self.bundled_dir = bundled_dir
        self.confirm = confirm
        self.store = None
        self.runner = None
        self.recording_page = None
        self.sound_source = None      # where the Record audio mode records from (None: the microphone)
        self.places: dict[str, QWidget] = {}
        self.setWindowTitle("FieldApp")   # neutral: nothing about the interview in the title bar
        self.resize(1100, 760)
        self.restore_window_state()
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.gate = self._build_gate()
        self.stack.addWidget(self.gate)
        self.places_page = None
        self.lock_page = None
        self.idle_interval_ms: int | None = None     # tests lock after milliseconds instead of minutes
        self._resume_after_lock: str | None = None
        self._place_after_lock = "forms"
        self._focus_after_lock: tuple[str, str] | None = None
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self._activity = _ActivityWatch(self.idle_timer, self)
        QApplication.instance().installEventFilter(self._activity)
        self.settings.sig_option_changed.connect(self._on_option_changed)

    # -- getting in -------------------------------------------------------------------
    def _build_gate(self) -> QWidget:
        if self.store_api.store_exists(self.data_dir):
            from fieldapp.ui.setup.unlock_page import UnlockPage
            page = UnlockPage(self.data_dir, self.store_api, self)
        else:
            from fieldapp.ui.setup.setup_page import SetupPage
            page = SetupPage(self.data_dir, self.store_api, self)
        page.sig_store_opened.connect(self._on_store_opened)
        enter_presses_buttons(page)
        return page

    @Slot(object)
    def _on_store_opened(self, store) -> None:
        self.store = store
        self._build_places()
        self.show_place("forms" if not store.submissions(limit=1) else "interviews")
        self.places["forms"].add_bundled_forms()
        self._restart_idle_timer()
        self._install_privacy_switch()

    def _install_privacy_switch(self) -> None:
        """F12 (or the interview's big button) covers the whole window from now on; see ui/safety/privacy_screen."""
        from fieldapp.ui.safety.controls import privacy_hint, privacy_verifier
        from fieldapp.ui.safety.privacy_screen import PrivacySwitch
        self.privacy_switch = PrivacySwitch.for_window(self, privacy_verifier(self.store),
                                                       hint=privacy_hint(self.store), log=self._log_privacy)
        self.privacy_switch.before_engage.append(self._flush_runner)

    def _flush_runner(self) -> None:
        if self.runner is not None:
            self.runner.flush()

    def _log_privacy(self, action: str, **details) -> None:
        """The interview's audit trail when one is open, else the laptop's."""
        controls = self.runner.safety_controls if self.runner is not None else None
        if controls is not None:
            controls.log_privacy(action, **details)
        elif self.store is not None:
            self.store.log_event(None, "privacy_screen", action=action, **details)

    # -- places -------------------------------------------------------------------------
    def _build_places(self) -> None:
        from fieldapp.ui.exchange.sync_page import SyncPage
        from fieldapp.ui.interviews.interviews_page import InterviewsPage
        from fieldapp.ui.library.forms_page import FormsPage
        from fieldapp.ui.settings.settings_page import SettingsPage
        from fieldapp.ui.coordinator.coordinator_page import CoordinatorPage
        old = self.places_page
        self.places_page = QWidget(self)
        row = QHBoxLayout(self.places_page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget(self.places_page, objectName="navList")
        self.nav.setAccessibleName(tr("Places"))
        self._fit_nav()
        self.place_stack = QStackedWidget(self.places_page)
        factories = {
            "forms": lambda: FormsPage(self.store, self.tasks, bundled_dir=self.bundled_dir, parent=self.place_stack),
            "interviews": lambda: InterviewsPage(self.store, parent=self.place_stack),
            "sync": lambda: SyncPage(self.store, self.tasks, confirm=self.confirm, parent=self.place_stack),
            "settings": lambda: SettingsPage(self.settings, self.store, parent=self.place_stack),
            "coordinator": lambda: CoordinatorPage(self.store, self.tasks, parent=self.place_stack),
        }
        self.places = {}
        for number, (key, words) in enumerate(PLACES, 1):
            page = factories[key]()
            self.places[key] = page
            self.place_stack.addWidget(page)
            item = QListWidgetItem(tr(words))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"Ctrl+{number}")
            self.nav.addItem(item)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self.places_page)
            shortcut.activated.connect(self._shortcut_slot(key))
        self.nav.currentRowChanged.connect(self.place_stack.setCurrentIndex)
        row.addWidget(self.nav)
        row.addWidget(self.place_stack, 1)
        forms, interviews = self.places["forms"], self.places["interviews"]
        forms.sig_start_requested.connect(self.start_interview)
        forms.sig_record_audio_requested.connect(self.record_audio)
        interviews.sig_resume_requested.connect(self.resume_interview)
        interviews.sig_edit_requested.connect(self.edit_interview)
        interviews.sig_new_requested.connect(self._show_forms)
        self.places["sync"].sig_synced.connect(lambda _report: forms.refresh())   # new form versions may have come
        enter_presses_buttons(self.places_page)
        self.stack.addWidget(self.places_page)
        self.stack.setCurrentWidget(self.places_page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

    def _fit_nav(self) -> None:
        """As wide as the longest place name needs (in the app language and text size), so large text leaves room."""
        widest = max(self.nav.fontMetrics().horizontalAdvance(tr(words)) for _key, words in PLACES)
        self.nav.setFixedWidth(max(200, round(widest * 1.15) + 60))

    def _shortcut_slot(self, key: str):
        return lambda: self.show_place(key)

    def show_place(self, key: str) -> None:
        keys = [k for k, _w in PLACES]
        self.nav.setCurrentRow(keys.index(key))
        if key == "interviews":
            self.places[key].refresh()
        self.stack.setCurrentWidget(self.places_page)
        # keyboard users land on the place's list: Enter starts (Forms) or continues (Interviews) the chosen one
        lists = {"forms": "tree", "interviews": "table"}
        if key in lists:
            getattr(self.places[key], lists[key]).setFocus()

    @Slot()
    def _show_forms(self) -> None:
        self.show_place("forms")

    # -- interviews ---------------------------------------------------------------------
    @Slot(str, str)
    def start_interview(self, form_id: str, version: str) -> None:
        from fieldapp.ui.runner.language import pick_language
        try:
            form = self.store.load_form(form_id, version or None)
            language = pick_language(form.languages, self.settings.get(QUESTIONNAIRE_LANGUAGE))
            session = self.store.new_session(form, interviewer=self.store.get_setting("interviewer"), language=language)
        except Exception as exc:
            self.places["forms"].status.setText(error_text(exc))
            return
        self.open_runner(session)

    @Slot(str, str)
    def record_audio(self, form_id: str, version: str) -> None:
        """The form's Record audio mode, in front of the places; Esc or Finish goes back to the forms."""
        from fieldapp.ui.audio.record_page import RecordAudioPage
        try:
            form = self.store.load_form(form_id, version or None)
        except Exception as exc:
            self.places["forms"].status.setText(error_text(exc))
            return
        self.close_recording()
        self.recording_page = RecordAudioPage(form, source=self.sound_source, on_saved=self.store.forget_loaded_forms,
                                              parent=self)
        enter_presses_buttons(self.recording_page)
        self.recording_page.sig_closed.connect(self._on_recording_closed)
        self.stack.addWidget(self.recording_page)
        self.stack.setCurrentWidget(self.recording_page)
        self.recording_page.language_box.setFocus()

    def close_recording(self) -> None:
        if self.recording_page is not None:
            self.stack.removeWidget(self.recording_page)
            self.recording_page.deleteLater()
            self.recording_page = None

    @Slot()
    def _on_recording_closed(self) -> None:
        self.close_recording()
        self.places["forms"].refresh()
        self.show_place("forms")

    @Slot(str)
    def resume_interview(self, instance_id: str) -> None:
        self._open_stored(self.store.resume, instance_id)

    @Slot(str)
    def edit_interview(self, instance_id: str) -> None:
        if self.confirm(self, tr("Correct this interview?"),
                        tr("A new version will be made to correct; the finalized one is kept until the new one is finalized.")):
            self._open_stored(self.store.edit, instance_id)

    def _open_stored(self, opener, instance_id: str) -> None:
        try:
            session = opener(instance_id)
        except Exception as exc:
            self.places["interviews"].empty_note.setText(error_text(exc))
            self.places["interviews"].empty_note.show()
            return
        self.open_runner(session)

    def open_runner(self, session) -> None:
        from fieldapp.ui.runner.runner import InterviewRunner
        self.close_runner()
        try:
            from fieldapp.protect.protocol import InterviewSafety
            self.runner = InterviewRunner(session, finalize=self.store.finalize, save_and_exit=self.store.exit,
                                          attach_file=self.store.attach, detach_file=self.store.detach,
                                          read_attachment=self.store.attachment, confirm=self.confirm,
                                          safety=InterviewSafety(self.store, session), parent=self)
        except Exception as exc:   # a form the engine cannot show: say so where the interview was asked for
            self.places["forms"].status.setText(error_text(exc))
            self.show_place("forms")
            return
        self.runner.sig_closed.connect(self._on_runner_closed)
        self.stack.addWidget(self.runner)
        self.stack.setCurrentWidget(self.runner)

    def close_runner(self) -> None:
        if self.runner is not None:
            self.stack.removeWidget(self.runner)
            self.runner.deleteLater()
            self.runner = None

    @Slot(str, str)
    def _on_runner_closed(self, _instance_id: str, _how: str) -> None:
        self.close_runner()
        self.show_place("interviews")

    # -- locking --------------------------------------------------------------------------
    def _restart_idle_timer(self) -> None:
        minutes = self.settings.get(IDLE_LOCK_MINUTES)
        interval = self.idle_interval_ms or minutes * 60_000
        if minutes > 0 and self.store is not None:
            self.idle_timer.start(interval)
        else:
            self.idle_timer.stop()

    @Slot()
    def lock(self) -> None:
        """Close the data behind the unlock screen: the interview in progress is saved and left, the database
        closed and its key dropped from memory; unlocking opens it again and goes back to the same place."""
        if self.store is None or self.lock_page is not None:
            return
        self.idle_timer.stop()
        self._resume_after_lock = None
        self._place_after_lock = self._current_place()
        if self.runner is not None:
            self.runner.flush()
            self._resume_after_lock = self.runner.session.instance_id
            self._focus_after_lock = _focus_in(self.runner)
            try:
                self.store.exit(self.runner.session)
            except Exception:   # every answer is already durable: locking must never be blocked
                pass
            self.close_runner()
        if self.recording_page is not None:    # the take in progress is kept; the mode is left
            self.recording_page.sig_closed.disconnect()
            self.recording_page.finish()
            self.close_recording()
        self._drop_places()
        self.store.close()
        self.store = None
        from fieldapp.ui.setup.unlock_page import UnlockPage
        self.lock_page = UnlockPage(self.data_dir, self.store_api, self)
        self.lock_page.sig_store_opened.connect(self._unlocked)
        enter_presses_buttons(self.lock_page)
        self.stack.addWidget(self.lock_page)
        self.stack.setCurrentWidget(self.lock_page)
        self.lock_page.setFocus()

    def _current_place(self) -> str:
        if self.places_page is None:
            return "forms"
        keys = [k for k, _w in PLACES]
        row = self.nav.currentRow()
        return keys[row] if 0 <= row < len(keys) else "forms"

    def _drop_places(self) -> None:
        """The pages hold the store and lists of interviews: they go with the key."""
        if self.places_page is not None:
            self.stack.removeWidget(self.places_page)
            self.places_page.deleteLater()
            self.places_page = None
            self.places = {}

    @Slot(object)
    def _unlocked(self, store) -> None:
        self.store = store
        self.stack.removeWidget(self.lock_page)
        self.lock_page.deleteLater()
        self.lock_page = None
        self._build_places()
        self.show_place(self._place_after_lock)
        if self._resume_after_lock is not None:
            instance_id, self._resume_after_lock = self._resume_after_lock, None
            self._open_stored(self.store.resume, instance_id)
            if self.runner is not None and self._focus_after_lock is not None:
                _restore_focus(self.runner, self._focus_after_lock)
        self._focus_after_lock = None
        self._restart_idle_timer()

    # -- settings ---------------------------------------------------------------------------
    @Slot(str)
    def _on_option_changed(self, key: str) -> None:
        from fieldapp.ui.app import apply_language, apply_text_size
        if key == TEXT_SCALE.key:
            apply_text_size(QApplication.instance(), self.settings)
            if self.places_page is not None:
                self._fit_nav()
        if key == APP_LANGUAGE.key:
            apply_language(QApplication.instance(), self.settings)
        if key == APP_LANGUAGE.key and self.places_page is not None:
            self._build_places()        # rebuilt pages pick up the new words
            self.show_place("settings")
            if self.runner is not None:
                self.stack.setCurrentWidget(self.runner)
        if key == IDLE_LOCK_MINUTES.key:
            self._restart_idle_timer()

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.runner is not None:
            self.runner.flush()
            try:
                self.store.exit(self.runner.session)
            except Exception:  # answers are already durable; leaving must not be blocked
                pass
        self.save_window_state()
        QApplication.instance().removeEventFilter(self._activity)
        self.tasks.shutdown()
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)


def _focus_in(runner) -> tuple[str, str] | None:
    """Where the keyboard is in the runner, said so it can be found again in a new runner of the same interview:
    ("control", attribute name) for the runner's own buttons, ("question", path) inside an answer."""
    focused = QApplication.focusWidget()
    if focused is None:
        return None
    for name, value in vars(runner).items():
        if value is focused:
            return "control", name
    for path, widget in getattr(runner.screen_view, "widgets", {}).items():
        if widget is focused or widget.isAncestorOf(focused):
            return "question", path
    return None


def _restore_focus(runner, where: tuple[str, str]) -> None:
    kind, name = where
    target = getattr(runner, name, None) if kind == "control" else runner.screen_view.widgets.get(name)
    if target is not None:
        QTimer.singleShot(0, target.setFocus)   # after the runner's own first focus on showing

