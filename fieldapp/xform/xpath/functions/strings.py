"""String functions: string, concat, join, substr, substring*, translate, contains, string-length, normalize-space, uuid."""

from __future__ import annotations

import math
import random as _random
import re
import string as string_module

from ..compiler import BOOLEAN, NUMBER, STRING, Compiled, as_string
from ..errors import XPathError
from ..values import java_int, to_int, to_number, to_string, unpack_nodes
from . import function, special


@function("string", "s", returns=STRING)
def _string(ctx, text):
    return text


def _all_values(ctx, args) -> list:
    """Arguments as a flat list of values: a lone node-set gives each node's value."""
    if len(args) == 1 and type(args[0]) is list:
        return [unpack_nodes([n], ctx.read_value) for n in args[0]]
    return [unpack_nodes(a, ctx.read_value) if type(a) is list else a for a in args]


@function("concat", variadic="r", returns=STRING)
def _concat(ctx, *args):
    return "".join(to_string(v) for v in _all_values(ctx, args))


@function("join", "s", variadic="r", returns=STRING)
def _join(ctx, separator, *args):
    return separator.join(to_string(v) for v in _all_values(ctx, args))


@function("substr", "sn", optional="n", returns=STRING)
def _substr(ctx, text, start, end=None):
    """0-based start and end; negative values count from the end (JavaRosa)."""
    length = len(text)
    start = java_int(to_int(start))
    end = java_int(to_int(end)) if end is not None else length
    if start < 0:
        start += length
    if end < 0:
        end += length
    end = min(max(0, end), length)
    start = min(max(0, start), length)
    return text[start:end] if start <= end else ""


def _xpath_round(x: float) -> float:
    if not math.isfinite(x):
        return x
    return math.floor(x + 0.5)


@function("substring", "sn", optional="n", returns=STRING)
def _substring(ctx, text, start, length=None):
    """XPath 1.0 substring(): 1-based, rounded positions."""
    first = _xpath_round(start)
    last = math.inf if length is None else first + _xpath_round(length)
    if first != first or last != last:
        return ""
    return "".join(ch for i, ch in enumerate(text, 1) if first <= i < last)


@function("substring-before", "ss", returns=STRING)
def _substring_before(ctx, text, part):
    index = text.find(part)
    return text[:index] if index >= 0 else ""


@function("substring-after", "ss", returns=STRING)
def _substring_after(ctx, text, part):
    index = text.find(part)
    return text[index + len(part):] if index >= 0 else ""


@function("translate", "sss", returns=STRING)
def _translate(ctx, text, source, target):
    table = {}
    for index, ch in enumerate(source):
        if ch not in table:
            table[ch] = target[index] if index < len(target) else None
    return "".join(table.get(ch, ch) or "" for ch in text) if table else text


@function("contains", "ss", returns=BOOLEAN)
def _contains(ctx, text, part):
    return part in text


@function("starts-with", "ss", returns=BOOLEAN)
def _starts_with(ctx, text, part):
    return text.startswith(part)


@function("ends-with", "ss", returns=BOOLEAN)
def _ends_with(ctx, text, part):
    return text.endswith(part)


def _context_string(ctx) -> str:
    if ctx.node is None or ctx.document is None and ctx.node is ctx.document:
        raise XPathError("there is no context node to read")
    return to_string(unpack_nodes([ctx.node], ctx.read_value))


@special("string-length", 0, 1, returns=NUMBER)
def _string_length(compiler, node, args):
    if args:
        text = as_string(args[0])
        return Compiled(lambda ctx: float(len(text(ctx))), NUMBER, node)
    return Compiled(lambda ctx: float(len(_context_string(ctx))), NUMBER, node)


_SPACES = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    return _SPACES.sub(" ", text.strip(_JAVA_TRIM)).strip()


_JAVA_TRIM = "".join(chr(c) for c in range(33))


@special("normalize-space", 0, 1, returns=STRING)
def _normalize_space(compiler, node, args):
    if args:
        text = as_string(args[0])
        return Compiled(lambda ctx: normalize_space(text(ctx)), STRING, node)
    return Compiled(lambda ctx: normalize_space(_context_string(ctx)), STRING, node)


_GUID_ALPHABET = string_module.ascii_letters + string_module.digits


@function("uuid", optional="n", returns=STRING)
def _uuid(ctx, length=None):
    """A random version 4 UUID, or a random alphanumeric string of `length` characters."""
    if length is None:
        return ctx.uuid()
    size = max(0, java_int(to_number(length)))
    chooser = _random.SystemRandom()
    return "".join(chooser.choice(_GUID_ALPHABET) for _ in range(size))
