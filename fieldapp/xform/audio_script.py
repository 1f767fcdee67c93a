"""What a speaker records for a form, in order: every question's label and hint, then its choices, in one language.

The "script" of the Record audio mode: each line has the key its recording is
filed under (`fieldapp.xform.model.recorded`), what it is (label, hint,
choice), the words to say in the chosen language (the form's own words when
that language has none written) and the question it belongs to. A list of
choices shared by several questions is one set of lines, at its first use; a
list read from a file beside the form (places, names) is not recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fieldapp.xform.engine import exprs, texts
from fieldapp.xform.model.formdef import Control, Form
from fieldapp.xform.model.recorded import choice_key, choice_list, hint_key, label_key

LABEL, HINT, CHOICE = "label", "hint", "choice"
_FILTER = re.compile(r"\[[^\[\]]*\]\s*$")     # the choice filter at the end of an itemset's nodeset


@dataclass(frozen=True)
class ScriptLine:
    key: str          # where its recording is filed
    kind: str         # LABEL, HINT or CHOICE
    text: str         # the words to say, in the chosen language (or the form's own)
    question: str     # the label of the question it belongs to (for a choice or a hint: where it is heard)


def script(form: Form, language: str | None) -> list[ScriptLine]:
    """Every label, hint and choice of `form` in the order an interview meets them."""
    session = form.new_session(language)
    lines: list[ScriptLine] = []
    seen: set[str] = set()

    def add(line: ScriptLine) -> None:
        if line.key not in seen and line.text.strip():
            seen.add(line.key)
            lines.append(line)

    def walk(controls) -> None:
        for control in controls:
            if control.is_container:
                walk(control.children)
                continue
            if not control.ref:
                continue
            node = session.find(control.ref)
            at = node if node is not None else session.root
            label = texts.render(session, control.label, at)
            add(ScriptLine(label_key(control.ref), LABEL, label, label))
            add(ScriptLine(hint_key(control.ref), HINT, texts.render(session, control.hint, at), label))
            for value, words in _choices(session, control, at):
                add(ScriptLine(choice_key(control, value), CHOICE, words, label))

    walk(form.body)
    return lines


def _choices(session, control: Control, node) -> list[tuple[str, str]]:
    """(value, label) of every choice a question can offer, whatever its filter would keep now."""
    if control.itemset is None:
        return [(choice.value, texts.render(session, choice.label, node)) for choice in control.choices]
    itemset = control.itemset
    secondary = session.form.secondary_instances.get(choice_list(control))
    if secondary is not None and secondary.src:
        return []    # a list from a file (places, names) is data the coordinator replaces, not words to record
    nodeset = _FILTER.sub("", itemset.nodeset)
    try:
        found = exprs.evaluate(texts.compiled(session, nodeset), node, session.env)
    except exprs.EvaluationError:
        return []
    if not isinstance(found, list):
        return []
    out = []
    for item in found:
        value = _child(item, itemset.value_ref)
        name = _child(item, itemset.label_ref)
        if itemset.label_is_itext:
            entry = texts.translation(session, name)
            parts = (entry.forms.get("long") or entry.forms.get("short") or ()) if entry is not None else ()
            name = "".join(part for part in parts if isinstance(part, str)) or name
        if value:
            out.append((value, name))
    return out


def _child(item, name: str) -> str:
    children = getattr(item, "children_by_name", {}).get(name.strip())
    return children[0].string_value() if children else ""
