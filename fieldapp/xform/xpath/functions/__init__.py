"""The function registry: every XPath function FieldApp knows, with its arguments' conversions.

A function is declared once with `@function(name, required, optional, variadic)`
where each letter names how an argument is converted before the call:
s string, n number, d number keeping time of day (math), b boolean, v value
(node-set unpacked), N node-set (required), r raw. Special forms (if, coalesce,
indexed-repeat...) instead register a compiler with `@special(name)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..compiler import ANY, Compiled, as_boolean, as_nodeset, as_number, as_string, as_value
from ..errors import XPathArityError, XPathUnknownFunction
from ..values import to_double

FUNCTIONS: dict[str, "Function"] = {}
# Functions whose value changes without any node changing (the dependency graph must not cache them).
VOLATILE = {"now", "today", "random", "uuid", "randomize"}
# XPath 1.0 functions we evaluate although ODK Collect (JavaRosa) does not: a form using them
# works here and on the web but fails on a tablet, so the loader may warn about them.
BEYOND_COLLECT = frozenset({"substring", "floor", "ceiling", "last", "name", "local-name"})


@dataclass(frozen=True)
class Function:
    name: str
    impl: Callable | None
    required: str = ""
    optional: str = ""
    variadic: str = ""
    returns: str = ANY
    special: Callable | None = None   # compile(compiler, call_node, [Compiled]) -> Compiled
    min_args: int | None = None
    max_args: int | None = None

    def arity_ok(self, count: int) -> bool:
        low = self.min_args if self.min_args is not None else len(self.required)
        if count < low:
            return False
        if self.max_args is not None:
            return count <= self.max_args
        return bool(self.variadic) or count <= len(self.required) + len(self.optional)

    def arity_text(self) -> str:
        low = self.min_args if self.min_args is not None else len(self.required)
        if self.max_args is not None:
            high = self.max_args
        elif self.variadic:
            return f"at least {low}"
        else:
            high = len(self.required) + len(self.optional)
        return f"{low}" if low == high else f"{low} to {high}"


def function(name: str, required: str = "", optional: str = "", variadic: str = "", returns: str = ANY,
             aliases: tuple = ()):
    """Register an ordinary function: impl(ctx, *converted_args)."""
    def register(impl):
        for each in (name, *aliases):
            FUNCTIONS[each] = Function(each, impl, required, optional, variadic, returns)
        return impl
    return register


def special(name: str, min_args: int, max_args: int | None, returns: str = ANY, aliases: tuple = ()):
    """Register a special form that compiles its own arguments (lazy evaluation, path arguments)."""
    def register(compile_fn):
        for each in (name, *aliases):
            FUNCTIONS[each] = Function(each, None, returns=returns, special=compile_fn,
                                       min_args=min_args, max_args=max_args)
        return compile_fn
    return register


def _as_double(c: Compiled):
    fn = as_value(c)
    return lambda ctx: to_double(fn(ctx))


_CONVERTERS = {
    "s": as_string, "n": as_number, "b": as_boolean, "v": as_value, "N": as_nodeset,
    "r": lambda c: c.fn, "d": _as_double,
}


def supported_functions() -> set[str]:
    """Every function name the engine evaluates, with prefixes as written (jr:choice-name)."""
    _load()
    return set(FUNCTIONS)


def functions_beyond_collect() -> frozenset[str]:
    """Supported functions that ODK Collect would refuse (see BEYOND_COLLECT)."""
    return BEYOND_COLLECT


def compile_call(compiler, node) -> Compiled:
    _load()
    spec = FUNCTIONS.get(node.name)
    text = compiler.text
    if spec is None:
        name = node.name

        def unknown(ctx):
            raise XPathUnknownFunction(name, text)
        return Compiled(unknown, ANY, node)
    if not spec.arity_ok(len(node.args)):
        raise XPathArityError(
            f"{node.name}() takes {spec.arity_text()} argument(s), not {len(node.args)}", text)
    args = [compiler.compile(arg) for arg in node.args]
    if spec.special is not None:
        return spec.special(compiler, node, args)
    letters = spec.required + spec.optional
    converted = []
    for index, arg in enumerate(args):
        letter = letters[index] if index < len(letters) else spec.variadic
        converted.append(_CONVERTERS[letter](arg))
    impl = spec.impl
    count = len(converted)
    if count == 0:
        fn = lambda ctx: impl(ctx)  # noqa: E731
    elif count == 1:
        a0 = converted[0]
        fn = lambda ctx: impl(ctx, a0(ctx))  # noqa: E731
    elif count == 2:
        a0, a1 = converted
        fn = lambda ctx: impl(ctx, a0(ctx), a1(ctx))  # noqa: E731
    else:
        fn = lambda ctx: impl(ctx, *[a(ctx) for a in converted])  # noqa: E731
    return Compiled(fn, spec.returns, node)


_loaded = False


def _load() -> None:
    """Import the function modules once (they register themselves)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import core, dates, geo, nodesets, selects, strings, crypto  # noqa: F401
