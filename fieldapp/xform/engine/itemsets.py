"""The choices of a select question: static items or an itemset evaluated at the question (choice filters, randomize)."""

from __future__ import annotations

import random
import re

from fieldapp.xform.engine import exprs, texts
from fieldapp.xform.model.gcpause import collector_paused
from fieldapp.xform.model.recorded import choice_key
from fieldapp.xform.model.views import ChoiceView, Media

_SIMPLE_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")


def _child_text(session, item, ref: str) -> str:
    return _reader(session, ref)(item)


def _reader(session, ref: str):
    """A function reading `ref` (a value or label ref) from one item, worked out once per list."""
    ref = ref.strip()
    if _SIMPLE_NAME.match(ref):
        def child_text(item):
            child = item.children_by_name.get(ref)
            if not child:
                return ""
            first = child[0]
            return first.value if not first.children else first.string_value()
        return child_text
    if ref in (".", "self::node()"):
        return lambda item: item.string_value()
    expr = texts.compiled(session, ref)

    def evaluated(item):
        try:
            return exprs.string(exprs.evaluate(expr, item, session.env))
        except exprs.EvaluationError:
            return ""
    return evaluated


def _is_static(session, expr, node) -> bool:
    """True when an itemset reads nothing a filling changes: its list is the same for every question and session."""
    names = exprs.function_names(expr)
    if exprs.references(expr, node.state.gpath) or "current" in names \
            or names & {"randomize", "random", "now", "today"}:
        return False
    # instance('last-saved') is this session's own previous filling, not the form's
    text = getattr(expr, "text", "")
    return not any((secondary.src or "").rstrip("/").endswith("instance/last-saved") and instance_id in text
                   for instance_id, secondary in session.form.secondary_instances.items())


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
    # A fixed list (a list of 200,000 communities) is read once per form and language, not on every screen.
    cache = session.model.compiled.static_choice_items
    key = (itemset.nodeset, itemset.value_ref, itemset.label_ref, itemset.label_is_itext, session.language)
    found = cache.get(key)
    if found is not None:
        return found
    static = _is_static(session, expr, node)
    rng = None
    if "randomize" in exprs.function_names(expr):
        # randomize() without a seed: one order per filling and question, so the list does not
        # reshuffle every time the screen is drawn
        rng = random.Random(f"{session.instance_id}|{session.path_of(node)}")
    # a list of 200,000 choices is as many objects that all stay: no collector passes over the heap meanwhile
    with collector_paused():
        try:
            found = exprs.evaluate(expr, node, session.env, rng)
        except exprs.EvaluationError:
            return []
        if not isinstance(found, list):
            return []
        return _build(session, node, itemset, found, static, cache, key)


def _build(session, node, itemset, found: list, static: bool, cache: dict, key) -> list:
    value_of = _reader(session, itemset.value_ref)
    label_of = _reader(session, itemset.label_ref)
    result = []
    plain = True   # no label shows an answer (<output>): the list may be kept for the next question
    if itemset.label_is_itext:
        for item in found:
            text_id = label_of(item)
            entry = texts.translation(session, text_id)
            if entry is not None:
                parts = entry.forms.get("long") or entry.forms.get("short") or ()
                if len(parts) == 1 and type(parts[0]) is str:
                    label = parts[0]
                else:
                    plain = plain and all(isinstance(part, str) for part in parts)
                    label = texts.render_parts(session, parts, node)
                media = _NO_MEDIA if len(entry.forms) == 1 and "long" in entry.forms else _itext_media(session, entry)
            else:
                label, media = text_id, _NO_MEDIA
            result.append((value_of(item), label, media))
    else:
        result = [(value_of(item), label_of(item), _NO_MEDIA) for item in found]
    if static and plain:
        cache[key] = result
    return result


_NO_MEDIA = Media()


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
    static = _is_static(session, expr, node)
    try:
        items = exprs.evaluate(expr, node, session.env)
    except exprs.EvaluationError:
        return None
    if not isinstance(items, list):
        return None
    value_of = _reader(session, itemset.value_ref)
    values = frozenset(value_of(item) for item in items)
    if static:
        cache[key] = values
    return values


def choice_views(session, node) -> list[ChoiceView]:
    views = _choice_views(session, node)
    form = session.form
    if session.language not in form.recordings and session.language not in form.recorded_texts:
        return views
    control = node.state.bind.control
    keys = [choice_key(control, view.value) for view in views]
    return [ChoiceView(view.value, texts.spoken_words(session, key) or view.label,
                       texts.with_recording(session, view.media, key))
            for view, key in zip(views, keys)]


def _choice_views(session, node) -> list[ChoiceView]:
    found = items(session, node)
    views_of = session.model.compiled.static_choice_views
    known = views_of.get(id(found))
    if known is not None and known[0] is found:   # a fixed list: its views are built once too
        return list(known[1])
    with collector_paused():
        views = [ChoiceView(value, label, media) for value, label, media in found]
    if any(cached is found for cached in session.model.compiled.static_choice_items.values()):
        views_of[id(found)] = (found, views)
        return list(views)
    return views


def choice_label(session, node, value: str) -> str | None:
    """jr:choice-name(value, path): the label of `value` among the choices of the question at `node`."""
    if node is None or getattr(node, "state", None) is None or node.state.bind is None:
        return None
    for choice_value, label, _media in items(session, node):
        if choice_value == value:
            return label
    return None
