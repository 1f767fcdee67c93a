"""The form layer: load XLSForms and XForms into immutable Forms, fill them with FormSessions (no Qt here).

Its layers, lowest first: model (plain data), xpath, load and engine, session.
"""

import sys

from fieldapp.xform.model import views
from fieldapp.xform.model.errors import FormError, Problem
from fieldapp.xform.model.formdef import Form
from fieldapp.xform.assembly import load_form

# `fieldapp.xform.views` is where the UI has always found what a session shows; it lives in the model now.
sys.modules.setdefault("fieldapp.xform.views", views)

__all__ = ["load_form", "Form", "FormError", "Problem"]
