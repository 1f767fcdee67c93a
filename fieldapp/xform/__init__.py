"""The form layer: load XLSForms and XForms into immutable Forms, fill them with FormSessions (no Qt here)."""

from fieldapp.xform.errors import FormError, Problem
from fieldapp.xform.formdef import Form
from fieldapp.xform.loader import load_form

__all__ = ["load_form", "Form", "FormError", "Problem"]
