"""The XML instance tree that XPath reads and a form session fills.

One small `Node` class serves the primary instance (the answers) and every
secondary instance (choice lists, CSV/XML attachments). It is deliberately
plain: no lxml, no DOM, just slots, so that evaluating thousands of
expressions per second stays cheap.

A tree always hangs from a document node (`Node.document()`), whose single
element child is the instance root (`data`), so `/data/x` resolves the way
XPath says it should.
"""

from __future__ import annotations

from typing import Iterator
from xml.etree import ElementTree as ET

from fieldapp.xform.model import xml


class Node:
    """An element (or the document node, whose name is "") of an instance tree.

    `value` is the text of a leaf; elements with element children keep "".
    `children_by_name` mirrors `children` grouped by name, kept in document
    order, so child steps are dictionary lookups instead of scans.
    The session keeps its per-node state (relevance, bind, declined...) in the
    free `state` slot; XPath never looks at it.
    """

    __slots__ = ("name", "parent", "children", "children_by_name", "attrs", "value", "state", "__weakref__")

    def __init__(self, name: str, value: str = "", attrs: dict[str, str] | None = None):
        self.name = name
        self.parent: Node | None = None
        self.children: list[Node] = []
        self.children_by_name: dict[str, list[Node]] = {}
        self.attrs: dict[str, str] = attrs if attrs is not None else {}
        self.value = value
        self.state = None

    # -- construction -------------------------------------------------
    @classmethod
    def document(cls) -> "Node":
        return cls("")

    def append(self, child: "Node") -> "Node":
        child.parent = self
        self.children.append(child)
        self.children_by_name.setdefault(child.name, []).append(child)
        return child

    def insert(self, index: int, child: "Node") -> "Node":
        """Insert `child` at `index` among the children, keeping name lists in document order."""
        child.parent = self
        self.children.insert(index, child)
        self._reindex(child.name)
        return child

    def insert_after(self, anchor: "Node", child: "Node") -> "Node":
        """Insert `child` right after `anchor` (a child of self), keeping name lists in document order."""
        child.parent = self
        self.children.insert(self.children.index(anchor) + 1, child)
        self._reindex(child.name)
        return child

    def remove(self, child: "Node") -> None:
        self.children.remove(child)
        siblings = self.children_by_name.get(child.name)
        if siblings is not None:
            siblings.remove(child)
            if not siblings:
                del self.children_by_name[child.name]
        child.parent = None

    def _reindex(self, name: str) -> None:
        self.children_by_name[name] = [c for c in self.children if c.name == name]

    def clone(self) -> "Node":
        """A deep copy without parent (used for repeat templates)."""
        copy = Node(self.name, self.value, dict(self.attrs))
        for child in self.children:
            copy.append(child.clone())
        return copy

    # -- reading ------------------------------------------------------
    def child(self, name: str) -> "Node | None":
        found = self.children_by_name.get(name)
        return found[0] if found else None

    def root(self) -> "Node":
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def position(self) -> int:
        """1-based position among same-named siblings."""
        if self.parent is None:
            return 1
        return self.parent.children_by_name[self.name].index(self) + 1

    def is_leaf(self) -> bool:
        return not self.children

    def string_value(self) -> str:
        """XPath string-value: the text of a leaf, the concatenated text below an element."""
        if not self.children:
            return self.value
        return "".join(n.value for n in self.iter() if not n.children)

    def iter(self) -> Iterator["Node"]:
        """This node and every descendant, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def path(self, positions: bool = True) -> str:
        """Absolute path such as /data/rep[2]/q (positions only where a name repeats or always when asked)."""
        parts = []
        node = self
        while node.parent is not None:
            if positions and len(node.parent.children_by_name.get(node.name, ())) > 1:
                parts.append(f"{node.name}[{node.position()}]")
            else:
                parts.append(node.name)
            node = node.parent
        return "/" + "/".join(reversed(parts))

    def __repr__(self) -> str:
        return f"<Node {self.path()} {self.value!r}>"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def from_element(element: ET.Element, keep_whitespace: bool = False) -> Node:
    """Build a Node tree (without document node) from an ElementTree element."""
    attrs = {}
    for key, value in element.attrib.items():
        if key.startswith("{"):
            ns, local = key[1:].split("}", 1)
            prefix = xml.INSTANCE_PREFIXES.get(ns)
            key = f"{prefix}:{local}" if prefix else local
        attrs[key] = value
    node = Node(_local(element.tag), attrs=attrs)
    kids = list(element)
    if kids:
        for kid in kids:
            if isinstance(kid.tag, str):
                node.append(from_element(kid, keep_whitespace))
    else:
        text = element.text or ""
        node.value = text if keep_whitespace else text.strip()
    return node


def parse_xml(text: str | bytes, keep_whitespace: bool = False) -> Node:
    """Parse an XML document into a document Node (its single child is the root element)."""
    doc = Node.document()
    doc.append(from_element(ET.fromstring(text), keep_whitespace))
    return doc


def to_xml(node: Node, skip=None) -> str:
    """Serialise a Node subtree as XML text. `skip(node)` -> True leaves a node out (non-relevant nodes)."""
    return xml.to_text(node, skip=skip)
