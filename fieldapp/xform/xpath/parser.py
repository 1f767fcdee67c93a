"""Recursive-descent parser for XPath 1.0 expressions (ODK dialect), producing the tree of `ast`."""

from __future__ import annotations

import re

from . import ast
from .errors import XPathSyntaxError
from .lexer import AXIS, BINARY_PRECEDENCE, EOF, FUNC, NAME, NODETYPE, NUMBER, STRING, VAR, Token, tokenize

AXES = frozenset({
    "ancestor", "ancestor-or-self", "attribute", "child", "descendant", "descendant-or-self",
    "following", "following-sibling", "namespace", "parent", "preceding", "preceding-sibling", "self",
})


# The deepest nesting of brackets an expression may have. Real forms stay under 20 (nested if()s);
# the parser, compiler and evaluator are recursive, and Python's stack ends near 140.
MAX_NESTING = 100


class Parser:
    """Parses one expression; use `parse(text)`."""

    def __init__(self, text: str):
        self.text = text
        _check_nesting(text)
        self.tokens = tokenize(text)
        self.i = 0

    # -- token helpers ------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def is_sym(self, *values: str) -> bool:
        return self.tokens[self.i].sym in values

    def expect_sym(self, value: str) -> Token:
        if not self.is_sym(value):
            self.fail(f"expected '{value}'")
        return self.advance()

    def fail(self, message: str | None = None, token: Token | None = None):
        token = token or self.tok
        if message is None:
            message = "unexpected end of expression" if token.kind == EOF else f"unexpected {self.describe(token)}"
        raise XPathSyntaxError(message, self.text, token.pos)

    @staticmethod
    def describe(token: Token) -> str:
        if token.kind == STRING:
            return f"string '{token.value}'"
        if token.kind == NUMBER:
            return "number"
        return f"'{token.value}'"

    # -- grammar ------------------------------------------------------
    def parse(self) -> ast.Node:
        if self.tok.kind == EOF:
            self.fail("empty expression")
        expr = self.expr()
        if self.tok.kind != EOF:
            self.fail()
        return expr

    def expr(self) -> ast.Node:
        return self.binary(1)

    def binary(self, min_precedence: int) -> ast.Node:
        """Precedence climbing over or, and, equality, relational, additive and multiplicative operators."""
        left = self.unary_expr()
        tokens = self.tokens
        while True:
            token = tokens[self.i]
            op = token.op
            if op is None:
                return left
            precedence = BINARY_PRECEDENCE[op]
            if precedence < min_precedence:
                return left
            self.i += 1
            right = self.binary(precedence + 1)
            left = ast.Binary(op, left, right, token.pos)

    def unary_expr(self):
        token = self.tokens[self.i]
        if token.sym == "-":
            self.i += 1
            return ast.Negate(self.unary_expr(), token.pos)
        return self.union_expr()

    def union_expr(self):
        left = self.path_expr()
        while self.tokens[self.i].sym == "|":
            token = self.advance()
            right = self.path_expr()
            left = ast.Binary("|", left, right, token.pos)
        return left

    def path_expr(self) -> ast.Node:
        token = self.tokens[self.i]
        kind = token.kind
        sym = token.sym
        if kind in _PRIMARY_STARTS or sym == "(":
            primary = self.filter_expr()
            if self.tokens[self.i].sym in _SLASHES:
                steps = self.relative_steps_after_slash()
                return ast.Path(False, steps, head=primary, pos=token.pos)
            return primary
        if sym == "/":
            self.i += 1
            if self.starts_step():
                return ast.Path(True, self.relative_steps(), pos=token.pos)
            return ast.Path(True, [], pos=token.pos)
        if sym == "//":
            self.i += 1
            steps = [ast.Step("descendant-or-self", ("node",), [], token.pos)]
            if not self.starts_step():
                self.fail("expected a step after '//'")
            return ast.Path(True, steps + self.relative_steps(), pos=token.pos)
        if kind in _STEP_KINDS or sym in _STEP_SYMS:
            return ast.Path(False, self.relative_steps(), pos=token.pos)
        self.fail()

    def filter_expr(self) -> ast.Node:
        token = self.tokens[self.i]
        primary = self.primary_expr()
        if self.tokens[self.i].sym != "[":
            return primary
        return ast.Filter(primary, self.predicates(), token.pos)

    def primary_expr(self) -> ast.Node:
        token = self.advance()
        kind = token.kind
        if kind == NUMBER:
            return ast.Number(token.value, token.pos)
        if kind == STRING:
            return ast.String(token.value, token.pos)
        if kind == VAR:
            return ast.Variable(token.value, token.pos)
        if kind == FUNC:
            self.expect_sym("(")
            args = []
            if self.tokens[self.i].sym != ")":
                args.append(self.expr())
                while self.tokens[self.i].sym == ",":
                    self.i += 1
                    args.append(self.expr())
            self.expect_sym(")")
            return ast.Call(token.value, args, token.pos)
        if token.sym == "(":
            if self.tokens[self.i].sym == ")":
                self.fail("empty parentheses")
            inner = self.expr()
            self.expect_sym(")")
            return inner
        self.fail(token=token)

    def predicates(self) -> list[ast.Node]:
        predicates = []
        while self.tokens[self.i].sym == "[":
            self.i += 1
            predicates.append(self.expr())
            self.expect_sym("]")
        return predicates

    def starts_step(self) -> bool:
        token = self.tokens[self.i]
        return token.kind in _STEP_KINDS or token.sym in _STEP_SYMS

    def relative_steps_after_slash(self) -> list[ast.Step]:
        steps = []
        token = self.advance()
        if token.value == "//":
            steps.append(ast.Step("descendant-or-self", ("node",), [], token.pos))
        if not self.starts_step():
            self.fail(f"expected a step after '{token.value}'")
        return steps + self.relative_steps()

    def relative_steps(self) -> list[ast.Step]:
        steps = [self.step()]
        tokens = self.tokens
        while tokens[self.i].sym in _SLASHES:
            token = self.advance()
            if token.value == "//":
                steps.append(ast.Step("descendant-or-self", ("node",), [], token.pos))
            if not self.starts_step():
                self.fail(f"expected a step after '{token.value}'")
            steps.append(self.step())
        return steps

    def step(self) -> ast.Step:
        token = self.tokens[self.i]
        sym = token.sym
        if sym == ".":
            self.i += 1
            return ast.Step("self", ("node",), [], token.pos)
        if sym == "..":
            self.i += 1
            return ast.Step("parent", ("node",), [], token.pos)
        axis = "child"
        if sym == "@":
            self.i += 1
            axis = "attribute"
        elif token.kind == AXIS:
            if token.value not in AXES:
                self.fail(f"unknown axis '{token.value}'")
            axis = token.value
            self.i += 1
            self.expect_sym("::")
        test = self.node_test()
        if self.tokens[self.i].sym == "[":
            return ast.Step(axis, test, self.predicates(), token.pos)
        return ast.Step(axis, test, [], token.pos)

    def node_test(self) -> tuple:
        token = self.tokens[self.i]
        if token.kind == NAME:
            self.i += 1
            if token.value == "*":
                return ("any",)
            if token.value.endswith(":*"):
                return ("prefix", token.value[:-2])
            return ("name", token.value)
        if token.kind == NODETYPE:
            self.i += 1
            self.expect_sym("(")
            if token.value == "processing-instruction" and self.tokens[self.i].kind == STRING:
                literal = self.advance().value
                self.expect_sym(")")
                return ("pi", literal)
            self.expect_sym(")")
            return {"node": ("node",), "text": ("text",), "comment": ("comment",),
                    "processing-instruction": ("pi", None)}[token.value]
        self.fail("expected a node name" if token.kind != EOF else None)


_PRIMARY_STARTS = frozenset({NUMBER, STRING, VAR, FUNC})
_STEP_KINDS = frozenset({NAME, AXIS, NODETYPE})
_STEP_SYMS = frozenset({"@", ".", ".."})
_SLASHES = frozenset({"/", "//"})


def parse(text: str) -> ast.Node:
    """Parse `text` into a syntax tree; raises XPathSyntaxError with the position on failure."""
    return Parser(text).parse()


_BRACKETS_AND_QUOTES = re.compile(r"[()\[\]'\"]")


def _check_nesting(text: str) -> None:
    """Refuse an expression nested deeper than MAX_NESTING before the recursive parser (or the
    tokenizer, for a megabyte of brackets) sees it; the message quotes only its start."""
    depth = 0
    quote = None
    for match in _BRACKETS_AND_QUOTES.finditer(text):
        ch = match.group()
        if quote is not None:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
            if depth > MAX_NESTING:
                shown = text if len(text) <= 120 else text[:120] + "…"
                raise XPathSyntaxError(f"the expression is nested more than {MAX_NESTING} deep",
                                       shown, match.start())
        elif depth:
            depth -= 1
