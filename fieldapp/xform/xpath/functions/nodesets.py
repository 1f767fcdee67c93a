"""Node-set and repeat functions: count, sum, min/max, position, instance, current, indexed-repeat, once, randomize, pulldata."""

from __future__ import annotations

import hashlib
import math

from .. import ast
from ..compiler import ANY, NODESET, NUMBER, STRING, Compiled, as_number, as_value
from ..errors import XPathError, XPathTypeMismatch
from ..values import NAN, java_long, to_int, to_number, to_string, unpack_nodes
from . import function, special


def _values(ctx, nodes) -> list:
    read = ctx.read_value
    return [unpack_nodes([n], read) for n in nodes]


@function("count", "N", returns=NUMBER)
def _count(ctx, nodes):
    return float(len(nodes))


@function("count-non-empty", "N", returns=NUMBER)
def _count_non_empty(ctx, nodes):
    """Nodes with child elements or a non-empty value count (JavaRosa's getNonEmptySize)."""
    return float(sum(1 for n in nodes if n.children or n.value != ""))


@function("sum", "N", returns=NUMBER)
def _sum(ctx, nodes):
    total = 0.0
    for value in _values(ctx, nodes):
        number = to_number(value)
        if number == number:  # empty answers (NaN) are skipped
            total += number
    return total


def _numbers(ctx, args) -> list[float]:
    if len(args) == 1 and type(args[0]) is list:
        values = _values(ctx, args[0])
    else:
        values = [unpack_nodes(a, ctx.read_value) if type(a) is list else a for a in args]
    return [n for n in map(to_number, values) if n == n]


@function("max", variadic="r", returns=NUMBER)
def _max(ctx, *args):
    numbers = _numbers(ctx, args)
    return max(numbers) if numbers else NAN


@function("min", variadic="r", returns=NUMBER)
def _min(ctx, *args):
    numbers = _numbers(ctx, args)
    return min(numbers) if numbers else NAN


def node_position(node) -> float:
    """1-based position of a node among its same-named siblings."""
    parent = node.parent
    if parent is None or not hasattr(parent, "children_by_name"):
        return 1.0
    siblings = parent.children_by_name.get(node.name)
    if not siblings:
        return 1.0
    for index, sibling in enumerate(siblings, 1):
        if sibling is node:
            return float(index)
    return 1.0


@special("position", 0, 1, returns=NUMBER)
def _position(compiler, node, args):
    if args:
        nodes_fn = args[0].fn

        def position_of(ctx):
            nodes = nodes_fn(ctx)
            if type(nodes) is not list:
                raise XPathTypeMismatch("position() needs a node-set argument")
            return node_position(nodes[0]) if nodes else 0.0
        return Compiled(position_of, NUMBER, node)

    def position(ctx):
        if ctx.position:
            return float(ctx.position)
        if ctx.node is None:
            raise XPathError("there is no context node for position()")
        return node_position(ctx.node)
    return Compiled(position, NUMBER, node)


@special("last", 0, 0, returns=NUMBER)
def _last(compiler, node, args):
    return Compiled(lambda ctx: float(ctx.size) if ctx.position else 1.0, NUMBER, node)


@function("instance", "s", returns=NODESET)
def _instance(ctx, instance_id):
    return [ctx.instance(instance_id)]


@special("current", 0, 0, returns=NODESET)
def _current(compiler, node, args):
    def current(ctx):
        found = ctx.current_node()
        return [found] if found is not None else []
    return Compiled(current, NODESET, node)


@function("name", optional="N", returns=STRING, aliases=("local-name",))
def _name(ctx, nodes=None):
    if nodes is None:
        nodes = [ctx.node] if ctx.node is not None else []
    return nodes[0].name if nodes else ""


@special("once", 1, 1)
def _once(compiler, node, args):
    """The value the node already has, or the argument's when it is still empty (set once, never recomputed)."""
    value = as_value(args[0])

    def once(ctx):
        target = ctx.current_node()
        if target is not None and getattr(target, "parent", None) is not None:
            existing = unpack_nodes([target], ctx.read_value)
            if existing is not None and to_string(existing) != "":
                return existing
        return value(ctx)
    return Compiled(once, ANY, node)


# -- indexed-repeat -------------------------------------------------------------
def _path_steps(expr: ast.Node) -> ast.Path | None:
    return expr if isinstance(expr, ast.Path) and expr.head is None else None


def _absolute_names(path: ast.Path, context_node) -> list[str] | None:
    """The element names of `path` from the document, resolving a relative path against `context_node`."""
    names: list[str] = []
    if not path.absolute:
        chain = []
        walker = context_node
        while walker is not None and walker.parent is not None:
            chain.append(walker.name)
            walker = walker.parent
        names = list(reversed(chain))
    for step in path.steps:
        if step.axis == "parent":
            if not names:
                return None
            names.pop()
        elif step.axis == "self":
            continue
        elif step.axis == "child" and step.test[0] == "name":
            names.append(step.test[1].split(":", 1)[-1])
        else:
            return None
    return names


