"""The syntax tree the parser produces and the compiler and static analysis read."""

from __future__ import annotations


class Node:
    """Base of syntax-tree nodes; `pos` is the 0-based offset in the expression text."""
    __slots__ = ("pos",)


class Number(Node):
    __slots__ = ("value",)

    def __init__(self, value: float, pos: int = 0):
        self.value = value
        self.pos = pos


class String(Node):
    __slots__ = ("value",)

    def __init__(self, value: str, pos: int = 0):
        self.value = value
        self.pos = pos


class Variable(Node):
    __slots__ = ("name",)

    def __init__(self, name: str, pos: int = 0):
        self.name = name
        self.pos = pos


class Negate(Node):
    __slots__ = ("operand",)

    def __init__(self, operand: Node, pos: int = 0):
        self.operand = operand
        self.pos = pos


class Binary(Node):
    """`op` is one of or and = != < <= > >= + - * div mod |."""
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Node, right: Node, pos: int = 0):
        self.op = op
        self.left = left
        self.right = right
        self.pos = pos


class Call(Node):
    __slots__ = ("name", "args")

    def __init__(self, name: str, args: list[Node], pos: int = 0):
        self.name = name
        self.args = args
        self.pos = pos


class Step(Node):
    """One location step. test: ("name", qname) | ("any",) | ("prefix", p) | ("node",) | ("text",) | ("comment",) | ("pi", literal)."""
    __slots__ = ("axis", "test", "predicates")

    def __init__(self, axis: str, test: tuple, predicates: list[Node], pos: int = 0):
        self.axis = axis
        self.test = test
        self.predicates = predicates
        self.pos = pos

    @property
    def name(self) -> str | None:
        return self.test[1] if self.test[0] == "name" else None


class Path(Node):
    """A location path: absolute (from the document), relative (from the context), or after a filter `head`."""
    __slots__ = ("absolute", "head", "steps")

    def __init__(self, absolute: bool, steps: list[Step], head: Node | None = None, pos: int = 0):
        self.absolute = absolute
        self.head = head
        self.steps = steps
        self.pos = pos


class Filter(Node):
    """A primary expression followed by predicates, such as `(a)[2]`."""
    __slots__ = ("primary", "predicates")

    def __init__(self, primary: Node, predicates: list[Node], pos: int = 0):
        self.primary = primary
        self.predicates = predicates
        self.pos = pos


def children(node: Node) -> list[Node]:
    """The direct sub-nodes of a syntax node."""
    if isinstance(node, Negate):
        return [node.operand]
    if isinstance(node, Binary):
        return [node.left, node.right]
    if isinstance(node, Call):
        return list(node.args)
    if isinstance(node, Path):
        return ([node.head] if node.head is not None else []) + list(node.steps)
    if isinstance(node, Step):
        return list(node.predicates)
    if isinstance(node, Filter):
        return [node.primary, *node.predicates]
    return []


def walk(node: Node):
    """Every node of the tree, depth first (iteratively: long 'or' chains nest hundreds deep)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def left_chain(node: Node, ops) -> tuple[Node, list[tuple[str, Node]]]:
    """Unfold a left-deep chain such as ((a + b) - c): (a, [("+", b), ("-", c)])."""
    rest = []
    while isinstance(node, Binary) and node.op in ops:
        rest.append((node.op, node.right))
        node = node.left
    rest.reverse()
    return node, rest
