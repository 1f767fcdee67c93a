"""Our static checks of a parsed form: expressions that do not parse, unknown functions and nodes, cycles, orphan binds.

pyxform (without Java) and a downloaded XForm both let these through, while
ODK Collect refuses the form when it opens it. Each finding names the node
and the form attribute it came from (`relevant`, `calculate`, `jr:count`...),
so the loader can point an XLSForm author at the survey row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterator

from fieldapp.xform.model.errors import Problem
from fieldapp.xform.model.formdef import Control, Form, Output, Text
from fieldapp.xform.messages import Code  # every problem by its code, with its English words
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language


# Bind attributes that decide a node's value or state, and so feed the dependency graph (constraint does not).
GRAPH_ATTRIBUTES = ("calculate", "relevant", "readonly", "required")
BIND_EXPRESSIONS = ("relevant", "required", "readonly", "constraint", "calculate")
CUSTOM_EXPRESSIONS = ("fieldapp:referral",)


@dataclass(frozen=True)
class Finding:
    """A Problem plus the form attribute it concerns ("relevant", "jr:count", "itemset", "label"...)."""
    problem: Problem
    attribute: str | None = None
    warning: bool = False       # reported, but the form still loads
    expression: str | None = None  # the expression as the XForm has it (messages quote it)


@dataclass(frozen=True)
class ExpressionSite:
    """Where an expression lives: its text, the node it is evaluated for, the attribute, the source line."""
    expression: str
    context: str
    attribute: str
    line: int | None = None


def check_form(form: Form, instance_paths: frozenset[str]) -> list[Finding]:
    """Every finding for `form` (empty when it is sound)."""
    try:
        return _check_form(form, instance_paths)
    finally:
        _REFERENCES_SEEN.clear()


def _check_form(form: Form, instance_paths: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
    findings += check_nodes(form, instance_paths)
    findings += check_action_targets(form)
    reads = {}
    xpath = _xpath_api()
    if xpath is None:  # the XPath engine is not importable: only the structural checks can run
        return findings
    seen_sites = set()
    for site in expression_sites(form):
        key = (site.expression, site.context, site.attribute)
        if key in seen_sites:  # the same output in every language is checked once
            continue
        seen_sites.add(key)
        compiled, site_findings = check_expression(site, form, instance_paths, xpath)
        findings += site_findings
        if compiled is not None and site.attribute in GRAPH_ATTRIBUTES:
            reads[(site.context, site.attribute)] = compiled
    findings += check_cycles(form, instance_paths, reads)
    return findings


# -- nodes -------------------------------------------------------------------

def check_nodes(form: Form, instance_paths: frozenset[str]) -> list[Finding]:
    """Binds and controls must point at nodes of the primary instance."""
    findings = []
    for path, bind in form.binds.items():
        if _plain(path) and path not in instance_paths:
            # A bind that only declares a type is ignored (JavaRosa warns); one that would compute,
            # preload or constrain a value that can never be stored is an error.
            acts = any((bind.calculate, bind.relevant, bind.required, bind.readonly, bind.constraint, bind.preload))
            findings.append(Finding(Problem(
                Code.BIND_UNKNOWN_NODE, Code.BIND_UNKNOWN_NODE.say(path=path)
                + ("." if acts else _("; it is ignored.")),
                line=bind.line, path=path, hint=_("Add the node to the <instance> or remove the bind.")), "nodeset",
                warning=not acts))
    for control in _walk(form.body):
        if control.ref and _plain(control.ref) and control.ref not in instance_paths:
            findings.append(Finding(Problem(
                Code.CONTROL_UNKNOWN_NODE, Code.CONTROL_UNKNOWN_NODE.say(kind=control.kind, ref=control.ref), line=control.line, path=control.ref,
                hint=_("Add the node to the <instance> or fix the ref.")), "ref", warning=True))
    for action in form.actions:
        if _plain(action.ref) and action.ref not in instance_paths:
            findings.append(Finding(Problem(
                Code.ACTION_UNKNOWN_NODE, Code.ACTION_UNKNOWN_NODE.say(kind=action.kind, ref=action.ref),
                line=action.line, path=action.ref), "ref"))
    return findings


def check_action_targets(form: Form) -> list[Finding]:
    """A setvalue fired by a question outside a repeat, setting a field inside it, sets nothing once the
    repeat has two instances (JavaRosa: "nodeset has more than one node"): warn where it can be seen."""
    findings = []
    for action in form.actions:
        if action.kind != "setvalue" or not _plain(action.ref) or "xforms-value-changed" not in action.events:
            continue
        context = action.source or ""
        crossed = [r for r in form.repeat_paths
                   if action.ref.startswith(r + "/") and not (context == r or context.startswith(r + "/"))]
        if not crossed:
            continue
        repeat = min(crossed, key=len)
        findings.append(Finding(Problem(
            Code.ACTION_SEVERAL_TARGETS,
            _("The setvalue sets {ref} inside the repeat {repeat} from outside it: with more than one instance "
              "it sets nothing.").format(ref=action.ref, repeat=repeat),
            line=action.line, path=action.ref,
            hint=_("Say which instance, e.g. {example}.").format(example=repeat + "[1]" + action.ref[len(repeat):])),
            "ref", warning=True))
    return findings


def _plain(path: str) -> bool:
    return path.startswith("/") and "[" not in path and "(" not in path


# -- expressions -------------------------------------------------------------

def expression_sites(form: Form) -> Iterator[ExpressionSite]:
    """Every XPath expression in the form with the node it belongs to."""
    for path, bind in form.binds.items():
        for attribute in BIND_EXPRESSIONS:
            expression = getattr(bind, attribute)
            if expression and expression.strip():
                yield ExpressionSite(expression, path, attribute, bind.line)
        for attribute in CUSTOM_EXPRESSIONS:
            expression = bind.extra.get(attribute)
            if expression and expression.strip():
                yield ExpressionSite(expression, path, attribute, bind.line)
        for attribute, text in (("required_msg", bind.required_msg), ("constraint_msg", bind.constraint_msg)):
            yield from _text_sites(text, path, attribute, bind.line)
    for control in _walk(form.body):
        context = control.ref or f"/{form.root_name}"
        if control.repeat_count:
            yield ExpressionSite(control.repeat_count, context, "jr:count", control.line)
        if control.itemset is not None and control.itemset.nodeset:
            yield ExpressionSite(control.itemset.nodeset, context, "itemset", control.line)
        yield from _text_sites(control.label, context, "label", control.line)
        yield from _text_sites(control.hint, context, "hint", control.line)
    for action in form.actions:
        if action.value and action.value.strip():
            attribute = "trigger" if "xforms-value-changed" in action.events else "default"
            yield ExpressionSite(action.value, action.ref, attribute, action.line)
    for language, entries in form.translations.items():
        for text_id, forms in entries.items():
            # pyxform names itext ids after the node ("/data/q:label"): outputs resolve from that node.
            context = text_id.split(":", 1)[0] if text_id.startswith("/") else f"/{form.root_name}"
            attribute = "hint" if text_id.endswith(":hint") else "label"
            for parts in forms.forms.values():
                for part in parts:
                    if isinstance(part, Output):
                        yield ExpressionSite(part.value, context, attribute)


def _text_sites(text: Text | None, context: str, attribute: str, line: int | None) -> Iterator[ExpressionSite]:
    if text is None:
        return
    for part in text.parts:
        if isinstance(part, Output):
            yield ExpressionSite(part.value, context, attribute, line)
    if text.itext_expr:
        yield ExpressionSite(text.itext_expr, context, attribute, line)


def shown_expression(text: str) -> str:
    """An expression as messages quote it: on one line, and only its start when it is very long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 300 else flat[:300] + "…"