@special("indexed-repeat", 3, 11)
def _indexed_repeat(compiler, node, args):
    """indexed-repeat(target, repeat1, index1[, repeat2, index2...]): target read inside the given repeat instances."""
    text = compiler.text
    if len(args) % 2 == 0:
        raise XPathError("indexed-repeat() takes a field, then pairs of repeat and index", text)
    target = _path_steps(node.args[0])
    repeats = [_path_steps(a) for a in node.args[1::2]]
    indexes = [as_number(a) for a in args[2::2]]
    if target is None:
        raise XPathTypeMismatch("indexed-repeat(): the first argument must be a field reference", text)
    if any(r is None for r in repeats):
        raise XPathTypeMismatch("indexed-repeat(): each repeat argument must be a repeat reference", text)

    def indexed_repeat(ctx):
        anchor = ctx.current_node()
        target_names = _absolute_names(target, anchor)
        if target_names is None:
            raise XPathTypeMismatch("indexed-repeat(): cannot resolve the field reference", text)
        chosen: dict[int, int] = {}
        for repeat, index_fn in zip(repeats, indexes):
            names = _absolute_names(repeat, anchor)
            if names is None or len(names) > len(target_names) or target_names[:len(names)] != names:
                raise XPathTypeMismatch(
                    "indexed-repeat(): each repeat must contain the field of the first argument", text)
            index = to_int(index_fn(ctx))
            index = int(index) if index == index and math.isfinite(index) else 1
            chosen[len(names) - 1] = max(index, 1)
        if ctx.document is None:
            raise XPathError("there is no instance for indexed-repeat()", text)
        nodes = [ctx.document]
        for depth, name in enumerate(target_names):
            found = []
            for parent in nodes:
                found.extend(parent.children_by_name.get(name, ()))
            if depth in chosen:
                position = chosen[depth]
                found = [found[position - 1]] if position <= len(found) else []
            elif depth < len(target_names) - 1 and len(found) > 1:
                # Outer repeats not indexed explicitly follow the context, as JavaRosa contextualizes.
                chain = ctx.chain()
                if depth + 1 < len(chain) and chain[depth + 1] in found:
                    found = [chain[depth + 1]]
            nodes = found
            if not nodes:
                break
        relevant = ctx.relevant
        if relevant is not None and nodes:
            nodes = [n for n in nodes if relevant(n)]
        return nodes
    return Compiled(indexed_repeat, NODESET, node)


# -- randomize --------------------------------------------------------------------
_MODULUS = 2147483647
_MULTIPLIER = 16807


def _seed_from(value) -> int:
    """JavaRosa's seed: the number (truncated), 0 for empty, else a hash of the text."""
    number = to_number(value)
    if number == number:
        return java_long(number)
    text = to_string(value)
    if text == "":
        return 0
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big", signed=True)


def park_miller_shuffle(items: list, seed: int) -> list:
    """The seeded Fisher-Yates ('inside-out') shuffle with the Park-Miller generator JavaRosa uses."""
    state = float(seed) % _MODULUS if seed >= 0 else -((-float(seed)) % _MODULUS)
    if state <= 0:
        state += _MODULUS - 1
    result: list = []
    for i, item in enumerate(items):
        state = state * _MULTIPLIER % _MODULUS
        j = int((state - 1) / (_MODULUS - 1) * (i + 1))
        if j == i:
            result.append(item)
        else:
            result.append(result[j])
            result[j] = item
    return result


@function("randomize", "N", optional="r", returns=NODESET)
def _randomize(ctx, nodes, seed=None):
    if seed is None:
        shuffled = list(nodes)
        ctx.random.shuffle(shuffled)
        return shuffled
    if type(seed) is list:
        seed = unpack_nodes(seed, ctx.read_value)
    return park_miller_shuffle(list(nodes), _seed_from(seed))


# -- pulldata ----------------------------------------------------------------------
@function("pulldata", "ssss", returns=STRING)
def _pulldata(ctx, instance_id, column, key_column, key):
    """The `column` of the first row of attachment `instance_id` whose `key_column` equals `key`."""
    document = ctx.instance(instance_id)
    root = document.children[0] if document.children else None
    if root is None:
        return ""
    for row in root.children:
        keys = row.children_by_name.get(key_column)
        if keys and keys[0].value == key:
            wanted = row.children_by_name.get(column)
            return wanted[0].value if wanted else ""
    return ""
