"""Navigation without a UI: the ordered screens of a filling, moving between them, jumping, repeat prompts, the hierarchy.

A location is a tuple (index, instance, index, instance, ...) down the body's
control tree: `index` picks a control among its siblings, `instance` the 1-based
repeat instance (0 for anything but a repeat; count+1 is that repeat's "add
another?" prompt). Tuples compare in form order, so "the first screen after
here" is a walk that skips every subtree lying before the location.
"""

from __future__ import annotations

from typing import Callable

from fieldapp.xform.engine import itemsets, texts, validation
from fieldapp.xform.engine.filling import Filling
from fieldapp.xform.engine.state import readonly, relevant
from fieldapp.xform.model import kinds, paths
from fieldapp.xform.model.kinds import ANSWERABLE_KINDS, QUESTION_KINDS
from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.model.instance import Node
from fieldapp.xform.messages import Code, message
from fieldapp.xform.model.views import GroupNote, HierarchyItem, Screen
from fieldapp.xform.session.change import Change

END = (10**9,)


class Item:
    """One place in the walk: a screen ("question", "group", "repeat_prompt", "end") or, when asked, a container entered."""
    __slots__ = ("kind", "loc", "control", "node", "crumbs")

    def __init__(self, kind, loc, control, node, crumbs):
        self.kind = kind
        self.loc = loc
        self.control = control
        self.node = node
        self.crumbs = crumbs


def _resolve(session, ctx: Node, ref: str) -> Node | None:
    """The concrete node of `ref` seen from `ctx` (the document or the innermost repeat instance)."""
    base = ctx.state.gpath if ctx.state is not None else ""
    key = (base, ref)
    cache = session.model.compiled.ref_steps
    steps = cache.get(key)
    if steps is None:
        if ref.startswith(base + "/"):
            steps = tuple(ref[len(base) + 1:].split("/"))
        else:
            steps = None
        cache[key] = steps if steps is not None else False
    if steps is False:
        return paths.find(session.document, ref)
    node = ctx
    for name in steps:
        found = node.children_by_name.get(name)
        if not found:
            return None
        node = found[0]
    return node


def _is_field_list(control) -> bool:
    return "field-list" in (control.appearance or "").split()


def _walk(session, controls, ctx: Node, prefix: tuple, start, crumbs: tuple, containers: bool):
    repeat_paths = session.form.repeat_paths
    first = 0
    depth = len(prefix)
    if start is not None and len(start) > depth and start[:depth] == prefix:
        first = start[depth]   # every sibling before the one on the way to `start` lies before it
    for i in range(first, len(controls)):
        control = controls[i]
        kind = control.kind
        if kind == "repeat":
            yield from _walk_repeat(session, control, ctx, prefix + (i,), start, crumbs, containers)
            continue
        loc = prefix + (i, 0)
        if start is not None and loc < start and start[:len(loc)] != loc:
            continue
        if kind == "group":
            wrapper = control.ref in repeat_paths
            node = None if (wrapper or not control.ref) else _resolve(session, ctx, control.ref)
            if node is not None and not relevant(node):
                continue
            if control.ref and not wrapper and node is None:
                continue
            if _is_field_list(control) and not wrapper:
                if start is None or loc >= start:
                    if _has_relevant_question(session, control.children, ctx):
                        yield Item("group", loc, control, node if node is not None else ctx, crumbs)
                continue
            if containers and (start is None or loc >= start):
                yield Item("enter", loc, control, node, crumbs)
            inner = crumbs if wrapper else crumbs + ((control, node if node is not None else ctx),)
            if wrapper and _is_field_list(control):
                inner = crumbs + (("field-list-wrapper", control),)
            yield from _walk(session, control.children, ctx, loc, start, inner, containers)
        elif kind in QUESTION_KINDS:
            if start is not None and loc < start:
                continue
            node = _resolve(session, ctx, control.ref) if control.ref else None
            if node is None or node.children or not relevant(node):
                continue
            yield Item("question", loc, control, node, crumbs)