def check_expression(site: ExpressionSite, form: Form, instance_paths: frozenset[str], xpath) -> tuple[object, list[Finding]]:
    """Compile one expression; findings for syntax errors, unknown functions and references to missing nodes."""
    compiled, findings = _check_expression(site, form, instance_paths, xpath)
    return compiled, [replace(f, expression=site.expression) for f in findings]


def _check_expression(site: ExpressionSite, form: Form, instance_paths: frozenset[str], xpath) -> tuple[object, list[Finding]]:
    findings: list[Finding] = []
    shown = shown_expression(site.expression)
    try:
        compiled = xpath.compile(site.expression)
    except xpath.XPathSyntaxError as err:
        position = getattr(err, "position", None)
        where = _(" at position {position}").format(position=position + 1) if isinstance(position, int) else ""
        detail = getattr(err, "message", str(err))
        findings.append(Finding(Problem(
            Code.EXPRESSION_SYNTAX, Code.EXPRESSION_SYNTAX.say(attribute=site.attribute, shown=shown, where=where, detail=detail),
            line=site.line, path=site.context, hint=_("Check brackets, quotes and operators (and, or, =, !=).")),
            site.attribute))
        return None, findings
    except xpath.XPathError as err:  # e.g. a construct ODK does not support, refused at compile time
        findings.append(Finding(Problem(
            Code.EXPRESSION_UNSUPPORTED, Code.EXPRESSION_UNSUPPORTED.say(attribute=site.attribute, shown=shown, reason=getattr(err, 'message', err)),
            line=site.line, path=site.context), site.attribute))
        return None, findings
    unknown = sorted(name for name in _function_names(compiled) if name not in xpath.supported)
    for name in unknown:
        findings.append(Finding(Problem(
            Code.UNKNOWN_FUNCTION, Code.UNKNOWN_FUNCTION.say(attribute=site.attribute, shown=shown, name=name),
            line=site.line, path=site.context, hint=_("See the function list of the ODK XForms spec.")), site.attribute))
    for instance_id in sorted(set(_INSTANCE_CALL.findall(site.expression))):
        if instance_id not in form.secondary_instances:
            findings.append(Finding(Problem(
                Code.UNKNOWN_INSTANCE,
                Code.UNKNOWN_INSTANCE.say(attribute=site.attribute, shown=shown, instance_id=instance_id),
                line=site.line, path=site.context,
                hint=_("Declare it in the model (<instance id=\"{instance_id}\" src=\"jr://file-csv/{instance_id}.csv\"/>) "
                       "or fix the name.").format(instance_id=instance_id)), site.attribute))
    written_absolute = None
    for read in sorted(_references(compiled, site.context)):
        node = _strip_predicates(read)
        in_main = node == f"/{form.root_name}" or node.startswith(f"/{form.root_name}/")
        if in_main and _plain(node) and node not in instance_paths and not _is_attribute_of_known(node, instance_paths):
            # ${name} becomes an absolute path, so a missing absolute node is an author's slip; a relative
            # one (a bare word such as null) only ever reads as empty in ODK Collect, so it is a warning.
            if written_absolute is None:  # only worked out for the rare expression that misses a node
                written_absolute = _absolute_references(compiled)
            relative = _strip_predicates(read) not in written_absolute
            findings.append(Finding(Problem(
                Code.UNKNOWN_REFERENCE, Code.UNKNOWN_REFERENCE.say(attribute=site.attribute, shown=shown, node=node)
                + (_(" (it will read as empty).") if relative else "."),
                line=site.line, path=site.context, hint=_("Check the question name (names are case-sensitive).")),
                site.attribute, warning=relative))
    return compiled, findings


