"""The choices of a select question: static items or an itemset evaluated at the question (choice filters, randomize)."""

from __future__ import annotations

import random
import re

from fieldapp.xform.engine import exprs, texts
from fieldapp.xform.model.views import ChoiceView, Media

_SIMPLE_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


def _child_text(session, item, ref: str) -> str:
    ref = ref.strip()
    if _SIMPLE_NAME.match(ref):
        child = item.children_by_name.get(ref)
        return child[0].string_value() if child else ""
    if ref in (".", "self::node()"):
        return item.string_value()
    try:
        return exprs.string(exprs.evaluate(texts.compiled(session, ref), item, session.env))
    except exprs.EvaluationError:
        return ""


def items(session, node) -> list[tuple[str, str, Media]]:
    """(value, label, media) of every choice the question offers now, in display order."""
    control = node.state.bind.control if node.state.bind is not None else None
    if control is None:
        return []
    if control.itemset is None:
        return [(c.value, texts.render(session, c.label, node), texts.media(session, c.label, node))
                for c in control.choices]
    itemset = control.itemset
    expr = texts.compiled(session, itemset.nodeset)
    rng = None
    if "randomize" in exprs.function_names(expr):
        # randomize() without a seed: one order per filling and question, so the list does not
        # reshuffle every time the screen is drawn
        rng = random.Random(f"{session.instance_id}|{session.path_of(node)}")
    try:
        found = exprs.evaluate(expr, node, session.env, rng)
    except exprs.EvaluationError:
        return []
    if not isinstance(found, list):
        return []
    result = []
    for item in found:
        value = _child_text(session, item, itemset.value_ref)
        if itemset.label_is_itext:
            text_id = _child_text(session, item, itemset.label_ref)
            entry = texts.translation(session, text_id)
            if entry is not None:
                label = texts.render_parts(session, entry.forms.get("long") or entry.forms.get("short") or (), node)
                media = _itext_media(session, entry)
            else:
                label, media = text_id, Media()
        else:
            label, media = _child_text(session, item, itemset.label_ref), Media()
        result.append((value, label, media))
    return result


def _itext_media(session, entry) -> Media:
    found = {}
    for form in ("image", "audio", "video", "big-image"):
        parts = entry.forms.get(form)
        if parts:
            found[form.replace("-", "_")] = texts.media_path(session, "".join(p for p in parts if isinstance(p, str)))
    return Media(**found)


def allowed_values(session, node) -> frozenset[str] | None:
    """The values a select accepts now: static lists are read once per form, filtered ones evaluated here.

    None when the choices cannot be known (broken expression): the answer is then not checked.
    """
    control = node.state.bind.control
    itemset = control.itemset
    if itemset is None:
        return frozenset(c.value for c in control.choices)
    cache = session.model.compiled.static_choice_values
    key = (itemset.nodeset, itemset.value_ref)
    found = cache.get(key)
    if found is not None:
        return found
    expr = texts.compiled(session, itemset.nodeset)
    static = not exprs.references(expr, node.state.gpath) and "current" not in exprs.function_names(expr) \
        and not (exprs.function_names(expr) & {"randomize", "random", "now", "today"})
    try:
        items = exprs.evaluate(expr, node, session.env)
    except exprs.EvaluationError:
        return None
    if not isinstance(items, list):
        return None
    values = frozenset(_child_text(session, item, itemset.value_ref) for item in items)
    if static:
        cache[key] = values
    return values


def choice_views(session, node) -> list[ChoiceView]:
    return [ChoiceView(value, label, media) for value, label, media in items(session, node)]


def choice_label(session, node, value: str) -> str | None:
    """jr:choice-name(value, path): the label of `value` among the choices of the question at `node`."""
    if node is None or getattr(node, "state", None) is None or node.state.bind is None:
        return None
    for choice_value, label, _media in items(session, node):
        if choice_value == value:
            return label
    return None
