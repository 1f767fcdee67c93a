"""The filled instance as ODK submits it: non-relevant nodes left out, meta ids set, form version on the root."""

from __future__ import annotations

from fieldapp.xform.engine import recalc, values
from fieldapp.xform.model.instance import _NS_PREFIXES, _escape

_PREFIX_URIS = {prefix: uri for uri, prefix in _NS_PREFIXES.items()}


def to_xml(session) -> str:
    """The submission XML; stamps jr:preload end with the session clock, since this is the save ODK means."""
    _stamp_end(session)
    root = session.root
    out: list[str] = []

    def write(node) -> None:
        # a non-relevant node is left out with everything below it
        if not _relevant_self(node):
            return
        attrs = "".join(f' {k}="{_escape(v, True)}"' for k, v in node.attrs.items())
        if node.children:
            out.append(f"<{node.name}{attrs}>")
            for child in node.children:
                write(child)
            if node.name == "meta" and node.parent is root and session.deprecated_id \
                    and "deprecatedID" not in node.children_by_name:
                out.append(f"<deprecatedID>{_escape(session.deprecated_id)}</deprecatedID>")
            out.append(f"</{node.name}>")
        elif node.value:
            out.append(f"<{node.name}{attrs}>{_escape(node.value)}</{node.name}>")
        else:
            out.append(f"<{node.name}{attrs}/>")

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
        uri = _PREFIX_URIS.get(prefix)
        if uri and f"xmlns:{prefix}" not in attrs:
            attrs[f"xmlns:{prefix}"] = uri
    head = "".join(f' {k}="{_escape(v, True)}"' for k, v in attrs.items())
    out.append(f"<{root.name}{head}>")
    for child in root.children:
        write(child)
    if session.deprecated_id and "meta" not in root.children_by_name:
        out.append(f"<meta><instanceID>{_escape(session.instance_id)}</instanceID>"
                   f"<deprecatedID>{_escape(session.deprecated_id)}</deprecatedID></meta>")
    out.append(f"</{root.name}>")
    return "".join(out)


def _relevant_self(node) -> bool:
    # Ancestors were checked on the way down: a node is written only under written parents.
    st = node.state
    return st is None or st.rel


def _stamp_end(session) -> None:
    """jr:preload timestamp/end: the time the filling was last saved for submission."""
    for path in session.model.end_paths:
        for node in recalc.targets(session.document, tuple(path.split("/")[1:])):
            node.value = values.format_datetime(session._clock())
