"""The form layer put together: load_form() gives the loader the engine's compiled models, and a Form opens
FormSessions, while load/ never imports the engine and the model never imports the session."""

from __future__ import annotations

import os

from fieldapp.xform.load import loader
from fieldapp.xform.model.formdef import Form


class EngineModels:
    """The engine's compiled model of a form (its dependency graph), for the loader's cache to keep.

    The engine is imported on first use only: a process that reads a cached form pays for it once.
    """

    def build(self, form: Form) -> object | None:
        from fieldapp.xform.engine import dag
        try:
            model = dag.model_for(form)
        except Exception:  # building it is a courtesy to the next session, never a reason to refuse the form
            return None    # the session reports why when it builds the model itself
        if model.form is not form:
            # Reused from an earlier load of the same content (another path, an earlier import): store it with
            # this Form, else the entry would carry two Forms and its model be thrown away when read back.
            import dataclasses
            model = dataclasses.replace(model, form=form)
        return model

    def adopt(self, model: object) -> None:
        from fieldapp.xform.engine import dag
        dag.adopt(model)


ENGINE_MODELS = EngineModels()


def load_form(path: str | os.PathLike, *, cache: bool = True, cache_folder: str | os.PathLike | None = None) -> Form:
    """Load and check a form (any XLSForm or XForm); raises FormError, with every problem placed, when it cannot work."""
    return loader.load_form(path, cache=cache, cache_folder=cache_folder, models=ENGINE_MODELS)


def open_session(form: Form, language: str | None = None, **options):
    """A fresh FormSession of `form` (what Form.new_session() does)."""
    from fieldapp.xform.session import FormSession
    return FormSession(form, language=language, **options)
