"""The per-form engine model: instance templates, compiled binds and the triggerable dependency graph.

Built once per Form (and cached for the Form's lifetime), like JavaRosa's
triggerable DAG: every relevant/required/readonly/calculate/constraint
expression is indexed by the nodes it reads and topologically ordered, so a
change re-evaluates only what depends on it, inside the affected repeat instance.
"""

from __future__ import annotations

import heapq
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from fieldapp.xform.engine import exprs
from fieldapp.xform.model.formdef import Action, Bind, Control, Form
from fieldapp.xform.model.gcpause import collector_paused
from fieldapp.xform.model.instance import Node, parse_xml

# Kinds of triggerables; calculate is the only one that changes values others read.
CALCULATE, RELEVANT, REQUIRED, READONLY, CONSTRAINT = "calculate", "relevant", "required", "readonly", "constraint"
# A filtered select's choices: when what the filter reads changes, an answer no longer offered is dropped.
CHOICES = "choices"
_CONDITION_KINDS = (RELEVANT, REQUIRED, READONLY, CONSTRAINT)


@dataclass(eq=False)
class Triggerable:
    """One expression of one bind: evaluated on every concrete node of `target`."""
    kind: str
    target: str                  # generic path of the bound node
    expr: object                 # compiled expression
    source: str                  # expression text (messages)
    reads: frozenset[str]        # generic paths the expression reads
    order: int = 0               # topological position
    spans_instances: bool = False  # reads sibling repeat instances (sum, count, indexed-repeat, predicates...)
    attr: str | None = None      # the target is this attribute of the element at target_segments (entities' @id...)
    in_repeat: bool = True       # the target lies inside a repeat (its nodes come and go)
    target_segments: tuple[str, ...] = ()


@dataclass(eq=False)
class CompiledBind:
    """A bind with its expressions compiled, shared by every node of its path."""
    bind: Bind | None
    type: str                    # effective type: bind type, or select1/select/rank from the control
    relevant: Triggerable | None = None
    required: Triggerable | None = None
    readonly: Triggerable | None = None
    constraint: Triggerable | None = None
    calculate: Triggerable | None = None
    static_required: bool | None = None   # "true()"/"false()" folded at load
    static_readonly: bool | None = None
    control: Control | None = None
    choice_values: frozenset[str] | None = None   # static choices of a select
    is_repeat: bool = False


@dataclass(eq=False)
class ModelCache:
    """What the sessions of one form work out on first use and share afterwards (kept with the FormModel)."""
    # expression text (label outputs, itemset nodesets, setvalue values) -> compiled expression
    expressions: dict[str, object] = field(default_factory=dict)
    # (itemset nodeset, value ref) -> the values of an itemset that reads nothing a filling changes
    static_choice_values: dict[tuple[str, str | None], frozenset[str]] = field(default_factory=dict)
    # (itemset nodeset, value ref, label ref, itext?, language) -> (value, label, media) of a fixed list
    static_choice_items: dict[tuple, list] = field(default_factory=dict)
    # id of such a list -> (the list, its ChoiceViews)
    static_choice_views: dict[int, tuple] = field(default_factory=dict)
    # (generic path of a context, a control's ref) -> child names leading from the context to the ref,
    # or False when the ref does not lie below the context
    ref_steps: dict[tuple[str, str], tuple[str, ...] | bool] = field(default_factory=dict)
    # repeat path -> the <group> wrapped around the repeat (it carries the repeat's label in pyxform forms)
    repeat_wrappers: dict[str, Control] | None = None
    # generic path -> place among the form's questions, in form order (how far through the form a screen is)
    question_order: dict[str, int] | None = None

    def expression(self, text: str):
        """The compiled expression of `text` (compiled on first use)."""
        expr = self.expressions.get(text)
        if expr is None:
            expr = self.expressions[text] = exprs.compile_expression(text)
        return expr


