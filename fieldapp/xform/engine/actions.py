"""setvalue (and friends) fired by form events: first load, a new repeat instance, a changed value."""

from __future__ import annotations

from fieldapp.xform.engine import exprs, recalc, values
from fieldapp.xform.model.formdef import Action


def fire(session, action: Action, context, run) -> None:
    """Run `action` for an event that happened at node `context` (the root, a new repeat instance, a changed question).

    The target is the action's ref inside the same repeat instance as the event,
    as JavaRosa contextualises it; the value expression is evaluated at the target.
    """
    if action.kind != "setvalue":
        return   # setgeopoint/recordaudio need hardware a laptop rarely has: leave the node empty
    model = session.model
    target_path = action.ref
    if not target_path:
        return
    context_state = context.state
    if context_state is None:   # the document node
        depth, anchor = 0, context
    else:
        depth = model.anchor_depth(context_state.gpath, target_path)
        anchor = context
        for _ in range(context_state.depth - depth):
            anchor = anchor.parent
    segments = tuple(target_path.split("/")[1:])
    if segments and segments[-1].startswith("@"):
        # an attribute, e.g. ODK entities' meta/entity/@id = uuid() on first load
        _set_attribute(session, action, anchor, segments[depth:-1], segments[-1][1:], run)
        return
    targets = recalc.targets(anchor, segments[depth:])
    changed = []
    for target in targets:
        if target.children:
            continue
        bind = target.state.bind
        if action.value is not None and action.value.strip():
            expr = model.compiled.expression(action.value)
            try:
                result = exprs.evaluate(expr, target, session.env)
            except exprs.EvaluationError:
                continue
            new = _stored(result, bind.type if bind else "string")
        else:
            new = action.text or ""
        if new != target.value:
            target.value = new
            run.values[session.path_of(target)] = new
            run.nodes.append(target)
            changed.append(target)
    if changed:
        recalc.propagate(session, changed, run)


def _set_attribute(session, action: Action, anchor, element_segments, name: str, run) -> None:
    """setvalue on an attribute: the value evaluated at its element, stored as text."""
    for element in recalc.targets(anchor, element_segments):
        if action.value is not None and action.value.strip():
            try:
                expr = session.model.compiled.expression(action.value)
                new = _stored(exprs.evaluate(expr, element, session.env), "string")
            except exprs.EvaluationError:
                continue
        else:
            new = action.text or ""
        if element.attrs.get(name) != new:
            element.attrs[name] = new
            run.values[f"{session.path_of(element)}/@{name}"] = new


def _stored(result, bind_type: str) -> str:
    """A setvalue result as text. JavaRosa casts it to the target's type through its text form
    (SetValueAction: cast(wrapData(result).uncast())), so a boolean lands as "1"/"0", not as a
    boolean: a setvalue'd flag then reads as that text, unlike a calculated one (recalc.computed_type)."""
    if type(result) is bool and bind_type != "boolean":
        return "1" if result else "0"
    return values.store_computed(bind_type, result)
