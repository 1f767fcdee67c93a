"""The app's words in gettext catalogues: every English text the code uses is translated, and languages can be added.

Requirements covered:
T1 every tr() text and word table of fieldapp/ui, every _() template of fieldapp/xform, every engine and store
   message has a translation in each shipped language, with the same {placeholders}; no entry is left unused
T2 the .pot templates list exactly what the shipped catalogues translate (a new language starts complete)
T3 a new language folder (an organisation's own, no code) is picked up: listed, named, and used by tr(),
   Problem.text(), engine messages and store errors; empty and fuzzy entries fall back to English
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import fieldapp
from fieldapp import locale

ROOT = Path(fieldapp.__file__).parent
SHIPPED_LANGUAGES = sorted(p.name for p in locale.SHIPPED.iterdir() if (p / "LC_MESSAGES").is_dir())


@pytest.fixture(autouse=True)
def shipped_catalogues_only(monkeypatch):
    monkeypatch.delenv(locale.LOCALE_DIR_VARIABLE, raising=False)


def literals_passed_to(function: str, folder: Path) -> dict[str | None, list[str]]:
    """Every literal first argument of `function(...)` under `folder`, with where; None for non-literal calls."""
    found: dict[str | None, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function:
                first = node.args[0] if node.args else None
                key = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
                found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def app_word_tables() -> set[str]:
    """English words kept in tables of fieldapp/ui and translated where shown (tr(variable))."""
    from fieldapp.ui.interviews.interviews_page import STATUS_WORDS
    from fieldapp.ui.library.forms_page import FORM_FILES
    from fieldapp.ui.runner.finalize_page import KIND_WORDS
    from fieldapp.ui.runner.hierarchy_view import MARKS
    from fieldapp.store import strength
    from fieldapp.ui.setup.setup_page import STRENGTH_WORDS
    from fieldapp.ui.shell.main_window import PLACES
    from fieldapp.ui.shell.messages import KNOWN
    from fieldapp.ui.widgets.file_attach import FILTERS
    from fieldapp.ui.widgets.month_year import MONTHS
    words = set(STATUS_WORDS.values()) | set(KIND_WORDS.values()) | {w for _m, w, _c in MARKS.values()}
    words |= set(STRENGTH_WORDS.values()) | {w for _k, w in PLACES} | set(KNOWN.values()) | set(FILTERS.values())
    words |= set(MONTHS) | {FORM_FILES, "Problem"}
    from fieldapp.ui.coordinator import coordinator_page as coordinator
    words |= set(coordinator.STATUS_WORDS.values()) | set(coordinator.LOG_HEADERS)
    words |= {w for _k, w in coordinator.PROFILE_WORDS} | set(coordinator.SUMMARY_WORDS)
    words |= {"All", "Drafts", "As the form says", "Spanish", "English"}   # filter and setting choices, tr(words) in loops
    words |= set(strength.HINTS.values())     # the passphrase hints, shown through tr(hint)
    from fieldapp.ui.interviews.interviews_page import OUTCOME_WORDS
    from fieldapp.ui.safety.consent_steps import CHILD_WORDS
    from fieldapp.ui.safety.waiver_dialog import AUTHORITY_WORDS, REASON_WORDS
    words |= set(OUTCOME_WORDS.values()) | set(CHILD_WORDS.values()) | set(REASON_WORDS.values())
    words |= set(AUTHORITY_WORDS.values())   # consent outcomes, the child's words, the waiver's choices
    return words


def used_texts(domain: str) -> set[str]:
    """The English texts the code asks `domain` to translate."""
    if domain == "app":
        found = literals_passed_to("tr", ROOT / "ui")    # tr(variable) takes its words from the tables below
        return (set(found) - {None}) | app_word_tables()
    if domain == "forms":
        from fieldapp.xform import messages
        from fieldapp.xform.model import errors
        found = {**literals_passed_to("_", ROOT / "xform"), **literals_passed_to("_", ROOT / "cli")}
        assert None not in found, f"_() needs a literal template to be translatable: {found.get(None)}"
        assert len(found) > 50   # the scan really found the loader's words
        return (set(found) | set(errors.PLACE_WORDS.values())
                | {errors.INVALID_FORM, "{text} Learn more: {url}"})
    if domain == "store":
        from fieldapp.store.errors import MESSAGES
        return set(MESSAGES.values())
    if domain == "protect":
        from fieldapp.protect.distress import DEFAULT_SCRIPT
        from fieldapp.protect.errors import MESSAGES
        return (set(MESSAGES.values()) - {"{detail}"}) | {DEFAULT_SCRIPT}
    raise AssertionError(domain)


def placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}


def entries(path: Path) -> dict[tuple[str | None, str], str]:
    with path.open("rb") as handle:
        return {(m.context, m.id): m.string for m in read_po(handle) if m.id}


# -- T1 ----------------------------------------------------------------------

def test_spanish_is_shipped():
    assert "es" in SHIPPED_LANGUAGES


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
@pytest.mark.parametrize("domain", locale.DOMAINS)
def test_every_text_the_code_uses_is_translated_with_the_same_placeholders(domain, language):
    po = locale.SHIPPED / language / "LC_MESSAGES" / f"{domain}.po"
    translated = {english: text for (context, english), text in entries(po).items() if context is None and text}
    used = used_texts(domain)
    missing = sorted(used - set(translated))
    assert not missing, f"add these to {po.relative_to(ROOT.parent)}:\n" + "\n".join(missing)
    wrong = {english: translated[english] for english in used if placeholders(english) != placeholders(translated[english])}
    assert not wrong, f"keep the same {{placeholders}} in {po.name}: {wrong}"
    stale = sorted(set(translated) - used)
    assert not stale, f"nothing uses these any more; remove them from {po.name} and {domain}.pot:\n" + "\n".join(stale)


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_patterns_only_use_placeholders_of_their_english(language):
    po = locale.SHIPPED / language / "LC_MESSAGES" / "forms.po"
    patterns = {english: text for (context, english), text in entries(po).items() if context == locale.PATTERN}
    assert len(patterns) > 30
    for english, text in patterns.items():
        assert placeholders(text) <= placeholders(english), english
        assert locale.pattern_regex(english).fullmatch(english.replace("{", "<").replace("}", ">"))


# -- T2 ----------------------------------------------------------------------

@pytest.mark.parametrize("domain", locale.DOMAINS)
def test_the_template_lists_what_the_catalogues_translate(domain):
    template = entries(locale.SHIPPED / f"{domain}.pot")
    assert not any(template.values()), f"{domain}.pot is a template: its msgstr stay empty"
    for language in SHIPPED_LANGUAGES:
        shipped = entries(locale.SHIPPED / language / "LC_MESSAGES" / f"{domain}.po")
        assert set(template) == set(shipped), f"{domain}.pot and {language}/{domain}.po list different texts"


# -- T3 ----------------------------------------------------------------------

def new_language(folder: Path, code: str, team: str, words: dict[str, dict[str, str]], fuzzy: dict | None = None) -> Path:
    """A translator's work for `code`: each domain's .pot copied and some entries filled in (a few marked fuzzy)."""
    for domain in locale.DOMAINS:
        text = (locale.SHIPPED / f"{domain}.pot").read_text(encoding="utf-8")
        text = text.replace("Language-Team: LANGUAGE <LL@li.org>", f"Language-Team: {team}")
        for english, translated in words.get(domain, {}).items():
            escaped = english.replace('"', '\\"')
            entry = f'msgid "{escaped}"\nmsgstr ""\n'
            assert entry in text, english
            flag = "#, fuzzy\n" if english in (fuzzy or {}).get(domain, ()) else ""
            text = text.replace(entry, f'{flag}msgid "{escaped}"\nmsgstr "{translated}"\n')
        po = folder / code / "LC_MESSAGES" / f"{domain}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(text, encoding="utf-8")
    return folder


def test_a_new_language_folder_is_picked_up_everywhere(tmp_path, monkeypatch):
    from fieldapp.store.errors import WrongPassphrase
    from fieldapp.xform import Problem
    from fieldapp.xform.messages import message
    from fieldapp.xform.wording import _
    from fieldapp.ui import i18n

    words = {
        "app": {"Unlock": "Chajaqa'", "Settings": "Nuk'ulem"},
        "forms": {"The file is empty.": "Majun k'o pa ri wuj.", "row {row}": "cholaj {row}",
                  "Sorry, this response is required!": "K'o chi nya' ri tzolin tzij."},
        "store": {"The passphrase is not correct. Nothing was changed. Check the keyboard language and Caps Lock, "
                  "then try again, or unlock with the recovery code kept at the office.": "Man ja ta ri ewan tzij."},
    }
    new_language(tmp_path, "quc", "Kʼicheʼ <translators@example.org>", words, fuzzy={"app": {"Settings"}})
    monkeypatch.setenv(locale.LOCALE_DIR_VARIABLE, str(tmp_path))
    assert "quc" not in i18n.APP_LANGUAGES          # nothing of K'iche' is shipped ...
    assert "quc" in locale.languages()              # ... the organisation's folder adds it
    assert i18n.app_languages()["quc"] == "Kʼicheʼ"
    assert list(i18n.app_languages())[:2] == ["es", "en"]
    try:
        i18n.set_app_language("quc")
        assert i18n.app_language() == "quc"
        assert i18n.tr("Unlock") == "Chajaqa'"
        assert i18n.tr("Settings") == "Settings"             # fuzzy: not trusted yet, English shown
        assert i18n.tr("Continue") == "Continue"             # not translated yet: English shown
    finally:
        i18n.set_app_language("es")
    problem = Problem("empty_file", _("The file is empty."), sheet="survey", row=3)
    assert problem.text("quc") == "sheet 'survey', cholaj 3: Majun k'o pa ri wuj."
    assert message("required", "Kʼicheʼ (quc)") == "K'o chi nya' ri tzolin tzij."
    assert WrongPassphrase().text("quc") == "Man ja ta ri ewan tzij."
    monkeypatch.delenv(locale.LOCALE_DIR_VARIABLE)
    assert "quc" not in locale.languages() and problem.text("quc") == str(problem)


def test_a_language_babel_does_not_know_is_named_by_its_team(tmp_path, monkeypatch):
    from fieldapp.ui import i18n
    new_language(tmp_path, "miq", "Miskitu <translators@example.org>", {"app": {"Unlock": "Kiwaia"}})
    monkeypatch.setenv(locale.LOCALE_DIR_VARIABLE, str(tmp_path))
    assert i18n.app_languages()["miq"] == "Miskitu"
    assert locale.gettext("app", "Unlock", "miq") == "Kiwaia"
    assert locale.gettext("app", "Unlock", "miq-NI") == "Kiwaia"


def test_an_unknown_language_falls_back_to_the_field_default_and_english():
    from fieldapp.ui import i18n
    try:
        i18n.set_app_language("fr")
        assert i18n.app_language() == "es"
        i18n.set_app_language("en")
        assert i18n.tr("Unlock") == "Unlock"
    finally:
        i18n.set_app_language("es")
    assert locale.gettext("app", "Unlock", "fr") == "Unlock"
    assert locale.gettext("app", "Unlock", "es_GT") == locale.gettext("app", "Unlock", "es") == "Desbloquear"