def _walk_repeat(session, control, ctx: Node, base: tuple, start, crumbs, containers):
    rpath = control.ref
    parent_path, name = rpath.rsplit("/", 1)
    parent = _resolve(session, ctx, parent_path) if parent_path != (ctx.state.gpath if ctx.state else "") else ctx
    if parent is None:
        return
    instances = parent.children_by_name.get(name, [])
    field_list = _is_field_list(control) or (crumbs and crumbs[-1][0] == "field-list-wrapper")
    outer = crumbs[:-1] if crumbs and crumbs[-1][0] == "field-list-wrapper" else crumbs
    for k, instance in enumerate(list(instances), 1):
        loc = base + (k,)
        if start is not None and loc < start and start[:len(loc)] != loc:
            continue
        if not relevant(instance):
            continue
        if field_list:
            if start is None or loc >= start:
                yield Item("group", loc, control, instance, outer)
            continue
        if containers and (start is None or loc >= start):
            yield Item("instance", loc, control, instance, outer)
        yield from _walk(session, control.children, instance, loc, start, outer + ((control, instance),),
                         containers)
    loc = base + (len(instances) + 1,)
    if start is not None and loc < start:
        return
    if control.repeat_count or control.no_add_remove or rpath not in session.model.templates:
        return
    if instances and not any(relevant(i) for i in instances):
        return
    if not relevant(parent):
        return
    yield Item("repeat_prompt", loc, control, parent, outer)


def _has_relevant_question(session, controls, ctx) -> bool:
    return bool(_group_questions(session, controls, ctx))


def _group_questions(session, controls, ctx) -> list[Node]:
    """Relevant question nodes of a field-list page, nested groups flattened."""
    found = []
    for control in controls:
        if control.kind == "group":
            node = _resolve(session, ctx, control.ref) if control.ref and control.ref not in session.form.repeat_paths else None
            if node is not None and not relevant(node):
                continue
            found.extend(_group_questions(session, control.children, ctx))
        elif control.kind == "repeat":
            parent_path, name = control.ref.rsplit("/", 1)
            parent = _resolve(session, ctx, parent_path) if parent_path != (ctx.state.gpath if ctx.state else "") else ctx
            for instance in (parent.children_by_name.get(name, []) if parent is not None else []):
                if relevant(instance):
                    found.extend(_group_questions(session, control.children, instance))
        elif control.kind in QUESTION_KINDS and control.ref:
            node = _resolve(session, ctx, control.ref)
            if node is not None and not node.children and relevant(node):
                found.append(node)
    return found


def walk(session, start=None, containers: bool = False):
    """Every screen (and, with `containers`, every group/instance entered) from `start` on, then the end."""
    yield from _walk(session, session.form.body, session.document, (), start, (), containers)
    yield Item("end", END, None, None, ())


def first_item_from(session, loc, strict: bool) -> Item:
    """The first screen at (or, when `strict`, after) location `loc`; the end when there is none."""
    for item in walk(session, loc or None):
        if strict and loc and item.loc <= loc:
            continue
        if item.kind == "enter" or item.kind == "instance":
            continue
        return item
    return Item("end", END, None, None, ())


def _screen_nodes(session, item: Item) -> list[Node]:
    if item.kind == "question":
        return [item.node]
    if item.kind == "group":
        return _group_questions(session, item.control.children, _group_context(session, item))
    return []


def _group_context(session, item: Item) -> Node:
    """Questions of a field-list page resolve from the innermost repeat instance around it."""
    if item.control.kind == "repeat":
        return item.node
    node = item.node
    while node is not None and node.state is not None and not (node.state.bind is not None and node.state.bind.is_repeat):
        node = node.parent
    return node if node is not None else session.document


def _label_of(session, control, node) -> str:
    label = control.label
    if label is None and control.kind == "repeat":
        wrapper = _wrappers(session).get(control.ref)
        if wrapper is not None:
            label = wrapper.label
    return texts.render(session, label, node) if label is not None else ""


