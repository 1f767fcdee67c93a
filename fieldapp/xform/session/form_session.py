"""FormSession: one filling of one form (instance tree, dependency graph, navigation).

The public methods keep the signatures and promises of the API skeleton that the
store (fieldapp.store) and the UI (fieldapp.ui) code against. The work is
shared with small modules next to this one: dag (the per-form dependency
graph), recalc (passes through it), repeats (instances and jr:count), values
(answer types), texts (labels), itemsets (choices), actions (setvalue on
events), navigation (screens, hierarchy) and serialize (to_xml).
"""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Callable

from fieldapp.xform.engine import actions as _actions
from fieldapp.xform.engine import exprs, itemsets, recalc, repeats, serialize, texts, values
from fieldapp.xform.session import navigation
from fieldapp.xform.engine.dag import CONSTRAINT, READONLY, RELEVANT, REQUIRED, CompiledBind, model_for
from fieldapp.xform.engine.recalc import Pass
from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.model.formdef import Form
from fieldapp.xform.model.instance import Node
from fieldapp.xform.messages import message
from fieldapp.xform.model.views import HierarchyItem, QuestionView, Screen, ValidationProblem

_QUESTION_KINDS = frozenset({"input", "select1", "select", "rank", "range", "upload", "trigger", "odk:rank"})
_STEP = re.compile(r"^([^\[\]]+)(?:\[(\d+)\])?$")


@dataclass
class Change:
    """What one user-level operation changed, handed to listeners after it is applied.

    kind: "answer", "decline", "add_repeat", "remove_repeat", "language", "position".
    values: positional path -> new value for every node whose value changed
    (the answered node, calculations, setvalue targets), "" for cleared.
    structural: True when repeat instances were added or removed: positions of
    later instances may have shifted, so a persister must save the whole dump().
    """
    kind: str
    path: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    old_value: str | None = None       # for "answer": the previous value of `path` (audit trail)
    structural: bool = False


class NodeState:
    """The engine's per-node state, kept in Node.state."""
    __slots__ = ("gpath", "bind", "rel", "required", "readonly", "valid", "declined", "depth", "computed_type")

    def __init__(self, gpath: str, bind: CompiledBind | None, depth: int):
        self.gpath = gpath
        self.bind = bind
        self.depth = depth
        self.rel = True
        self.required = bool(bind.static_required) if bind is not None else False
        self.readonly = bool(bind.static_readonly) if bind is not None else False
        self.valid = True
        self.declined = False
        # "boolean" or "dateTime" when a calculation stored such a result in an untyped node: XPath
        # reads it back typed, as JavaRosa's BooleanData/DateTimeData are (recalc.computed_type)
        self.computed_type: str | None = None


