"""The Record audio mode: a speaker records a form's lines in a language, from the keyboard, through a fake microphone.

A1 from the Forms place (keyboard only) the mode opens; R records, R stops, → goes on: each take is a real WAV file
A2 re-recording replaces the take; skipping leaves a line unrecorded and the count says so
A3 a new language (no words written) is added, recorded, and offered in the next interview with its audio
A4 no microphone: said plainly, recording waits, the takes already made still play
A5 the takes of the mode reach the interview: the label's Media.audio is the recorded file
"""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import Qt

from fieldapp.audio.wav import read_info, tone, wav_bytes
from fieldapp.ui.audio.record_page import NEW_LANGUAGE, RecordAudioPage
from fieldapp.ui.audio.recorder import ToneSource
from fieldapp.xform import load_form
from fieldapp.xform.load import recordings

FORM = """\
| survey |
|        | type          | name  | label::English (en) | label::Español (es) | hint::English (en) | hint::Español (es) |
|        | text          | name  | Your name           | Su nombre           | As you like        | Como guste         |
|        | select_one yn | happy | Are you happy?      | ¿Está contento?     |                    |                    |
| choices |
|         | list_name | name | label::English (en) | label::Español (es) |
|         | yn        | yes  | Yes                 | Sí                  |
|         | yn        | no   | No                  | No                  |
"""


def make_page(qtbot, path, source=None):
    page = RecordAudioPage(load_form(path, cache=False), source=source or ToneSource(seconds=0.4))
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    return page


def press(qtbot, page, *keys):
    for key in keys:
        qtbot.keyClick(page.focusWidget() or page, key)


def takes_of(path, language):
    for found in recordings.read_all(path):
        if found.language == language:
            return {key: found.folder / name for key, name in found.files.items()}
    return {}


def test_keyboard_walk_records_real_wav_files(qtbot, write_form):
    path = write_form("survey", FORM)
    page = make_page(qtbot, path)
    page.language_box.setCurrentIndex(page.language_box.findData("Español (es)"))
    page.begin_button.setFocus()
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.steps.currentWidget() is page.walk_step
    assert [line.text for line in page.lines] == ["Su nombre", "Como guste", "¿Está contento?", "Sí", "No"]
    assert page.words.text() == "Su nombre" and page.progress_words.text() == "0 of 5 recorded"
    press(qtbot, page, Qt.Key.Key_R)
    assert page.recorder.recording and "Recording" in page.take_status.text()
    press(qtbot, page, Qt.Key.Key_R)
    assert not page.recorder.recording
    assert page.progress_words.text() == "1 of 5 recorded" and page.progress.value() == 1
    press(qtbot, page, Qt.Key.Key_Right, Qt.Key.Key_R, Qt.Key.Key_R, Qt.Key.Key_Right)
    assert page.words.text() == "¿Está contento?"
    takes = takes_of(path, "Español (es)")
    assert set(takes) == {"label /data/name", "hint /data/name"}
    for file in takes.values():
        info = read_info(file)
        assert (info.rate, info.channels, info.sample_bytes) == (16000, 1, 2) and abs(info.seconds - 0.4) < 0.01
    press(qtbot, page, Qt.Key.Key_Left)
    assert page.words.text() == "Como guste" and page.next_button.text() == "Next →"
    closed = []
    page.sig_closed.connect(lambda: closed.append(True))
    press(qtbot, page, Qt.Key.Key_Escape)
    assert closed


def test_re_record_replaces_and_skip_leaves_unrecorded(qtbot, write_form):
    path = write_form("survey", FORM)
    source = ToneSource(seconds=0.3)
    page = make_page(qtbot, path, source)
    page.language_box.setCurrentIndex(page.language_box.findData("English (en)"))
    page.begin()
    press(qtbot, page, Qt.Key.Key_R, Qt.Key.Key_R)
    first = takes_of(path, "English (en)")["label /data/name"]
    assert "Recorded (0.3 s)" in page.take_status.text() and page.record_button.text() == "● Record again (R)"
    source.seconds = 0.6
    press(qtbot, page, Qt.Key.Key_R, Qt.Key.Key_R)
    second = takes_of(path, "English (en)")["label /data/name"]
    assert second != first and not first.exists() and abs(read_info(second).seconds - 0.6) < 0.01
    assert page.progress_words.text() == "1 of 5 recorded"
    assert page.next_button.text() == "Next →"
    press(qtbot, page, Qt.Key.Key_Right)
    assert page.next_button.text() == "Skip →"
    press(qtbot, page, Qt.Key.Key_Right, Qt.Key.Key_R, Qt.Key.Key_R)     # the hint skipped, the question recorded
    assert set(takes_of(path, "English (en)")) == {"label /data/name", "label /data/happy"}
    assert page.progress_words.text() == "2 of 5 recorded"
    # opening the mode again starts at the first line not recorded yet
    again = make_page(qtbot, path, source)
    again.language_box.setCurrentIndex(again.language_box.findData("English (en)"))
    again.begin()
    assert again.line.key == "hint /data/name"


