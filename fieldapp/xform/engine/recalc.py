"""Re-evaluation through the dependency graph: one triggerable on one node, a full pass, and the
incremental pass that follows a change to what depends on it (inside the affected repeat instance)."""

from __future__ import annotations

import datetime as _dt
import heapq

from fieldapp.xform.engine import exprs, values
from fieldapp.xform.engine.dag import CALCULATE, CHOICES, CONSTRAINT, RELEVANT, REQUIRED
from fieldapp.xform.model.instance import Node
from fieldapp.xform.xpath.values import unpack_nodes


class Pass:
    """What one operation changed: positional path -> value, changed nodes (for events and jr:count), structure."""
    __slots__ = ("values", "nodes", "structural")

    def __init__(self):
        self.values: dict[str, str] = {}
        self.nodes: list[Node] = []
        self.structural = False


def targets(anchor: Node, segments: tuple[str, ...]) -> list[Node]:
    """Every node below `anchor` along `segments` (all instances of the repeats on the way)."""
    nodes = [anchor]
    for name in segments:
        found_all = []
        for node in nodes:
            found = node.children_by_name.get(name)
            if found:
                found_all.extend(found)
        nodes = found_all
        if not nodes:
            break
    return nodes


def apply(session, trig, node: Node, run: Pass) -> bool:
    """Evaluate one triggerable on one node; True when what others read changed (value or relevance)."""
    st = node.state
    kind = trig.kind
    try:
        if trig.attr is not None:
            new = values.store_computed("string", exprs.evaluate(trig.expr, node, session.env))
            if node.attrs.get(trig.attr) != new:
                node.attrs[trig.attr] = new
                run.values[f"{session.path_of(node)}/@{trig.attr}"] = new
            return False
        if kind == CALCULATE:
            result = exprs.evaluate(trig.expr, node, session.env)
            if type(result) is list:
                # JavaRosa unpacks a node-set result through the node's type: a decimal 448.0
                # copied into an untyped calculate is stored as "448", a boolean stays a boolean
                result = unpack_nodes(result, session.env.base.read_value)
            new = values.store_computed(st.bind.type if st.bind else "string", result)
            st.computed_type = computed_type(result)
            if new != node.value:
                node.value = new
                run.values[session.path_of(node)] = new
                run.nodes.append(node)
                return True
            return False
        if kind == CHOICES:
            return _keep_offered_choices(session, node, run)
        if kind == CONSTRAINT:
            st.check_stopped = False
            st.valid = True if not node.value else exprs.boolean(exprs.evaluate(trig.expr, node, session.env), session.env)
            return False
        flag = exprs.boolean(exprs.evaluate(trig.expr, node, session.env), session.env)
    except exprs.EvaluationError as error:
        # A broken expression must not stop the interview (JavaRosa would show an error
        # dialog): the value is left alone, a condition keeps its harmless default, and
        # the problem is kept for the UI to show.
        if len(session.expression_errors) < 100:
            session.expression_errors.append((session.path_of(node), kind, str(error)))
        if kind == CONSTRAINT:
            # a check stopped for taking too long (a form's regex backtracking) cannot vouch for the answer:
            # it fails, with its own message; any other broken constraint lets the answer through
            stopped = isinstance(error, exprs.CheckTooSlow)
            st.valid = not stopped
            st.check_stopped = stopped
        elif kind == RELEVANT:
            st.rel = True
        return False
    if kind == RELEVANT:
        if st.rel != flag:
            st.rel = flag
            # non-relevant nodes read as empty (JavaRosa): what reads them must follow, a jr:count too
            run.nodes.extend(node.iter() if node.children else (node,))
            return True
        return False
    if kind == REQUIRED:
        st.required = flag
    else:
        st.readonly = flag
    return False


def recompute_all(session, run: Pass, kinds=None, under: Node | None = None) -> None:
    """Evaluate every triggerable (of `kinds`) on every node (below `under`), in dependency order."""
    model = session.model
    if under is None:
        anchor, base = session.document, 0
        trigs = model.triggerables
    else:
        anchor, base = under, under.state.depth
        trigs = model.triggerables_under.get(under.state.gpath, ())
    for trig in trigs:
        if kinds is not None and trig.kind not in kinds:
            continue
        for node in targets(anchor, trig.target_segments[base:]):
            apply(session, trig, node, run)


