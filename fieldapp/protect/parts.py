"""The parts of a form that its `fieldapp:` marks single out (sensitive and self-interview groups), and which
of them a move forward went past without asking: a skipped safety part must be said, never silent."""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.protect import marks


@dataclass(frozen=True)
class Part:
    """A group the form marks: `ref` (generic path), its questions' places in the form order, and its marks."""
    ref: str
    first: int
    last: int
    sensitive: bool
    self_interview: bool


def generic(path: str) -> str:
    """/data/rep[2]/q -> /data/rep/q"""
    return "/".join(step.split("[")[0] for step in path.split("/"))


def question_order(form) -> dict[str, int]:
    """Every question's generic path -> its place in the form (document order; groups and repeats not counted)."""
    return {ref: i for i, ref in enumerate(ref for ref, control in form.controls_by_ref.items()
                                           if not control.is_container)}


def marked_parts(form, order: dict[str, int] | None = None) -> list[Part]:
    """Groups marked sensitive or self-interview, in form order."""
    order = order if order is not None else question_order(form)
    parts = []
    for ref, control in form.controls_by_ref.items():
        if control.kind != "group" or not ref:
            continue
        bind = form.bind(ref)
        extra = bind.extra if bind is not None else {}
        sensitive, own = marks.is_sensitive(extra), marks.is_self(extra)
        if not (sensitive or own):
            continue
        inside = [i for q, i in order.items() if q.startswith(ref + "/")]
        if inside:
            parts.append(Part(ref, min(inside), max(inside), sensitive, own))
    return sorted(parts, key=lambda part: part.first)


def place_of(path: str, order: dict[str, int]) -> int | None:
    """Where a screen's path stands in the form order (a group: its first question)."""
    ref = generic(path)
    if ref in order:
        return order[ref]
    inside = [i for q, i in order.items() if q.startswith(ref + "/")]
    return min(inside) if inside else None


def skipped_between(session, parts: list[Part], before: int | None, after: int | None) -> list[Part]:
    """The marked parts lying wholly between two places that do not apply now (a move forward went past them)."""
    if before is None or after is None or after <= before:
        return []
    skipped = []
    for part in parts:
        if before < part.first and part.last < after:
            try:
                relevant = session.relevant(part.ref)
            except Exception:   # a part inside a repeat has no single path: it is announced by its own screens
                continue
            if not relevant:
                skipped.append(part)
    return skipped


def plain_label(form, ref: str, language: str | None) -> str:
    """A group's label as plain text in `language` (its fixed words; the short path when it has none)."""
    control = form.control(ref)
    text = control.label if control is not None else None
    if text is not None and text.itext_id:
        forms = (form.translations.get(language or "", {}) or {}).get(text.itext_id) \
            or next((entries[text.itext_id] for entries in form.translations.values() if text.itext_id in entries), None)
        if forms is not None:
            words = "".join(part for part in forms.forms.get("long", ()) if isinstance(part, str)).strip()
            if words:
                return words
    if text is not None:
        words = "".join(part for part in text.parts if isinstance(part, str)).strip()
        if words:
            return words
    return ref.rsplit("/", 1)[-1]
