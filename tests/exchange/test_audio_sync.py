"""Recorded audio travels with its form through the sync folder, from the laptop that recorded it to the others.

S1 laptop A's recordings of a language are written to the sync folder (files first, then the manifest)
S2 laptop B takes them into its own copy of the form's media folder; its next interview hears them
S3 a newer take on B replaces A's old one in the folder and on A at the next sync; the stale file goes
S4 nothing changed: nothing is copied again; a damaged manifest in the folder is left alone
"""

import json
from pathlib import Path

import pytest

from fieldapp.audio.wav import read_info, tone, wav_bytes
from fieldapp.exchange.audio_sync import SYNC_AUDIO
from fieldapp.exchange.sync import sync
from fieldapp.store import open_store
from fieldapp.xform.load import recordings
from tests.exchange.conftest import PASSPHRASE, PASSWORD, write_form


@pytest.fixture
def two_laptops(tmp_path):
    """Two stores, each with its own copy of the same form in its own folder, and a stick."""
    laptops = []
    for name in ("a", "b"):
        forms = tmp_path / name / "forms"
        forms.mkdir(parents=True)
        form = write_form(forms)
        store = open_store(tmp_path / name / "data", PASSPHRASE)
        store.register_form(form)
        laptops.append((store, Path(form.source_path)))
    stick = tmp_path / "stick"
    stick.mkdir()
    yield laptops, stick
    for store, _path in laptops:
        store.close()


def take(seconds, frequency=440):
    return wav_bytes(tone(seconds, frequency))


def test_recordings_travel_from_one_laptop_to_another(two_laptops):
    (a, a_form), (b, b_form) = two_laptops[0]
    stick = two_laptops[1]
    saved = recordings.save_recording(a_form, "Mam (mam)", "label /data/name", take(0.5), form_id="kid")
    report = sync(a, stick, PASSWORD)
    assert report.audio.sent == [("kid", "Mam (mam)")]
    shared = stick / SYNC_AUDIO / "kid"
    [folder] = [p for p in shared.iterdir()]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["manifest.json", saved.name])

    report = sync(b, stick, PASSWORD)
    assert report.audio.received == [("kid", "Mam (mam)")] and report.audio.sent == []
    [theirs] = recordings.read_all(b_form)
    assert theirs.language == "Mam (mam)" and theirs.folder.parent == b_form.with_name("kid_v1-media") / "audio"
    copied = theirs.folder / theirs.files["label /data/name"]
    assert copied.read_bytes() == saved.read_bytes() and abs(read_info(copied).seconds - 0.5) < 0.01
    form = b.load_form("kid")
    assert "Mam (mam)" in form.languages
    assert form.new_session("Mam (mam)").question("/data/name").media.audio == str(copied)

    again = sync(b, stick, PASSWORD)
    assert again.audio.received == [] and again.audio.sent == []


def test_a_newer_take_replaces_the_old_everywhere(two_laptops, monkeypatch):
    (a, a_form), (b, b_form) = two_laptops[0]
    stick = two_laptops[1]
    first = recordings.save_recording(a_form, "Mam (mam)", "label /data/name", take(0.5), form_id="kid")
    sync(a, stick, PASSWORD)
    sync(b, stick, PASSWORD)
    # B records again later (manifests carry the time to the second: make it later for sure)
    manifest = next(p for p in (b_form.with_name("kid_v1-media") / "audio").glob("*/manifest.json"))
    newer = recordings.save_recording(b_form, "Mam (mam)", "label /data/name", take(0.8, 300), form_id="kid")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["updated_at"] = "2999-01-01T00:00:00+00:00"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert sync(b, stick, PASSWORD).audio.sent == [("kid", "Mam (mam)")]
    shared = next((stick / SYNC_AUDIO / "kid").iterdir())
    assert sorted(p.name for p in shared.iterdir()) == sorted(["manifest.json", newer.name])   # the old take went
    assert sync(a, stick, PASSWORD).audio.received == [("kid", "Mam (mam)")]
    [ours] = recordings.read_all(a_form)
    assert ours.files["label /data/name"] == newer.name and not first.exists()


def test_a_damaged_manifest_in_the_folder_is_left_alone(two_laptops):
    (a, a_form), (b, b_form) = two_laptops[0]
    stick = two_laptops[1]
    broken = stick / SYNC_AUDIO / "kid" / "Mam"
    broken.mkdir(parents=True)
    (broken / "manifest.json").write_text("{oops", encoding="utf-8")
    report = sync(b, stick, PASSWORD)
    assert report.audio.received == [] and recordings.read_all(b_form) == []


def test_written_words_travel_too(two_laptops):
    (a, a_form), (b, b_form) = two_laptops[0]
    stick = two_laptops[1]
    recordings.save_text(a_form, "Mam (mam)", "label /data/name", "Tb'i", form_id="kid")
    assert sync(a, stick, PASSWORD).audio.sent == [("kid", "Mam (mam)")]
    assert sync(b, stick, PASSWORD).audio.received == [("kid", "Mam (mam)")]
    assert recordings.read_all(b_form)[0].texts == {"label /data/name": "Tb'i"}
