"""ODK's dialect of XPath 1.0: parse once, compile to closures, evaluate over instance Node trees.

    from fieldapp.xform.xpath import compile, evaluate, EvalContext
    expr = compile("/data/age >= 18")           # cached by text; raises XPathSyntaxError
    expr.evaluate(EvalContext(document, node))  # bool, float, str, date/datetime or [nodes]
    expr.references("/data/q")                  # {"/data/age"} for the dependency graph

Semantics are ODK Collect's (JavaRosa's): its type conversions, comparisons and
number formatting, node-sets unpacked to a single value (several nodes are an
error), absolute paths contextualized inside repeats, non-relevant nodes left
out (through EvalContext.relevant). Deliberate differences, where Collect fails
outright: positional and node-set predicates (/data/r[2], r[child]) keep their
XPath 1.0 meaning, and substring(), floor(), ceiling(), last(), name() and
local-name() are available (functions_beyond_collect() lists them).
"""

from __future__ import annotations

from functools import lru_cache

from fieldapp.xform.model.instance import Node, parse_xml

from . import ast, static
from .compiler import Compiler
from .context import AttrNode, EvalContext
from .errors import (XPathArityError, XPathError, XPathMissingInstance, XPathSyntaxError, XPathTypeMismatch,
                     XPathUnhandled, XPathUnknownFunction, XPathUnsupported)
from .functions import VOLATILE, functions_beyond_collect, supported_functions
from .parser import parse
from .values import format_for_type, to_boolean, to_number, to_string, typed_value, unpack_nodes

__all__ = [
    "AttrNode", "EvalContext", "Expression", "XPathArityError", "XPathError", "XPathMissingInstance",
    "XPathSyntaxError", "XPathTypeMismatch", "XPathUnhandled", "XPathUnknownFunction", "XPathUnsupported",
    "compile", "evaluate", "format_for_type", "functions_beyond_collect", "supported_functions", "to_boolean", "to_number", "to_string",
    "typed_value",
]


