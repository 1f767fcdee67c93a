"""Compiles a syntax tree into nested Python closures `fn(ctx) -> value`, each paired with its static type.

Types let the compiler choose conversions once, at compile time: a comparison
of a path with a number compiles to "unpack, to_number, compare" without any
per-evaluation type dispatch.
"""

from __future__ import annotations

import itertools
import math
import operator

from . import ast
from .context import AttrNode
from .errors import XPathError, XPathTypeMismatch, XPathUnsupported
from .values import NAN, string_to_number, to_boolean, to_number, to_string, unpack_nodes

# Static result kinds.
NUMBER, STRING, BOOLEAN, NODESET, DATE, ANY = "number", "string", "boolean", "nodeset", "date", "any"


class Compiled:
    """A compiled sub-expression: the closure, its static kind, and its syntax node.

    `value`, when set, is a faster closure giving the unpacked single value of a
    node-set (simple paths such as /data/age or ../age read without building lists).
    """
    __slots__ = ("fn", "kind", "node", "value")

    def __init__(self, fn, kind: str, node: ast.Node, value=None):
        self.fn = fn
        self.kind = kind
        self.node = node
        self.value = value


# -- conversions chosen at compile time --------------------------------------------
def as_value(c: Compiled):
    """fn(ctx) -> an unpacked value (node-sets read as their single node's value)."""
    fn = c.fn
    if c.value is not None:
        return c.value
    if c.kind == NODESET:
        return lambda ctx: unpack_nodes(fn(ctx), ctx.read_value)
    return fn


def as_string(c: Compiled):
    fn = c.fn
    if c.kind == STRING:
        return fn
    if c.value is not None:
        value = c.value

        def string_of(ctx):
            v = value(ctx)
            return v if type(v) is str else to_string(v)
        return string_of
    if c.kind == NODESET:
        return lambda ctx: to_string(unpack_nodes(fn(ctx), ctx.read_value))
    return lambda ctx: to_string(fn(ctx))


def as_number(c: Compiled):
    fn = c.fn
    if c.kind == NUMBER:
        return fn
    if c.value is not None:
        value = c.value

        def number_of(ctx):
            v = value(ctx)
            if type(v) is str:
                return string_to_number(v)
            return v if type(v) is float else to_number(v)
        return number_of
    if c.kind == NODESET:
        return lambda ctx: to_number(unpack_nodes(fn(ctx), ctx.read_value))
    return lambda ctx: to_number(fn(ctx))


def as_boolean(c: Compiled):
    fn = c.fn
    if c.kind == BOOLEAN:
        return fn
    if c.value is not None:
        value = c.value
        return lambda ctx: to_boolean(value(ctx))
    if c.kind == NODESET:
        return lambda ctx: to_boolean(unpack_nodes(fn(ctx), ctx.read_value))
    return lambda ctx: to_boolean(fn(ctx))


def as_nodeset(c: Compiled, what: str = "this argument"):
    fn = c.fn
    if c.kind == NODESET:
        return fn

    def checked(ctx):
        value = fn(ctx)
        if type(value) is not list:
            raise XPathTypeMismatch(f"{what} must be a node-set")
        return value
    return checked


# -- operators ------------------------------------------------------------------
def _divide(a: float, b: float) -> float:
    if b == 0:
        if a != a or a == 0:
            return NAN
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _modulo(a: float, b: float) -> float:
    if b == 0 or a != a or b != b or a in (math.inf, -math.inf):
        return NAN
    return math.fmod(a, b)  # Java's %: the sign follows the dividend


_ARITHMETIC = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "div": _divide,
    "mod": _modulo,
}

_ADDITIVE = ("+", "-")
_MULTIPLICATIVE = ("*", "div", "mod")

_RELATIONAL = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def values_equal(a, b) -> bool:
    """JavaRosa's = on unpacked values: booleans win, then numbers (within 1e-12), else strings."""
    ta, tb = type(a), type(b)
    if ta is bool or tb is bool:
        return to_boolean(a) == to_boolean(b)
    if ta is float or tb is float:
        return abs(to_number(a) - to_number(b)) < 1e-12
    return to_string(a) == to_string(b)


