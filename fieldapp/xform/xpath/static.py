"""Static analysis of a parsed expression: the instance paths it reads, its functions and the instances it uses.

The dependency graph and the loader use these. Paths are absolute, without
positions ("/data/household/member/age"). When a path cannot be resolved
statically (`//x`, `*`, a path from a function result), the widest sensible
path is returned instead (the deepest known ancestor, at worst the root), so a
dependency is never missed: a path P stands for P and anything below it.
"""

from __future__ import annotations

from functools import lru_cache

from . import ast


@lru_cache(maxsize=4096)
def _split_cached(path: str) -> tuple[str, ...]:
    return tuple(part.split("[", 1)[0] for part in path.strip().split("/") if part)


def _split(path: str) -> list[str]:
    """Element names of an absolute path, positions removed: /data/r[2]/q -> [data, r, q]."""
    return list(_split_cached(path))


def _join(names: list[str]) -> str:
    return "/" + "/".join(names)


class ReferenceCollector:
    """Collects the main-instance paths an expression reads, relative to the node its bind is on."""

    def __init__(self, context_path: str):
        self.current = _split(context_path)
        self.root = self.current[:1]
        self.found: set[str] = set()

    def widest(self, names: list[str] | None) -> None:
        self.found.add(_join(names if names else self.root) if (names or self.root) else "/")

    def visit(self, node: ast.Node, context: list[str] | None) -> None:
        """`context` is the names of the node `.` stands for, or None inside a secondary instance."""
        # Iterative over operators and arguments: long 'or' chains nest hundreds deep.
        stack = [node]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Path):
                self.visit_path(node, context)
            elif isinstance(node, ast.Filter):
                stack.append(node.primary)
                for predicate in node.predicates:
                    self.visit(predicate, None)
            elif isinstance(node, ast.Call):
                if node.name == "current" and not node.args:
                    self.found.add(_join(self.current))
                stack.extend(node.args)
            elif isinstance(node, ast.Binary):
                stack.append(node.right)
                stack.append(node.left)
            elif isinstance(node, ast.Negate):
                stack.append(node.operand)

    def visit_path(self, path: ast.Path, context: list[str] | None) -> None:
        names: list[str] | None
        if path.head is not None:
            head = path.head
            if isinstance(head, ast.Call) and head.name == "current" and not head.args:
                names = list(self.current)
            elif isinstance(head, ast.Call) and head.name == "instance":
                for arg in head.args:
                    self.visit(arg, context)
                names = None  # a secondary instance: static, but its predicates may read ours
            else:
                self.visit(head, context)
                self.widest(None)
                return
        elif path.absolute:
            names = []
        else:
            names = list(context) if context is not None else None
        resolved = True
        for step in path.steps:
            if names is not None and resolved:
                if step.axis == "child" and step.test[0] == "name":
                    names.append(step.test[1].split(":", 1)[-1])
                elif step.axis == "attribute" and step.test[0] == "name":
                    names.append("@" + step.test[1])
                elif step.axis == "self":
                    pass
                elif step.axis == "parent":
                    if not names:
                        self.widest(None)
                        resolved = False
                    else:
                        names.pop()
                else:
                    # *, node(), descendants...: anything below what we know.
                    self.widest(names)
                    resolved = False
            for predicate in step.predicates:
                self.visit(predicate, names if (names is not None and resolved) else None)
        if names is not None and resolved:
            if names:
                self.found.add(_join(names))
            elif path.absolute:
                self.widest(None)


def references(tree: ast.Node, context_path: str) -> set[str]:
    collector = ReferenceCollector(context_path)
    collector.visit(tree, _split(context_path))
    return collector.found


def function_names(tree: ast.Node) -> set[str]:
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.Call)}


def instance_ids(tree: ast.Node) -> set[str]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.name == "instance" and node.args \
                and isinstance(node.args[0], ast.String):
            ids.add(node.args[0].value)
        if isinstance(node, ast.Call) and node.name == "pulldata" and node.args \
                and isinstance(node.args[0], ast.String):
            ids.add(node.args[0].value)
    return ids