# A context no form has, deep enough that ../.. steps stay inside it.
_NOWHERE = "/" + "/".join(["\u2400"] * 32)


def _absolute_references(compiled) -> set[str]:
    """The references written as absolute paths: those that do not move when the context does."""
    return {_strip_predicates(r) for r in _references(compiled, _NOWHERE) if not r.startswith("/\u2400")}


def syntax_error_in(text: str) -> tuple[int, str] | None:
    """(1-based position, reason) of the first syntax error in an XLSForm cell, `${name}` allowed; None when it reads."""
    xpath = _xpath_api()
    if xpath is None:
        return None
    # ${name} becomes a path of the same length, so positions stay those of the author's own text.
    stand_in = re.sub(r"\$\{[^}]*\}", lambda m: "/" + "x" * (len(m.group(0)) - 1), text)
    try:
        xpath.compile(stand_in)
    except xpath.XPathSyntaxError as err:
        position = getattr(err, "position", 0) or 0
        return position + 1, getattr(err, "message", str(err))
    except xpath.XPathError:
        return None
    return None


def _is_attribute_of_known(node: str, instance_paths: frozenset[str]) -> bool:
    # Attributes such as @jr:template or @id may be read without being declared on every node.
    head, _, last = node.rpartition("/")
    return last.startswith("@") and head in instance_paths