class Compiler:
    """Compiles one expression's tree; `functions` is the registry (name -> Function)."""

    def __init__(self, text: str, functions: dict):
        self.text = text
        self.functions = functions
        # True while compiling predicates over secondary-instance nodes (itemset filters): relative
        # paths there read choices, which have no relevance, so the relevance hook is skipped.
        self.in_secondary = False
        # Inside a predicate, sub-expressions that do not read the candidate node are computed
        # once per predicate application (e.g. current()/../state in an itemset filter).
        self.hoisting = False
        self.hoisted = False

    def _steps(self, steps: list[ast.Step], secondary: bool):
        saved = self.in_secondary
        self.in_secondary = secondary
        try:
            return _chain_steps([self.compile_step(step) for step in steps])
        finally:
            self.in_secondary = saved

    def compile(self, node: ast.Node) -> Compiled:
        method = getattr(self, "c_" + type(node).__name__)
        if self.hoisting and not self.hoisted and not isinstance(node, (ast.Number, ast.String)) \
                and not depends_on_context(node):
            self.hoisted = True
            try:
                compiled = method(node)
            finally:
                self.hoisted = False
            compiled.fn = _once_per_loop(compiled.fn)
            if compiled.value is not None:
                compiled.value = _once_per_loop(compiled.value)
            return compiled
        return method(node)

    # -- literals -------------------------------------------------------------
    def c_Number(self, node: ast.Number) -> Compiled:
        value = float(node.value)
        return Compiled(lambda ctx: value, NUMBER, node)

    def c_String(self, node: ast.String) -> Compiled:
        value = node.value
        return Compiled(lambda ctx: value, STRING, node)

    def c_Variable(self, node: ast.Variable) -> Compiled:
        name = node.name

        def variable(ctx):
            if name in ctx.variables:
                return ctx.variables[name]
            raise XPathUnsupported(f"variables are not supported (${name})")
        return Compiled(variable, ANY, node)

    # -- operators -------------------------------------------------------------
    def c_Negate(self, node: ast.Negate) -> Compiled:
        operand = as_number(self.compile(node.operand))
        return Compiled(lambda ctx: -operand(ctx), NUMBER, node)

    def c_Binary(self, node: ast.Binary) -> Compiled:
        op = node.op
        if op in ("or", "and"):
            return self._logical_chain(node, op)
        if op in _ARITHMETIC:
            first, rest = ast.left_chain(node, _ADDITIVE if op in _ADDITIVE else _MULTIPLICATIVE)
            if len(rest) > 1:
                return self._arithmetic_chain(node, first, rest)
        left = self.compile(node.left)
        right = self.compile(node.right)
        if op in ("=", "!="):
            return self._equality(node, left, right, op == "=")
        if op in _RELATIONAL:
            compare = _RELATIONAL[op]
            lf, rf = as_number(left), as_number(right)
            if right.kind == NUMBER and isinstance(node.right, ast.Number):
                constant = float(node.right.value)
                return Compiled(lambda ctx: compare(lf(ctx), constant), BOOLEAN, node)
            return Compiled(lambda ctx: compare(lf(ctx), rf(ctx)), BOOLEAN, node)
        if op in _ARITHMETIC:
            operate = _ARITHMETIC[op]
            lf, rf = as_number(left), as_number(right)
            return Compiled(lambda ctx: operate(lf(ctx), rf(ctx)), NUMBER, node)
        if op == "|":
            def union(ctx):
                raise XPathUnsupported("the union operator '|' is not supported", self.text)
            return Compiled(union, NODESET, node)
        raise XPathError(f"unknown operator {op}", self.text)

    def _logical_chain(self, node: ast.Binary, op: str) -> Compiled:
        """a or b or c... as one loop (short-circuit), not nested closures that could exhaust the stack."""
        first, rest = ast.left_chain(node, (op,))
        parts = [as_boolean(self.compile(first))] + [as_boolean(self.compile(operand)) for _, operand in rest]
        if len(parts) == 2:
            lf, rf = parts
            if op == "or":
                return Compiled(lambda ctx: lf(ctx) or rf(ctx), BOOLEAN, node)
            return Compiled(lambda ctx: lf(ctx) and rf(ctx), BOOLEAN, node)
        if op == "or":
            def any_true(ctx):
                for part in parts:
                    if part(ctx):
                        return True
                return False
            return Compiled(any_true, BOOLEAN, node)

        def all_true(ctx):
            for part in parts:
                if not part(ctx):
                    return False
            return True
        return Compiled(all_true, BOOLEAN, node)

    def _arithmetic_chain(self, node: ast.Binary, first: ast.Node, rest: list) -> Compiled:
        """a + b - c + ... folded left to right in one loop."""
        start = as_number(self.compile(first))
        steps = [(_ARITHMETIC[op], as_number(self.compile(operand))) for op, operand in rest]

        def fold(ctx):
            value = start(ctx)
            for operate, operand in steps:
                value = operate(value, operand(ctx))
            return value
        return Compiled(fold, NUMBER, node)

    def _equality(self, node, left: Compiled, right: Compiled, equal: bool) -> Compiled:
        lf, rf = as_value(left), as_value(right)
        # Fast path for the common `${q} = 'yes'`: a string constant against a node's text.
        if right.kind == STRING and isinstance(node.right, ast.String) and left.kind == NODESET:
            constant = node.right.value

            def eq_const(ctx):
                value = lf(ctx)
                if type(value) is str:
                    return (value == constant) is equal
                return values_equal(value, constant) is equal
            return Compiled(eq_const, BOOLEAN, node)
        if equal:
            return Compiled(lambda ctx: values_equal(lf(ctx), rf(ctx)), BOOLEAN, node)
        return Compiled(lambda ctx: not values_equal(lf(ctx), rf(ctx)), BOOLEAN, node)

    # -- function calls -----------------------------------------------------------
    def c_Call(self, node: ast.Call) -> Compiled:
        from .functions import compile_call
        return compile_call(self, node)

    # -- filters and paths ------------------------------------------------------
    def c_Filter(self, node: ast.Filter) -> Compiled:
        # JavaRosa evaluates no filter expression with predicates, such as (a)[2].
        def unsupported(ctx):
            raise XPathUnsupported("predicates on a parenthesised expression are not supported", self.text)
        return Compiled(unsupported, NODESET, node)

    def c_Path(self, node: ast.Path) -> Compiled:
        unsupported = _unsupported_reason(node.steps)
        if unsupported:
            text = self.text

            def refuse(ctx):
                raise XPathUnsupported(unsupported, text)
            return Compiled(refuse, NODESET, node)
        text = self.text
        if node.head is not None:
            head = self._path_head(node.head)
            secondary = isinstance(node.head, ast.Call) and node.head.name == "instance"
            walk = self._steps(node.steps, secondary)
            if secondary:
                # Secondary instances have no relevance: no filtering.
                return Compiled(lambda ctx: walk(ctx, head(ctx)), NODESET, node)
            nodes_fn = _relevant_only(lambda ctx: walk(ctx, head(ctx)))
            moves = _simple_moves(node.steps)
            value_fn = None
            if moves is not None and isinstance(node.head, ast.Call) and node.head.name == "current":
                value_fn = _relative_value(moves, nodes_fn, text, start="current")
            return Compiled(nodes_fn, NODESET, node, value_fn)
        if node.absolute:
            # Leading plain child steps can inherit the context's repeat positions; the rest walk normally.
            plain = 0
            while plain < len(node.steps) and _plain_names(node.steps[plain:plain + 1]) is not None:
                plain += 1
            names = _plain_names(node.steps[:plain]) or []
            rest = self._steps(node.steps[plain:], False)
            has_rest = plain < len(node.steps)
            nodes_fn = _relevant_only(_absolute_path(names, rest if has_rest else None, text))
            value_fn = None if has_rest else _absolute_value(names, nodes_fn, text)
            return Compiled(nodes_fn, NODESET, node, value_fn)
        secondary = self.in_secondary
        walk = self._steps(node.steps, secondary)

        def relative(ctx):
            start = ctx.node
            if start is None:
                raise XPathError("there is no context node for a relative path", text)
            return walk(ctx, [start])
        nodes_fn = relative if secondary else _relevant_only(relative)
        moves = _simple_moves(node.steps)
        value_fn = _relative_value(moves, nodes_fn, text, secondary) if moves is not None else None
        return Compiled(nodes_fn, NODESET, node, value_fn)

    def _path_head(self, head: ast.Node):
        """The node-set a path continues from: instance('id') or current(), as JavaRosa allows."""
        if isinstance(head, ast.Call) and head.name in ("instance", "current"):
            compiled = self.compile(head)
            return compiled.fn
        text = self.text

        def unsupported(ctx):
            raise XPathUnsupported("a path may only continue from instance() or current()", text)
        return unsupported

    def compile_step(self, step: ast.Step):
        """A function (ctx, nodes) -> nodes for one location step with its predicates."""
        axis = step.axis
        test = step.test
        predicates = [self.compile_predicate(p) for p in step.predicates]
        text = self.text
        if axis == "child":
            if test[0] == "name":
                name = test[1].split(":", 1)[1] if ":" in test[1] else test[1]

                def candidates(node):
                    found = node.children_by_name.get(name)
                    return list(found) if found else []
            elif test[0] in ("any", "node"):
                def candidates(node):
                    return list(node.children)
            else:
                return _unsupported_step(f"the node test {_test_text(test)} is not supported", text)
        elif axis == "attribute":
            if test[0] == "name":
                name = test[1]
                local = name.split(":", 1)[1] if ":" in name else None

                def candidates(node):
                    attrs = node.attrs if not isinstance(node, AttrNode) else {}
                    if name in attrs:
                        return [AttrNode(name, attrs[name], node)]
                    if local is not None and local in attrs:
                        return [AttrNode(local, attrs[local], node)]
                    return []
            elif test[0] in ("any", "node"):
                def candidates(node):
                    if isinstance(node, AttrNode):
                        return []
                    return [AttrNode(k, v, node) for k, v in node.attrs.items()]
            else:
                return _unsupported_step(f"the node test {_test_text(test)} is not supported", text)
        elif axis == "self":
            if test[0] in ("node", "any"):
                candidates = None
            elif test[0] == "name":
                name = test[1].split(":", 1)[-1]

                def candidates(node):
                    return [node] if node.name == name else []
            else:
                return _unsupported_step(f"the node test {_test_text(test)} is not supported", text)
        elif axis == "parent":
            if test[0] in ("node", "any"):
                def candidates(node):
                    return [node.parent] if node.parent is not None else []
            elif test[0] == "name":
                name = test[1].split(":", 1)[-1]

                def candidates(node):
                    parent = node.parent
                    return [parent] if parent is not None and parent.name == name else []
            else:
                return _unsupported_step(f"the node test {_test_text(test)} is not supported", text)
        else:
            return _unsupported_step(f"the {axis} axis is not supported", text)

        if candidates is None and not predicates:
            return lambda ctx, nodes: nodes
        if candidates is None:
            def candidates(node):
                return [node]

        if not predicates:
            if axis == "parent":
                def parent_step(ctx, nodes):
                    if len(nodes) == 1:
                        return candidates(nodes[0])
                    return _unique(n for node in nodes for n in candidates(node))
                return parent_step

            def plain_step(ctx, nodes):
                if len(nodes) == 1:
                    return candidates(nodes[0])
                out = []
                for node in nodes:
                    out.extend(candidates(node))
                return out
            return plain_step

        def filtered_step(ctx, nodes):
            out = []
            for node in nodes:
                found = candidates(node)
                for predicate in predicates:
                    if not found:
                        break
                    found = predicate(ctx, found)
                out.extend(found)
            return _unique(out) if axis == "parent" and len(nodes) > 1 else out
        return filtered_step

    def compile_predicate(self, expr: ast.Node):
        """A function (ctx, nodes) -> the nodes the predicate keeps, with XPath 1.0's rules: a number
        selects that position, a node-set keeps the candidate when not empty, anything else is
        converted to a boolean. (JavaRosa honours only boolean predicates: /data/r[2] and
        /data/r[child] select nothing in Collect; we keep the standard meaning.)"""
        if isinstance(expr, ast.Number):
            index = expr.value

            def by_position(ctx, nodes):
                if index == int(index) and 1 <= index <= len(nodes):
                    return [nodes[int(index) - 1]]
                return []
            return by_position
        saved_flags = self.hoisting, self.hoisted
        self.hoisting, self.hoisted = True, False
        try:
            compiled = self.compile(expr)
        finally:
            self.hoisting, self.hoisted = saved_flags
        fn = compiled.fn
        kind = compiled.kind
        boolean = kind == BOOLEAN

        def keep(ctx, nodes):
            saved = ctx.node, ctx.position, ctx.size, ctx.loop
            size = len(nodes)
            ctx.size = size
            ctx.loop = next(_loop_ids)
            out = []
            try:
                for position, node in enumerate(nodes, 1):
                    ctx.node = node
                    ctx.position = position
                    value = fn(ctx)
                    if boolean:
                        if value:
                            out.append(node)
                        continue
                    if type(value) is list:
                        # XPath 1.0: a node-set keeps the candidate when it is not empty ([child]).
                        # (JavaRosa keeps only candidates whose predicate is a boolean true.)
                        if value:
                            out.append(node)
                        continue
                    if type(value) is float:
                        if value == position:
                            out.append(node)
                    elif to_boolean(value):
                        out.append(node)
            finally:
                ctx.node, ctx.position, ctx.size, ctx.loop = saved
            return out
        return keep


