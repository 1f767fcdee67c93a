"""Audio a speaker recorded for a form: kept per language beside the form, surfaced as the views' audio.

R1 a take is saved as a real WAV file and named in its language's manifest; a new take replaces the old file
R2 the loader offers recorded audio as Media.audio of the label, hint and choices in that language only
R3 the form's own audio wins over a recording for the same label
R4 a language recorded but not written joins the form's languages; its labels fall back to the form's words
R5 the form cache sees a new take and a new language (no stale Form)
R6 a damaged or foreign manifest is ignored and never points outside its folder
R7 the script lists every label, hint and choice once, lists shared by questions once, file lists never
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fieldapp.audio.wav import read_info, tone, wav_bytes
from fieldapp.xform import load_form
from fieldapp.xform.audio_script import script
from fieldapp.xform.load import recordings
from fieldapp.xform.model.recorded import choice_key, hint_key, label_key

FORMS = Path(__file__).parent / "forms"

TWO_LANGUAGES = """\
| survey |
|        | type              | name  | label::English (en) | label::Español (es) | hint::English (en) | hint::Español (es) |
|        | text              | name  | Your name           | Su nombre           | As you like        | Como guste         |
|        | select_one yn     | happy | Are you happy?      | ¿Está contento?     |                    |                    |
|        | select_one yn     | safe  | Are you safe?       | ¿Está seguro?       |                    |                    |
| choices |
|         | list_name | name | label::English (en) | label::Español (es) |
|         | yn        | yes  | Yes                 | Sí                  |
|         | yn        | no   | No                  | No                  |
"""

ONE_LANGUAGE = """\
| survey |
|        | type          | name  | label          | hint       |
|        | text          | name  | Su nombre      | Como guste |
|        | select_one yn | happy | ¿Está contento? |           |
| choices |
|         | list_name | name | label |
|         | yn        | yes  | Sí    |
|         | yn        | no   | No    |
"""


def form_file(tmp_path: Path, text: str = TWO_LANGUAGES) -> Path:
    path = tmp_path / "survey.md"
    path.write_text(text, encoding="utf-8")
    return path


def take(seconds: float = 0.5, frequency: float = 440.0) -> bytes:
    return wav_bytes(tone(seconds, frequency))


def question(session, name):
    return session.question(f"/data/{name}")


def test_a_take_is_a_real_wav_named_in_its_languages_manifest(tmp_path):
    form = form_file(tmp_path)
    saved = recordings.save_recording(form, "Mam (mam)", label_key("/data/name"), take(0.75), form_id="survey")
    assert saved.parent.parent == tmp_path / "survey-media" / "audio"
    info = read_info(saved)
    assert (info.rate, info.channels, info.sample_bytes) == (16000, 1, 2)
    assert abs(info.seconds - 0.75) < 0.01
    manifest = json.loads((saved.parent / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == "Mam (mam)" and manifest["form_id"] == "survey"
    assert manifest["recordings"] == {"label /data/name": {"file": saved.name}}

    again = recordings.save_recording(form, "Mam (mam)", label_key("/data/name"), take(1.0, 300))
    assert again != saved and not saved.exists() and again.is_file()
    [found] = recordings.read_all(form)
    assert found.files == {"label /data/name": again.name}

    assert recordings.remove_recording(form, "Mam (mam)", label_key("/data/name"))
    assert not again.exists() and recordings.read_all(form)[0].files == {}


def test_recorded_audio_is_the_views_audio_in_its_language_only(tmp_path):
    form_path = form_file(tmp_path)
    label = recordings.save_recording(form_path, "Español (es)", label_key("/data/happy"), take())
    hint = recordings.save_recording(form_path, "Español (es)", hint_key("/data/name"), take())
    form = load_form(form_path, cache=False)
    happy = form.control("/data/happy")
    yes = recordings.save_recording(form_path, "Español (es)", choice_key(happy, "yes"), take())
    form = load_form(form_path, cache=False)

    session = form.new_session("Español (es)")
    shown = question(session, "happy")
    assert shown.media.audio == str(label)
    assert [c.media.audio for c in shown.choices] == [str(yes), None]
    assert question(session, "name").hint_media.audio == str(hint)
    # the same list in another question: the recording of its choice is heard there too
    assert [c.media.audio for c in question(session, "safe").choices] == [str(yes), None]

    session.set_language("English (en)")
    shown = question(session, "happy")
    assert shown.media.audio is None and all(c.media.audio is None for c in shown.choices)


def test_the_forms_own_audio_wins(tmp_path):
    shutil.copy(FORMS / "itext_form.xml", tmp_path / "f.xml")
    shutil.copytree(FORMS / "itext_form-media", tmp_path / "f-media")
    form = load_form(tmp_path / "f.xml", cache=False)
    language = form.languages[0]
    session = form.new_session(language)
    own = [q for q in _all_questions(session) if q.media.audio]
    assert own, "the test form names audio of its own"
    ref = own[0].path
    recordings.save_recording(tmp_path / "f.xml", language, label_key(ref), take())
    session = load_form(tmp_path / "f.xml", cache=False).new_session(language)
    assert [q.media.audio for q in _all_questions(session) if q.path == ref] == [own[0].media.audio]


def _all_questions(session):
    return [session.question(c.ref) for c in session.form.controls_by_ref.values()
            if not c.is_container and session.find(c.ref) is not None]


def test_a_new_language_joins_the_form_and_falls_back_to_its_words(tmp_path):
    form_path = form_file(tmp_path, ONE_LANGUAGE)
    assert load_form(form_path, cache=False).languages == ()
    recordings.start_language(form_path, "K'iche' (quc)")
    form = load_form(form_path, cache=False)
    assert form.languages == ("default", "K'iche' (quc)")
    recorded = recordings.save_recording(form_path, "K'iche' (quc)", label_key("/data/name"), take())
    form = load_form(form_path, cache=False)
    session = form.new_session("K'iche' (quc)")
    assert session.language == "K'iche' (quc)"
    shown = question(session, "name")
    assert shown.label == "Su nombre" and shown.hint == "Como guste"
    assert shown.media.audio == str(recorded)
    session.set_language("default")
    assert question(session, "name").media.audio is None

    two = form_file(tmp_path / "two" if (tmp_path / "two").mkdir() is None else tmp_path, TWO_LANGUAGES)
    recordings.save_recording(two, "Miskito (miq)", label_key("/data/happy"), take())
    form = load_form(two, cache=False)
    assert form.languages == ("English (en)", "Español (es)", "Miskito (miq)")
    session = form.new_session("Miskito (miq)")
    assert question(session, "happy").label in ("Are you happy?", "¿Está contento?")


def test_the_form_cache_sees_a_new_take_and_a_new_language(tmp_path, monkeypatch):
    from fieldapp.xform.load import cache
    monkeypatch.setattr(cache, "_sealing", {"key": b"k" * 32})
    cache._RECENT.clear()
    folder = tmp_path / "cache"
    form_path = form_file(tmp_path)
    first = load_form(form_path, cache_folder=folder)
    assert first.recordings == {} and load_form(form_path, cache_folder=folder) is first     # cached
    saved = recordings.save_recording(form_path, "Español (es)", label_key("/data/name"), take())
    second = load_form(form_path, cache_folder=folder)
    assert second.recordings["Español (es)"][label_key("/data/name")] == str(saved)
    assert load_form(form_path, cache_folder=folder) is second
    again = recordings.save_recording(form_path, "Español (es)", label_key("/data/name"), take(0.3, 600))
    third = load_form(form_path, cache_folder=folder)
    assert third.recordings["Español (es)"][label_key("/data/name")] == str(again)
    recordings.start_language(form_path, "Mam (mam)")
    assert "Mam (mam)" in load_form(form_path, cache_folder=folder).languages
    cache._RECENT.clear()


def test_a_damaged_or_foreign_manifest_is_ignored(tmp_path):
    form_path = form_file(tmp_path)
    saved = recordings.save_recording(form_path, "Mam (mam)", label_key("/data/name"), take())
    manifest = saved.parent / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    (tmp_path / "secret.wav").write_bytes(take())
    data["recordings"]["label /data/happy"] = {"file": "../../../secret.wav"}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    form = load_form(form_path, cache=False)
    assert dict(form.recordings["Mam (mam)"]) == {"label /data/name": str(saved)}
    manifest.write_text("{not json", encoding="utf-8")
    form = load_form(form_path, cache=False)
    assert form.recordings == {} and "Mam (mam)" not in form.languages
    manifest.write_text(json.dumps({"format": "other", "language": "x", "recordings": {}}), encoding="utf-8")
    assert load_form(form_path, cache=False).recordings == {}


def test_a_recording_missing_its_file_is_left_out(tmp_path):
    form_path = form_file(tmp_path)
    saved = recordings.save_recording(form_path, "Mam (mam)", label_key("/data/name"), take())
    saved.unlink()
    form = load_form(form_path, cache=False)
    assert dict(form.recordings["Mam (mam)"]) == {}
    assert question(form.new_session("Mam (mam)"), "name").media.audio is None


def test_the_script_lists_each_thing_once_in_the_chosen_language(tmp_path):
    form = load_form(form_file(tmp_path), cache=False)
    lines = script(form, "Español (es)")
    assert [(line.kind, line.text) for line in lines] == [
        ("label", "Su nombre"), ("hint", "Como guste"), ("label", "¿Está contento?"),
        ("choice", "Sí"), ("choice", "No"), ("label", "¿Está seguro?")]
    happy = form.control("/data/happy")
    assert lines[3].key == choice_key(happy, "yes") and lines[3].question == "¿Está contento?"
    assert [line.text for line in script(form, "English (en)")][:2] == ["Your name", "As you like"]


def test_the_script_leaves_out_lists_read_from_files(tmp_path):
    path = tmp_path / "places.md"
    path.write_text("""\
