"""Repeat instances: building one from its template, adding and removing them, and following jr:count."""

from __future__ import annotations

import weakref

from fieldapp.xform.engine import actions, exprs, recalc
from fieldapp.xform.model.instance import Node, parse_xml
from fieldapp.xform.engine.recalc import Pass
from fieldapp.xform.engine.state import NodeState, init_states


def follow_counts(session, run: Pass, start: int = 0) -> None:
    """Repeats whose jr:count reads a node changed in `run` grow to follow it (a lower count removes nothing)."""
    model = session.model
    seen = set()
    index = start
    while index < len(run.nodes):
        node = run.nodes[index]
        index += 1
        if node.parent is None:
            continue
        for rpath in model.repeat_count_reads.get(node.state.gpath, ()):
            if rpath in seen:
                continue
            seen.add(rpath)
            parent_path = rpath.rsplit("/", 1)[0]
            anchor_depth = model.anchor_depth(node.state.gpath, parent_path)
            anchor = node
            for _ in range(node.state.depth - anchor_depth):
                anchor = anchor.parent
            parent_segments = tuple(parent_path.split("/")[1:])
            for parent in recalc.targets(anchor, parent_segments[anchor_depth:]):
                follow_count(session, parent, rpath, run)


def follow_counts_everywhere(session, run: Pass) -> None:
    """Apply every jr:count once (a new filling: the form's own instances beyond the count go, nothing was typed yet)."""
    for rpath in session.model.repeat_counts:
        parent_segments = tuple(rpath.split("/")[1:-1])
        for parent in recalc.targets(session.document, parent_segments):
            follow_count(session, parent, rpath, run, shrink=True)


def follow_count(session, parent: Node, rpath: str, run: Pass, shrink: bool = False) -> None:
    """Add instances of `rpath` under `parent` up to what its jr:count says (capped at 1000).

    A count that goes down removes nothing unless `shrink`: ODK Collect keeps the instances
    (and their answers) so that a count typed too low by mistake loses no data (ODK docs,
    "repeat_count ... decreased"; javarosa#45). Forms hide them with relevant position(..) <= count.
    """
    model = session.model
    expr = model.repeat_counts[rpath]
    name = rpath.rsplit("/", 1)[1]
    # evaluated at the repeat node: a stand-in hung under the parent without being one of its children
    probe = Node(name)
    probe.parent = parent
    probe.state = NodeState(rpath, model.binds.get(rpath), parent.state.depth + 1 if parent.state else 1)
    try:
        number = exprs.number(exprs.evaluate(expr, probe, session.env))
    except exprs.EvaluationError:
        return
    want = 0 if number != number else max(0, min(int(number), 1000))
    have = len(parent.children_by_name.get(name, ()))
    while have < want:
        add_instance(session, parent, rpath, run)
        have += 1
    while shrink and have > want:
        remove_instance(session, parent.children_by_name[name][-1], run)
        have -= 1


def attach_instance(session, parent: Node, rpath: str) -> Node:
    """A copy of the template placed after the last instance (or where the form puts the repeat), states set."""
    template = session.model.templates[rpath]
    node = template.clone()
    siblings = parent.children_by_name.get(node.name)
    if siblings:
        parent.insert_after(siblings[-1], node)
    else:
        order = _form_order(session.model).get(parent.state.gpath, ())
        rank = {name: i for i, name in enumerate(order)}
        mine = rank.get(node.name, len(order))
        index = len(parent.children)
        for i, child in enumerate(parent.children):
            if rank.get(child.name, len(order)) > mine:
                index = i
                break
        parent.insert(index, node)
    init_states(node, session.model.binds, parent.state.gpath, parent.state.depth)
    return node


def add_instance(session, parent: Node, rpath: str, run: Pass) -> Node:
    """Add an instance: its own expressions, what reads it, odk-new-repeat actions, jr:count repeats inside it."""
    model = session.model
    node = attach_instance(session, parent, rpath)
    run.structural = True
    # JavaRosa fires odk-new-repeat before computing the new instance (createNewRepeat)
    for action in model.new_repeat_actions.get(rpath, ()):
        actions.fire(session, action, node, run)
    recalc.recompute_all(session, run, under=node)
    for leaf in node.iter():
        if not leaf.children:
            run.values[session.path_of(leaf)] = leaf.value
    recalc.propagate(session, list(node.iter()), run)
    for inner in model.counted_inside.get(rpath, ()):
        segments = tuple(inner.split("/")[1:-1])
        for inner_parent in recalc.targets(node, segments[node.state.depth:]):
            follow_count(session, inner_parent, inner, run)
    return node


def remove_instance(session, node: Node, run: Pass) -> None:
    """Remove an instance; what outside reads the repeat and the instances after it are brought up to date."""
    model = session.model
    parent = node.parent
    rpath = node.state.gpath
    later = parent.children_by_name[node.name]
    later = later[later.index(node) + 1:]
    parent.remove(node)
    run.structural = True
    # What outside reads the repeat (count(), sum()...) sees one instance less.
    repeat_depth = node.state.depth
    pairs: dict[tuple[int, int], tuple] = {}
    for gpath in model.paths_under.get(rpath, (rpath,)):
        for trig, depth in model.affected(gpath):
            if depth >= repeat_depth:
                continue
            anchor = parent
            for _ in range(parent.state.depth - depth):
                anchor = anchor.parent
            for target in recalc.targets(anchor, trig.target_segments[depth:]):
                pairs[(trig.order, id(target))] = (trig, target)
    changed = []
    for _key, (trig, target) in sorted(pairs.items(), key=lambda item: item[0][0]):
        if recalc.apply(session, trig, target, run):
            changed.extend(recalc.changed_nodes(trig, target))
    # Later instances moved up one position: position() and indexed reads change.
    for instance in later:
        recalc.recompute_all(session, run, under=instance)
        for leaf in instance.iter():
            if not leaf.children:
                run.values[session.path_of(leaf)] = leaf.value
    if changed:
        recalc.propagate(session, changed, run)


# model -> {parent path: child names in the order the form's instance writes them, templates included}
_ORDERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _form_order(model) -> dict[str, list[str]]:
    """Child order as the form writes it. model.child_order comes from the instance without its
    jr:template subtrees, so a repeat that has only a template would land after meta/; ODK puts
    the first instance where the template stands."""
    found = _ORDERS.get(model)
    if found is None:
        found = {}
        try:
            document = parse_xml(model.form.instance_xml)
        except Exception:   # an instance we cannot re-read: keep the model's own order
            document = None

        def visit(node: Node, path: str) -> None:
            names = found.setdefault(path, [])
            for child in node.children:
                if child.name not in names:
                    names.append(child.name)
                visit(child, f"{path}/{child.name}")
        if document is not None:
            for root in document.children:
                visit(root, "/" + root.name)
        for path, names in model.child_order.items():
            mine = found.setdefault(path, [])
            mine.extend(name for name in names if name not in mine)
        _ORDERS[model] = found
    return found