def test_a_new_language_is_added_recorded_and_offered(qtbot, write_form):
    path = write_form("survey", FORM)
    page = make_page(qtbot, path)
    page.language_box.setCurrentIndex(page.language_box.findData(NEW_LANGUAGE))
    assert page.new_language_row.isVisible()
    page.begin()
    assert page.steps.currentWidget() is page.choose_step and "Write the name" in page.choose_status.text()
    page.new_language.setFocus()
    qtbot.keyClicks(page.new_language, "Mam  (mam)")
    qtbot.keyClick(page.new_language, Qt.Key.Key_Return)
    assert page.language == "Mam (mam)"
    assert page.fallback_note.isVisible() and "not written in Mam (mam)" in page.fallback_note.text()
    press(qtbot, page, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_R, Qt.Key.Key_R)
    form = load_form(path, cache=False)
    assert "Mam (mam)" in form.languages
    session = form.new_session("Mam (mam)")
    happy = session.question("/data/happy")
    assert happy.label in ("Are you happy?", "¿Está contento?")
    assert happy.media.audio == str(takes_of(path, "Mam (mam)")["label /data/happy"])
    # the next time the mode opens, the new language is in the list
    again = make_page(qtbot, path)
    assert again.language_box.findData("Mam (mam)") >= 0


def test_no_microphone_is_said_plainly(qtbot, write_form):
    path = write_form("survey", FORM)
    recordings.save_recording(path, "English (en)", "label /data/name", wav_bytes(tone(0.2)))
    page = make_page(qtbot, path, ToneSource(seconds=0.3, present=False))
    assert page.mic_note.isVisible() and "no microphone" in page.mic_note.text()
    page.language_box.setCurrentIndex(page.language_box.findData("English (en)"))
    page.begin()
    assert not page.record_button.isEnabled() and page.walk_mic_note.isVisible()
    press(qtbot, page, Qt.Key.Key_R)
    assert not page.recorder.recording
    assert page.line.key == "hint /data/name"       # it opened at the first line not recorded yet
    press(qtbot, page, Qt.Key.Key_Left)
    assert page.play_button.isEnabled()     # what was recorded before can still be heard
    page.recorder.source.present = True
    page.check_button.click()
    assert page.record_button.isEnabled() and not page.walk_mic_note.isVisible()


def test_recording_from_the_forms_place_reaches_the_interview(qtbot, open_window, store, tmp_path):
    store.close()
    window = open_window(unlock=True)
    window.sound_source = ToneSource(seconds=0.5)
    path = tmp_path / "survey.md"
    path.write_text(FORM, encoding="utf-8")
    forms_page = window.places["forms"]
    forms_page.import_file(str(path))
    forms_page.tree.setCurrentItem(forms_page.tree.topLevelItem(0))
    forms_page.record_button.setFocus()
    qtbot.keyClick(forms_page.record_button, Qt.Key.Key_Return)
    page = window.recording_page
    assert page is not None and window.stack.currentWidget() is page
    page.language_box.setCurrentIndex(page.language_box.findData("Español (es)"))
    page.begin()
    press(qtbot, page, Qt.Key.Key_R, Qt.Key.Key_R, Qt.Key.Key_Escape)
    assert window.recording_page is None
    manifest = json.loads(next((tmp_path / "survey-media" / "audio").glob("*/manifest.json")).read_text("utf-8"))
    assert list(manifest["recordings"]) == ["label /data/name"]
    window.start_interview(*forms_page.selected_form())
    window.runner.session.set_language("Español (es)")
    shown = window.runner.session.question("/data/name")
    assert shown.media.audio and shown.media.audio.endswith(manifest["recordings"]["label /data/name"]["file"])


def test_a_recording_made_elsewhere_can_be_used(qtbot, write_form, tmp_path):
    path = write_form("survey", FORM)
    page = make_page(qtbot, path, ToneSource(present=False))
    page.language_box.setCurrentIndex(page.language_box.findData("English (en)"))
    page.begin()
    assert "Use a file" in page.walk_mic_note.text() and page.file_button.isEnabled()
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF nonsense")
    page.use_file(str(broken))
    assert "damaged" in page.take_status.text() and takes_of(path, "English (en)") == {}
    page.use_file(str(tmp_path / "notes.txt"))
    assert "not an audio file" in page.take_status.text()
    phone = tmp_path / "phone.mp3"
    phone.write_bytes(b"ID3" + b"\0" * 200)
    page.use_file(str(phone))
    saved = takes_of(path, "English (en)")["label /data/name"]
    assert saved.suffix == ".mp3" and saved.read_bytes() == phone.read_bytes()
    assert page.take_status.text().startswith("Recorded.") and page.progress_words.text() == "1 of 5 recorded"