@dataclass(eq=False)
class FormModel:
    """What every session of one form shares."""
    form: Form
    document: Node                                  # the primary instance without repeat templates
    templates: dict[str, Node]                      # repeat generic path -> template subtree
    binds: dict[str, CompiledBind]                  # generic path -> compiled bind
    triggerables: list[Triggerable]                 # in topological order
    dependents: dict[str, list[Triggerable]]        # generic path read -> triggerables reading it
    repeat_counts: dict[str, object] = field(default_factory=dict)   # repeat path -> compiled jr:count
    repeat_count_reads: dict[str, list[str]] = field(default_factory=dict)  # path read -> repeat paths whose count reads it
    cycles: list[list[str]] = field(default_factory=list)
    instance_documents: dict[str, Node] = field(default_factory=dict)   # secondary instances, parsed once
    first_load_actions: list[Action] = field(default_factory=list)
    value_changed: dict[str, list[Action]] = field(default_factory=dict)   # control path -> actions
    new_repeat_actions: dict[str, list[Action]] = field(default_factory=dict)  # repeat path -> actions
    child_order: dict[str, list[str]] = field(default_factory=dict)     # path -> child names in form order
    child_repeats: dict[str, list[str]] = field(default_factory=dict)   # path -> repeat paths directly below
    triggerables_under: dict[str, list[Triggerable]] = field(default_factory=dict)  # repeat path -> its triggerables
    paths_under: dict[str, list[str]] = field(default_factory=dict)     # repeat path -> every path in it
    instance_id_path: str | None = None
    end_paths: list[str] = field(default_factory=list)                  # jr:preload timestamp/end nodes
    counted_inside: dict[str, list[str]] = field(default_factory=dict)  # repeat -> jr:count repeats whose nearest repeat it is
    attribute_paths: list[str] = field(default_factory=list)            # calculated attributes (/data/meta/entity/@id)
    language_dependent: list[Triggerable] = field(default_factory=list)
    compiled: "ModelCache" = field(default_factory=lambda: ModelCache())   # worked out on first use, shared by sessions
    _affected: dict = field(default_factory=dict)   # (changed path) -> [(triggerable, anchor depth)]

    def affected(self, path: str) -> list[tuple[Triggerable, int]]:
        """Triggerables reading `path` or one of its ancestors, each with the depth of the repeat
        instance they share with `path` (0 = the document: every instance of the target)."""
        found = self._affected.get(path)
        if found is None:
            found = []
            seen = set()
            probe = path
            while probe:
                for trig in self.dependents.get(probe, ()):
                    if id(trig) not in seen:
                        seen.add(id(trig))
                        depth = self.anchor_depth(path, trig.target)
                        if depth and trig.spans_instances:
                            # it may read other instances of the shared repeat: re-evaluate it in all of them
                            depth = self.anchor_depth(_parent_path(path, depth), trig.target)
                        found.append((trig, depth))
                probe = probe[:probe.rfind("/")] if probe.count("/") > 1 else ""
            self._affected[path] = found
        return found

    def anchor_depth(self, changed: str, target: str) -> int:
        """Depth (in path segments) of the deepest repeat that holds both paths; 0 when none."""
        a, b = changed.split("/")[1:], target.split("/")[1:]
        best = 0
        prefix = ""
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                break
            prefix += "/" + x
            if prefix in self.form.repeat_paths:
                best = i + 1
        return best


_MODELS: dict[int, tuple] = {}   # id(form) -> (weak reference to the form, its model)
# Models by the form's content hash: the loader's cache hands out a new Form object for the same
# file, and rebuilding the graph for it is most of the time of opening a cached form.
_BY_HASH: "OrderedDict[str, FormModel]" = OrderedDict()
_BY_HASH_SIZE = 8


def model_for(form: Form) -> FormModel:
    """The FormModel of `form`, built on first use and dropped when the Form is (kept a while by content hash)."""
    known = _MODELS.get(id(form))
    if known is not None and known[0]() is form:
        return known[1]
    key = form.content_hash
    model = _BY_HASH.get(key) if key else None
    if model is None or model.form.xform != form.xform:
        with collector_paused():   # the model is hundreds of thousands of objects that all stay alive
            model = build_model(form)
        if key:
            _BY_HASH[key] = model
            while len(_BY_HASH) > _BY_HASH_SIZE:
                _BY_HASH.popitem(last=False)
    elif key:
        _BY_HASH.move_to_end(key)
    _MODELS[id(form)] = (weakref.ref(form), model)
    weakref.finalize(form, _MODELS.pop, id(form), None)
    return model


