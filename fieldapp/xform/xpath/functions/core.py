"""Boolean and number functions: true, not, boolean-from-string, if, coalesce, number, int, round, math, checklist, regex."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

import regex

from ..compiler import ANY, BOOLEAN, NUMBER, Compiled, as_boolean, as_value
from ..errors import XPathError, XPathTimeout
from ..values import NAN, java_double_str, java_int, java_long, to_boolean, to_int, to_number, unpack_nodes
from . import function, special


# -- booleans -------------------------------------------------------------------
@function("true", returns=BOOLEAN)
def _true(ctx):
    return True


@function("false", returns=BOOLEAN)
def _false(ctx):
    return False


@function("boolean", "b", returns=BOOLEAN)
def _boolean(ctx, value):
    return value


@function("not", "b", returns=BOOLEAN)
def _not(ctx, value):
    return not value


@function("boolean-from-string", "s", returns=BOOLEAN)
def _boolean_from_string(ctx, text):
    return text.lower() == "true" or text == "1"


@special("if", 3, 3)
def _if(compiler, node, args):
    condition = as_boolean(args[0])
    then, otherwise = args[1].fn, args[2].fn
    kind = args[1].kind if args[1].kind == args[2].kind else ANY
    return Compiled(lambda ctx: then(ctx) if condition(ctx) else otherwise(ctx), kind, node)


def is_empty(value) -> bool:
    """JavaRosa's null test: the empty string or NaN."""
    return value == "" or (type(value) is float and value != value)


@special("coalesce", 2, 2)
def _coalesce(compiler, node, args):
    first, second = as_value(args[0]), as_value(args[1])

    def coalesce(ctx):
        value = first(ctx)
        if type(value) is list:   # a node-set from if() or another untyped function: test its value
            value = unpack_nodes(value, ctx.read_value)
        return second(ctx) if is_empty(value) else value
    return Compiled(coalesce, ANY, node)


@function("checklist", "rr", variadic="r", returns=BOOLEAN)
def _checklist(ctx, low, high, *factors):
    """True when the number of true factors is within [low, high]; -1 means no bound."""
    values = _factor_values(ctx, factors)
    low = java_int(to_number(_unpack(ctx, low)))
    high = java_int(to_number(_unpack(ctx, high)))
    count = sum(1 for v in values if to_boolean(v))
    return (low < 0 or count >= low) and (high < 0 or count <= high)


@function("weighted-checklist", "rr", variadic="r", returns=BOOLEAN)
def _weighted_checklist(ctx, low, high, *pairs):
    """True when the summed weights of the true factors are within [low, high]."""
    low = to_number(_unpack(ctx, low))
    high = to_number(_unpack(ctx, high))
    if len(pairs) == 2 and type(pairs[0]) is list and type(pairs[1]) is list:
        flags = [_read(ctx, n) for n in pairs[0]]
        weights = [_read(ctx, n) for n in pairs[1]]
        if len(flags) != len(weights):
            raise XPathError("weighted-checklist(): the two node-sets must be the same length")
    else:
        if len(pairs) % 2:
            raise XPathError("weighted-checklist() needs factors and weights in pairs")
        flags = [_unpack(ctx, v) for v in pairs[0::2]]
        weights = [_unpack(ctx, v) for v in pairs[1::2]]
    total = 0.0
    for flag, weight in zip(flags, weights):
        if to_boolean(flag):
            total += to_number(weight)
    return low <= total <= high


def _read(ctx, node):
    return unpack_nodes([node], ctx.read_value)


def _unpack(ctx, value):
    return unpack_nodes(value, ctx.read_value) if type(value) is list else value


def _factor_values(ctx, factors) -> list:
    if len(factors) == 1 and type(factors[0]) is list:
        return [_read(ctx, n) for n in factors[0]]
    return [_unpack(ctx, f) for f in factors]


# Java's \p{...} classes, as character ranges usable inside and outside [...]. Java's POSIX-style
# classes (Alpha, Digit...) are ASCII-only; the Unicode ones (L, Lu...) cover the Latin, Greek and
# Cyrillic scripts, which is what forms for Central America need.
_LETTERS = "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOWER = "a-z\u00b5\u00df-\u00f6\u00f8-\u00ff"
_JAVA_CLASSES = {
    "L": _LETTERS, "IsL": _LETTERS, "IsLetter": _LETTERS, "IsAlphabetic": _LETTERS,
    "Lu": _UPPER, "IsLu": _UPPER, "IsUppercase": _UPPER, "Ll": _LOWER, "IsLl": _LOWER, "IsLowercase": _LOWER,
    "N": "0-9", "Nd": "0-9", "IsDigit": "0-9", "Digit": "0-9",
    "Alpha": "A-Za-z", "Alnum": "A-Za-z0-9", "Upper": "A-Z", "Lower": "a-z", "ASCII": "\x00-\x7f",
    "Punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), "Space": " \t\n\x0b\f\r", "Blank": " \t",
    "XDigit": "0-9a-fA-F", "Cntrl": "\x00-\x1f\x7f",
}


