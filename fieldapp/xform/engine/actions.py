"""setvalue (and friends) fired by form events: first load, a new repeat instance, a changed value."""

from __future__ import annotations

from fieldapp.xform.engine import exprs, recalc, values
from fieldapp.xform.model.formdef import Action
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language

LOAD_EVENTS = frozenset({"odk-instance-first-load", "odk-instance-load", "xforms-ready"})


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
        for _step in range(context_state.depth - depth):
            anchor = anchor.parent
    if "[" in target_path:
        # a target with a predicate (/data/repeat[position()=1]/destination): XPath finds it from the event's node
        targets = _selected_targets(session, action, context)
    else:
        segments = tuple(target_path.split("/")[1:])
        if segments and segments[-1].startswith("@"):
            # an attribute, e.g. ODK entities' meta/entity/@id = uuid() on first load
            _set_attribute(session, action, anchor, segments[depth:-1], segments[-1][1:], run)
            return
        targets = recalc.targets(anchor, segments[depth:])
    if len(targets) > 1 and not _fires_at_load(action):
        # JavaRosa's SetValueAction refuses a target that is a repeated field ("nodeset has more than one
        # node"): the action sets nothing, and the interview goes on with the problem kept for the UI
        _report(session, context, _("The setvalue target {ref} has more than one node ({count}): say which "
                                     "repeat instance it sets, e.g. {example}.")
                .format(ref=target_path, count=len(targets), example=_first_instance_example(session, target_path)))
        return
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


def _fires_at_load(action: Action) -> bool:
    """First-load actions set every instance the form starts with (JavaRosa fires them once per instance)."""
    return bool(LOAD_EVENTS.intersection(action.events))


def _selected_targets(session, action: Action, context) -> list:
    """The nodes a target with a predicate selects, read from the node where the event happened."""
    try:
        expr = session.model.compiled.expression(action.ref)
        found = exprs.evaluate(expr, context if context.state is not None else session.root, session.env)
    except exprs.EvaluationError as error:
        _report(session, context, str(error))
        return []
    return [node for node in found if getattr(node, "state", None) is not None] if type(found) is list else []


def _first_instance_example(session, target_path: str) -> str:
    for rpath in sorted(session.form.repeat_paths, key=len):
        if target_path.startswith(rpath + "/"):
            return rpath + "[1]" + target_path[len(rpath):]
    return target_path


def _report(session, context, reason: str) -> None:
    if len(session.expression_errors) < 100:
        place = session.path_of(context) if context.state is not None else "/"
        session.expression_errors.append((place, "setvalue", reason))
