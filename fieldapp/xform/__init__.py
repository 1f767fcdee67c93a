"""The form layer: load XLSForms and XForms into immutable Forms, fill them with FormSessions (no Qt here).

Its layers, lowest first: model (plain data), xpath, load and engine, session.
"""

import sys

from fieldapp.xform.model import views
from fieldapp.xform.model.errors import FormError, Problem
from fieldapp.xform.model.formdef import Form
from fieldapp.xform import assembly
from fieldapp.xform.assembly import load_form
from fieldapp.xform.model import formdef

# `fieldapp.xform.views` is where the UI has always found what a session shows; it lives in the model now.
sys.modules.setdefault("fieldapp.xform.views", views)
formdef.open_session = assembly.open_session   # Form.new_session() opens a FormSession

__all__ = ["load_form", "Form", "FormError", "Problem"]


def __getattr__(name: str):
    """`fieldapp.xform.FormSession`, imported on first use (loading a form needs no session code)."""
    if name == "FormSession":
        from fieldapp.xform.session import FormSession
        return FormSession
    raise AttributeError(f"module 'fieldapp.xform' has no attribute {name!r}")