def java_to_python_regex(pattern: str) -> str:
    """Rewrite the Java regex constructs Python's re lacks: \\p{...}/\\P{...}, (?<name>...), \\z."""
    out = []
    i = 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "pP" and i + 2 < len(pattern) and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                name = pattern[i + 3:end] if end > 0 else ""
                ranges = _JAVA_CLASSES.get(name)
                if ranges is None:
                    raise XPathError(f"regex(): the character class \\{nxt}{{{name}}} is not supported")
                if nxt == "p":
                    out.append(ranges if in_class else f"[{ranges}]")
                elif in_class:
                    raise XPathError(f"regex(): \\P{{{name}}} inside [...] is not supported")
                else:
                    out.append(f"[^{ranges}]")
                i = end + 1
                continue
            if nxt == "z" and not in_class:
                out.append("\\Z")
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            # A ']' right after '[' or '[^' is a literal, not the end of the class.
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append("\\]")
                i += 1
            continue
        elif pattern.startswith("(?<", i) and i + 3 < len(pattern) and pattern[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        out.append(ch)
        i += 1
    return "".join(out)


# A form's pattern runs with a time limit: `(a+)+$` on 40 typed characters would otherwise backtrack for
# hours and freeze the interview. The `regex` module stops a match after REGEX_SECONDS of its own clock
# (a loaded laptop takes up to about four times that on the wall clock: still well under a keystroke's
# few hundred milliseconds). Real patterns (phone numbers, IDs, names) finish in microseconds.
REGEX_SECONDS = 0.05
_TIMED_OUT: dict[tuple[str, str], bool] = {}   # (pattern, text) pairs that ran out of time: not run again


@lru_cache(maxsize=512)
def _pattern(expression: str):
    try:
        # ASCII: Java's \d, \w, \s and (?i) are ASCII-only by default. V0: the syntax of Python's re.
        return regex.compile(java_to_python_regex(expression), regex.ASCII | regex.V0)
    except (regex.error, re.error) as error:
        raise XPathError(f"regex(): invalid regular expression {expression!r} ({error})") from None


@function("regex", "ss", returns=BOOLEAN)
def _regex(ctx, text, expression):
    """Whole-string match, as Java's Pattern.matches (ODK Collect) does, in bounded time."""
    pattern = _pattern(expression)
    key = (expression, text)
    if key not in _TIMED_OUT:
        try:
            return pattern.fullmatch(text, timeout=REGEX_SECONDS) is not None
        except TimeoutError:
            if len(_TIMED_OUT) > 1000:
                _TIMED_OUT.clear()
            _TIMED_OUT[key] = True
    raise XPathTimeout(f"regex(): the pattern {expression!r} took too long on a text of {len(text)} characters "
                       f"and was stopped", expression)


# -- numbers --------------------------------------------------------------------
@function("number", "v", returns=NUMBER)
def _number(ctx, value):
    return to_number(value)


@function("int", "v", returns=NUMBER)
def _int(ctx, value):
    return to_int(value)


def round_places(number: float, places: int) -> float:
    """JavaRosa's round(): half up (half towards zero for negatives) at `places` decimals."""
    if number != number or number in (math.inf, -math.inf):
        return number
    if places > 30 or places < -30:
        return NAN
    if places >= 0:
        method = ROUND_HALF_DOWN if number < 0 else ROUND_HALF_UP
        rounded = Decimal(java_double_str(number)).quantize(Decimal(1).scaleb(-places), rounding=method)
        result = float(rounded)
        return -0.0 if result == 0 and number < 0 else result
    scaled = float(Decimal(java_double_str(number)).scaleb(places))
    whole = java_long(scaled + 0.5)
    return float(Decimal(whole).scaleb(-places))


@function("round", "n", optional="n", returns=NUMBER)
def _round(ctx, number, places=0.0):
    return round_places(number, java_int(places))


@function("abs", "d", returns=NUMBER)
def _abs(ctx, x):
    return abs(x)


def _math1(name, operation):
    def impl(ctx, x):
        try:
            return float(operation(x))
        except (ValueError, OverflowError):
            return _special_math(name, x)
    function(name, "d", returns=NUMBER)(impl)


def _special_math(name: str, x: float) -> float:
    """What Java's Math returns where Python raises: NaN for domain errors, infinities on overflow."""
    if name == "exp" and x > 0:
        return math.inf
    if name == "log" or name == "log10":
        if x == 0:
            return -math.inf
    return NAN


_math1("acos", math.acos)
_math1("asin", math.asin)
_math1("atan", math.atan)
_math1("cos", math.cos)
_math1("sin", math.sin)
_math1("tan", math.tan)
_math1("sqrt", math.sqrt)
_math1("exp", math.exp)
_math1("log", math.log)
_math1("log10", math.log10)


@function("exp10", "d", returns=NUMBER)
def _exp10(ctx, x):
    return _pow(ctx, 10.0, x)


@function("atan2", "dd", returns=NUMBER)
def _atan2(ctx, y, x):
    return math.atan2(y, x)


@function("pi", returns=NUMBER)
def _pi(ctx):
    return math.pi


@function("pow", "dd", returns=NUMBER)
def _pow(ctx, base, exponent):
    try:
        result = math.pow(base, exponent)
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError):
        if base == 0 and exponent < 0:
            return math.inf
        return NAN
    return result


@function("floor", "n", returns=NUMBER)
def _floor(ctx, x):
    return float(math.floor(x)) if math.isfinite(x) else x


@function("ceiling", "n", returns=NUMBER)
def _ceiling(ctx, x):
    return float(math.ceil(x)) if math.isfinite(x) else x


@function("random", returns=NUMBER)
def _random(ctx):
    return ctx.random.random()


@function("depend", "r", variadic="r")
def _depend(ctx, first, *rest):
    return first


@function("property", "s", returns="string")
def _property(ctx, name):
    value = ctx.properties.get(name)
    return "" if value is None else str(value)


@function("version", returns="string")
def _version(ctx):
    return ctx.form_version or ""

