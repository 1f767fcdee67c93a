"""FieldApp's desktop app (Qt widgets): the only package that imports PySide6."""

from fieldapp.ui.pyside_refcounts import protect_singletons

protect_singletons()