def propagate(session, changed: list[Node], run: Pass) -> None:
    """Re-evaluate, in dependency order, what reads the changed nodes (and, transitively, what that changes)."""
    pending: dict[int, tuple] = {}
    heap: list[int] = []
    affected = session.model.affected
    fixed = session.fixed_targets   # nodes outside repeats never move: resolve them once per session

    def schedule(node: Node, floor: int) -> None:
        st = node.state
        for trig, depth in affected(st.gpath):
            if trig.order <= floor:
                continue   # only in a cycle that slipped through: never loop
            if not trig.in_repeat:
                found = fixed.get(trig.order)
                if found is None:
                    found = fixed[trig.order] = targets(session.document, trig.target_segments)
            else:
                anchor = node
                for _ in range(st.depth - depth):
                    anchor = anchor.parent
                found = targets(anchor, trig.target_segments[depth:])
            if trig.kind in (CALCULATE, CHOICES) and node in found and not node.children:
                # A calculation never re-fires on its own target (position(..) on a question reads
                # the parent, which holds the node): the answer typed over it stays, as in JavaRosa.
                found = [target for target in found if target is not node]
            if not found:
                continue
            entry = pending.get(trig.order)
            if entry is None:
                pending[trig.order] = (trig, list(found), {id(t) for t in found})
                heapq.heappush(heap, trig.order)
            else:
                seen = entry[2]
                for target in found:
                    if id(target) not in seen:
                        seen.add(id(target))
                        entry[1].append(target)

    for node in changed:
        schedule(node, -1)
    while heap:
        order = heapq.heappop(heap)
        trig, found, _ = pending.pop(order)
        for node in found:
            if node.parent is None:
                continue   # removed meanwhile
            if apply(session, trig, node, run):
                for moved in changed_nodes(trig, node):
                    schedule(moved, order)


def _keep_offered_choices(session, node: Node, run: Pass) -> bool:
    """Drop the part of a select's answer its choices no longer offer (a community left from another
    municipality), as JavaRosa's ItemsetBinding does; a multiple choice keeps the rest, in its order."""
    if not node.value:
        return False
    from fieldapp.xform.engine import itemsets
    offered = itemsets.allowed_values(session, node)
    if offered is None:
        return False   # the choices cannot be known now (a broken filter): keep the answer
    if node.state.bind.type == "select1":
        new = node.value if node.value in offered else ""
    else:
        new = " ".join(value for value in node.value.split() if value in offered)
    if new == node.value:
        return False
    node.value = new
    run.values[session.path_of(node)] = new
    run.nodes.append(node)
    return True


def changed_nodes(trig, node: Node):
    """The nodes whose reading changed when `trig` changed `node`: a group's relevance reaches all inside it."""
    if trig.kind == RELEVANT and node.children:
        return node.iter()
    return (node,)


def computed_type(result) -> str | None:
    """How XPath must read back a calculated value stored as text: "boolean" or "dateTime", else as text.

    JavaRosa keeps a boolean calculation as BooleanData and reads it as a Boolean, so
    if(${flag}, ...), ${flag} = 1 and not(${flag}) behave as booleans; we store "true"/"false"
    (xsd:boolean, as Enketo and Web Forms write it) and read it back typed. A date result in an
    untyped calculation is a DateTimeData there: date(${due} + 1) must read it as a date again.
    """
    if type(result) is bool:
        return "boolean"
    if isinstance(result, _dt.date):
        return "dateTime"
    return None


def restore_computed_types(session) -> None:
    """After restoring a dump: find again which calculated values are booleans or date-times."""
    from fieldapp.xform.engine.dag import CALCULATE
    for trig in session.model.triggerables:
        if trig.kind != CALCULATE or trig.attr is not None:
            continue
        for node in targets(session.document, trig.target_segments):
            if node.value in ("true", "false") or "T" in node.value:
                try:
                    node.state.computed_type = computed_type(exprs.evaluate(trig.expr, node, session.env))
                except exprs.EvaluationError:
                    pass
