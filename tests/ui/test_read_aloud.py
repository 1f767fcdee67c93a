"""Read aloud: the form's recording for the current language first, else the system voice for that language,
else a plain note on screen; F5 reads the question (a consent text too) and its choices; the privacy switch
and the handback stop it.

Requirement: SG-2 and SG-10 labels and consent texts read aloud, with the form's audio when present (issue 12).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.ui.voice import read_aloud
from fieldapp.ui.voice.read_aloud import AUDIO, NONE, VOICE, ReadAloud, language_code, question_items
from fieldapp.xform import load_form

CONSENT = """
| survey |               |          |                                  |                              |                                  |                      |
|        | type          | name     | label::English (en)              | label::Español (es)          | audio::English (en)              | bind::fieldapp:role  |
|        | note          | script   | We would like to ask you some questions. | Nos gustaría hacerte unas preguntas. | script_en.wav          |                      |
|        | select_one yn | agree    | Do you agree?                    | ¿Estás de acuerdo?           |                                  | consent              |
| choices |              |          |                                  |                              |                                  |                      |
|        | list_name     | name     | label::English (en)              | label::Español (es)          | audio::English (en)              |                      |
|        | yn            | yes      | Yes                              | Sí                           | yes_en.wav                       |                      |
|        | yn            | no       | No                               | No                           |                                  |                      |
| settings |             |          |                                  |                              |                                  |                      |
|        | form_title    | form_id  | namespaces                       | default_language             |                                  |                      |
|        | Consent       | consent_aloud | fieldapp="urn:fieldapp:xforms" | English (en)            |                                  |                      |
"""


@pytest.fixture
def mock_voice(monkeypatch):
    """Qt's "mock" speech engine: it speaks English (and a few Nordic languages), never Spanish."""
    monkeypatch.setattr(read_aloud, "DEFAULT_ENGINES", ("mock",))


def test_language_codes():
    assert language_code("Español (es)") == "es" and language_code("English (en)") == "en"
    assert language_code("English") == "en" and language_code("es") == "es" and language_code("K'iche' (quc)") == "quc"
    assert language_code("") == "" and language_code("Klingon") == ""


def test_a_voice_where_the_system_has_one_and_a_plain_no_where_not(qtbot, mock_voice):
    reader = ReadAloud()
    assert reader.way("Hello", None, "English (en)") == VOICE
    assert reader.way("Hola", None, "Español (es)") == NONE
    ways = reader.read([("Hello", None), ("1. Yes", None)], "English (en)")
    assert ways == [VOICE, VOICE] and reader.busy
    qtbot.waitUntil(lambda: not reader.busy, timeout=5000)        # the voice read both, one after the other
    reader.stop_sound()


def test_no_engine_at_all_is_handled(qtbot, monkeypatch):
    monkeypatch.setattr(read_aloud, "DEFAULT_ENGINES", ("no-such-engine",))
    reader = ReadAloud()
    assert reader.way("Hello", None, "English (en)") == NONE
    monkeypatch.setattr(read_aloud, "speech_module", lambda: None)
    assert ReadAloud().way("Hello", None, "English (en)") == NONE


def test_the_form_s_recording_comes_first(qtbot, mock_voice, monkeypatch, tmp_path):
    sound = tmp_path / "q.mp3"
    sound.write_bytes(b"ID3")
    monkeypatch.setattr(read_aloud, "audio_backend", lambda: ("player", "output"))
    reader = ReadAloud()
    assert reader.way("Hello", str(sound), "Español (es)") == AUDIO    # a recording needs no voice
    assert reader.way("Hello", str(tmp_path / "missing.mp3"), "English (en)") == VOICE


def runner_for(qtbot, store, tmp_path, language=None):
    form_path = tmp_path / "consent.md"
    import textwrap
    form_path.write_text(textwrap.dedent(CONSENT).strip() + "\n", encoding="utf-8")
    media = tmp_path / "consent-media"
    media.mkdir()
    for name in ("script_en.wav", "yes_en.wav"):
        (media / name).write_bytes(b"RIFF")
    session = store.new_session(load_form(str(form_path), cache=False), interviewer="Ana")
    if language:
        session.set_language(language)
    runner = InterviewRunner(session, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(1366, 768)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2000)
    if runner.safety_controls.steps.on_check:      # the privacy check at the start: alone
        qtbot.keyClick(runner.safety_controls.steps.page, Qt.Key.Key_1)
    return runner


def test_f5_reads_the_consent_text_with_the_form_s_audio(qtbot, store, tmp_path, mock_voice, monkeypatch):
    played = []
    monkeypatch.setattr(read_aloud, "audio_backend", lambda: ("player", "output"))
    runner = runner_for(qtbot, store, tmp_path)
    monkeypatch.setattr(runner.read_aloud.reader._player, "play", lambda path: played.append(Path(path).name) or True)
    view = runner.screen.questions[0]
    assert view.media.audio and question_items(view)[0][1] == view.media.audio
    runner.setFocus()
    qtbot.keyClick(runner, Qt.Key.Key_F5)
    assert played == ["script_en.wav"]                              # the form's recording for English
    assert runner.read_aloud.last_ways[0] == AUDIO
    runner.read_aloud.reader.stop_sound()


def test_no_recording_and_no_voice_is_said_on_screen(qtbot, store, tmp_path, mock_voice):
    runner = runner_for(qtbot, store, tmp_path, language="Español (es)")
    runner.next_button.click()                                      # the consent question: Spanish, no audio
    runner.screen_view.widgets["/data/agree"].focus_input()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    assert runner.read_aloud.last_ways == [NONE, NONE, NONE]
    assert runner.banner.isVisible() and "no voice for Español (es)" in runner.banner.text()


def test_the_voice_reads_the_question_and_each_choice(qtbot, store, tmp_path, mock_voice):
    runner = runner_for(qtbot, store, tmp_path)
    runner.next_button.click()
    runner.screen_view.widgets["/data/agree"].focus_input()
    runner.read_aloud.reader._player.play = lambda path: False      # this computer cannot play the recording
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    assert len(runner.read_aloud.last_ways) == 3 and NONE not in runner.read_aloud.last_ways
    assert not runner.banner.isVisible()
    qtbot.waitUntil(lambda: not runner.read_aloud.reader.busy, timeout=5000)


def test_the_privacy_switch_silences_the_voice(qtbot, store, tmp_path, mock_voice):
    from fieldapp.ui.safety.privacy_screen import stop_sound
    runner = runner_for(qtbot, store, tmp_path, language="English (en)")
    reader = runner.read_aloud.reader
    reader.read([("A long sentence to read. " * 5, None), ("Another one", None)], "English (en)")
    assert reader.busy
    stop_sound(runner)
    assert not reader.busy
