"""Filling: what the engine's helpers need of one filling of a form, and nothing of the session that holds it."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:   # types only: the engine's modules take any object that has these
    from fieldapp.xform.engine.dag import FormModel
    from fieldapp.xform.engine.exprs import Environment
    from fieldapp.xform.model.formdef import Form
    from fieldapp.xform.model.instance import Node


class Filling(Protocol):
    """One filling as recalculation, actions, repeats, choices, texts and serialization see it.

    Three things: the form with its compiled model, the instance document being filled (with
    each node's NodeState), and the environment its expressions run in (clock, language,
    preload properties). FormSession is one; the helpers never reach past these.
    """

    # the form and its compiled model
    form: "Form"
    model: "FormModel"
    # the instance being filled
    document: "Node"
    root: "Node"
    instance_id: str
    deprecated_id: str | None
    fixed_targets: dict           # recalc: targets outside repeats, resolved once per filling
    expression_errors: list       # (path, kind, message) of expressions that failed
    # the environment expressions run in
    env: "Environment"
    clock: Callable[[], _dt.datetime]
    language: str | None
    properties: dict
    last_saved_document: "Node | None"

    def path_of(self, node: "Node") -> str: ...