def adopt(model: FormModel) -> None:
    """Keep a model read back from the form cache, so the first session of its Form need not build it again."""
    key = model.form.content_hash
    if key:
        _BY_HASH[key] = model
        while len(_BY_HASH) > _BY_HASH_SIZE:
            _BY_HASH.popitem(last=False)


_AGGREGATES = frozenset({"sum", "count", "max", "min", "indexed-repeat", "join", "count-non-empty",
                         "distinct-values", "sort", "sort-by", "last", "position"})


def _spans_instances(expr, text: str) -> bool:
    return "[" in text or bool(exprs.function_names(expr) & _AGGREGATES)


def _parent_path(path: str, depth: int) -> str:
    """The path of the parent of `path`'s ancestor at `depth` segments."""
    return "/" + "/".join(path.split("/")[1:depth])


def _generic(node: Node) -> str:
    parts = []
    while node.parent is not None:
        parts.append(node.name)
        node = node.parent
    return "/" + "/".join(reversed(parts))


def build_model(form: Form) -> FormModel:
    """Parse the instance, compile every bind expression, index and order the graph (see model_for)."""
    document = parse_xml(form.instance_xml)
    templates: dict[str, Node] = {}
    _extract_templates(document, "", form.repeat_paths, templates)

    control_by_ref = form.controls_by_ref
    paths = set(form.binds) | set(control_by_ref) | set(templates)
    binds: dict[str, CompiledBind] = {}
    triggerables: list[Triggerable] = []
    for path in _ordered_paths(document, templates, paths):
        bind = form.binds.get(path)
        control = control_by_ref.get(path)
        compiled = CompiledBind(bind=bind, type=_effective_type(bind, control), control=control,
                                is_repeat=path in form.repeat_paths)
        if control is not None and control.kind in ("select1", "select", "rank") and control.itemset is None \
                and control.choices:
            compiled.choice_values = frozenset(c.value for c in control.choices)
        if bind is not None:
            for kind in (CALCULATE, RELEVANT, REQUIRED, READONLY, CONSTRAINT):
                text = getattr(bind, kind)
                if text is None or not text.strip():
                    continue
                if kind in (REQUIRED, READONLY):
                    folded = _fold_boolean(text)
                    if folded is not None:
                        setattr(compiled, "static_" + kind, folded)
                        continue
                expr = exprs.compile_expression(text)
                reads = frozenset(exprs.references(expr, path))
                segments = tuple(path.split("/")[1:])
                attr = None
                if segments and segments[-1].startswith("@"):
                    if kind != CALCULATE:
                        continue   # only calculated attributes mean something (ODK entities)
                    segments, attr = segments[:-1], segments[-1][1:]
                trig = Triggerable(kind, path, expr, text, reads, target_segments=segments,
                                   spans_instances=_spans_instances(expr, text), attr=attr)
                setattr(compiled, kind, trig)
                triggerables.append(trig)
        binds[path] = compiled
        if control is not None and control.kind in ("select1", "select", "rank") and control.itemset is not None:
            trig = _choices_triggerable(path, control)
            if trig is not None:
                triggerables.append(trig)

    for trig in triggerables:
        trig.in_repeat = any(trig.target == r or trig.target.startswith(r + "/") for r in form.repeat_paths)
    ordered, cycles = _topological(triggerables)
    dependents: dict[str, list[Triggerable]] = {}
    for trig in ordered:
        for read in trig.reads:
            dependents.setdefault(read, []).append(trig)

    model = FormModel(form, document, templates, binds, ordered, dependents, cycles=cycles)
    _index_structure(model, document, templates)
    _index_actions(model)
    for instance_id, secondary in form.secondary_instances.items():
        if secondary.xml:
            try:
                model.instance_documents[instance_id] = parse_xml(secondary.xml)
            except Exception:   # a broken attachment: instance('x') reports it when read
                continue
    for trig in ordered:
        if any("itext" in name or "choice-name" in name for name in exprs.function_names(trig.expr)):
            model.language_dependent.append(trig)
    model.attribute_paths = [t.target for t in ordered if t.attr is not None]
    for path, compiled in binds.items():
        b = compiled.bind
        if b is not None and b.preload == "timestamp" and (b.preload_params or "").lower() == "end":
            model.end_paths.append(path)
        if path.endswith("/meta/instanceID") and path.count("/") == 3:
            model.instance_id_path = path
    for control in control_by_ref.values():
        if control.kind == "repeat" and control.repeat_count and control.repeat_count.strip():
            expr = exprs.compile_expression(control.repeat_count)
            model.repeat_counts[control.ref] = expr
            # jr:count is evaluated at the repeat itself (`../n` is a sibling of the repeat)
            for read in exprs.references(expr, control.ref):
                model.repeat_count_reads.setdefault(read, []).append(control.ref)
            owner = max((r for r in form.repeat_paths if control.ref.startswith(r + "/")), key=len, default=None)
            if owner is not None:
                model.counted_inside.setdefault(owner, []).append(control.ref)
    return model


