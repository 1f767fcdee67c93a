"""Translatable words of the form layer: `_("English {name}")` that still knows its template after `.format()`.

The loader writes its problems as `_("template").format(name=...)`. This `_`
returns a `Wording`: a plain str (the English text, so the command line and
every comparison keep working) that also remembers its English template, its
parameters and any pieces it was joined with, so the UI can render the same
words later in the app language with `translate(text, "es")`. The core needs
no translation machinery and never knows the app language.
"""

from __future__ import annotations

LANGUAGES = ("en", "es")


def _catalogue(language: str) -> dict[str, str]:
    if language == "es":
        from fieldapp.xform.wording_es import SPANISH   # loaded only when Spanish is asked for
        return SPANISH
    return {}


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
        if language == "en" or language not in LANGUAGES:
            return str(self)
        if self.pieces is not None:
            text = "".join(translate(piece, language) for piece in self.pieces)
            for old, new, count in self.edits:
                text = text.replace(old, new, count)
            return text
        if self.template is None:
            return str(self)
        template = _catalogue(language).get(self.template)
        if template is None:
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
    if language == "es" and text:
        return _by_pattern(str(text))
    return str(text)


def _by_pattern(text: str) -> str:
    """Spanish for text that has no template, when a whole-text pattern knows it; else the text as it is."""
    from fieldapp.xform.wording_es import LEARN_MORE, LEARN_MORE_SPANISH, PATTERNS

    link = LEARN_MORE.fullmatch(text)
    head = link["text"] if link else text
    for pattern, spanish in PATTERNS:
        found = pattern.fullmatch(head)
        if found:
            worded = spanish(found) if callable(spanish) else spanish.format(**found.groupdict())
            return LEARN_MORE_SPANISH.format(text=worded, url=link["url"]) if link else worded
    return text