def _wrappers(session) -> dict:
    """Repeat path -> the <group> wrapped around the repeat (it carries the repeat's label in pyxform forms)."""
    found = session.model.compiled.repeat_wrappers
    if found is None:
        found = {}

        def visit(controls):
            for control in controls:
                if control.kind == "group" and control.ref in session.form.repeat_paths:
                    found.setdefault(control.ref, control)
                visit(control.children)
        visit(session.form.body)
        session.model.compiled.repeat_wrappers = found
    return found


def _crumb(session, control, node) -> str:
    """A breadcrumb: the group's label, or the repeat's label and the instance's position ("Child 2")."""
    label = _label_of(session, control, node)
    if control.kind == "repeat" and node is not None and node.parent is not None:
        label = f"{label} {node.parent.children_by_name[node.name].index(node) + 1}".strip()
    return label


def build_screen(session, item: Item, with_problems: bool = False) -> Screen:
    """The Screen snapshot of a walk item (problems filled in when the screen refused to be left)."""
    crumbs = tuple(_crumb(session, c, n) for c, n in item.crumbs if c != "field-list-wrapper")
    if item.kind == "end":
        return Screen("end", "", percent_through=100)
    if item.kind == "repeat_prompt":
        name = item.control.ref.rsplit("/", 1)[1]
        count = len(item.node.children_by_name.get(name, ()))
        path = session.path_of(item.node) + "/" + name if item.node.state is not None else item.control.ref
        return Screen("repeat_prompt", path, (), _label_of(session, item.control, item.node), crumbs, count,
                      percent_through=_percent_through(session, path))
    nodes = _screen_nodes(session, item)
    views = tuple(texts.question_view(session, n, with_problem=with_problems) for n in nodes)
    notes = _group_notes(session, item)
    if item.kind == "question":
        path = session.path_of(item.node)
        return Screen("question", path, views, "", crumbs, percent_through=_percent_through(session, path),
                      removable_repeat=_removable_repeat(session, path), notes=notes)
    # a group without ref is named by its first question (its own node would be the whole form)
    anchor = item.node if (item.control.ref or not nodes) else nodes[0]
    path = session.path_of(anchor)
    return Screen("group", path, views, _label_of(session, item.control, item.node), crumbs,
                  percent_through=_percent_through(session, views[0].path if views else path),
                  removable_repeat=_removable_repeat(session, path), notes=notes)


def _percent_through(session, path: str) -> int:
    """How far through the form the question at `path` stands, by its place among the form's questions.

    Not a count of relevant questions, which would jump back when a section opens (8 of 16, then
    9 of 53): the place in the form only moves forward as the interviewer does. A group or a
    prompt stands where its first question does; repeats count once.
    """
    cache = session.model.compiled
    order = cache.question_order
    if order is None:
        order = cache.question_order = {ref: i for i, ref in enumerate(
            ref for ref, control in session.form.controls_by_ref.items() if not control.is_container)}
    if not order:
        return 0
    generic = paths.generic(path)
    index = order.get(generic)
    if index is None:
        index = next((i for ref, i in order.items() if ref.startswith(generic + "/")), 0)
    return round(100 * index / len(order))


def _removable_repeat(session, path: str) -> tuple[str, int] | None:
    """(repeat path, position) of the instance the screen at `path` is in, when the interviewer may remove it."""
    repeat = paths.enclosing_repeat(path, session.form.repeat_paths)
    if repeat is None:
        return None
    control = session.form.control(paths.generic(repeat[0]))
    if control is not None and (control.no_add_remove or control.repeat_count):
        return None   # the form fixes how many there are
    return repeat


