"""FormSession: one filling of one form (instance tree, dependency graph, navigation).

The public methods keep the signatures and promises of the API skeleton that the
store (fieldapp.store) and the UI (fieldapp.ui) code against. FormSession is a
façade: the engine (fieldapp.xform.engine: dag, recalc, repeats, values,
texts, itemsets, actions, validation, serialize) does the work on the filling,
the Navigator (navigation.py) owns the position, snapshot.py dumps and
restores, and every helper sees the filling through engine.filling.Filling.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Callable

from fieldapp.xform.engine import actions as _actions
from fieldapp.xform.engine import exprs, itemsets, recalc, repeats, serialize, texts, validation, values
from fieldapp.xform.engine.dag import model_for
from fieldapp.xform.engine.recalc import Pass
from fieldapp.xform.engine.state import NodeState, init_states, path_of, readonly, relevant
from fieldapp.xform.model import paths
from fieldapp.xform.model.kinds import ANSWERABLE_KINDS
from fieldapp.xform.session import navigation, snapshot
from fieldapp.xform.session.change import Change
from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.model.formdef import Form
from fieldapp.xform.model.instance import Node
from fieldapp.xform.messages import Code, message
from fieldapp.xform.model.views import HierarchyItem, QuestionView, Screen, ValidationProblem

__all__ = ["FormSession", "Change", "NodeState"]



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
        self.clock = clock or (lambda: _dt.datetime.now().astimezone())   # -> aware datetime: now
        self.properties = dict(properties or {})
        self._listeners: list[Callable] = []
        self.expression_errors: list[tuple[str, str, str]] = []   # (path, kind, message) of expressions that failed
        self.deprecated_id: str | None = None
        self.language = self._pick_language(language)
        self.document = self.model.document.clone()
        self.root = self.document.children[0]
        init_states(self.root, self.model.binds, "", 0)
        self.env = exprs.Environment(self)
        self.fixed_targets: dict[int, list[Node]] = {}   # recalc: targets outside repeats, by triggerable
        self.navigator = navigation.Navigator(self, add_repeat=self.add_repeat, notify=self._notify)
        if _restoring is not None:
            snapshot.load(self, _restoring)
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
        id_node = self.find(self.instance_id_path())
        if id_node is not None and id_node.value:
            self.instance_id = id_node.value

    # -- identity and state ------------------------------------------------
    form: Form
    instance_id: str          # "uuid:..." (meta/instanceID)
    language: str | None      # current questionnaire language (a name from form.languages)

    @property
    def position(self) -> tuple:
        """Where the filling is (a navigation location; () = the start)."""
        return self.navigator.position

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
        return snapshot.dump(self)

    @classmethod
    def restore(cls, form: Form, state: dict, *, clock=None, last_saved: str | None = None) -> "FormSession":
        """Rebuild a session from dump() without re-firing first-load events or re-running once()."""
        return cls(form, state.get("language"), clock=clock, instance_id=state.get("instance_id"),
                   last_saved=last_saved, _restoring=state)

    # -- instance building -------------------------------------------------
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

    def instance_id_path(self) -> str:
        """Where this form keeps its instance id (meta/instanceID unless the form says otherwise)."""
        return self.model.instance_id_path or f"/{self.root.name}/meta/instanceID"

    def _preload(self, instance_id: str | None) -> None:
        now = self.clock()
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
        id_node = self.find(self.instance_id_path())
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
        return path_of(node)

    def find(self, path: str) -> Node | None:
        """The node at a positional path (a missing position means the first), None when absent."""
        return paths.find(self.document, path)

    def node(self, path: str) -> Node:
        """The node at `path`, or AnswerError."""
        node = self.find(path)
        if node is None:
            raise AnswerError(path, message(Code.UNKNOWN_PATH, self.language, path=path), Code.UNKNOWN_PATH)
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
            new = values.normalize(bind.type, value, choices, self.clock().tzinfo)
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
        validation.check_constraint(self, node)
        self._notify(Change("answer", self.path_of(node), run.values, old_value=old, structural=run.structural))
        return validation.problems_of(self, node)

    def _question_node(self, path: str) -> Node:
        node = self.node(path)
        st = node.state
        control = st.bind.control if st.bind is not None else None
        if control is None or control.kind not in ANSWERABLE_KINDS or node.children:
            raise AnswerError(path, message(Code.NOT_QUESTION, self.language, path=path), Code.NOT_QUESTION)
        if readonly(node):
            raise AnswerError(path, message(Code.READONLY, self.language), Code.READONLY)
        return node

    def value(self, path: str) -> str:
        """The stored value (kept while the node is not relevant; to_xml() leaves it out then)."""
        node = self.node(path)
        return node.value if not node.children else node.string_value()

    def relevant(self, path: str) -> bool:
        return relevant(self.node(path))

    def required(self, path: str) -> bool:
        return self.node(path).state.required

    def readonly(self, path: str) -> bool:
        return readonly(self.node(path))

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
                raise AnswerError("", message(Code.NO_LANGUAGE, self.language, name=language), Code.NO_LANGUAGE)
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
        name = paths.step_name(name)
        parent = self.find(parent_path) if parent_path else self.document
        if parent is None:
            raise AnswerError(path, message(Code.NO_REPEAT, self.language, path=path), Code.NO_REPEAT)
        rpath = f"{parent.state.gpath}/{name}" if parent.state is not None else f"/{name}"
        if rpath not in self.model.templates:
            raise AnswerError(path, message(Code.NO_REPEAT, self.language, path=path), Code.NO_REPEAT)
        return parent, rpath

    def add_repeat(self, path: str) -> int:
        """Append an instance of the repeat at `path` (positional parent path allowed). Returns its 1-based position."""
        parent, rpath = self._repeat_parent(path)
        if rpath in self.model.repeat_counts:
            raise AnswerError(path, message(Code.REPEAT_FIXED, self.language, path=path), Code.REPEAT_FIXED)
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
            raise AnswerError(path, message(Code.REPEAT_FIXED, self.language, path=path), Code.REPEAT_FIXED)
        name = rpath.rsplit("/", 1)[1]
        instances = parent.children_by_name.get(name, [])
        if not 1 <= position <= len(instances):
            raise AnswerError(path, message(Code.NO_REPEAT, self.language, path=f"{path}[{position}]"), Code.NO_REPEAT)
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
        return self.navigator.current()

    def next(self) -> Screen:
        """Move forward, skipping non-relevant questions/groups. Stays put (and returns the
        same screen with problems filled in) when the current screen has a required or
        constraint problem, as ODK Collect does."""
        return self.navigator.next()

    def previous(self) -> Screen:
        return self.navigator.previous()

    def jump(self, path: str) -> Screen:
        """Go to the screen that shows `path` (a question, group or repeat instance)."""
        return self.navigator.jump(path)

    def add_repeat_here(self) -> Screen:
        """On a repeat_prompt screen: add the instance and move into it."""
        return self.navigator.add_repeat_here()

    def question(self, path: str) -> QuestionView:
        return texts.question_view(self, self.node(path))

    def hierarchy(self) -> list[HierarchyItem]:
        return navigation.hierarchy(self)

    def progress(self) -> tuple[int, int]:
        """(answered, relevant questions) for a progress bar."""
        answered = total = 0
        for node in self._question_nodes():
            if not relevant(node):
                continue
            total += 1
            if node.value or node.state.declined:
                answered += 1
        return answered, total

    def _question_nodes(self):
        """Every question node in document order."""
        for node in self.root.iter():
            bind = node.state.bind
            if bind is not None and bind.control is not None and bind.control.kind in ANSWERABLE_KINDS \
                    and not node.children:
                yield node

    # -- finishing -----------------------------------------------------------
    def validate(self) -> list[ValidationProblem]:
        """Every required/constraint problem among relevant questions, in form order."""
        problems: list[ValidationProblem] = []
        for node in self._question_nodes():
            validation.check_constraint(self, node)
            problems.extend(validation.problems_of(self, node))
        return problems

    def to_xml(self) -> str:
        """The instance as ODK submits it: non-relevant nodes left out, meta/instanceID
        (and meta/deprecatedID when edited), the form version on the root."""
        return serialize.to_xml(self)

    def new_version(self) -> "FormSession":
        """A copy for editing a finalized filling: new instanceID, deprecatedID = the old one."""
        state = self.dump()
        copy = FormSession.restore(self.form, state, clock=self.clock)
        copy.properties = dict(self.properties)
        copy.deprecated_id = self.instance_id
        copy.instance_id = f"uuid:{uuid.uuid4()}"
        id_node = copy.find(copy.instance_id_path())
        if id_node is not None:
            id_node.value = copy.instance_id
        return copy
