"""Translatable words of the form layer: `_("English {name}")` that still knows its template after `.format()`.

The loader writes its problems as `_("template").format(name=...)`. This `_`
returns a `Wording`: a plain str (the English text, so the command line and
every comparison keep working) that also remembers its English template, its
parameters and any pieces it was joined with, so the UI can render the same
words later in the app language with `translate(text, "es")`. The core never
knows the app language; the words themselves are in the "forms" gettext
catalogue (fieldapp/locale/<language>/LC_MESSAGES/forms.po).
"""

from __future__ import annotations

import re

from fieldapp import locale

DOMAIN = "forms"
# "Learn more: <url>" at the end of pyxform's messages is split off, the rest translated, the link kept.
LEARN_MORE = re.compile(r"(?P<text>.*?)\s*Learn more: (?P<url>\S+)\s*", re.DOTALL)


class Wording(str):
    """English text that can be rendered again in another language.

    Either a template with parameters (`_("...").format(...)`) or a sequence of
    pieces joined with `+` (some loader messages are built from two templates),
    with any `.replace()` edits made afterwards (the loader quotes the author's
    cell instead of the generated XPath) replayed on the translation.
    """

    def __new__(cls, text: str, template: str | None = None, params: dict | None = None,
                pieces: tuple | None = None, edits: tuple = ()):
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        self.pieces = pieces
        self.edits = edits
        return self

    def format(self, *args, **params) -> "Wording":
        if args:  # the loader names every field; positional ones are kept in English only
            return Wording(str.format(self, *args, **params))
        return Wording(str.format(self, **params), self.template, params)

    def __add__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        return Wording(str.__add__(self, other), pieces=(self, other))

    def __radd__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        return Wording(str.__add__(other, self), pieces=(other, self))

    def replace(self, old, new, count=-1) -> "Wording":
        return Wording(str.replace(self, old, new, count), pieces=(self,), edits=((old, new, count),))

    def __reduce__(self):
        # Forms with warnings are cached with pickle; rebuilt through __new__ so the text and template travel together.
        return (Wording, (str(self), self.template, self.params, self.pieces, self.edits))

    def __repr__(self) -> str:
        return f"Wording({str.__repr__(self)})"

    def render(self, language: str) -> str:
        """These words in `language`; English (or an unknown language or template) gives the text as it is."""
        if locale.language_code(language) in (None, locale.ENGLISH):
            return str(self)
        if self.pieces is not None:
            text = "".join(translate(piece, language) for piece in self.pieces)
            for old, new, count in self.edits:
                text = text.replace(old, new, count)
            return text
        if self.template is None:
            return str(self)
        template = locale.gettext(DOMAIN, self.template, language)
        if template is self.template:
            return str(self)
        if self.params is None:
            return template
        params = {name: translate(value, language) if isinstance(value, str) else value
                  for name, value in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):  # a catalogue slip must never hide the problem itself
            return str(self)


def _(template: str) -> Wording:
    """gettext-style marker: the English `template`, rendered later in the app language."""
    return Wording(template, template)


def translate(text, language: str = "en") -> str:
    """`text` in `language`: a Wording by its template, other text (pyxform's) by the catalogue's patterns."""
    if isinstance(text, Wording):
        return text.render(language)
    if text is None:
        return ""
    if text and locale.language_code(language) not in (None, locale.ENGLISH):
        return _by_pattern(str(text), language)
    return str(text)


def _by_pattern(text: str, language: str) -> str:
    """Text that has no template, in `language` when a whole-text "pattern" entry knows it; else as it is."""
    link = LEARN_MORE.fullmatch(text)
    head = link["text"] if link else text
    worded = locale.translate_by_pattern(DOMAIN, head, language)
    if worded is None:
        return text
    if link:
        return locale.gettext(DOMAIN, "{text} Learn more: {url}", language).format(text=worded, url=link["url"])
    return worded
