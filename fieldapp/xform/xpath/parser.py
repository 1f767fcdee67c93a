"""Recursive-descent parser for XPath 1.0 expressions (ODK dialect), producing the tree of `ast`."""

from __future__ import annotations

from . import ast
from .errors import XPathSyntaxError
from .lexer import (AXIS, BINARY_PRECEDENCE, EOF, FUNC, NAME, NODETYPE, NUMBER, OPNAME, STRING, SYM, VAR, Token,
                    tokenize)

AXES = frozenset({
    "ancestor", "ancestor-or-self", "attribute", "child", "descendant", "descendant-or-self",
    "following", "following-sibling", "namespace", "parent", "preceding", "preceding-sibling", "self",
})



class Parser:
    """Parses one expression; use `parse(text)`."""

    def __init__(self, text: str):
        self.text = text
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
        return self.tok.kind == SYM and self.tok.value in values

    def is_op(self, *values: str) -> bool:
        return self.tok.kind == OPNAME and self.tok.value in values

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
        if self.is_sym("-"):
            token = self.advance()
            return ast.Negate(self.unary_expr(), token.pos)
        return self.union_expr()

    def union_expr(self):
        left = self.path_expr()
        while self.is_sym("|"):
            token = self.advance()
            right = self.path_expr()
            left = ast.Binary("|", left, right, token.pos)
        return left

    def path_expr(self) -> ast.Node:
        token = self.tok
        if token.kind in (NUMBER, STRING, VAR, FUNC) or self.is_sym("("):
            primary = self.filter_expr()
            if self.is_sym("/", "//"):
                steps = self.relative_steps_after_slash()
                return ast.Path(False, steps, head=primary, pos=token.pos)
            return primary
        if self.is_sym("/"):
            self.advance()
            if self.starts_step():
                return ast.Path(True, self.relative_steps(), pos=token.pos)
            return ast.Path(True, [], pos=token.pos)
        if self.is_sym("//"):
            self.advance()
            steps = [ast.Step("descendant-or-self", ("node",), [], token.pos)]
            if not self.starts_step():
                self.fail("expected a step after '//'")
            return ast.Path(True, steps + self.relative_steps(), pos=token.pos)
        if self.starts_step():
            return ast.Path(False, self.relative_steps(), pos=token.pos)
        self.fail()

    def filter_expr(self) -> ast.Node:
        token = self.tok
        primary = self.primary_expr()
        predicates = self.predicates()
        return ast.Filter(primary, predicates, token.pos) if predicates else primary

    def primary_expr(self) -> ast.Node:
        token = self.advance()
        if token.kind == NUMBER:
            return ast.Number(token.value, token.pos)
        if token.kind == STRING:
            return ast.String(token.value, token.pos)
        if token.kind == VAR:
            return ast.Variable(token.value, token.pos)
        if token.kind == FUNC:
            self.expect_sym("(")
            args = []
            if not self.is_sym(")"):
                args.append(self.expr())
                while self.is_sym(","):
                    self.advance()
                    args.append(self.expr())
            self.expect_sym(")")
            return ast.Call(token.value, args, token.pos)
        if token.kind == SYM and token.value == "(":
            if self.is_sym(")"):
                self.fail("empty parentheses")
            inner = self.expr()
            self.expect_sym(")")
            return inner
        self.fail(token=token)

    def predicates(self) -> list[ast.Node]:
        predicates = []
        while self.is_sym("["):
            self.advance()
            predicates.append(self.expr())
            self.expect_sym("]")
        return predicates

    def starts_step(self) -> bool:
        token = self.tok
        return token.kind in (NAME, AXIS, NODETYPE) or self.is_sym("@", ".", "..")

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
        while self.is_sym("/", "//"):
            token = self.advance()
            if token.value == "//":
                steps.append(ast.Step("descendant-or-self", ("node",), [], token.pos))
            if not self.starts_step():
                self.fail(f"expected a step after '{token.value}'")
            steps.append(self.step())
        return steps

    def step(self) -> ast.Step:
        token = self.tok
        if self.is_sym("."):
            self.advance()
            return ast.Step("self", ("node",), [], token.pos)
        if self.is_sym(".."):
            self.advance()
            return ast.Step("parent", ("node",), [], token.pos)
        axis = "child"
        if self.is_sym("@"):
            self.advance()
            axis = "attribute"
        elif token.kind == AXIS:
            if token.value not in AXES:
                self.fail(f"unknown axis '{token.value}'")
            axis = token.value
            self.advance()
            self.expect_sym("::")
        test = self.node_test()
        return ast.Step(axis, test, self.predicates(), token.pos)

    def node_test(self) -> tuple:
        token = self.tok
        if token.kind == NAME:
            self.advance()
            if token.value == "*":
                return ("any",)
            if token.value.endswith(":*"):
                return ("prefix", token.value[:-2])
            return ("name", token.value)
        if token.kind == NODETYPE:
            self.advance()
            self.expect_sym("(")
            if token.value == "processing-instruction" and self.tok.kind == STRING:
                literal = self.advance().value
                self.expect_sym(")")
                return ("pi", literal)
            self.expect_sym(")")
            return {"node": ("node",), "text": ("text",), "comment": ("comment",),
                    "processing-instruction": ("pi", None)}[token.value]
        self.fail("expected a node name" if token.kind != EOF else None)


def parse(text: str) -> ast.Node:
    """Parse `text` into a syntax tree; raises XPathSyntaxError with the position on failure."""
    return Parser(text).parse()
