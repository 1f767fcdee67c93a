"""Turns an XPath expression into tokens, applying XPath 1.0's disambiguation rules for `*` and operator names."""

from __future__ import annotations

from .errors import XPathSyntaxError

# Token kinds.
NUMBER, STRING, NAME, FUNC, AXIS, NODETYPE, OPNAME, VAR, SYM, EOF = (
    "number", "string", "name", "func", "axis", "nodetype", "opname", "var", "sym", "eof")

NODE_TYPES = frozenset({"node", "text", "comment", "processing-instruction"})
OPERATOR_NAMES = frozenset({"and", "or", "mod", "div"})

# After one of these, `*` is a name test and `and`/`or`/... are names (XPath 1.0, section 3.7).
_NOT_AFTER_OPERAND = frozenset({"@", "::", "(", "[", ",", "/", "//", "|", "+", "-", "=", "!=",
                                "<", "<=", ">", ">="})

_SYMBOLS_2 = ("!=", "<=", ">=", "//", "::", "..")
_SYMBOLS_1 = "()[]@,|+-=<>/*.$"


class Token:
    """One token: its kind, its text (or value for numbers), and its 0-based position."""
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind: str, value, pos: int):
        self.kind = kind
        self.value = value
        self.pos = pos

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.value!r}, {self.pos})"


def _is_name_start(ch: str) -> bool:
    return ch.isalpha() or ch == "_"


def _is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "._-" or ch == "\u00b7"


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; raises XPathSyntaxError with the position of a bad character."""
    tokens: list[Token] = []
    i = 0
    n = len(text)

    def preceded_by_operand() -> bool:
        if not tokens:
            return False
        last = tokens[-1]
        if last.kind in (OPNAME, AXIS):
            return False
        return not (last.kind == SYM and last.value in _NOT_AFTER_OPERAND)

    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
            continue
        start = i
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            while i < n and text[i].isdigit():
                i += 1
            if i < n and text[i] == ".":
                i += 1
                while i < n and text[i].isdigit():
                    i += 1
            tokens.append(Token(NUMBER, float(text[start:i]), start))
            continue
        if ch in "'\"":
            end = text.find(ch, i + 1)
            if end < 0:
                raise XPathSyntaxError("unterminated string", text, start)
            tokens.append(Token(STRING, text[i + 1:end], start))
            i = end + 1
            continue
        two = text[i:i + 2]
        if two in _SYMBOLS_2:
            tokens.append(Token(SYM, two, start))
            i += 2
            continue
        if ch == "*":
            # Multiplication after an operand, otherwise the name test "any element".
            tokens.append(Token(OPNAME if preceded_by_operand() else NAME, "*", start))
            i += 1
            continue
        if ch == "$":
            i += 1
            name_start = i
            if i < n and _is_name_start(text[i]):
                while i < n and _is_name_char(text[i]):
                    i += 1
                if i + 1 < n and text[i] == ":" and _is_name_start(text[i + 1]):
                    i += 1
                    while i < n and _is_name_char(text[i]):
                        i += 1
                tokens.append(Token(VAR, text[name_start:i], start))
                continue
            raise XPathSyntaxError("expected a variable name after '$'", text, start)
        if ch in _SYMBOLS_1:
            tokens.append(Token(SYM, ch, start))
            i += 1
            continue
        if _is_name_start(ch):
            while i < n and _is_name_char(text[i]):
                i += 1
            # A prefixed name (jr:choice-name) or a prefix wildcard (jr:*).
            if i < n and text[i] == ":" and not text.startswith("::", i):
                if i + 1 < n and text[i + 1] == "*":
                    tokens.append(Token(NAME, text[start:i + 2], start))
                    i += 2
                    continue
                if i + 1 < n and _is_name_start(text[i + 1]):
                    i += 1
                    while i < n and _is_name_char(text[i]):
                        i += 1
                else:
                    raise XPathSyntaxError("malformed name", text, i)
            name = text[start:i]
            if name in OPERATOR_NAMES and preceded_by_operand():
                tokens.append(Token(OPNAME, name, start))
                continue
            j = i
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j < n and text[j] == "(":
                kind = NODETYPE if name in NODE_TYPES else FUNC
            elif text.startswith("::", j):
                kind = AXIS
            else:
                kind = NAME
            tokens.append(Token(kind, name, start))
            continue
        raise XPathSyntaxError(f"unexpected character {ch!r}", text, start)
    tokens.append(Token(EOF, None, n))
    return tokens