_loop_ids = itertools.count(1)
_CONTEXT_FUNCTIONS = frozenset({"position", "last", "string-length", "normalize-space", "name", "local-name"})
_UNCACHEABLE = frozenset({"now", "today", "random", "uuid", "randomize"})


def depends_on_context(node: ast.Node) -> bool:
    """Whether the value may change with the context node or position (`.`, relative paths, position()...).
    Predicates of steps have their own context and do not count."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Path):
            if current.head is not None:
                stack.append(current.head)
            elif not current.absolute:
                return True
        elif isinstance(current, ast.Call):
            if current.name in _UNCACHEABLE:
                return True
            if current.name in _CONTEXT_FUNCTIONS and not current.args:
                return True
            stack.extend(current.args)
        elif isinstance(current, ast.Binary):
            stack.append(current.left)
            stack.append(current.right)
        elif isinstance(current, ast.Negate):
            stack.append(current.operand)
        elif isinstance(current, ast.Filter):
            stack.append(current.primary)
    return False


def _once_per_loop(fn):
    """Compute `fn` once per predicate application (ctx.loop), not once per candidate node."""
    # One (loop, value) tuple, replaced in a single assignment: compiled expressions are shared
    # between sessions and threads, so the pair must never be seen half-written.
    cell = [(0, None)]

    def cached(ctx):
        loop = ctx.loop
        entry = cell[0]
        if loop and entry[0] == loop:
            return entry[1]
        value = fn(ctx)
        cell[0] = (loop, value)
        return value
    return cached


_SUPPORTED_AXES = frozenset({"child", "attribute", "self", "parent"})


def _unsupported_reason(steps: list[ast.Step]) -> str | None:
    """Why JavaRosa would refuse these steps (other axes, text(), prefix:*), or None."""
    for step in steps:
        if step.axis not in _SUPPORTED_AXES:
            return f"the {step.axis} axis is not supported"
        if step.test[0] not in ("name", "any", "node"):
            return f"the node test {_test_text(step.test)} is not supported"
    return None


def _test_text(test: tuple) -> str:
    if test[0] == "prefix":
        return f"{test[1]}:*"
    if test[0] == "pi":
        return "processing-instruction()"
    return f"{test[0]}()"


def _unsupported_step(message: str, text: str):
    def step(ctx, nodes):
        raise XPathUnsupported(message, text)
    return step


def _unique(nodes) -> list:
    seen = set()
    out = []
    for node in nodes:
        key = id(node) if not isinstance(node, AttrNode) else node
        if key not in seen:
            seen.add(key)
            out.append(node)
    return out


def _chain_steps(steps):
    if not steps:
        return lambda ctx, nodes: nodes
    if len(steps) == 1:
        return steps[0]

    def walk(ctx, nodes):
        for step in steps:
            if not nodes:
                return nodes
            nodes = step(ctx, nodes)
        return nodes
    return walk


def _plain_names(steps: list[ast.Step]) -> list[str] | None:
    """The element names of a path made only of predicate-free child steps (/data/group/q), else None."""
    names = []
    for step in steps:
        if step.axis != "child" or step.test[0] != "name" or step.predicates:
            return None
        names.append(step.test[1].split(":", 1)[-1])
    return names


def _relevant_only(path_fn):
    """Leave out non-relevant nodes, as JavaRosa does (when the session supplies ctx.relevant)."""
    def relevant_nodes(ctx):
        nodes = path_fn(ctx)
        relevant = ctx.relevant
        if relevant is None or not nodes:
            return nodes
        if len(nodes) == 1:
            return nodes if relevant(nodes[0]) else []
        return [n for n in nodes if relevant(n)]
    return relevant_nodes


def _contextual_pick(ctx, parent, depth: int, name: str):
    """JavaRosa's contextualization: where a step meets several same-named nodes (a repeat) and the
    context node lies inside one of them, the path means that one (/data/rep/x from /data/rep[2]/y
    reads /data/rep[2]/x). None when the context is elsewhere."""
    chain = ctx._chain if ctx._chain_node is ctx.current else ctx.chain()
    if len(chain) > depth + 1 and chain[depth] is parent and chain[depth + 1].name == name:
        return chain[depth + 1]
    return None


def _absolute_path(names: list[str], rest, text: str):
    """An absolute path: dictionary lookups for the leading plain names (contextualized inside
    repeats), then the remaining steps (`rest`) if any."""

    def absolute(ctx):
        document = ctx.document
        if document is None:
            raise XPathError("there is no instance to evaluate an absolute path in", text)
        nodes = [document]
        for depth, name in enumerate(names):
            if len(nodes) == 1:
                parent = nodes[0]
                found = parent.children_by_name.get(name)
                if not found:
                    return []
                if len(found) > 1 and ctx.contextualize:
                    chosen = _contextual_pick(ctx, parent, depth, name)
                    nodes = [chosen] if chosen is not None else list(found)
                else:
                    nodes = list(found)
            else:
                out = []
                for node in nodes:
                    found = node.children_by_name.get(name)
                    if found:
                        out.extend(found)
                if not out:
                    return out
                nodes = out
        if rest is not None:
            return rest(ctx, nodes)
        return nodes
    return absolute


def _read_choice(ctx, node):
    """The value of a secondary-instance node (no relevance; typed reading does not apply)."""
    return node.value if not node.children else node.string_value()


def _read(ctx, node):
    """The unpacked value of one node, minding relevance and typed reading."""
    relevant = ctx.relevant
    if relevant is not None and not relevant(node):
        return ""
    read = ctx.read_value
    if read is not None:
        return read(node)
    return node.value if not node.children else node.string_value()


def _absolute_value(names: list[str], nodes_fn, text: str):
    """Single value of a plain absolute path, descending one node at a time (the common case);
    falls back to the node-set when a step meets several nodes outside the context's repeat."""
    steps = list(enumerate(names))

    def value(ctx):
        node = ctx.document
        if node is None:
            raise XPathError("there is no instance to evaluate an absolute path in", text)
        for depth, name in steps:
            found = node.children_by_name.get(name)
            if not found:
                return ""
            if len(found) == 1:
                node = found[0]
                continue
            chosen = _contextual_pick(ctx, node, depth, name) if ctx.contextualize else None
            if chosen is None:
                return unpack_nodes(nodes_fn(ctx), ctx.read_value)
            node = chosen
        return _read(ctx, node)
    return value


def _simple_moves(steps: list[ast.Step]) -> list[str | None] | None:
    """For a relative path of '.', '..' and plain child names: the moves (None = parent), else None."""
    moves: list[str | None] = []
    for step in steps:
        if step.predicates:
            return None
        if step.axis == "self" and step.test[0] == "node":
            continue
        if step.axis == "parent" and step.test[0] == "node":
            moves.append(None)
        elif step.axis == "child" and step.test[0] == "name":
            moves.append(step.test[1].split(":", 1)[-1])
        else:
            return None
    return moves


def _relative_value(moves: list, nodes_fn, text: str, secondary: bool = False, start: str = "node"):
    """Single value of a path of '..' and plain names from the context node (or from current())."""
    read_node = _read_choice if secondary else _read
    from_current = start == "current"

    def value(ctx):
        node = ctx.current if from_current else ctx.node
        if node is None:
            raise XPathError("there is no context node for a relative path", text)
        for move in moves:
            if move is None:
                node = node.parent
                if node is None:
                    return ""
            else:
                found = node.children_by_name.get(move)
                if not found:
                    return ""
                if len(found) > 1:
                    return unpack_nodes(nodes_fn(ctx), ctx.read_value)
                node = found[0]
        return read_node(ctx, node)
    return value
