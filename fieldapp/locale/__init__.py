"""The app's own words in other languages: gettext .po catalogues, read with Babel at first use, English text as the key.

Each language is a folder `<language>/LC_MESSAGES/` holding one catalogue per
domain: "app" (the screens), "forms" (problems with forms and answers),
"store" (the encrypted store's messages) and "protect" (the safeguarding layer's). FieldApp ships Spanish next to this
module; an organisation can add its own languages (K'iche', Miskito...) or
override a wording in a folder named by the FIELDAPP_LOCALE_DIR environment
variable, with a translator's tool (Poedit, Weblate, `pybabel init`) and no
code: the `.pot` templates here list every text to translate.

Entries marked fuzzy or left empty fall back to English, as gettext does.
Entries with the context "pattern" translate whole texts that reach people
without a template (pyxform's messages, the XPath reader's reasons): their
`{placeholders}` match any text, which is carried into the translation.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

ENGLISH = "en"
DOMAINS = ("app", "forms", "store", "protect")
PATTERN = "pattern"           # msgctxt of whole-text patterns
LOCALE_DIR_VARIABLE = "FIELDAPP_LOCALE_DIR"
SHIPPED = Path(__file__).parent


def folders() -> tuple[Path, ...]:
    """Where catalogues are looked for: the organisation's folders first (they win), then the shipped ones."""
    extra = os.environ.get(LOCALE_DIR_VARIABLE, "")
    return tuple(Path(part) for part in extra.split(os.pathsep) if part) + (SHIPPED,)


def languages() -> tuple[str, ...]:
    """English and every language that has at least one catalogue, e.g. ("en", "es", "quc")."""
    return _languages(folders())


@lru_cache(maxsize=8)
def _languages(places: tuple[Path, ...]) -> tuple[str, ...]:
    found = set()
    for place in places:
        if place.is_dir():
            found |= {entry.name for entry in place.iterdir() if any((entry / "LC_MESSAGES").glob("*.po"))}
    found.discard(ENGLISH)
    return (ENGLISH,) + tuple(sorted(found))


def language_code(language: str | None) -> str | None:
    """The catalogue language for a tag or name: 'es', 'es-GT', 'es_GT', 'Español (es)' -> 'es'; None if none."""
    if not language:
        return None
    text = language.strip()
    if text.endswith(")") and "(" in text:        # a form language name such as "Español (es)"
        text = text[text.rindex("(") + 1:-1].strip()
    tag = text.replace("-", "_")
    known = {code.lower(): code for code in languages()}
    for candidate in (tag, tag.split("_")[0]):
        if candidate.lower() in known:
            return known[candidate.lower()]
    return None


def language_name(code: str) -> str:
    """The language's own name, as its speakers write it ("Español", "Kʼicheʼ"); the code when nobody knows it."""
    name = ""
    try:
        from babel import Locale
        name = Locale.parse(code).get_display_name() or ""
    except Exception:   # babel.UnknownLocaleError and friends: a language CLDR does not know
        for domain in DOMAINS:     # a language unknown to Babel: the catalogue's Language-Team names it
            header = _header(folders(), domain, code)
            if header:
                name = re.sub(r"\s*<[^>]*>\s*", "", header).strip()
                break
    return (name[:1].upper() + name[1:]) if name else code


def gettext(domain: str, text: str, language: str | None, context: str | None = None) -> str:
    """`text` (English) in `language`; English when the language or the entry is not there."""
    code = language_code(language)
    if code is None or code == ENGLISH or not text:
        return text
    return catalogue(domain, code).get((context, text)) or text


def catalogue(domain: str, language: str) -> dict[tuple[str | None, str], str]:
    """{(context, English): translation} of one domain, the organisation's entries over the shipped ones."""
    return _catalogue(folders(), domain, language)


@lru_cache(maxsize=64)
def _catalogue(places: tuple[Path, ...], domain: str, language: str) -> dict:
    merged: dict = {}
    for place in reversed(places):          # shipped first, so the organisation's folders override
        merged.update(_read(place / language / "LC_MESSAGES" / f"{domain}.po"))
    return merged


def _read(path: Path) -> dict:
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po   # only when a language other than English is asked for
    with path.open("rb") as handle:
        po = read_po(handle, locale=None, domain=path.stem, ignore_obsolete=True)
    entries = {}
    for message in po:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue                                 # the header, plural forms (not used) and unfinished entries
        if isinstance(message.string, str) and message.string:
            entries[(message.context, message.id)] = message.string
    return entries


@lru_cache(maxsize=16)
def _header(places: tuple[Path, ...], domain: str, language: str) -> str:
    for place in places:
        path = place / language / "LC_MESSAGES" / f"{domain}.po"
        if path.is_file():
            from babel.messages.pofile import read_po
            with path.open("rb") as handle:
                team = read_po(handle, locale=None).language_team or ""
            if team and "LL@li.org" not in team:
                return team
    return ""


def translate_by_pattern(domain: str, text: str, language: str | None) -> str | None:
    """A whole text without a template in `language` by the first "pattern" entry it matches; None if none does."""
    code = language_code(language)
    if code is None or code == ENGLISH:
        return None
    for regex, translation in _patterns(folders(), domain, code):
        found = regex.fullmatch(text)
        if found:
            try:
                return translation.format(**found.groupdict())
            except (KeyError, IndexError, ValueError):   # a catalogue slip must never hide the text itself
                return None
    return None


@lru_cache(maxsize=16)
def _patterns(places: tuple[Path, ...], domain: str, language: str) -> tuple:
    compiled = []
    for (context, english), translation in _catalogue(places, domain, language).items():
        if context == PATTERN:
            try:
                compiled.append((pattern_regex(english), translation))
            except re.error:       # e.g. one placeholder written twice: the entry cannot match, the rest still do
                continue
    return tuple(compiled)


_FIELD = re.compile(r"\{(\w+)\}")


def pattern_regex(template: str) -> re.Pattern:
    """'Unknown question type {type}.' -> a regex matching the whole text, each placeholder any text."""
    parts, last = [], 0
    for found in _FIELD.finditer(template):
        parts.append(re.escape(template[last:found.start()]))
        parts.append(f"(?P<{found[1]}>.+?)")
        last = found.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


def forget() -> None:
    """Read the catalogues again at next use (after a translator saved a .po while the app runs, or in tests)."""
    for cached in (_languages, _catalogue, _header, _patterns):
        cached.cache_clear()