| survey |
|        | type                                | name  | label |
|        | select_one_from_file places.csv     | place | Place |
|        | select_one yn                       | ok    | OK?   |
| choices |
|         | list_name | name | label |
|         | yn        | yes  | Yes   |
""", encoding="utf-8")
    (tmp_path / "places.csv").write_text("name,label\nA,Alpha\nB,Beta\n", encoding="utf-8")
    lines = script(load_form(path, cache=False), None)
    assert [(line.kind, line.text) for line in lines] == [("label", "Place"), ("label", "OK?"), ("choice", "Yes")]


def test_recording_does_not_hide_pictures_beside_the_form(tmp_path):
    path = tmp_path / "pictures.md"
    path.write_text("""\
| survey |
|        | type | name | label | media::image |
|        | text | name | Name  | face.png     |
""", encoding="utf-8")
    (tmp_path / "face.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n")
    assert load_form(path, cache=False).new_session().question("/data/name").media.image == str(tmp_path / "face.png")
    recordings.save_recording(path, "Mam (mam)", label_key("/data/name"), take())      # makes pictures-media/
    form = load_form(path, cache=False)
    assert form.media_dir == str(tmp_path / "pictures-media")
    shown = form.new_session("Mam (mam)").question("/data/name")
    assert shown.media.image == str(tmp_path / "face.png") and shown.media.audio


def test_words_written_for_a_spoken_language_are_shown_in_it(tmp_path):
    form_path = form_file(tmp_path, ONE_LANGUAGE)
    form = load_form(form_path, cache=False)
    happy = form.control("/data/happy")
    recordings.save_text(form_path, "Mam (mam)", label_key("/data/name"), "  Tb'i  ")
    recordings.save_text(form_path, "Mam (mam)", choice_key(happy, "yes"), "Ja'")
    recordings.save_recording(form_path, "Mam (mam)", hint_key("/data/name"), take())
    form = load_form(form_path, cache=False)
    session = form.new_session("Mam (mam)")
    name = session.question("/data/name")
    assert name.label == "Tb'i" and name.hint == "Como guste" and name.hint_media.audio
    assert [c.label for c in session.question("/data/happy").choices] == ["Ja'", "No"]
    session.set_language("default")
    assert session.question("/data/name").label == "Su nombre"
    manifest = json.loads(next((tmp_path / "survey-media" / "audio").glob("*/manifest.json")).read_text("utf-8"))
    assert manifest["recordings"][label_key("/data/name")] == {"text": "Tb'i"}
    recordings.save_text(form_path, "Mam (mam)", label_key("/data/name"), "")
    assert load_form(form_path, cache=False).new_session("Mam (mam)").question("/data/name").label == "Su nombre"


def test_written_words_never_replace_a_language_the_form_writes(tmp_path):
    form_path = form_file(tmp_path)
    recordings.save_text(form_path, "Español (es)", label_key("/data/name"), "Otra cosa")
    session = load_form(form_path, cache=False).new_session("Español (es)")
    assert session.question("/data/name").label == "Su nombre"