_PREDICATE = re.compile(r"\[[^\[\]]*\]")
_INSTANCE_CALL = re.compile(r"\binstance\(\s*['\"]([^'\"]+)['\"]\s*\)")


def _strip_predicates(path: str) -> str:
    if "[" not in path:
        return path
    previous = None
    while previous != path:
        previous, path = path, _PREDICATE.sub("", path)
    return path


# -- cycles ------------------------------------------------------------------

def check_cycles(form: Form, instance_paths: frozenset[str], compiled: dict) -> list[Finding]:
    """Calculation/relevance cycles: each strongly connected component of "node -> nodes it reads", named."""
    graph: dict[str, set[str]] = {}
    attribute_of: dict[str, str] = {}
    descendants = _descendants_index(instance_paths)
    for (context, attribute), expression in compiled.items():
        reads = {_strip_predicates(r) for r in _references(expression, context)}
        reads = {r for r in reads if r.startswith("/")}
        if not reads:
            continue
        targets = [context]
        if attribute == "relevant":
            # A group's relevance applies to everything inside it, as in JavaRosa.
            targets += descendants.get(context, ())
        for target in targets:
            graph.setdefault(target, set()).update(reads)
            attribute_of.setdefault(target, attribute)
    # Only nodes that read something can sit on a cycle: leave the others out of the search.
    graph = {node: reads & graph.keys() for node, reads in graph.items()}
    findings = []
    for component in _strongly_connected(graph):
        ordered = sorted(component)
        first = ordered[0]
        if len(ordered) == 1 and first not in graph.get(first, ()):
            continue
        bind = form.binds.get(first)
        if len(ordered) == 1:
            message = _("{first} depends on itself (its {attribute} reads its own value).").format(
                first=first, attribute=attribute_of.get(first, "expression"))
            hint = _("Make it compute from other answers than its own value.")
        else:
            message = _("These nodes depend on each other in a cycle (calculation/relevance): {names}.").format(
                names=", ".join(ordered))
            hint = _("Make one of them stop reading the others, e.g. compute it from answers entered earlier.")
        findings.append(Finding(Problem(Code.CYCLE, message, line=bind.line if bind else None, path=first, hint=hint),
                                attribute_of.get(first)))
    return findings