class FormSession:
    """A filling of `form`. Create through `form.new_session()` or `FormSession.restore()`."""

    def __init__(self, form: Form, language: str | None = None, *, clock=None,
                 instance_id: str | None = None, properties: dict | None = None,
                 last_saved: str | None = None, _restoring: dict | None = None):
        """`clock()` -> aware datetime (defaults to now); `properties`: deviceid, username, email, phonenumber for preloads;
        `last_saved`: the XML of this form's filling saved last, for instance('last-saved') defaults."""
        self.form = form
        self.last_saved_document = None
        if last_saved:
            from fieldapp.xform.model.instance import parse_xml
            self.last_saved_document = parse_xml(last_saved)
        self.model = model_for(form)
        self._clock = clock or (lambda: _dt.datetime.now().astimezone())
        self.properties = dict(properties or {})
        self._listeners: list[Callable] = []
        self.expression_errors: list[tuple[str, str, str]] = []   # (path, kind, message) of expressions that failed
        self.deprecated_id: str | None = None
        self.language = self._pick_language(language)
        self.document = self.model.document.clone()
        self.root = self.document.children[0]
        self._init_states(self.root, "", 0)
        self.env = exprs.Environment(self)
        self.position: tuple = ()          # navigation location (see navigation.py); () = start
        self._fixed_targets: dict[int, list[Node]] = {}   # recalc: targets outside repeats, by triggerable
        self._at_end = False
        if _restoring is not None:
            self._load_state(_restoring)
            return
        run = Pass()
        self._preload(instance_id)
        # JavaRosa fires odk-instance-first-load before the first computation (calculates,
        # relevance): a dynamic default such as ${total} reads the calculation still empty.
        for action in self.model.first_load_actions:
            _actions.fire(self, action, self.root, run)
        recalc.recompute_all(self, run)
        repeats.follow_counts_everywhere(self, run)
        if run.nodes:
            repeats.follow_counts(self, run)   # relevance computed above may change a count
        id_node = self._find(self._instance_id_path())
        if id_node is not None and id_node.value:
            self.instance_id = id_node.value

    # -- identity and state ------------------------------------------------
    form: Form
    instance_id: str          # "uuid:..." (meta/instanceID)
    language: str | None      # current questionnaire language (a name from form.languages)

    def add_listener(self, callback: Callable[["FormSession", Change], None]) -> None:
        """Call `callback(session, change)` after every state change. If it raises, the
        exception propagates out of the operation (e.g. the disk is full): the caller must know."""
        self._listeners.append(callback)

    def remove_listener(self, callback) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _notify(self, change: Change) -> None:
        for callback in list(self._listeners):
            callback(self, change)

    def dump(self) -> dict:
        """The complete state as JSON-safe data: values (positional path -> value), declined
        paths, repeat structure, language, position, instance_id, deprecated_id. restore(dump) gives it back exactly."""
        values_out: dict[str, str] = {}
        declined: list[str] = []
        structure: dict[str, int] = {}
        for node in self.root.iter():
            st = node.state
            if st.bind is not None and st.bind.is_repeat:
                parent = node.parent
                key = self.path_of(parent) + "/" + node.name
                structure[key] = structure.get(key, 0) + 1
            if not node.children:
                path = self.path_of(node)
                values_out[path] = node.value
                if st.declined:
                    declined.append(path)
        # repeats that have no instance are recorded too, so restore does not recreate them
        for node in self.root.iter():
            for rpath in self.model.child_repeats.get(node.state.gpath, ()):
                key = self.path_of(node) + "/" + rpath.rsplit("/", 1)[1]
                structure.setdefault(key, 0)
        for path in _attribute_paths(self.model):
            element_path, _, attr = path.rpartition("/@")
            for element in recalc.targets(self.document, tuple(element_path.split("/")[1:])):
                values_out[f"{self.path_of(element)}/@{attr}"] = element.attrs.get(attr, "")
        return {
            "format": 1,
            "form_id": self.form.form_id,
            "form_version": self.form.version,
            "instance_id": self.instance_id,
            "deprecated_id": self.deprecated_id,
            "language": self.language,
            "position": list(self.position),
            "at_end": self._at_end,
            "repeats": structure,
            "values": values_out,
            "declined": declined,
        }

    @classmethod
    def restore(cls, form: Form, state: dict, *, clock=None, last_saved: str | None = None) -> "FormSession":
        """Rebuild a session from dump() without re-firing first-load events or re-running once()."""
        return cls(form, state.get("language"), clock=clock, instance_id=state.get("instance_id"),
                   last_saved=last_saved, _restoring=state)

    def _load_state(self, state: dict) -> None:
        # Build the repeat structure shallow-first so parents exist before their children.
        structure = state.get("repeats", {})
        for key in sorted(structure, key=lambda k: k.count("/")):
            want = int(structure[key])
            parent_path, name = key.rsplit("/", 1)
            parent = self._find(parent_path)
            if parent is None:
                continue
            have = parent.children_by_name.get(name, [])
            while len(have) > want:
                parent.remove(have[-1])
                have = parent.children_by_name.get(name, [])
            gpath = parent.state.gpath + "/" + name
            while len(parent.children_by_name.get(name, ())) < want:
                repeats.attach_instance(self, parent, gpath)
        for path, value in state.get("values", {}).items():
            if "/@" in path:
                element_path, _, attr = path.rpartition("/@")
                element = self._find(element_path)
                if element is not None:
                    element.attrs[attr] = value
                continue
            node = self._find(path)
            if node is not None and not node.children:
                node.value = value
        for path in state.get("declined", ()):
            node = self._find(path)
            if node is not None:
                node.state.declined = True
        id_node = self._find(self._instance_id_path())
        self.instance_id = state.get("instance_id") or (id_node.value if id_node is not None else "")
        self.deprecated_id = state.get("deprecated_id")
        self.position = tuple(state.get("position") or ())
        self._at_end = bool(state.get("at_end"))
        recalc.restore_computed_types(self)
        # Conditions only: calculated values come back from the dump as they were (uuid(), now(), once()).
        recalc.recompute_all(self, Pass(), kinds=(RELEVANT, REQUIRED, READONLY, CONSTRAINT))

    # -- instance building -------------------------------------------------
    def _init_states(self, node: Node, parent_gpath: str, depth: int) -> None:
        gpath = f"{parent_gpath}/{node.name}"
        node.state = NodeState(gpath, self.model.binds.get(gpath), depth + 1)
        for child in node.children:
            self._init_states(child, gpath, depth + 1)

    def _pick_language(self, language: str | None) -> str | None:
        langs = self.form.languages
        if language and language in langs:
            return language
        if language:
            wanted = language.lower()
            for name in langs:
                if name.lower() == wanted or name.lower().endswith(f"({wanted})"):
                    return name
        if self.form.default_language in langs:
            return self.form.default_language
        return langs[0] if langs else None

    def _instance_id_path(self) -> str:
        return self.model.instance_id_path or f"/{self.root.name}/meta/instanceID"

    def _preload(self, instance_id: str | None) -> None:
        now = self._clock()
        self.instance_id = instance_id or f"uuid:{uuid.uuid4()}"
        for node in self.root.iter():
            bind = node.state.bind
            if bind is None or bind.bind is None or not bind.bind.preload:
                continue
            kind, param = bind.bind.preload, (bind.bind.preload_params or "").lower()
            if kind == "uid":
                node.value = self.instance_id
            elif kind == "timestamp" and param == "start":
                node.value = values.format_datetime(now)
            elif kind == "date" and param == "today":
                node.value = now.date().isoformat()
            elif kind == "property":
                node.value = str(self._property(param))
        id_node = self._find(self._instance_id_path())
        if id_node is not None:
            if not id_node.value:
                id_node.value = self.instance_id
            self.instance_id = id_node.value

    def _property(self, name: str) -> str:
        for key, value in self.properties.items():
            if key.lower() == name:
                return value or ""
        if name == "deviceid":
            return self.properties.get("deviceID") or "fieldapp:" + uuid.uuid5(uuid.NAMESPACE_URL, str(uuid.getnode())).hex[:16]
        return ""

    # -- evaluation ------------------------------------------------------------
    def _after_change(self, changed: list[Node], run: Pass, user_node: Node | None = None) -> None:
        """Propagate a change, then let value-changed actions fire and jr:count follow."""
        recalc.propagate(self, changed, run)
        if user_node is not None:
            for action in self.model.value_changed.get(user_node.state.gpath, ()):
                _actions.fire(self, action, user_node, run)
        if self.model.repeat_count_reads:
            repeats.follow_counts(self, run)

    # -- paths -----------------------------------------------------------------
    def path_of(self, node: Node) -> str:
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

    def _find(self, path: str) -> Node | None:
        """The node at a positional path (a missing position means the first), None when absent."""
        if not path or path[0] != "/":
            return None
        node = self.document
        for step in path[1:].split("/"):
            match = _STEP.match(step)
            if match is None:
                return None
            found = node.children_by_name.get(match.group(1))
            index = int(match.group(2) or 1) - 1
            if not found or index < 0 or index >= len(found):
                return None
            node = found[index]
        return node

    def node(self, path: str) -> Node:
        """The node at `path`, or AnswerError."""
        node = self._find(path)
        if node is None:
            raise AnswerError(path, message("unknown_path", self.language, path=path), "unknown_path")
        return node

    # -- answers ---------------------------------------------------------
    def answer(self, path: str, value: str) -> list[ValidationProblem]:
        """Set a question's value (XForm string; "" clears). Raises AnswerError on an unknown
        path, a readonly/non-question node, or a value of the wrong type ("abc" for int, a
        non-ISO date). The value is kept even when it breaks the constraint: the returned
        list holds that question's problems (constraint message in the current language)."""
        node = self._question_node(path)
        st = node.state
        bind = st.bind
        choices = bind.choice_values
        if choices is None and bind.type in ("select1", "select", "rank") and value and value.strip():
            choices = itemsets.allowed_values(self, node)
        try:
            new = values.normalize(bind.type, value, choices, self._clock().tzinfo)
            if new and bind.control.kind == "range":
                values.check_range(new, bind.control.attrs)
        except values.ValueProblem as problem:
            raise AnswerError(path, message(problem.code, self.language, **problem.params), problem.code) from None
        old = node.value
        run = Pass()
        if st.declined:
            st.declined = False
        if new != old:
            node.value = new
            run.values[self.path_of(node)] = new
            run.nodes.append(node)
            if bind.constraint is None:
                st.valid = True
            self._after_change([node], run, user_node=node)
        self._check_constraint(node)
        self._notify(Change("answer", self.path_of(node), run.values, old_value=old, structural=run.structural))
        return self._problems_of(node)

    def _question_node(self, path: str) -> Node:
        node = self.node(path)
        st = node.state
        control = st.bind.control if st.bind is not None else None
        if control is None or control.kind not in _QUESTION_KINDS or node.children:
            raise AnswerError(path, message("not_question", self.language, path=path), "not_question")
        if self._readonly(node):
            raise AnswerError(path, message("readonly", self.language), "readonly")
        return node

    def _check_constraint(self, node: Node) -> None:
        trig = node.state.bind.constraint if node.state.bind is not None else None
        if trig is not None:
            recalc.apply(self, trig, node, Pass())
        else:
            node.state.valid = True

    def _readonly(self, node: Node) -> bool:
        probe = node
        while probe is not None and probe.state is not None:
            if probe.state.readonly:
                return True
            probe = probe.parent
        return False

    def _relevant(self, node: Node) -> bool:
        probe = node
        while probe is not None and probe.state is not None:
            if not probe.state.rel:
                return False
            probe = probe.parent
        return True

    def value(self, path: str) -> str:
        """The stored value (kept while the node is not relevant; to_xml() leaves it out then)."""
        node = self.node(path)
        return node.value if not node.children else node.string_value()

    def relevant(self, path: str) -> bool:
        return self._relevant(self.node(path))

    def required(self, path: str) -> bool:
        return self.node(path).state.required

    def readonly(self, path: str) -> bool:
        return self._readonly(self.node(path))

    def decline(self, path: str, declined: bool = True) -> None:
        """Mark "prefer not to answer": value emptied, satisfies required, remembered distinctly."""
        node = self._question_node(path)
        old = node.value
        run = Pass()
        node.state.declined = bool(declined)
        if declined and old:
            node.value = ""
            run.values[self.path_of(node)] = ""
            run.nodes.append(node)
            self._after_change([node], run, user_node=node)
        node.state.valid = True
        self._notify(Change("decline", self.path_of(node), run.values, old_value=old, structural=run.structural))

    def declined(self, path: str) -> bool:
        return self.node(path).state.declined

    def set_language(self, language: str) -> None:
        """Switch the questionnaire language (a name from form.languages, or its code); AnswerError if unknown."""
        if language not in self.form.languages:
            picked = self._pick_language(language)
            if picked is None or (picked != language and not language.lower() in picked.lower()):
                raise AnswerError("", message("no_language", self.language, name=language), "no_language")
            language = picked
        self.language = language
        run = Pass()
        # jr:itext() in a calculation and labels read the language: re-evaluate what uses it.
        if self.model.language_dependent:
            for trig in self.model.language_dependent:
                for node in recalc.targets(self.document, trig.target_segments):
                    if recalc.apply(self, trig, node, run):
                        recalc.propagate(self, [node], run)
        self._notify(Change("language", None, run.values))

    # -- repeats -----------------------------------------------------------
    def _repeat_parent(self, path: str) -> tuple[Node, str]:
        """(parent node, generic repeat path) for a repeat path such as /data/hh[2]/member."""
        parent_path, _, name = path.rstrip("/").rpartition("/")
        match = _STEP.match(name)
        name = match.group(1) if match else name
        parent = self._find(parent_path) if parent_path else self.document
        if parent is None:
            raise AnswerError(path, message("no_repeat", self.language, path=path), "no_repeat")
        rpath = f"{parent.state.gpath}/{name}" if parent.state is not None else f"/{name}"
        if rpath not in self.model.templates:
            raise AnswerError(path, message("no_repeat", self.language, path=path), "no_repeat")
        return parent, rpath

    def add_repeat(self, path: str) -> int:
        """Append an instance of the repeat at `path` (positional parent path allowed). Returns its 1-based position."""
        parent, rpath = self._repeat_parent(path)
        if rpath in self.model.repeat_counts:
            raise AnswerError(path, message("repeat_fixed", self.language, path=path), "repeat_fixed")
        run = Pass()
        node = repeats.add_instance(self, parent, rpath, run)
        repeats.follow_counts(self, run)
        position = parent.children_by_name[node.name].index(node) + 1
        self._notify(Change("add_repeat", self.path_of(node), run.values, structural=True))
        return position

    def remove_repeat(self, path: str, position: int) -> None:
        """Remove the instance at 1-based `position`; later instances move up one place."""
        parent, rpath = self._repeat_parent(path)
        if rpath in self.model.repeat_counts:
            raise AnswerError(path, message("repeat_fixed", self.language, path=path), "repeat_fixed")
        name = rpath.rsplit("/", 1)[1]
        instances = parent.children_by_name.get(name, [])
        if not 1 <= position <= len(instances):
            raise AnswerError(path, message("no_repeat", self.language, path=f"{path}[{position}]"), "no_repeat")
        removed_path = self.path_of(instances[position - 1])
        run = Pass()
        repeats.remove_instance(self, instances[position - 1], run)
        repeats.follow_counts(self, run)
        # the position needs no fixing: current() resumes at the first screen at or after it
        self._notify(Change("remove_repeat", removed_path, run.values, structural=True))

    def repeat_count(self, path: str) -> int:
        """How many instances the repeat at `path` has now."""
        parent, rpath = self._repeat_parent(path)
        return len(parent.children_by_name.get(rpath.rsplit("/", 1)[1], ()))

    # -- navigation (UI-free) -----------------------------------------------
    def current(self) -> Screen:
        """The screen at the current position (first screen for a new filling)."""
        return navigation.current(self)

    def next(self) -> Screen:
        """Move forward, skipping non-relevant questions/groups. Stays put (and returns the
        same screen with problems filled in) when the current screen has a required or
        constraint problem, as ODK Collect does."""
        return navigation.move_next(self)

    def previous(self) -> Screen:
        return navigation.move_previous(self)

    def jump(self, path: str) -> Screen:
        """Go to the screen that shows `path` (a question, group or repeat instance)."""
        return navigation.jump(self, path)

    def add_repeat_here(self) -> Screen:
        """On a repeat_prompt screen: add the instance and move into it."""
        return navigation.add_repeat_here(self)

    def question(self, path: str) -> QuestionView:
        return texts.question_view(self, self.node(path))

    def hierarchy(self) -> list[HierarchyItem]:
        return navigation.hierarchy(self)

    def progress(self) -> tuple[int, int]:
        """(answered, relevant questions) for a progress bar."""
        answered = total = 0
        for node in self._question_nodes():
            if not self._relevant(node):
                continue
            total += 1
            if node.value or node.state.declined:
                answered += 1
        return answered, total

    def _question_nodes(self):
        """Every question node in document order."""
        for node in self.root.iter():
            bind = node.state.bind
            if bind is not None and bind.control is not None and bind.control.kind in _QUESTION_KINDS \
                    and not node.children:
                yield node

    def _problems_of(self, node: Node) -> list[ValidationProblem]:
        """Required/constraint problems of one question (empty when it is fine or not relevant)."""
        st = node.state
        if not self._relevant(node):
            return []
        if not node.value:
            if st.required and not st.declined:
                return [ValidationProblem(self.path_of(node), "required", texts.required_message(self, node))]
            return []
        if not st.valid:
            return [ValidationProblem(self.path_of(node), "constraint", texts.constraint_message(self, node))]
        return []

    # -- finishing -----------------------------------------------------------
    def validate(self) -> list[ValidationProblem]:
        """Every required/constraint problem among relevant questions, in form order."""
        problems: list[ValidationProblem] = []
        for node in self._question_nodes():
            self._check_constraint(node)
            problems.extend(self._problems_of(node))
        return problems

    def to_xml(self) -> str:
        """The instance as ODK submits it: non-relevant nodes left out, meta/instanceID
        (and meta/deprecatedID when edited), the form version on the root."""
        return serialize.to_xml(self)

    def new_version(self) -> "FormSession":
        """A copy for editing a finalized filling: new instanceID, deprecatedID = the old one."""
        state = self.dump()
        copy = FormSession.restore(self.form, state, clock=self._clock)
        copy.properties = dict(self.properties)
        copy.deprecated_id = self.instance_id
        copy.instance_id = f"uuid:{uuid.uuid4()}"
        id_node = copy._find(copy._instance_id_path())
        if id_node is not None:
            id_node.value = copy.instance_id
        return copy


def _attribute_paths(model) -> list[str]:
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
