"""Positional paths such as /data/member[2]/age: the one grammar of a step, and the node or repeat a path names.

A step is a node name with an optional 1-based position in brackets; a step
without one means the first node of that name. A generic path (/data/member/age)
is the same path with every position left out: the form's binds and controls
are known by it.
"""

from __future__ import annotations

import re

STEP = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<pos>\d+)\])?$")


def parse_step(step: str) -> tuple[str, int | None] | None:
    """(name, position or None) of one step, or None when the step is not one."""
    match = STEP.match(step)
    if match is None:
        return None
    pos = match.group("pos")
    return match.group("name"), int(pos) if pos is not None else None


def step_name(step: str) -> str:
    """The node name of a step, its position left out (a step that does not parse is returned as it is)."""
    match = STEP.match(step)
    return match.group("name") if match else step


def generic(path: str) -> str:
    """The path with every position left out: /data/member[2]/age -> /data/member/age."""
    return "/".join(step_name(step) if step else step for step in path.split("/"))


def last_name(path: str) -> str:
    """The node name of the path's last step: /data/member[2] -> member."""
    return step_name(path.rstrip("/").rsplit("/", 1)[-1])


def find(document, path: str):
    """The node at a positional path below `document` (a missing position means the first), None when absent."""
    if not path or path[0] != "/":
        return None
    node = document
    for step in path[1:].split("/"):
        match = STEP.match(step)
        if match is None:
            return None
        found = node.children_by_name.get(match.group(1))
        index = int(match.group(2) or 1) - 1
        if not found or index < 0 or index >= len(found):
            return None
        node = found[index]
    return node


def enclosing_repeat(path: str, repeat_paths) -> tuple[str, int] | None:
    """(positional repeat path without the last position, 1-based position) of the innermost repeat instance holding `path`."""
    steps = [s for s in path.split("/") if s]
    found = None
    plain: list[str] = []
    positional: list[str] = []
    for step in steps:
        match = STEP.match(step)
        if not match:
            return found
        name, pos = match.group("name"), match.group("pos")
        plain.append(name)
        generic_path = "/" + "/".join(plain)
        if generic_path in repeat_paths:
            found = ("/" + "/".join(positional + [name]), int(pos or 1))
        positional.append(step)
    return found