class Expression:
    """A compiled expression: evaluate it many times, ask it what it reads."""

    __slots__ = ("text", "tree", "kind", "_fn", "_functions", "_instances", "_references")

    def __init__(self, text: str):
        from .functions import FUNCTIONS  # noqa: F401  (registry loaded by the compiler)
        self.text = text
        self.tree = parse(text)
        compiled = Compiler(text, FUNCTIONS).compile(self.tree)
        self._fn = compiled.fn
        self.kind = compiled.kind          # static result kind: number, string, boolean, nodeset, date, any
        self._functions = None
        self._instances = None
        self._references: dict[str, frozenset] = {}

    def evaluate(self, ctx: EvalContext):
        """The raw result: bool, float, str, datetime.date/datetime, or a list of nodes."""
        try:
            return self._fn(ctx)
        except XPathError as error:
            raise self._located(error)

    def evaluate_boolean(self, ctx: EvalContext) -> bool:
        return to_boolean(self._unpack(self.evaluate(ctx), ctx))

    def evaluate_string(self, ctx: EvalContext) -> str:
        return to_string(self._unpack(self.evaluate(ctx), ctx))

    def evaluate_number(self, ctx: EvalContext) -> float:
        return to_number(self._unpack(self.evaluate(ctx), ctx))

    def evaluate_nodes(self, ctx: EvalContext) -> list:
        value = self.evaluate(ctx)
        if type(value) is not list:
            raise XPathTypeMismatch("the expression does not give a node-set", self.text)
        return value

    def _unpack(self, value, ctx):
        if type(value) is list:
            try:
                return unpack_nodes(value, ctx.read_value)
            except XPathError as error:
                raise self._located(error)
        return value

    def _located(self, error: XPathError) -> XPathError:
        """The error, naming this expression when the function that raised it could not."""
        if error.expression is None:
            error.expression = self.text
        return error

    # -- static analysis ---------------------------------------------------
    def references(self, context_path: str = "/") -> set[str]:
        """Absolute paths (no positions) this expression reads, relative paths resolved against `context_path`."""
        found = self._references.get(context_path)
        if found is None:
            found = self._references[context_path] = frozenset(static.references(self.tree, context_path))
        return set(found)

    def function_names(self) -> set[str]:
        if self._functions is None:
            self._functions = static.function_names(self.tree)
        return self._functions

    def instance_ids(self) -> set[str]:
        """Ids used in instance('id') (and pulldata('id', ...))."""
        if self._instances is None:
            self._instances = static.instance_ids(self.tree)
        return self._instances

    @property
    def constant(self) -> bool:
        """True when the value never changes: no paths, no current(), no volatile or context functions
        (true(), 'yes', 2 * 3): a session can evaluate it once."""
        from .compiler import depends_on_context
        return not (self.references("/") or self.volatile or self.instance_ids()
                    or depends_on_context(self.tree) or "current" in self.function_names()
                    or any(isinstance(node, ast.Path) for node in ast.walk(self.tree)))

    @property
    def volatile(self) -> bool:
        """True when the value can change without any node changing (now, today, random, uuid)."""
        return bool(self.function_names() & VOLATILE)

    def unknown_functions(self) -> set[str]:
        return self.function_names() - supported_functions()

    def __reduce__(self):
        # Closures cannot be pickled: keep the tree and what static analysis found, so a form cache
        # read in a new process neither parses again nor compiles what it never evaluates.
        return (_restored, (self.text, self.tree, self.kind, dict(self._references)))

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def _restored(text: str, tree: ast.Node, kind: str, references: dict) -> Expression:
    """An unpickled Expression: its tree is already parsed; the closures are built at the first evaluation."""
    expr = Expression.__new__(Expression)
    expr.text, expr.tree, expr.kind, expr._references = text, tree, kind, references
    expr._functions = expr._instances = None

    def compile_on_first_use(ctx):
        from .functions import FUNCTIONS
        expr._fn = Compiler(text, FUNCTIONS).compile(tree).fn
        return expr._fn(ctx)

    expr._fn = compile_on_first_use
    return expr


@lru_cache(maxsize=8192)
def compile(text: str) -> Expression:  # noqa: A001 - the natural name for it
    """Parse and compile `text` once; raises XPathSyntaxError (with position) or XPathArityError."""
    return Expression(text)


def _resolve_context(document: Node, path: str) -> Node:
    """The node at an absolute path with optional 1-based positions (/data/r[2]/x)."""
    node = document
    for part in [p for p in path.split("/") if p]:
        name, _, index = part.partition("[")
        position = int(index.rstrip("]")) if index else 1
        found = node.children_by_name.get(name, [])
        if position > len(found):
            raise XPathError(f"the context path {path} does not exist in the instance")
        node = found[position - 1]
    return node


def _parse_instance(xml: str) -> Node:
    """Parse instance XML keeping text as written, except that whitespace-only leaves
    (indentation of pretty-printed XML) are empty."""
    document = parse_xml(xml, keep_whitespace=True)
    for node in document.iter():
        if not node.children and node.value and not node.value.strip():
            node.value = ""
    return document


def evaluate(expr: str, instance: str | None = None, context: str | None = None,
             instances: dict[str, str] | None = None, **options):
    """Evaluate `expr` against `instance` (XML text) at `context` (absolute path) with secondary `instances`.

    Returns bool, float, str, datetime.date/datetime, or a list of nodes. `options` go to EvalContext
    (now=, tz=, properties=, ...).
    """
    document = _parse_instance(instance) if instance is not None else None
    secondary = {key: _parse_instance(xml) for key, xml in (instances or {}).items()}
    node = document
    if context and document is not None:
        node = _resolve_context(document, context)
    ctx = EvalContext(document, node, instances=secondary, **options)
    return compile(expr).evaluate(ctx)
