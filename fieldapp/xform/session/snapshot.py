"""A filling's complete state as JSON-safe data (dump), and a filling rebuilt from it (load), exactly as it was."""

from __future__ import annotations

from fieldapp.xform.engine import recalc, repeats
from fieldapp.xform.engine.dag import CONSTRAINT, READONLY, RELEVANT, REQUIRED
from fieldapp.xform.engine.recalc import Pass

FORMAT = 1


def dump(session) -> dict:
    """Values (positional path -> value), declined paths, repeat structure, language, position, instance_id, deprecated_id."""
    values_out: dict[str, str] = {}
    declined: list[str] = []
    structure: dict[str, int] = {}
    for node in session.root.iter():
        st = node.state
        if st.bind is not None and st.bind.is_repeat:
            parent = node.parent
            key = session.path_of(parent) + "/" + node.name
            structure[key] = structure.get(key, 0) + 1
        if not node.children:
            path = session.path_of(node)
            values_out[path] = node.value
            if st.declined:
                declined.append(path)
    # repeats that have no instance are recorded too, so restore does not recreate them
    for node in session.root.iter():
        for rpath in session.model.child_repeats.get(node.state.gpath, ()):
            key = session.path_of(node) + "/" + rpath.rsplit("/", 1)[1]
            structure.setdefault(key, 0)
    for path in attribute_paths(session.model):
        element_path, _, attr = path.rpartition("/@")
        for element in recalc.targets(session.document, tuple(element_path.split("/")[1:])):
            values_out[f"{session.path_of(element)}/@{attr}"] = element.attrs.get(attr, "")
    return {
        "format": FORMAT,
        "form_id": session.form.form_id,
        "form_version": session.form.version,
        "instance_id": session.instance_id,
        "deprecated_id": session.deprecated_id,
        "language": session.language,
        "position": list(session.navigator.position),
        "at_end": session.navigator.at_end,
        "repeats": structure,
        "values": values_out,
        "declined": declined,
    }


def load(session, state: dict) -> None:
    """Put a dump back into a fresh filling of the same form, without re-firing first-load events or once()."""
    # Build the repeat structure shallow-first so parents exist before their children.
    structure = state.get("repeats", {})
    for key in sorted(structure, key=lambda k: k.count("/")):
        want = int(structure[key])
        parent_path, name = key.rsplit("/", 1)
        parent = session.find(parent_path)
        if parent is None:
            continue
        have = parent.children_by_name.get(name, [])
        while len(have) > want:
            parent.remove(have[-1])
            have = parent.children_by_name.get(name, [])
        gpath = parent.state.gpath + "/" + name
        while len(parent.children_by_name.get(name, ())) < want:
            repeats.attach_instance(session, parent, gpath)
    for path, value in state.get("values", {}).items():
        if "/@" in path:
            element_path, _, attr = path.rpartition("/@")
            element = session.find(element_path)
            if element is not None:
                element.attrs[attr] = value
            continue
        node = session.find(path)
        if node is not None and not node.children:
            node.value = value
    for path in state.get("declined", ()):
        node = session.find(path)
        if node is not None:
            node.state.declined = True
    id_node = session.find(session.instance_id_path())
    session.instance_id = state.get("instance_id") or (id_node.value if id_node is not None else "")
    session.deprecated_id = state.get("deprecated_id")
    session.navigator.restore(tuple(state.get("position") or ()), bool(state.get("at_end")))
    recalc.restore_computed_types(session)
    # Conditions only: calculated values come back from the dump as they were (uuid(), now(), once()).
    recalc.recompute_all(session, Pass(), kinds=(RELEVANT, REQUIRED, READONLY, CONSTRAINT))


def attribute_paths(model) -> list[str]:
    """Attributes whose value the filling sets: calculated ones and setvalue targets (entities' @id)."""
    paths = list(model.attribute_paths)
    actions = list(model.first_load_actions)
    for group in (model.value_changed, model.new_repeat_actions):
        for found in group.values():
            actions.extend(found)
    for action in actions:
        if action.ref and "/@" in action.ref and action.ref not in paths:
            paths.append(action.ref)
    return paths