def test_a_form_without_a_folder_says_so(qtbot, write_form):
    from dataclasses import replace
    form = replace(load_form(write_form("survey", FORM), cache=False), source_path=None)
    page = RecordAudioPage(form, source=ToneSource(seconds=0.2))
    qtbot.addWidget(page)
    page.begin()
    assert page.steps.currentWidget() is page.choose_step and "no folder" in page.choose_status.text()


def test_qt_can_load_a_saved_take(qtbot, write_form):
    """The file a take is saved as is playable: Qt's own media player reads it and finds its length."""
    multimedia = pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtCore import QUrl
    path = write_form("survey", FORM)
    saved = recordings.save_recording(path, "Mam (mam)", "label /data/name", wav_bytes(tone(1.5)))
    player = multimedia.QMediaPlayer()
    statuses = []
    player.mediaStatusChanged.connect(statuses.append)
    player.setSource(QUrl.fromLocalFile(str(saved)))
    status = multimedia.QMediaPlayer.MediaStatus
    qtbot.waitUntil(lambda: player.mediaStatus() in (status.LoadedMedia, status.InvalidMedia), timeout=5000)
    assert player.mediaStatus() == status.LoadedMedia, player.errorString()
    assert abs(player.duration() - 1500) <= 50


def test_a_recorded_hint_has_its_own_play_button_in_the_interview(qtbot, write_form):
    from fieldapp.ui.widgets.registry import create_widget
    path = write_form("survey", FORM)
    recordings.save_recording(path, "Español (es)", "hint /data/name", wav_bytes(tone(0.3)))
    session = load_form(path, cache=False).new_session("Español (es)")
    widget = create_widget(session.question("/data/name"))
    qtbot.addWidget(widget)
    assert widget.hint_media.audio_button is not None and widget.hint_media.audio_button.text() == "▶ Play the hint"
    assert widget.media.audio_button is None
    session.set_language("English (en)")
    other = create_widget(session.question("/data/name"))
    qtbot.addWidget(other)
    assert other.hint_media.audio_button is None and not other.hint_media.isVisibleTo(other)


def test_a_new_language_typed_as_one_the_form_has_is_that_language(qtbot, write_form):
    page = make_page(qtbot, write_form("survey", FORM))
    page.language_box.setCurrentIndex(page.language_box.findData(NEW_LANGUAGE))
    page.new_language.setText("  español   (ES) ")
    assert page.chosen_language() == "Español (es)"
    page.new_language.setText("Garífuna (cab)")
    assert page.chosen_language() == "Garífuna (cab)"


def test_the_words_of_a_new_language_can_be_written_while_recording(qtbot, write_form):
    path = write_form("survey", FORM)
    page = make_page(qtbot, path)
    page.language_box.setCurrentIndex(page.language_box.findData(NEW_LANGUAGE))
    page.new_language.setText("Mam (mam)")
    page.begin()
    assert page.words_edit.isVisibleTo(page)
    page.words_edit.setFocus()
    qtbot.keyClicks(page.words_edit, "Tb'i")
    qtbot.keyClick(page.words_edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.recorder.recording and page.words_edit.text() == "Tb'i"
    qtbot.keyClick(page.words_edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.words_edit, Qt.Key.Key_Return)          # keeps the words and goes on
    assert page.line.key == "hint /data/name" and page.words_edit.text() == ""
    session = load_form(path, cache=False).new_session("Mam (mam)")
    shown = session.question("/data/name")
    assert shown.label == "Tb'i" and shown.media.audio
    # a written language shows no box: its words are the form's
    other = make_page(qtbot, path)
    other.language_box.setCurrentIndex(other.language_box.findData("English (en)"))
    other.begin()
    assert not other.words_edit.isVisibleTo(other)


def test_a_language_added_to_a_one_language_form_is_offered_in_the_interview(qtbot, write_form):
    from fieldapp.ui.runner.runner import InterviewRunner
    path = write_form("plain", """\
| survey |
|        | type | name | label     |
|        | text | name | Su nombre |
""")
    recordings.save_recording(path, "Mam (mam)", "label /data/name", wav_bytes(tone(0.2)))
    runner = InterviewRunner(load_form(path, cache=False).new_session(), confirm=lambda *a: True)
    qtbot.addWidget(runner)
    box = runner.header.language_box
    assert [box.itemText(i) for i in range(box.count())] == ["The form's own language", "Mam (mam)"]
    assert [box.itemData(i) for i in range(box.count())] == ["default", "Mam (mam)"]
    assert box.isVisibleTo(runner)


def test_the_privacy_switch_drops_the_take_in_progress(qtbot, write_form):
    from fieldapp.ui.safety.privacy_screen import stop_sound
    path = write_form("survey", FORM)
    page = make_page(qtbot, path)
    page.language_box.setCurrentIndex(page.language_box.findData("English (en)"))
    page.begin()
    press(qtbot, page, Qt.Key.Key_R)
    assert page.recorder.recording
    stop_sound(page)
    assert not page.recorder.recording and "not kept" in page.take_status.text()
    assert takes_of(path, "English (en)") == {} and page.record_button.text() == "● Record (R)"
