"""The evaluation context: documents, context node, current(), secondary instances and the hooks a session supplies.

A session builds one EvalContext and derives cheap copies for other context
nodes (`at(node)`); predicates temporarily move `node`/`position`/`size` in
place and restore them, so evaluation allocates little.
"""

from __future__ import annotations

import datetime as dt
import random as _random
import uuid as _uuid
from typing import Callable

from fieldapp.xform.model.instance import Node

from .errors import XPathMissingInstance


class AttrNode:
    """An attribute as an XPath node: name, value and the element it belongs to."""
    __slots__ = ("name", "value", "parent")

    # Read-only stand-ins for the Node attributes that code walking node-sets may touch.
    children: tuple = ()
    children_by_name: dict = {}
    attrs: dict = {}
    state = None

    def __init__(self, name: str, value: str, parent: Node):
        self.name = name
        self.value = value
        self.parent = parent

    def string_value(self) -> str:
        return self.value

    def path(self, positions: bool = True) -> str:
        return f"{self.parent.path(positions)}/@{self.name}"

    def __eq__(self, other) -> bool:
        return isinstance(other, AttrNode) and other.parent is self.parent and other.name == self.name

    def __hash__(self) -> int:
        return hash((id(self.parent), self.name))

    def __repr__(self) -> str:
        return f"<AttrNode {self.path()} {self.value!r}>"


_new_context = object.__new__


def _default_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class EvalContext:
    """Everything an expression may read while it is evaluated.

    document: the primary instance's document node (its child is /data).
    node: the context node (`.`); current: the node current() returns (defaults to node).
    instances: secondary instances, id -> document node (instance('id')).
    now: clock returning an aware datetime; tz: time zone for dates written without offset
    (None: the machine's zone). choice_name(node, value) -> label or None (jr:choice-name);
    itext(id) -> text or None (jr:itext); properties: deviceid, username... (property());
    random: a random.Random for random()/randomize() without seed; uuid: -> str;
    read_value(node) -> typed value (default: the node's text); last_saved: document node of
    the last saved instance (instance('__last-saved')); form_version for version();
    contextualize: absolute paths inherit the context's repeat positions, as JavaRosa does.
    relevant(node) -> bool: when given, paths leave out non-relevant nodes (JavaRosa's rule that
    non-relevant answers read as empty and do not count); it is called for nodes reached by
    absolute, relative and current() paths (not instance('id') ones) and must say True for nodes
    it does not track.
    """

    __slots__ = ("document", "node", "position", "size", "current", "instances", "now", "tz",
                 "choice_name", "itext", "properties", "random", "uuid", "read_value", "last_saved",
                 "form_version", "contextualize", "relevant", "_chain", "_chain_node", "variables", "loop")

    def __init__(self, document: Node | None = None, node: Node | None = None, *, current: Node | None = None,
                 instances: dict[str, Node] | None = None, now: Callable[[], dt.datetime] | None = None,
                 tz=None, choice_name: Callable | None = None, itext: Callable | None = None,
                 properties: dict | None = None, random: _random.Random | None = None,
                 uuid: Callable[[], str] | None = None, read_value: Callable | None = None,
                 last_saved: Node | None = None, form_version: str = "", contextualize: bool = True,
                 relevant: Callable | None = None):
        self.document = document
        self.node = node if node is not None else document
        self.position = 0       # 1-based proximity position inside a predicate; 0 outside
        self.size = 0
        # current() stays the bind's node while predicates move `node` over candidates.
        self.current = current if current is not None else self.node
        self.instances = instances if instances is not None else {}
        self.now = now or _default_now
        self.tz = tz
        self.choice_name = choice_name
        self.itext = itext
        self.properties = properties if properties is not None else {}
        self.random = random or _random.Random()
        self.uuid = uuid or (lambda: str(_uuid.uuid4()))
        self.read_value = read_value
        self.last_saved = last_saved
        self.form_version = form_version
        self.contextualize = contextualize
        self.relevant = relevant
        self.loop = 0           # id of the predicate application in progress (for hoisted values)
        self.variables: dict = {}
        self._chain = None
        self._chain_node = None

    def at(self, node: Node, current: Node | None = None) -> "EvalContext":
        """A copy evaluating at another context node (current() is that node unless given)."""
        copy = _new_context(EvalContext)
        # Straight-line copying: this runs for every evaluation the session makes.
        copy.document = self.document
        copy.node = node
        copy.position = 0
        copy.size = 0
        copy.current = current if current is not None else node
        copy.instances = self.instances
        copy.now = self.now
        copy.tz = self.tz
        copy.choice_name = self.choice_name
        copy.itext = self.itext
        copy.properties = self.properties
        copy.random = self.random
        copy.uuid = self.uuid
        copy.read_value = self.read_value
        copy.last_saved = self.last_saved
        copy.form_version = self.form_version
        copy.contextualize = self.contextualize
        copy.relevant = self.relevant
        copy.variables = self.variables
        copy._chain = None
        copy._chain_node = None
        copy.loop = 0
        return copy

    def current_node(self) -> Node | None:
        return self.current

    def chain(self) -> list:
        """Ancestors of the context node from the document down to it (for contextualizing absolute paths)."""
        node = self.current_node()
        if self._chain_node is not node:
            chain = []
            walker = node
            while walker is not None:
                chain.append(walker)
                walker = walker.parent
            chain.reverse()
            self._chain = chain
            self._chain_node = node
        return self._chain

    def instance(self, instance_id: str) -> Node:
        doc = self.instances.get(instance_id)
        if doc is None:
            if instance_id == LAST_SAVED:
                # Before anything was saved there is no last-saved filling: its values read as empty.
                return self.last_saved if self.last_saved is not None else _EMPTY_DOCUMENT
            raise XPathMissingInstance(f"the form has no instance '{instance_id}'")
        return doc


LAST_SAVED = "__last-saved"
_EMPTY_DOCUMENT = Node.document()
