"""The compiled-form cache: a second load comes from disk, changes and damage are noticed, nothing is trusted blindly.

Requirements covered:
K1 the same file loads from the cache (no conversion the second time)
K2 an edited form or an edited attachment is a miss
K3 a corrupt entry is ignored and rebuilt
K4 FIELDAPP_CACHE_DIR decides where the cache lives; cache=False never touches it
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldapp.xform.load import loader
from fieldapp.xform import load_form

FORMS = Path(__file__).parent / "forms"


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FIELDAPP_CACHE_DIR", str(folder))
    return folder


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
    assert list((cache_dir / "forms").glob("*.pickle"))


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
    [entry] = (cache_dir / "forms").glob("*.pickle")
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
