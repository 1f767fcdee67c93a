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


def walk(node: Node):
    """Every node of the tree, depth first."""
    yield node
    if isinstance(node, Negate):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Path):
        if node.head is not None:
            yield from walk(node.head)
        for step in node.steps:
            yield from walk(step)
    elif isinstance(node, Step):
        for pred in node.predicates:
            yield from walk(pred)
    elif isinstance(node, Filter):
        yield from walk(node.primary)
        for pred in node.predicates:
            yield from walk(pred)
