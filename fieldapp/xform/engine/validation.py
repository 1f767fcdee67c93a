"""Required and constraint problems of one question: checking its constraint, and what is wrong with it now."""

from __future__ import annotations

from fieldapp.xform.engine import recalc, texts
from fieldapp.xform.engine.filling import Filling
from fieldapp.xform.engine.state import relevant
from fieldapp.xform.messages import Code, message
from fieldapp.xform.model.instance import Node
from fieldapp.xform.model.views import ValidationProblem


def check_constraint(filling: Filling, node: Node) -> None:
    """Evaluate the question's constraint again (a question without one is valid)."""
    trig = node.state.bind.constraint if node.state.bind is not None else None
    if trig is not None:
        recalc.apply(filling, trig, node, recalc.Pass())
    else:
        node.state.valid = True


def problems_of(filling: Filling, node: Node) -> list[ValidationProblem]:
    """Required/constraint problems of one question (empty when it is fine or not relevant)."""
    st = node.state
    if not relevant(node):
        return []
    if not node.value:
        if st.required and not st.declined:
            return [ValidationProblem(filling.path_of(node), Code.REQUIRED, texts.required_message(filling, node))]
        return []
    if not st.valid:
        text = message(Code.CHECK_TOO_SLOW, filling.language) if st.check_stopped else texts.constraint_message(filling, node)
        return [ValidationProblem(filling.path_of(node), Code.CONSTRAINT, text)]
    return []
