"""The compiled-form cache: a second load comes from disk, changes and damage are noticed, nothing is trusted blindly.

Requirements covered:
K1 the same file loads from the cache (no conversion the second time)
K2 an edited form or an edited attachment is a miss
K3 a corrupt entry is ignored and rebuilt
K4 FIELDAPP_CACHE_DIR decides where the cache lives; cache=False never touches it
K5 entries are sealed (AES-GCM) with the store's key: forms and their lists are not readable on disk, and
   nothing is unpickled that this app did not seal under that key; without a key nothing reaches the disk
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from fieldapp.xform.load import cache, loader
from fieldapp.xform import load_form

FORMS = Path(__file__).parent / "forms"


KEY = bytes(range(32))


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FIELDAPP_CACHE_DIR", str(folder))
    cache.set_sealing_key(KEY)           # what an unlocked store does
    yield folder
    cache.set_sealing_key(None)


@pytest.fixture()
def count_builds(monkeypatch):
    calls = []
    real = loader.build_form

    def counting(data, source):
        calls.append(source)
        return real(data, source)

    monkeypatch.setattr(loader, "build_form", counting)
    return calls


def test_second_load_comes_from_the_cache(tmp_path, cache_dir, count_builds):
    path = shutil.copy(FORMS / "household.md", tmp_path / "household.md")
    first = load_form(path)
    second = load_form(path)
    assert len(count_builds) == 1 and second == first
    assert list((cache_dir / "forms").glob("*.sealed"))


def test_edited_form_is_rebuilt(tmp_path, cache_dir, count_builds):
    path = Path(shutil.copy(FORMS / "household.md", tmp_path / "household.md"))
    load_form(path)
    path.write_text(path.read_text(encoding="utf-8").replace("Household survey", "Encuesta"), encoding="utf-8")
    assert load_form(path).title == "Encuesta" and len(count_builds) == 2


def test_edited_attachment_is_rebuilt(tmp_path, cache_dir, count_builds):
    shutil.copy(FORMS / "itext_form.xml", tmp_path / "f.xml")
    shutil.copytree(FORMS / "itext_form-media", tmp_path / "f-media")
    load_form(tmp_path / "f.xml")
    (tmp_path / "f-media" / "cities.csv").write_text("name,label\nleon,León\n", encoding="utf-8")
    form = load_form(tmp_path / "f.xml")
    assert "León" in form.secondary_instances["cities"].xml and len(count_builds) == 2


def test_corrupt_entry_is_ignored_and_rebuilt(tmp_path, cache_dir, count_builds):
    path = shutil.copy(FORMS / "household.md", tmp_path / "household.md")
    load_form(path)
    [entry] = (cache_dir / "forms").glob("*.sealed")
    entry.write_bytes(b"\x80\x05garbage")
    assert load_form(path).form_id == "household"
    assert load_form(path).form_id == "household"
    assert len(count_builds) == 2  # rebuilt once, then cached again


def test_no_cache_means_no_files(tmp_path, cache_dir):
    load_form(shutil.copy(FORMS / "household.md", tmp_path / "household.md"), cache=False)
    assert not cache_dir.exists()


def test_adding_missing_media_refreshes_the_warnings(tmp_path, cache_dir, count_builds):
    shutil.copy(FORMS / "itext_form.xml", tmp_path / "f.xml")
    shutil.copytree(FORMS / "itext_form-media", tmp_path / "f-media")
    (tmp_path / "f-media" / "name.mp3").unlink()
    assert load_form(tmp_path / "f.xml").warnings
    (tmp_path / "f-media" / "name.mp3").write_bytes(b"sound")
    assert load_form(tmp_path / "f.xml").warnings == () and len(count_builds) == 2


def test_the_key_changes_with_the_compiling_code_only(tmp_path):
    """Editing the session or a message keeps every cached form; editing the engine or the parser does not."""
    import shutil
    from fieldapp.xform.load import cache_key

    layer = tmp_path / "xform"
    shutil.copytree(cache_key.FORM_LAYER, layer, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache_key.fingerprint_of(layer)
    for untouched in ("session/form_session.py", "messages.py", "walker.py"):
        with open(layer / untouched, "a", encoding="utf-8") as module:
            module.write("\n# an edit that compiles nothing\n")
    assert cache_key.fingerprint_of(layer) == before
    for compiling in ("engine/dag.py", "load/xform_parser.py", "xpath/compiler.py", "model/formdef.py"):
        with open(layer / compiling, "a", encoding="utf-8") as module:
            module.write("\n# an edit to what a cached form holds\n")
        changed = cache_key.fingerprint_of(layer)
        assert changed != before, compiling
        before = changed


class Planted:
    """A pickle that runs code when loaded: what an attacker with write access to the cache folder would plant."""
    def __reduce__(self):
        return (os.mkdir, (os.environ["PLANTED_MARK"],))


def test_entries_hold_no_form_text_and_no_list(tmp_path, cache_dir):
    shutil.copy(FORMS / "itext_form.xml", tmp_path / "f.xml")
    shutil.copytree(FORMS / "itext_form-media", tmp_path / "f-media")
    (tmp_path / "f-media" / "cities.csv").write_text("name,label\nbenef,Beneficiaria Xiomara\n", encoding="utf-8")
    load_form(tmp_path / "f.xml")
    [entry] = (cache_dir / "forms").glob("*.sealed")
    data = entry.read_bytes()
    assert b"Xiomara" not in data and b"cities" not in data and b"fieldapp" not in data


def test_nothing_unsealed_is_ever_unpickled(tmp_path, cache_dir, count_builds, monkeypatch):
    path = shutil.copy(FORMS / "household.md", tmp_path / "household.md")
    load_form(path)
    [entry] = (cache_dir / "forms").glob("*.sealed")
    mark = tmp_path / "code-ran"
    monkeypatch.setenv("PLANTED_MARK", str(mark))
    cache.set_sealing_key(KEY)                       # forget what this process holds: read from disk again
    entry.write_bytes(pickle.dumps(Planted()))
    assert load_form(path).form_id == "household"
    assert not mark.exists() and len(count_builds) == 2


def test_an_entry_sealed_under_another_key_is_a_miss(tmp_path, cache_dir, count_builds):
    path = shutil.copy(FORMS / "household.md", tmp_path / "household.md")
    load_form(path)
    cache.set_sealing_key(bytes(32))                 # another laptop's store, or the key file replaced
    assert load_form(path).form_id == "household" and len(count_builds) == 2


def test_a_flipped_bit_is_a_miss(tmp_path, cache_dir, count_builds):
    path = shutil.copy(FORMS / "household.md", tmp_path / "household.md")
    load_form(path)
    [entry] = (cache_dir / "forms").glob("*.sealed")
    data = bytearray(entry.read_bytes())
    data[-40] ^= 1
    entry.write_bytes(bytes(data))
    cache.set_sealing_key(KEY)
    assert load_form(path).form_id == "household" and len(count_builds) == 2


def test_without_a_key_forms_stay_in_this_process(tmp_path, cache_dir, count_builds):
    cache.set_sealing_key(None)
    path = shutil.copy(FORMS / "household.md", tmp_path / "household.md")
    load_form(path)
    load_form(path)
    assert len(count_builds) == 1 and not cache_dir.exists()


def test_clear_entries_of_earlier_versions_are_removed(tmp_path, cache_dir):
    old = cache_dir / "forms" / "0123.pickle"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"a form and its beneficiary list in the clear")
    cache.set_sealing_key(KEY)
    assert not old.exists()


def test_an_unlocked_store_seals_the_cache_and_locking_stops_it(tmp_path, cache_dir):
    from fieldapp.store import open_store
    cache.set_sealing_key(None)
    store = open_store(tmp_path / "data", "a long enough passphrase for tests 4821")
    key = cache.sealing_key()
    assert key is not None and len(key) == 32
    store.close()
    assert cache.sealing_key() is None
    store = open_store(tmp_path / "data", "a long enough passphrase for tests 4821")
    assert cache.sealing_key() == key                  # the same key after a restart: entries stay useful
    store.close()
