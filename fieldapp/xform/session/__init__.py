"""Filling a form: FormSession (one filling of one form) and the navigation between its screens."""

from fieldapp.xform.session.change import Change
from fieldapp.xform.session.form_session import FormSession, NodeState

__all__ = ["FormSession", "Change", "NodeState"]