def _descendants_index(instance_paths: frozenset[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for path in instance_paths:
        if "/@" in path:
            continue
        parent = path.rsplit("/", 1)[0]
        while parent.count("/") >= 1 and parent:
            index.setdefault(parent, []).append(path)
            parent = parent.rsplit("/", 1)[0]
    return index


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (forms can nest deeper than Python's recursion limit allows)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for start in list(graph):
        if start in index:
            continue
        work = [(start, iter(graph.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


# -- the XPath engine, through its public API --------------------------------

class _XPathApi:
    """The XPath engine's compile/errors/function list, resolved once."""

    def __init__(self):
        from fieldapp.xform import xpath
        from fieldapp.xform.xpath.errors import XPathError, XPathSyntaxError

        self.compile = xpath.compile
        self.XPathError = XPathError
        self.XPathSyntaxError = XPathSyntaxError
        self.supported = frozenset(xpath.supported_functions())


_API: _XPathApi | None = None


def _xpath_api() -> _XPathApi | None:
    global _API
    if _API is None:
        try:
            _API = _XPathApi()
        except (ImportError, AttributeError):
            return None
    return _API


def _function_names(compiled) -> set[str]:
    return set(compiled.function_names())


_REFERENCES_SEEN: dict = {}


def _references(compiled, context: str) -> set[str]:
    # Each (expression, node) pair is read twice (its own checks, then the cycle graph): remember it.
    key = (compiled, context)
    found = _REFERENCES_SEEN.get(key)
    if found is None:
        if len(_REFERENCES_SEEN) > 50_000:
            _REFERENCES_SEEN.clear()
        found = _REFERENCES_SEEN[key] = frozenset(compiled.references(context))
    return found


def _walk(controls: tuple[Control, ...]) -> Iterator[Control]:
    for control in controls:
        yield control
        yield from _walk(control.children)


# -- itemsets --------------------------------------------------------------------

_ITEMSET_SOURCE = re.compile(r"^\s*instance\(\s*['\"]([^'\"]+)['\"]\s*\)((?:/[^/]+)+?)\s*$")
_NAME_STEPS = re.compile(r"^[A-Za-z_][\w.\-:]*(?:/[A-Za-z_][\w.\-:]*)*$")


def check_itemsets(form: Form, secondary: dict) -> list[Finding]:
    """An itemset's label and value must exist in the first item of its instance, as JavaRosa checks
    (FormInstanceParser: "<label> node for itemset doesn't exist!"); lists not attached are not checked."""
    findings = []
    firsts: dict[str, object] = {}
    for control in _walk(form.body):
        itemset = control.itemset
        if itemset is None:
            continue
        match = _ITEMSET_SOURCE.match(itemset.nodeset)
        if match is None:
            continue
        instance = secondary.get(match.group(1))
        if instance is None or not instance.xml:
            continue
        steps = tuple(re.sub(r"\[.*\]$", "", step).strip() for step in match.group(2).split("/")[1:])
        key = (match.group(1), steps)
        if key not in firsts:
            firsts[key] = _first_item(instance.xml, steps)
        item = firsts[key]
        if item is None:
            continue   # an empty list: nothing to check against
        for code, role, ref in (("itemset_label_missing", "label", itemset.label_ref),
                                ("itemset_value_missing", "value", itemset.value_ref)):
            ref = ref.strip()
            if not _NAME_STEPS.match(ref) or _has_path(item, ref):
                continue
            findings.append(Finding(Problem(
                code, _("The choices' {role} '{ref}' is not in the first item of instance('{instance}').")
                .format(role=role, ref=ref, instance=match.group(1)),
                line=control.line, path=control.ref,
                hint=_("Fix the <{role} ref> of the <itemset>, or the list's column names.").format(role=role)),
                "itemset"))
            break   # JavaRosa stops at the first one
    return findings


def _first_item(xml: str, steps: tuple[str, ...]):
    """The first element at `steps` (the root's name first), an ElementTree element; None when absent.

    Reading stops at the end of that element: a list of 200,000 choices is not read whole for this."""
    import io
    import xml.etree.ElementTree as ElementTree
    path: list[str] = []
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(xml.encode("utf-8")), events=("start", "end")):
            if event == "start":
                path.append(element.tag.rsplit("}", 1)[-1])
                continue
            if tuple(path) == steps:
                return element
            path.pop()
    except ElementTree.ParseError:
        return None
    return None


def _has_path(element, ref: str) -> bool:
    for name in ref.split("/"):
        found = None
        for child in element:
            if child.tag.rsplit("}", 1)[-1] == name.rsplit(":", 1)[-1]:
                found = child
                break
        if found is None:
            return False
        element = found
    return True
