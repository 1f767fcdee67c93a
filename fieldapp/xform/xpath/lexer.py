"""Turns an XPath expression into tokens, applying XPath 1.0's disambiguation rules for `*` and operator names."""

from __future__ import annotations

import re

from .errors import XPathSyntaxError

# Token kinds.
NUMBER, STRING, NAME, FUNC, AXIS, NODETYPE, OPNAME, VAR, SYM, EOF = (
    "number", "string", "name", "func", "axis", "nodetype", "opname", "var", "sym", "eof")

NODE_TYPES = frozenset({"node", "text", "comment", "processing-instruction"})
OPERATOR_NAMES = frozenset({"and", "or", "mod", "div"})
# Binary operators and their precedence (higher binds tighter); the parser climbs these.
BINARY_PRECEDENCE = {"or": 1, "and": 2, "=": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4,
                     "+": 5, "-": 5, "*": 6, "div": 6, "mod": 6}

# After one of these, `*` is a name test and `and`/`or`/... are names (XPath 1.0, section 3.7).
_NOT_AFTER_OPERAND = frozenset({"@", "::", "(", "[", ",", "/", "//", "|", "+", "-", "=", "!=",
                                "<", "<=", ">", ">="})

_NCNAME = r"[^\W\d][\w.\-\u00b7]*"
# One match per token, leading whitespace included. A name also tells, by empty groups after lookaheads,
# whether a "(" (a function or node type) or "::" (an axis) follows it: one regex call per token.
_TOKEN_RE = re.compile(rf"""
    \s*(?:
      (?P<number>\d+(?:\.\d*)?|\.\d+)
    | (?P<string>"[^"]*"|'[^']*')
    | (?P<var>\$(?:{_NCNAME}(?::{_NCNAME})?)?)
    | (?P<name>{_NCNAME}(?::(?:\*|{_NCNAME}))?)(?:(?=[ \t\r\n]*\()(?P<call>)|(?=[ \t\r\n]*::)(?P<axis>))?
    | (?P<sym>!=|<=|>=|//|::|\.\.|[()\[\]@,|+\-=<>/*.])
    | (?P<end>\Z)
    )""", re.VERBOSE)
_SPACE = re.compile(r"\s*")


class Token:
    """One token: its kind, its text (or value for numbers), its 0-based position, and `op` when it
    is a binary operator."""
    __slots__ = ("kind", "value", "pos", "op", "sym")

    def __init__(self, kind: str, value, pos: int, op: str | None = None):
        self.kind = kind
        self.value = value
        self.pos = pos
        self.op = op
        self.sym = value if kind == SYM else None  # lets the parser test punctuation in one lookup

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.value!r}, {self.pos})"


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; raises XPathSyntaxError with the position of a bad character."""
    tokens: list[Token] = []
    append = tokens.append
    position = 0
    match = _TOKEN_RE.match

    def after_operand() -> bool:
        if not tokens:
            return False
        last = tokens[-1]
        if last.kind in (OPNAME, AXIS):
            return False
        return not (last.kind == SYM and last.value in _NOT_AFTER_OPERAND)

    while True:
        found = match(text, position)
        if found is None:
            position = _SPACE.match(text, position).end()
            ch = text[position]
            if ch in "'\"":
                raise XPathSyntaxError("unterminated string", text, position)
            if ch == "$":
                raise XPathSyntaxError("expected a variable name after '$'", text, position)
            raise XPathSyntaxError(f"unexpected character {ch!r}", text, position)
        kind = found.lastgroup
        position = found.end()
        if kind == "name" or kind == "call" or kind == "axis":
            value = found.group("name")
            start = found.start("name")
            if value in OPERATOR_NAMES and after_operand():
                append(Token(OPNAME, value, start, value))
            elif kind == "call" and not value.endswith(":*"):
                append(Token(NODETYPE if value in NODE_TYPES else FUNC, value, start))
            elif kind == "axis":
                append(Token(AXIS, value, start))
            else:
                append(Token(NAME, value, start))
            continue
        if kind == "end":
            break
        value = found.group(kind)
        start = found.start(kind)
        if kind == "sym":
            if value == "*":
                # Multiplication after an operand, otherwise the name test "any element".
                if after_operand():
                    append(Token(OPNAME, "*", start, "*"))
                else:
                    append(Token(NAME, "*", start))
            else:
                append(Token(SYM, value, start, value if value in BINARY_PRECEDENCE else None))
        elif kind == "number":
            append(Token(NUMBER, float(value), start))
        elif kind == "string":
            append(Token(STRING, value[1:-1], start))
        else:  # a variable
            if len(value) == 1:
                raise XPathSyntaxError("expected a variable name after '$'", text, start)
            append(Token(VAR, value[1:], start))
    tokens.append(Token(EOF, None, len(text)))
    return tokens