def _group_notes(session, item: Item) -> tuple[GroupNote, ...]:
    """The hint and guidance of each group this screen is the first screen of, and of its own field-list page."""
    where = {}                                   # id(group control) -> its location (a prefix of the screen's)
    controls = session.form.body
    for depth in range(0, len(item.loc) - 1, 2):
        if item.loc[depth] >= len(controls):
            break
        control = controls[item.loc[depth]]
        where[id(control)] = item.loc[:depth + 2]
        controls = control.children
    groups = [(c, n) for c, n in item.crumbs if c != "field-list-wrapper" and c.kind == "group"]
    if item.kind == "group" and item.control.kind == "group":
        groups.append((item.control, item.node))
    notes = []
    for control, node in groups:
        if control.hint is None and control.label is None:
            continue
        hint = texts.render(session, control.hint, node)
        guidance = texts.render(session, control.hint, node, "guidance") or texts.render(session, control.label, node, "guidance")
        if not hint and not guidance:
            continue
        loc = where.get(id(control))
        first = loc is not None and (control is item.control or first_item_from(session, loc, strict=False).loc == item.loc)
        if first:
            notes.append(GroupNote(_label_of(session, control, node), hint, guidance))
    return tuple(notes)


def build_path(session, item: Item) -> str:
    """The positional path a screen is known by (a prompt: its repeat's path; the end: "")."""
    if item.kind == "end" or item.node is None:
        return ""
    if item.kind == "repeat_prompt":
        return session.path_of(item.node) + "/" + item.control.ref.rsplit("/", 1)[1]
    return session.path_of(item.node)


def _contains(ancestor, node) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


class Navigator:
    """Where a filling is, and moving between its screens: the one owner of the position.

    It reads the filling (a `Filling`: form, compiled model, document) and needs two more
    things of its session: adding a repeat instance (the "add another?" prompt) and telling
    listeners of a move.
    """

    def __init__(self, filling: Filling, *, add_repeat: Callable[[str], int], notify: Callable[[Change], None]):
        self.filling = filling
        self._add_repeat = add_repeat
        self._notify = notify
        self.position: tuple = ()   # a location (see above); () = the start
        self.at_end = False

    def restore(self, position: tuple, at_end: bool) -> None:
        """Put back a position read from a dump (no listener hears of it)."""
        self.position = position
        self.at_end = at_end

    def _current_item(self) -> Item:
        if self.at_end:
            return Item("end", END, None, None, ())
        item = first_item_from(self.filling, self.position, strict=False)
        self.position = item.loc
        self.at_end = item.kind == "end"
        return item

    def current(self) -> Screen:
        """The screen at the current position."""
        return build_screen(self.filling, self._current_item())

    def move_to(self, item: Item) -> Screen:
        """Make `item` the current position (listeners hear of a move) and return its screen."""
        moved = item.loc != self.position or (item.kind == "end") != self.at_end
        self.position = item.loc
        self.at_end = item.kind == "end"
        if moved:
            self._notify(Change("position", build_path(self.filling, item)))
        return build_screen(self.filling, item)

    def next(self) -> Screen:
        """Forward to the next relevant screen, unless this one has a required or constraint problem."""
        filling = self.filling
        item = self._current_item()
        if item.kind == "end":
            return build_screen(filling, item)
        nodes = _screen_nodes(filling, item)
        for node in nodes:
            validation.check_constraint(filling, node)
        if any(validation.problems_of(filling, node) for node in nodes):
            return build_screen(filling, item, with_problems=True)
        return self.move_to(first_item_from(filling, item.loc, strict=True))

    def previous(self) -> Screen:
        """Back to the previous question or page (prompts are not revisited)."""
        here = self._current_item()
        last = None
        for item in walk(self.filling):
            if item.loc >= here.loc or item.kind == "end":
                break
            if item.kind in ("question", "group"):
                last = item
        if last is None:
            return build_screen(self.filling, here)
        return self.move_to(last)

    def jump(self, path: str) -> Screen:
        """To the screen showing `path`: a question, a field-list page, a group or a repeat instance."""
        filling = self.filling
        target = paths.find(filling.document, path) if path else None
        if path and target is None:
            raise AnswerError(path, message(Code.UNKNOWN_PATH, filling.language, path=path), Code.UNKNOWN_PATH)
        if target is None:
            return self.move_to(Item("end", END, None, None, ()))
        for item in walk(filling, containers=True):
            if item.kind == "end":
                break
            node = item.node
            if node is target or (item.kind == "group" and _contains(node, target)
                                  and target in _screen_nodes(filling, item)):
                if item.kind in ("enter", "instance"):
                    return self.move_to(first_item_from(filling, item.loc, strict=False))
                return self.move_to(item)
            if item.kind == "repeat_prompt" and path.rstrip("/") == build_path(filling, item):
                return self.move_to(item)
        raise AnswerError(path, message(Code.NOT_SHOWN, filling.language, path=path), Code.NOT_SHOWN)

    def add_repeat_here(self) -> Screen:
        """On an "add another?" prompt: add the instance and go to its first screen."""
        item = self._current_item()
        if item.kind != "repeat_prompt":
            return build_screen(self.filling, item)
        path = build_path(self.filling, item)
        position = self._add_repeat(path)
        loc = item.loc[:-1] + (position,)
        return self.move_to(first_item_from(self.filling, loc, strict=False))


