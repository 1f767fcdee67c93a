"""The engine's state of each node of a filling (bind, relevance, required, readonly, validity, declined), kept in Node.state."""

from __future__ import annotations

from fieldapp.xform.model.instance import Node


class NodeState:
    """The engine's per-node state, kept in Node.state."""
    __slots__ = ("gpath", "bind", "rel", "required", "readonly", "valid", "declined", "depth", "computed_type",
                 "check_stopped")

    def __init__(self, gpath: str, bind, depth: int):
        self.gpath = gpath
        self.bind = bind                 # the CompiledBind of the node's generic path, None when it has none
        self.depth = depth
        self.rel = True
        self.required = bool(bind.static_required) if bind is not None else False
        self.readonly = bool(bind.static_readonly) if bind is not None else False
        self.valid = True
        self.check_stopped = False   # the constraint was stopped at its time limit (recalc.apply)
        self.declined = False
        # "boolean" or "dateTime" when a calculation stored such a result in an untyped node: XPath
        # reads it back typed, as JavaRosa's BooleanData/DateTimeData are (recalc.computed_type)
        self.computed_type: str | None = None


def init_states(node: Node, binds: dict, parent_gpath: str, depth: int) -> None:
    """Give `node` and everything below it a fresh NodeState (binds: generic path -> CompiledBind)."""
    gpath = f"{parent_gpath}/{node.name}"
    node.state = NodeState(gpath, binds.get(gpath), depth + 1)
    for child in node.children:
        init_states(child, binds, gpath, depth + 1)


def relevant(node: Node) -> bool:
    """Relevant itself and inside relevant groups (a node of a secondary instance always is)."""
    probe = node
    while probe is not None and probe.state is not None:
        if not probe.state.rel:
            return False
        probe = probe.parent
    return True


def readonly(node: Node) -> bool:
    """Read-only itself or inside a read-only group."""
    probe = node
    while probe is not None and probe.state is not None:
        if probe.state.readonly:
            return True
        probe = probe.parent
    return False


def path_of(node: Node) -> str:
    """Positional path with a position on every repeat step: /data/rep[2]/q (and on any other
    step whose name repeats among its siblings, so every node has a path of its own)."""
    parts = []
    while node.parent is not None:
        st = node.state
        siblings = node.parent.children_by_name[node.name]
        if (st is not None and st.bind is not None and st.bind.is_repeat) or len(siblings) > 1:
            parts.append(f"{node.name}[{siblings.index(node) + 1}]")
        else:
            parts.append(node.name)
        node = node.parent
    return "/" + "/".join(reversed(parts))
