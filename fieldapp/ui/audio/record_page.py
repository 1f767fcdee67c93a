"""The Record audio mode of a form: an interpreter chooses a language (or adds one) and records every label, hint and choice.

Keys while recording: R starts and stops a take, P plays it back, → or N goes
to the next line (skipping one leaves it unrecorded), ← or B back, Esc ends.
For a language the form does not write, the speaker may also write each line
(optional): interviews in that language then show those words.
Without a microphone, a recording made elsewhere can be used for a line.
Each take is saved at once as the form's audio in that language
(fieldapp.xform.load.recordings); the next interview in that language plays it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from fieldapp.audio.wav import read_info
from fieldapp.ui.audio.recorder import Recorder, SoundSource
from fieldapp.ui.i18n import tr
from fieldapp.ui.widgets.media import AudioPlayer
from fieldapp.xform.audio_script import CHOICE, HINT, script
from fieldapp.xform.load import recordings
from fieldapp.xform.load.loader import DEFAULT_LANGUAGE

NEW_LANGUAGE = "\x00new"
AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".ogg", ".opus", ".aac", ".amr")    # the language list's "add a new language" entry


class RecordAudioPage(QWidget):
    """Choose the language, then walk the form's lines recording each one."""

    sig_closed = Signal()
    """The speaker finished (Esc or "Finish")."""

    def __init__(self, form, *, source: SoundSource | None = None, on_saved: Callable[[], None] | None = None,
                 parent=None):
        super().__init__(parent)
        self.form = form
        self.form_path = form.source_path or ""
        self.on_saved = on_saved
        self.recorder = Recorder(source, self)
        self.recorder.sig_discarded.connect(self._on_take_discarded)
        self.player = AudioPlayer(self)
        self.language: str | None = None
        self.lines = []
        self.files: dict[str, str] = {}       # key -> file name, this language's takes
        self.texts: dict[str, str] = {}       # key -> the words written in this language
        self.index = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        self.steps = QStackedWidget(self)
        layout.addWidget(self.steps)
        self.choose_step = self._build_choose_step()
        self.walk_step = self._build_walk_step()
        self.steps.addWidget(self.choose_step)
        self.steps.addWidget(self.walk_step)
        self.check_microphone()

    # -- choosing the language ------------------------------------------------------------
    def _build_choose_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(tr("Record audio: {title}").format(title=self.form.title), page, objectName="pageTitle"))
        intro = QLabel(tr("For an interpreter or a speaker of the language: choose the language you will speak, then "
                          "say each question, hint and answer choice aloud. Interviews in that language, and "
                          "self-interviews, then play your recordings."), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.mic_note = QLabel(page, objectName="notice")
        self.mic_note.setWordWrap(True)
        self.mic_note.hide()
        layout.addWidget(self.mic_note)
        self.check_button = QPushButton(tr("Check for a microphone again"), page)
        self.check_button.clicked.connect(self.check_microphone)
        self.check_button.hide()
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        language_label = QLabel(tr("&Language you will speak"), page)
        self.language_box = QComboBox(page)
        language_label.setBuddy(self.language_box)
        self.language_box.setAccessibleName(tr("Language you will speak"))
        for name in self._languages():
            self.language_box.addItem(self._language_words(name), name)
        self.language_box.addItem(tr("A new language…"), NEW_LANGUAGE)
        layout.addWidget(language_label)
        layout.addWidget(self.language_box)
        new_label = QLabel(tr("&Name of the new language (with its code, if you know it)"), page)
        self.new_language = QLineEdit(page)
        self.new_language.setPlaceholderText(tr("for example: K'iche' (quc)"))
        self.new_language.setAccessibleName(tr("Name of the new language"))
        new_label.setBuddy(self.new_language)
        self.new_language_row = QWidget(page)
        row = QVBoxLayout(self.new_language_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(new_label)
        row.addWidget(self.new_language)
        words = QLabel(tr("Its words need not be written: the form's own words are shown to say in it."), page,
                       objectName="muted")
        words.setWordWrap(True)
        row.addWidget(words)
        layout.addWidget(self.new_language_row)
        self.choose_status = QLabel(page, objectName="muted")
        self.choose_status.setWordWrap(True)
        layout.addWidget(self.choose_status)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(tr("Back to the forms"), page)
        self.begin_button = QPushButton(tr("Begin recording"), page)
        self.begin_button.setProperty("primary", True)
        self.begin_button.setDefault(True)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.begin_button)
        layout.addLayout(buttons)
        self.language_box.currentIndexChanged.connect(self._on_language_chosen)
        self.new_language.returnPressed.connect(self.begin)
        self.begin_button.clicked.connect(self.begin)
        self.back_button.clicked.connect(self.finish)
        self._on_language_chosen()
        return page

    def _languages(self) -> list[str]:
        """The form's languages, with those recorded for it (already in the form's list when it was loaded)."""
        names = list(self.form.languages) or [DEFAULT_LANGUAGE]
        if self.form_path:
            names += [found.language for found in recordings.read_all(self.form_path) if found.language not in names]
        return names

    @staticmethod
    def _language_words(name: str) -> str:
        return tr("The form's own language") if name == DEFAULT_LANGUAGE else name

    @Slot()
    def _on_language_chosen(self) -> None:
        self.new_language_row.setVisible(self.language_box.currentData() == NEW_LANGUAGE)

    @Slot()
    def check_microphone(self) -> None:
        """Say plainly when there is no microphone; recording then waits (attaching files elsewhere still works)."""
        present = self.recorder.available()
        self.mic_note.setText("" if present else tr(
            "This laptop has no microphone FieldApp can use. Plug in a microphone or a headset, then press "
            "“Check for a microphone again”. You can still listen to what was recorded before."))
        self.mic_note.setVisible(not present)
        self.check_button.setVisible(not present)
        if hasattr(self, "record_button"):
            self.record_button.setEnabled(present)
            self.walk_mic_note.setVisible(not present)
            self.walk_check_button.setVisible(not present)
            self.walk_mic_note.setText(tr(
                "This laptop has no microphone FieldApp can use. Plug in a microphone or a headset and press "
                "“Check for a microphone again”, or use a recording made elsewhere (“Use a file…”)."))
            if self.lines:
                self._show_line()

    def chosen_language(self) -> str | None:
        data = self.language_box.currentData()
        if data != NEW_LANGUAGE:
            return data
        name = " ".join(self.new_language.text().split())
        # "español (es)" typed for a language the form has: that language, not a second one
        known = {known.casefold(): known for known in self._languages()}
        return known.get(name.casefold(), name) or None

    @Slot()
    def begin(self) -> None:
        language = self.chosen_language()
        if not self.form_path:
            self.choose_status.setText(tr("This form has no folder on this laptop to keep recordings in. Add the "
                                          "form again from its file, then record."))
            return
        if language is None:
            self.choose_status.setText(tr("Write the name of the new language first."))
            self.new_language.setFocus()
            return
        try:
            recordings.start_language(self.form_path, language, self.form.form_id)
        except OSError as exc:
            self.choose_status.setText(self._not_saved_words(exc))
            return
        self.language = language
        self.lines = script(self.form, language)
        self.files = self._takes()
        self.texts = self._written()
        self.index = next((i for i, line in enumerate(self.lines) if line.key not in self.files), 0)
        self.steps.setCurrentWidget(self.walk_step)
        self._show_line()
        self.record_button.setFocus()
        if self.on_saved is not None:
            self.on_saved()     # a new language is offered in interviews at once

    def _written(self) -> dict[str, str]:
        for found in recordings.read_all(self.form_path):
            if found.language == self.language:
                return dict(found.texts)
        return {}

    def keep_words(self) -> None:
        """Keep what was written for the line shown (nothing is written to disk when it did not change)."""
        if self.line is None or not self.words_edit.isVisibleTo(self):
            return
        text = " ".join(self.words_edit.text().split())
        if text == self.texts.get(self.line.key, ""):
            return
        try:
            recordings.save_text(self.form_path, self.language, self.line.key, text, form_id=self.form.form_id)
        except OSError as exc:
            self.take_status.setText(self._not_saved_words(exc))
            return
        if text:
            self.texts[self.line.key] = text
        else:
            self.texts.pop(self.line.key, None)
        if self.on_saved is not None:
            self.on_saved()

    def _takes(self) -> dict[str, str]:
        for found in recordings.read_all(self.form_path):
            if found.language == self.language:
                return {key: str(found.folder / name) for key, name in found.files.items()
                        if (found.folder / name).is_file()}
        return {}

    # -- walking the lines ---------------------------------------------------------------
    def _build_walk_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.walk_title = QLabel(page, objectName="pageTitle")
        layout.addWidget(self.walk_title)
        self.walk_mic_note = QLabel(page, objectName="notice")
        self.walk_mic_note.setWordWrap(True)
        self.walk_mic_note.hide()
        layout.addWidget(self.walk_mic_note)
        self.walk_check_button = QPushButton(tr("Check for a microphone again"), page)
        self.walk_check_button.clicked.connect(self.check_microphone)
        self.walk_check_button.hide()
        layout.addWidget(self.walk_check_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.progress_words = QLabel(page)
        self.progress = QProgressBar(page)
        self.progress.setAccessibleName(tr("Lines recorded"))
        self.progress.setTextVisible(False)
        layout.addWidget(self.progress_words)
        layout.addWidget(self.progress)
        self.where = QLabel(page, objectName="muted")
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.words = QLabel(page, objectName="questionLabel")
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.words)
        self.fallback_note = QLabel(page, objectName="muted")
        self.fallback_note.setWordWrap(True)
        layout.addWidget(self.fallback_note)
        # a language the form does not write: the speaker may write the words too (optional); interviews show them
        self.words_label = QLabel(page)
        self.words_edit = QLineEdit(page)
        self.words_label.setBuddy(self.words_edit)
        self.words_edit.returnPressed.connect(self.next_line)
        layout.addWidget(self.words_label)
        layout.addWidget(self.words_edit)
        self.take_status = QLabel(page)
        self.take_status.setWordWrap(True)
        layout.addWidget(self.take_status)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.previous_button = QPushButton(tr("← Previous"), page)
        self.record_button = QPushButton(page)
        self.record_button.setProperty("primary", True)
        self.play_button = QPushButton(tr("▶ Play (P)"), page)
        self.next_button = QPushButton(page)
        self.file_button = QPushButton(tr("Use a file…"), page)
        self.file_button.setToolTip(tr("Use a recording made elsewhere (WAV, MP3, M4A, OGG) for this line"))
        self.finish_button = QPushButton(tr("Finish (Esc)"), page)
        for button in (self.previous_button, self.record_button, self.play_button, self.next_button,
                       self.file_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.finish_button)
        layout.addLayout(row)
        keys = QLabel(tr("Keys: R record / stop · P play · → next (skips when not recorded) · ← previous · Esc finish; "
                         "while writing: Ctrl+R, Ctrl+P, Enter goes on"),
                      page, objectName="muted")
        keys.setWordWrap(True)
        layout.addWidget(keys)
        self.previous_button.clicked.connect(self.previous_line)
        self.record_button.clicked.connect(self.toggle_recording)
        self.play_button.clicked.connect(self.play_take)
        self.next_button.clicked.connect(self.next_line)
        self.finish_button.clicked.connect(self.finish)
        self.file_button.clicked.connect(self._choose_file)
        for button in page.findChildren(QPushButton):
            button.installEventFilter(self)    # a focused button would take ← and → to move the focus
        return page

    @property
    def line(self):
        return self.lines[self.index] if self.lines else None

    def recorded_count(self) -> int:
        return sum(1 for line in self.lines if line.key in self.files)

    def _show_line(self) -> None:
        total = len(self.lines)
        done = self.recorded_count()
        self.walk_title.setText(tr("Recording in {language}").format(language=self._language_words(self.language)))
        self.progress_words.setText(tr("{done} of {total} recorded").format(done=done, total=total))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        line = self.line
        if line is None:
            self.where.setText(tr("This form has nothing to record."))
            self.words.setText("")
            for button in (self.record_button, self.play_button, self.next_button, self.previous_button):
                button.setEnabled(False)
            return
        kind = {HINT: tr("Hint of the question “{question}”"),
                CHOICE: tr("Answer choice of the question “{question}”")}.get(line.kind, tr("Question"))
        self.where.setText(tr("{n} of {total}").format(n=self.index + 1, total=total) + " · "
                           + kind.format(question=line.question))
        self.words.setText(line.text)
        written = self.language in self.form.translations or (not self.form.translations
                                                              and self.language == DEFAULT_LANGUAGE)
        self.fallback_note.setText("" if written else tr(
            "These words are not written in {language}: say what they mean, in {language}.")
            .format(language=self.language))
        self.fallback_note.setVisible(not written)
        self.words_label.setText(tr("&Written in {language} (optional; Enter keeps it and goes on)")
                                 .format(language=self.language))
        self.words_edit.setAccessibleName(tr("Written in {language}").format(language=self.language))
        if self.words_edit.property("key") != line.key:     # a new line: its words (redrawing keeps the typing)
            self.words_edit.setProperty("key", line.key)
            self.words_edit.setText(self.texts.get(line.key, ""))
        for widget in (self.words_label, self.words_edit):
            widget.setVisible(not written)
        recorded = line.key in self.files
        if self.recorder.recording:
            self.take_status.setText(tr("Recording… speak now, then press R (or Stop) when you have finished."))
        elif recorded:
            seconds = self._seconds(self.files[line.key])
            self.take_status.setText(
                (tr("Recorded ({seconds} s).").format(seconds=seconds) if seconds else tr("Recorded."))
                + " " + tr("P plays it, R records it again, → goes on."))
        else:
            self.take_status.setText(tr("Not recorded yet. Press R and speak."))
        self.record_button.setText(tr("■ Stop (R)") if self.recorder.recording else
                                   (tr("● Record again (R)") if recorded else tr("● Record (R)")))
        self.record_button.setEnabled(self.recorder.available() or self.recorder.recording)
        self.play_button.setEnabled(recorded and not self.recorder.recording)
        self.previous_button.setEnabled(self.index > 0 and not self.recorder.recording)
        self.next_button.setEnabled(not self.recorder.recording)
        self.next_button.setText(tr("Next →") if recorded else tr("Skip →"))
        self.file_button.setEnabled(not self.recorder.recording)
        name = "notice" if self.recorder.recording else ""
        if self.take_status.objectName() != name:      # while recording the line stands out
            self.take_status.setObjectName(name)
            self.take_status.style().unpolish(self.take_status)
            self.take_status.style().polish(self.take_status)

    @staticmethod
    def _seconds(path: str) -> str:
        try:
            return f"{read_info(path).seconds:.1f}"
        except ValueError:       # a file brought in (MP3...): its length is the player's to tell
            return ""

    @Slot()
    def toggle_recording(self) -> None:
        if self.line is None:
            return
        if self.recorder.recording:
            data = self.recorder.stop()
            if data:
                self._keep(data)
            else:
                self.take_status.setText(tr("Nothing was heard. Check the microphone and press R again."))
                self._show_line()
            return
        if not self.recorder.available():
            self.check_microphone()
            return
        self.player.stop_sound()
        if self.recorder.start():
            self._show_line()
        else:
            self.take_status.setText(tr("The microphone could not start. Close other programs that use it and "
                                        "press R again."))

    @Slot()
    def _on_take_discarded(self) -> None:
        if self.lines:
            self._show_line()
            self.take_status.setText(tr("The recording was stopped and not kept. Record again when it is safe."))

    @Slot()
    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, tr("Use a recording"), str(Path.home()),
                                                    tr("Audio (*.wav *.mp3 *.m4a *.ogg *.opus *.aac *.amr)"))
        if path:
            self.use_file(path)

    def use_file(self, path: str) -> None:
        """Keep a recording made elsewhere (a phone, another program) as this line's take."""
        if self.line is None or self.recorder.recording:
            return
        suffix = Path(path).suffix.lower()
        if suffix not in AUDIO_SUFFIXES:
            self.take_status.setText(tr("“{name}” is not an audio file FieldApp can use (WAV, MP3, M4A, OGG, "
                                        "OPUS, AAC or AMR). Choose another file.").format(name=Path(path).name))
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.take_status.setText(tr("“{name}” cannot be read ({reason}). Choose another file.")
                                     .format(name=Path(path).name, reason=exc.strerror or exc))
            return
        if suffix == ".wav":
            try:
                read_info(data)
            except ValueError:
                self.take_status.setText(tr("“{name}” is damaged or not a WAV file. Choose another file.")
                                         .format(name=Path(path).name))
                return
        self._keep(data, suffix)

    def _keep(self, data: bytes | QByteArray, suffix: str = ".wav") -> None:
        try:
            saved = recordings.save_recording(self.form_path, self.language, self.line.key, bytes(data),
                                              form_id=self.form.form_id, suffix=suffix)
        except OSError as exc:
            self._show_line()
            self.take_status.setText(self._not_saved_words(exc))
            return
        self.files[self.line.key] = str(saved)
        if self.on_saved is not None:
            self.on_saved()
        self._show_line()

    def _not_saved_words(self, exc: OSError) -> str:
        folder = recordings.audio_root(self.form_path)
        return tr("The recording could not be saved in {folder} ({reason}). Check that the folder can be "
                  "written (a form installed read-only cannot keep recordings) and try again.").format(
            folder=folder, reason=exc.strerror or exc)

    @Slot()
    def play_take(self) -> None:
        if self.line is None or self.line.key not in self.files or self.recorder.recording:
            return
        if not self.player.play(self.files[self.line.key]):
            self.take_status.setText(tr("This computer cannot play audio (on Linux, install the libpulse0 "
                                        "package). The recording is kept."))

    @Slot()
    def next_line(self) -> None:
        if self.recorder.recording or not self.lines:
            return
        self.keep_words()
        self.player.stop_sound()
        if self.index < len(self.lines) - 1:
            self.index += 1
            self._show_line()
        else:
            self.take_status.setText(tr("That was the last line. {done} of {total} are recorded; Esc finishes.")
                                     .format(done=self.recorded_count(), total=len(self.lines)))

    @Slot()
    def previous_line(self) -> None:
        if self.recorder.recording or self.index == 0:
            return
        self.keep_words()
        self.player.stop_sound()
        self.index -= 1
        self._show_line()

    @Slot()
    def finish(self) -> None:
        self.keep_words()
        if self.recorder.recording:
            data = self.recorder.stop()
            if data:
                self._keep(data)
        self.player.stop_sound()
        self.sig_closed.emit()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return self._walk_key(event)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if self._walk_key(event):
            return
        if event.key() == Qt.Key.Key_Escape:
            self.finish()
            return
        super().keyPressEvent(event)

    def _walk_key(self, event) -> bool:
        """The recording keys (R, P, arrows, N, B, Esc) while walking the lines; True when one was used."""
        if self.steps.currentWidget() is not self.walk_step:
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_R, Qt.Key.Key_P):
            modifiers = Qt.KeyboardModifier.NoModifier      # Ctrl+R and Ctrl+P work while writing the words
        if modifiers:
            return False
        actions = {Qt.Key.Key_R: self.toggle_recording, Qt.Key.Key_P: self.play_take,
                   Qt.Key.Key_Right: self.next_line, Qt.Key.Key_N: self.next_line,
                   Qt.Key.Key_Left: self.previous_line, Qt.Key.Key_B: self.previous_line,
                   Qt.Key.Key_Escape: self.finish}
        action = actions.get(event.key())
        if action is None:
            return False
        action()
        return True