def _choices_triggerable(path: str, control: Control) -> Triggerable | None:
    """The choice filter of a select as a triggerable that writes the select's value (see recalc.apply)."""
    text = control.itemset.nodeset
    if not text.strip():
        return None
    try:
        expr = exprs.compile_expression(text)
    except Exception:   # the loader reports an expression that does not compile
        return None
    reads = frozenset(exprs.references(expr, path)) - {path}
    if not reads:
        return None   # a fixed list: an answer checked against it stays valid
    return Triggerable(CHOICES, path, expr, text, reads, target_segments=tuple(path.split("/")[1:]),
                       spans_instances=_spans_instances(expr, text))


def _extract_templates(node: Node, prefix: str, repeat_paths, templates: dict) -> None:
    """Lift jr:template subtrees out of the instance; a repeat without one uses its first instance."""
    for child in list(node.children):
        path = f"{prefix}/{child.name}"
        if path in repeat_paths:
            if "jr:template" in child.attrs:
                node.remove(child)
                del child.attrs["jr:template"]
                templates.setdefault(path, child)
                _extract_templates(child, path, repeat_paths, templates)
                continue
            if path not in templates:
                template = child.clone()
                _strip_templates(template)
                templates[path] = template
        _extract_templates(child, path, repeat_paths, templates)


def _strip_templates(node: Node) -> None:
    for child in list(node.children):
        if "jr:template" in child.attrs:
            node.remove(child)
        else:
            _strip_templates(child)


