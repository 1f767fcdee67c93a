"""Puts the hint and guidance_hint of each XLSForm group into the XForm, where pyxform leaves them out.

pyxform writes a group's label but drops its hint and guidance_hint, so words such as
"You can skip any question or stop" or "Fill this part before you greet the child" never
reach the interviewer. This reads them from the survey sheet and adds them as the group's
<hint>, translated through itext like a question's (guidance as the "guidance" form), with
${name} references turned into <output/>s.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_REFERENCE = re.compile(r"\$\{\s*([A-Za-z_][\w.-]*)\s*\}")
_TRANSLATION = re.compile(r"<translation\b([^>]*)>")
_LANG = re.compile(r"""\blang\s*=\s*(["'])(.*?)\1""")
_DEFAULT = re.compile(r"""\bdefault\s*=\s*(["'])true\(\)\1""")
_FORMS = {"hint": "long", "guidance_hint": "guidance", "guidance hint": "guidance"}


@dataclass(frozen=True)
class GroupTexts:
    """What the survey sheet says: {group path: {(form, language or None): text}} and {name: path} (paths without root)."""
    texts: dict[str, dict[tuple[str, str | None], str]]
    paths: dict[str, str]


def read_group_texts(survey: list[dict]) -> GroupTexts:
    """The groups' hint and guidance_hint cells from the survey sheet's rows (dicts by header, as pyxform reads them).

    Read before the conversion: pyxform may change the rows as it goes.
    """
    texts: dict[str, dict] = {}
    paths: dict[str, str] = {}
    stack: list[str] = []
    for row in survey or ():
        cells = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        words = str(cells.get("type") or "").strip().lower().replace("_", " ").split()
        name = str(cells.get("name") or "").strip()
        if words[:1] == ["end"]:
            if stack:
                stack.pop()
            continue
        if not name:
            continue
        path = "/".join(stack + [name])
        paths.setdefault(name, path)
        if words[:1] == ["begin"]:
            stack.append(name)
            if words[1:2] != ["group"]:
                continue
            found = {}
            for header, value in cells.items():
                base, _sep, lang = (part.strip() for part in header.partition("::"))
                form = _FORMS.get(base)
                text = str(value or "").strip()
                if form is not None and text:
                    original = next((k for k in row if k is not None and str(k).strip().lower() == header), header)
                    language = str(original).partition("::")[2].strip() or None   # keep the language's own spelling
                    found[(form, language)] = text
            if found:
                texts[path] = found
    return GroupTexts(texts, paths)


def add_group_texts(xform: str, found: GroupTexts) -> str:
    """`xform` with each group's hint and guidance added as the group's <hint>; unchanged when there are none."""
    if not found.texts:
        return xform
    root = _root_name(xform)
    if root is None:
        return xform
    paths = {name: f"/{root}/{path}" for name, path in found.paths.items()}
    texts = {f"/{root}/{path}": cells for path, cells in found.texts.items()}
    return _insert(xform, texts, paths)


def _root_name(xform: str) -> str | None:
    match = re.search(r"<(?:\w+:)?bind\b[^>]*\bnodeset\s*=\s*[\"']/([^/\"']+)/", xform)
    return match.group(1) if match else None


def _words(text: str, paths: dict[str, str]) -> str:
    """The text as XForm content: escaped, with ${name} as an <output/> of that question."""
    out, last = [], 0
    for match in _REFERENCE.finditer(text):
        out.append(html.escape(text[last:match.start()], quote=False))
        path = paths.get(match.group(1))
        out.append(f'<output value=" {path} "/>' if path else html.escape(match.group(0), quote=False))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _insert(xform: str, texts: dict[str, dict], paths: dict[str, str]) -> str:
    translations = list(_TRANSLATION.finditer(xform))
    languages = [(_LANG.search(m.group(1)).group(2) if _LANG.search(m.group(1)) else "default") for m in translations]
    default = next((lang for m, lang in zip(translations, languages) if _DEFAULT.search(m.group(1))),
                   languages[0] if languages else "default")
    entries: dict[str, list[str]] = {lang: [] for lang in (languages or [default])}
    for path, found in texts.items():
        text_id = html.escape(f"{path}:hint", quote=True)
        for lang in entries:
            values = []
            for form in ("long", "guidance"):
                # this language's words, else the ones without a language, else any: never an empty hint
                words = found.get((form, lang)) or found.get((form, None)) or next(
                    (text for (f, _l), text in found.items() if f == form), "")
                if words:
                    attribute = "" if form == "long" else ' form="guidance"'
                    values.append(f"<value{attribute}>{_words(words, paths)}</value>")
            if values:
                entries[lang].append(f'<text id="{text_id}">{"".join(values)}</text>')
    xform = _add_hints_to_groups(xform, texts)
    if translations:
        # from the last translation back, so the earlier places stay where they were found
        for match, lang in reversed(list(zip(translations, languages))):
            end = xform.index("</translation>", match.end())
            xform = xform[:end] + "".join(entries[lang]) + xform[end:]
        return xform
    block = (f'<itext><translation default="true()" lang="{html.escape(default, quote=True)}">'
             + "".join(entries[default]) + "</translation></itext>")
    model_end = re.search(r"</(?:\w+:)?model>", xform)
    return xform[:model_end.start()] + block + xform[model_end.start():] if model_end else xform


def _add_hints_to_groups(xform: str, texts: dict[str, dict]) -> str:
    for path in texts:
        start = re.search(r"<group\b[^>]*\bref\s*=\s*([\"'])" + re.escape(path) + r"\1[^>]*?(/?)>", xform)
        if start is None:
            continue
        hint = f"<hint ref=\"jr:itext('{path}:hint')\"/>"
        if start.group(2):   # <group .../>: an empty group, nothing to show it on
            continue
        xform = xform[:start.end()] + hint + xform[start.end():]
    return xform
