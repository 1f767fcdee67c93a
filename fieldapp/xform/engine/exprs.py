"""The session's narrow door to the XPath engine: compile, references, evaluate, conversions and the hooks a session supplies."""

from __future__ import annotations

from fieldapp.xform.engine.state import relevant
from fieldapp.xform.xpath import values as _xv
from fieldapp.xform.xpath.errors import XPathError
from fieldapp.xform.xpath.errors import XPathTimeout as CheckTooSlow   # a regex() stopped at its time limit

# What evaluating a form's expression may raise. Beyond the XPath engine's typed errors, a Python
# error from a function given odd input (a huge date, a broken attachment) is caught too: one bad
# expression must cost its own value, never the interview.
EvaluationError = (XPathError, ArithmeticError, ValueError, TypeError, IndexError, KeyError, RecursionError)
_CACHE: dict[str, object] = {}


def compile_expression(text: str):
    """A compiled expression, shared by every bind/session using the same text."""
    expr = _CACHE.get(text)
    if expr is None:
        from fieldapp.xform.xpath import compile as _compile
        expr = _compile(text)
        _CACHE[text] = expr
    return expr


def references(expr, context_path: str) -> set[str]:
    """Generic absolute paths (no positions) the expression reads, evaluated at `context_path`."""
    try:
        found = expr.references(context_path)
    except XPathError:
        return set()
    return {p for p in found if p.startswith("/") and "instance(" not in p}


def function_names(expr) -> set[str]:
    try:
        return set(expr.function_names())
    except (AttributeError, XPathError):
        return set()


def evaluate(expr, node, env: "Environment", rng=None):
    """Evaluate with `node` as both context node and current(); `rng` replaces the session's random source."""
    ctx = env.context_at(node)
    if rng is not None:
        ctx.random = rng
    return expr.evaluate(ctx)


def boolean(value, env: "Environment | None" = None) -> bool:
    """XPath boolean() of a result; with `env`, one node reads through its type, as JavaRosa unpacks it:
    a boolean-typed node holding "false" (or "0") is false, not a non-empty node-set."""
    if env is not None and type(value) is list:
        value = _xv.unpack_nodes(value, env.base.read_value)
    return _xv.to_boolean(value)


def number(value) -> float:
    return _xv.to_number(value)


def string(value) -> str:
    return _xv.to_string(value)


class Environment:
    """One session's evaluation context (documents, clock, language hooks), re-pointed per evaluation."""

    def __init__(self, session):
        from fieldapp.xform.xpath.context import EvalContext
        model = session.model
        self.session = session
        read = _reader(model)
        self.base = EvalContext(
            session.document, session.document,
            instances=_instances(session),
            now=session.clock,
            choice_name=lambda node, value: _choice_name(session, node, value),
            itext=lambda text_id: _itext(session, text_id),
            properties=_properties(session),
            read_value=read,
            form_version=session.form.version or "",
            relevant=relevant,
        )

    def context_at(self, node):
        return self.base.at(node, node)


def _instances(session) -> dict:
    """Secondary instances by id; jr://instance/last-saved is the filling saved last (the blank form when none, as Collect does)."""
    model = session.model
    found = dict(model.instance_documents)
    for instance_id, secondary in session.form.secondary_instances.items():
        if (secondary.src or "").rstrip("/").endswith("instance/last-saved"):
            found[instance_id] = session.last_saved_document or model.document
    return found


def _reader(model):
    types = {path: bind.type for path, bind in model.binds.items()
             if bind.type in ("int", "decimal", "date", "dateTime", "time", "boolean")}
    typed = _xv.typed_value

    def read(node):
        st = node.state
        if node.children:
            return node.string_value()
        value = node.value
        if not value or st is None:
            return value
        kind = types.get(st.gpath) or st.computed_type   # computed_type: a calculated boolean (recalc.py)
        if kind is None:
            return value
        return typed(value, kind)
    return read


def _properties(session) -> dict:
    props = {"deviceid": "", "username": "", "email": "", "phonenumber": ""}
    for key, value in session.properties.items():
        props[key.lower()] = value
    return props


def _choice_name(session, node, value):
    from fieldapp.xform.engine import itemsets
    return itemsets.choice_label(session, node, value)


def _itext(session, text_id):
    from fieldapp.xform.engine import texts
    return texts.itext_plain(session, text_id)
