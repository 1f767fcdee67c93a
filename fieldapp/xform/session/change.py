"""Change: what one operation on a filling changed, as its listeners (the store, the UI) hear of it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Change:
    """What one user-level operation changed, handed to listeners after it is applied.

    kind: "answer", "decline", "add_repeat", "remove_repeat", "language", "position".
    values: positional path -> new value for every node whose value changed
    (the answered node, calculations, setvalue targets), "" for cleared.
    structural: True when repeat instances were added or removed: positions of
    later instances may have shifted, so a persister must save the whole dump().
    """
    kind: str
    path: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    old_value: str | None = None       # for "answer": the previous value of `path` (audit trail)
    structural: bool = False
