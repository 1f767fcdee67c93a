"""Audio questions record from the microphone (a tone stands in for it here), not only attach a file.

Q1 record, stop, play back, record again: the take is a real WAV file; a new take replaces the old one
Q2 in an interview the take goes to the store from memory, encrypted: nothing of it in the clear on disk
Q3 no microphone: said plainly, the record button is gone and attaching a file remains
"""

from __future__ import annotations

import pytest

from fieldapp.audio.wav import read_info
from fieldapp.store import keys
from fieldapp.ui.audio import recorder
from fieldapp.ui.audio.recorder import MicrophoneSource, ToneSource
from fieldapp.ui.widgets.file_attach import FileWidget
from tests.ui.helpers import question

VOICE_FORM = """
| survey   |         |         |             |
|          | type    | name    | label       |
|          | text    | name    | First name  |
|          | audio   | story   | Tell us     |
| settings |         |         |             |
|          | form_id | version | form_title  |
|          | voices  | 1       | Voices      |
"""


@pytest.fixture(autouse=True)
def cheap_key_stretching(monkeypatch):
    monkeypatch.setattr(keys, "PASSPHRASE_SCRYPT_N", 2 ** 10)


@pytest.fixture
def tone_microphone():
    made = []

    def make():
        made.append(ToneSource(seconds=0.5, frequency=523.25))
        return made[-1]
    recorder.use_source(make)
    yield made
    recorder.use_source(MicrophoneSource)


def test_record_stop_play_and_record_again_without_a_store(qtbot, tone_microphone):
    widget = FileWidget(question("audio"))
    qtbot.addWidget(widget)
    answers = []
    widget.sig_value_changed.connect(answers.append)
    assert widget.record_button.isVisibleTo(widget) and not widget.mic_note.isVisibleTo(widget)
    assert widget.record_button.text() == "● Record"
    widget.record_button.click()
    assert widget.recorder.recording and widget.record_button.text() == "■ Stop recording"
    assert not widget.choose_button.isEnabled()
    widget.record_button.click()
    first = widget.recorded_bytes()
    info = read_info(first)
    assert (info.rate, info.channels, info.sample_bytes) == (16000, 1, 2) and abs(info.seconds - 0.5) < 0.01
    assert answers and answers[-1].endswith(".wav") and widget.value() == answers[-1]
    assert widget.play_button.isVisibleTo(widget) and widget.record_button.text() == "● Record again"
    tone_microphone[0].seconds = 1.0
    widget.record_button.click()
    widget.record_button.click()
    assert abs(read_info(widget.recorded_bytes()).seconds - 1.0) < 0.01
    widget.remove_button.click()
    assert widget.value() == "" and widget.recorded_bytes() is None and not widget.play_button.isVisibleTo(widget)


def test_no_microphone_offers_attaching_a_file(qtbot):
    recorder.use_source(lambda: ToneSource(present=False))
    try:
        widget = FileWidget(question("audio"))
        qtbot.addWidget(widget)
    finally:
        recorder.use_source(MicrophoneSource)
    assert not widget.record_button.isVisibleTo(widget)
    assert widget.mic_note.isVisibleTo(widget) and "no microphone" in widget.mic_note.text()
    assert widget.choose_button.isVisibleTo(widget) and widget.choose_button.isEnabled()
    assert widget.input_widgets()[0] is widget.choose_button


def test_an_image_question_has_no_record_button(qtbot, tone_microphone):
    widget = FileWidget(question("image"))
    qtbot.addWidget(widget)
    assert widget.record_button is None and widget.mic_note is None


def test_a_take_in_an_interview_is_kept_encrypted_by_the_store(open_window, store, tmp_path, data_dir, tone_microphone):
    store.close()
    window = open_window(unlock=True)
    form_path = tmp_path / "voices.md"
    form_path.write_text(VOICE_FORM.strip() + "\n", encoding="utf-8")
    window.places["forms"].import_file(str(form_path))
    window.places["forms"].start_button.click()
    runner = window.runner
    runner.go_next()
    widget = runner.screen_view.widgets["/data/story"]
    assert widget.store_keeps_files
    widget.record_button.click()
    widget.record_button.click()
    instance_id = runner.session.instance_id
    name = runner.session.value("/data/story")
    assert name.endswith(".wav")
    content = window.store.attachment(instance_id, name)
    assert abs(read_info(content).seconds - 0.5) < 0.01
    widget = runner.screen_view.widgets["/data/story"]
    assert name in widget.file_name.text() and widget.play_button.isVisibleTo(widget)
    # the sound's samples are nowhere in the clear in the data folder
    samples = content[44:44 + 64]
    assert [p.name for p in data_dir.rglob("*") if p.is_file() and samples in p.read_bytes()] == []
    # a new take replaces the stored one
    tone_microphone[-1].seconds = 0.8
    widget.record_button.click()
    widget.record_button.click()
    again = runner.session.value("/data/story")
    assert again != name and [a.file_name for a in window.store.attachments(instance_id)] == [again]
    assert abs(read_info(window.store.attachment(instance_id, again)).seconds - 0.8) < 0.01


def test_the_privacy_switch_stops_a_take_and_keeps_nothing_of_it(qtbot, tone_microphone):
    from fieldapp.ui.safety.privacy_screen import stop_sound
    widget = FileWidget(question("audio"))
    qtbot.addWidget(widget)
    widget.show()
    answers = []
    widget.sig_value_changed.connect(answers.append)
    widget.record_button.click()
    assert widget.recorder.recording
    stop_sound(widget)                       # what the privacy switch does to every object of the app
    assert not widget.recorder.recording and widget.recorded_bytes() is None and answers == []
    assert "not kept" in widget.file_name.text() and widget.record_button.text() == "● Record"
    assert widget.choose_button.isEnabled()


def test_leaving_the_question_turns_the_microphone_off(qtbot, tone_microphone):
    widget = FileWidget(question("audio"))
    qtbot.addWidget(widget)
    widget.show()
    widget.record_button.click()
    assert widget.recorder.recording
    widget.hide()
    assert not widget.recorder.recording and widget.recorded_bytes() is None
