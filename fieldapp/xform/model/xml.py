"""The one XML writer of the form layer: escaping, the namespace prefixes it prints, and element trees as text.

The instance tree (Node), the parser's elements and the attachments' CSV and
GeoJSON items are all written here; nothing else in FieldApp builds XML text.
"""

from __future__ import annotations

from typing import Callable, Mapping

# Prefixes printed for namespaced attributes of an instance (jr:template, orx:version, ...).
INSTANCE_PREFIXES = {
    "http://openrosa.org/javarosa": "jr",
    "http://openrosa.org/xforms": "orx",
    "http://www.opendatakit.org/xforms": "odk",
    "http://www.w3.org/2001/XMLSchema": "xsd",
    "urn:fieldapp:xforms": "fieldapp",
}
INSTANCE_URIS = {prefix: uri for uri, prefix in INSTANCE_PREFIXES.items()}


def escape(text: str, attr: bool = False) -> str:
    """Text (or, with `attr`, an attribute value in double quotes) safe to put in XML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attr:
        text = text.replace('"', "&quot;")
    return text


def attributes(attrs: Mapping[str, str]) -> str:
    """' name="value"' for each attribute, in order."""
    return "".join(f' {k}="{escape(v, True)}"' for k, v in attrs.items())


def leaf(name: str, text: str = "", attrs: Mapping[str, str] | None = None) -> str:
    """An element without children: <name>text</name>, or <name/> when there is no text."""
    head = f"<{name}{attributes(attrs) if attrs else ''}"
    return f"{head}>{escape(text)}</{name}>" if text else f"{head}/>"


def write(node, out: list[str], *, skip: Callable | None = None, closing: Callable | None = None,
          mixed: bool = False) -> None:
    """Append `node` and everything below it to `out`.

    A node has `name`, `attrs` (a mapping), `children` and `value` (a leaf's text). `skip(node)`
    true leaves a node out with all below it; `closing(node, out)` may add to a node's content
    before its end tag; `mixed` keeps the text between child elements (`value` before the
    first child, each child's `tail` after it) when it is more than white space.
    """
    if skip is not None and skip(node):
        return
    attrs = attributes(node.attrs) if node.attrs else ""
    if node.children:
        out.append(f"<{node.name}{attrs}>")
        if mixed and node.value.strip():
            out.append(escape(node.value))
        for child in node.children:
            write(child, out, skip=skip, closing=closing, mixed=mixed)
            if mixed and child.tail.strip():
                out.append(escape(child.tail))
        if closing is not None:
            closing(node, out)
        out.append(f"</{node.name}>")
    elif node.value:
        out.append(f"<{node.name}{attrs}>{escape(node.value)}</{node.name}>")
    else:
        out.append(f"<{node.name}{attrs}/>")


def to_text(node, **options) -> str:
    """`node` written as XML text (the options of `write`)."""
    out: list[str] = []
    write(node, out, **options)
    return "".join(out)