def _shown_answer(session, control, node) -> str:
    """The answer as the interviewer reads it: a choice's label (several joined by commas), else the value."""
    if not node.value or control.kind not in ("select1", "select", "rank", "odk:rank"):
        return node.value
    labels = {value: label for value, label, _media in itemsets.items(session, node)}
    return ", ".join(labels.get(value) or value for value in node.value.split())


def hierarchy(session) -> list[HierarchyItem]:
    """The jump-to tree: relevant groups, repeats, instances and questions with their status."""
    return _hierarchy(session, session.form.body, session.document)


def _hierarchy(session, controls, ctx) -> list[HierarchyItem]:
    out: list[HierarchyItem] = []
    repeat_paths = session.form.repeat_paths
    for control in controls:
        if control.kind == "group":
            if control.ref in repeat_paths:
                out.extend(_hierarchy(session, control.children, ctx))
                continue
            node = _resolve(session, ctx, control.ref) if control.ref else None
            if node is not None and not relevant(node):
                continue
            children = tuple(_hierarchy(session, control.children, ctx))
            path = session.path_of(node) if node is not None else ""
            out.append(HierarchyItem("group", path, _label_of(session, control, node or ctx), children=children))
        elif control.kind == "repeat":
            parent_path, name = control.ref.rsplit("/", 1)
            parent = _resolve(session, ctx, parent_path) if parent_path != (ctx.state.gpath if ctx.state else "") else ctx
            if parent is None:
                continue
            instances = []
            for k, instance in enumerate(parent.children_by_name.get(name, []), 1):
                if not relevant(instance):
                    continue
                label = _label_of(session, control, instance)
                instances.append(HierarchyItem("repeat_instance", session.path_of(instance), f"{label} {k}".strip(),
                                               children=tuple(_hierarchy(session, control.children, instance))))
            path = session.path_of(parent) + "/" + name if parent.state is not None else control.ref
            out.append(HierarchyItem("repeat", path, _label_of(session, control, parent), children=tuple(instances)))
        elif control.kind in QUESTION_KINDS and control.ref:
            node = _resolve(session, ctx, control.ref)
            if node is None or node.children or not relevant(node):
                continue
            st = node.state
            if validation.problems_of(session, node):
                status = "problem"
            elif st.declined:
                status = "declined"
            elif node.value:
                status = "answered"
            else:
                status = "unanswered"
            read_only = readonly(node) or control.kind not in ANSWERABLE_KINDS
            note = kinds.is_note(control.kind, st.bind.type if st.bind is not None else "string", read_only)
            out.append(HierarchyItem("question", session.path_of(node), texts.render(session, control.label, node),
                                     node.value, status, is_note=note,
                                     shown=_shown_answer(session, control, node)))
    return out
