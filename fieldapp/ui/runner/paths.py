"""Reading positional paths (/data/member[2]/age) to find the repeat instance a screen is in (no Qt)."""

from __future__ import annotations

import re

_STEP = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<pos>\d+)\])?$")


def enclosing_repeat(path: str, repeat_paths) -> tuple[str, int] | None:
    """(positional repeat path without the last position, 1-based position) of the innermost repeat instance holding `path`."""
    steps = [s for s in path.split("/") if s]
    found = None
    plain: list[str] = []
    positional: list[str] = []
    for step in steps:
        match = _STEP.match(step)
        if not match:
            return found
        name, pos = match.group("name"), match.group("pos")
        plain.append(name)
        generic = "/" + "/".join(plain)
        if generic in repeat_paths:
            found = ("/" + "/".join(positional + [name]), int(pos or 1))
        positional.append(step)
    return found