def _ordered_paths(document: Node, templates: dict[str, Node], wanted: set[str]) -> list[str]:
    """Paths in document order (templates inlined), then any left over."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: Node, path: str) -> None:
        if path not in seen:
            seen.add(path)
            order.append(path)
        kids = list(node.children)
        names = {c.name for c in kids}
        for child in kids:
            visit(child, f"{path}/{child.name}")
        # a repeat whose instances were all templates still has its template's children
        for rpath, template in templates.items():
            if rpath.rsplit("/", 1)[0] == path and template.name not in names:
                names.add(template.name)
                visit(template, rpath)

    for root in document.children:
        visit(root, "/" + root.name)
    for rpath, template in templates.items():
        if rpath not in seen:
            visit(template, rpath)
    return [p for p in order if p in wanted] + sorted(wanted - seen)


def _effective_type(bind: Bind | None, control: Control | None) -> str:
    if control is not None and control.kind in ("select1", "select", "rank"):
        return control.kind
    if bind is None:
        return "string"
    kind = bind.type or "string"
    kind = kind.rsplit(":", 1)[-1] if kind.startswith(("xsd:", "odk:")) else kind
    return kind


def _fold_boolean(text: str) -> bool | None:
    compact = text.replace(" ", "")
    if compact in ("true()", "1", "true"):
        return True
    if compact in ("false()", "0", "false", ""):
        return False
    return None


def _topological(triggerables: list[Triggerable]) -> tuple[list[Triggerable], list[list[str]]]:
    """Order so that a triggerable runs after every calculation and relevance it reads (Kahn, form order as tie-break).

    Triggerables caught in a cycle (the loader reports cycles; one may still slip
    through) are appended in form order, so evaluation always terminates.
    """
    # What a read depends on: calculations of the node or below it (a group's text), and the
    # relevance of the node, below it or above it (non-relevant nodes read as empty).
    writers: dict[str, list[int]] = {}
    relevance: dict[str, list[int]] = {}
    for i, trig in enumerate(triggerables):
        if trig.kind in (CALCULATE, RELEVANT, CHOICES):
            writers.setdefault(trig.target, []).append(i)
        if trig.kind == RELEVANT:
            relevance.setdefault(trig.target, []).append(i)
    by_prefix = _writers_by_prefix(writers)
    edges: list[list[int]] = [[] for _ in triggerables]
    indegree = [0] * len(triggerables)
    for j, trig in enumerate(triggerables):
        sources: set[int] = set()
        for read in trig.reads:
            sources.update(by_prefix.get(read, ()))
            probe = read[:read.rfind("/")]
            while probe.count("/") >= 1:
                sources.update(relevance.get(probe, ()))
                probe = probe[:probe.rfind("/")]
        sources.discard(j)
        for i in sources:
            edges[i].append(j)
            indegree[j] += 1
    ready = [i for i, d in enumerate(indegree) if d == 0]
    heapq.heapify(ready)
    ordered: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        ordered.append(i)
        for j in edges[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                heapq.heappush(ready, j)
    cycles: list[list[str]] = []
    if len(ordered) < len(triggerables):
        stuck = [i for i in range(len(triggerables)) if indegree[i] > 0]
        cycles.append(sorted({triggerables[i].target for i in stuck}))
        ordered.extend(stuck)
    result = [triggerables[i] for i in ordered]
    for position, trig in enumerate(result):
        trig.order = position
    return result, cycles


def _writers_by_prefix(writers: dict[str, list[int]]) -> dict[str, list[int]]:
    """Calculations indexed by their target and every ancestor of it (reading a group reads its descendants' text)."""
    index: dict[str, list[int]] = {}
    for target, ids in writers.items():
        probe = target
        while probe.count("/") >= 1 and probe:
            index.setdefault(probe, []).extend(ids)
            probe = probe[:probe.rfind("/")]
    return index


def _index_structure(model: FormModel, document: Node, templates: dict[str, Node]) -> None:
    """Child order, repeats per parent, and each repeat's paths and triggerables."""
    def visit(node: Node, path: str) -> None:
        names = model.child_order.setdefault(path, [])
        for child in node.children:
            if child.name not in names:
                names.append(child.name)
            visit(child, f"{path}/{child.name}")
    for root in document.children:
        visit(root, "/" + root.name)
    for rpath, template in sorted(templates.items(), key=lambda kv: kv[0].count("/")):
        parent, name = rpath.rsplit("/", 1)
        names = model.child_order.setdefault(parent, [])
        if name not in names:
            names.append(name)
        visit(template, rpath)
        model.child_repeats.setdefault(parent, []).append(rpath)
    all_paths = list(model.binds) + list(model.child_order)
    for rpath in templates:
        prefix = rpath + "/"
        model.paths_under[rpath] = [rpath] + sorted({p for p in all_paths if p.startswith(prefix)})
        model.triggerables_under[rpath] = [t for t in model.triggerables
                                           if t.target == rpath or t.target.startswith(prefix)]


def _index_actions(model: FormModel) -> None:
    form = model.form
    nested_new_repeat: set[int] = set()

    def walk(controls, repeat: str | None) -> None:
        for control in controls:
            inner = control.ref if control.kind == "repeat" else repeat
            for action in control.actions:
                if "odk-new-repeat" in action.events and control.kind == "repeat":
                    model.new_repeat_actions.setdefault(control.ref, []).append(action)
                    nested_new_repeat.add(id(action))
            walk(control.children, inner)
    walk(form.body, None)
    seen_value_changed: set[int] = set()
    for action in form.actions:
        events = action.events
        if "odk-instance-first-load" in events or "xforms-ready" in events or "odk-instance-load" in events:
            model.first_load_actions.append(action)
        if "xforms-value-changed" in events and action.source and id(action) not in seen_value_changed:
            seen_value_changed.add(id(action))
            model.value_changed.setdefault(action.source, []).append(action)
        if "odk-new-repeat" in events and id(action) not in nested_new_repeat:
            owner = max((r for r in form.repeat_paths if action.ref.startswith(r + "/") or action.ref == r),
                        key=len, default=None)
            if owner is not None:
                model.new_repeat_actions.setdefault(owner, []).append(action)
                nested_new_repeat.add(id(action))
