"""The filled instance as ODK submits it: non-relevant nodes left out, meta ids set, form version on the root."""

from __future__ import annotations

from fieldapp.xform.engine import recalc, values
from fieldapp.xform.model import xml


def to_xml(session) -> str:
    """The submission XML; stamps jr:preload end with the session clock, since this is the save ODK means."""
    _stamp_end(session)
    root = session.root
    out: list[str] = []

    def deprecated_id(node, out: list[str]) -> None:
        # an edited filling names the one it replaces at the end of the root's meta
        if node.name == "meta" and node.parent is root and session.deprecated_id \
                and "deprecatedID" not in node.children_by_name:
            out.append(xml.leaf("deprecatedID", session.deprecated_id))

    attrs = dict(root.attrs)
    attrs.setdefault("id", session.form.form_id)
    if session.form.version and "version" not in attrs and "orx:version" not in attrs:
        attrs["version"] = session.form.version
    used = {k.split(":", 1)[0] for k in attrs if ":" in k and not k.startswith("xmlns")}
    for node in root.iter():
        for key in node.attrs:
            if ":" in key:
                used.add(key.split(":", 1)[0])
    for prefix in sorted(used):
        uri = xml.INSTANCE_URIS.get(prefix)
        if uri and f"xmlns:{prefix}" not in attrs:
            attrs[f"xmlns:{prefix}"] = uri
    out.append(f"<{root.name}{xml.attributes(attrs)}>")
    for child in root.children:
        # a non-relevant node is left out with everything below it
        xml.write(child, out, skip=_not_relevant, closing=deprecated_id)
    if session.deprecated_id and "meta" not in root.children_by_name:
        out.append(f"<meta>{xml.leaf('instanceID', session.instance_id)}"
                   f"{xml.leaf('deprecatedID', session.deprecated_id)}</meta>")
    out.append(f"</{root.name}>")
    return "".join(out)


def _not_relevant(node) -> bool:
    # Ancestors were checked on the way down: a node is written only under written parents.
    st = node.state
    return st is not None and not st.rel


def _stamp_end(session) -> None:
    """jr:preload timestamp/end: the time the filling was last saved for submission."""
    for path in session.model.end_paths:
        for node in recalc.targets(session.document, tuple(path.split("/")[1:])):
            node.value = values.format_datetime(session.clock())
