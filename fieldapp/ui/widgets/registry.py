"""The registry of question widgets, keyed by (XLSForm type, appearance); unknown appearances get the default widget."""

from __future__ import annotations

import importlib

from fieldapp.xform.model.views import QuestionView

_REGISTRY: dict[tuple[str, str], type] = {}
_loaded: list[bool] = []   # set once every widget module is imported (a module imported alone registers only itself)

# Every question type of FORMS.md that is shown on screen (calculate/hidden/metadata are never shown).
SUPPORTED_TYPES = (
    "text", "integer", "decimal", "range", "select_one", "select_multiple", "rank", "note",
    "acknowledge", "date", "time", "dateTime", "image", "audio", "video", "file", "barcode",
    "geopoint", "geotrace", "geoshape",
)

WIDGET_MODULES = (
    "text", "multiline_text", "numbers_text", "integer", "decimal", "range", "select_one",
    "select_one_minimal", "likert", "select_multiple", "rank", "note", "acknowledge", "date",
    "month_year", "year", "time", "datetime", "file_attach", "barcode", "geopoint", "geotrace", "geoshape",
)

_BIND_TYPES = {
    "int": "integer", "integer": "integer", "decimal": "decimal", "date": "date", "time": "time",
    "dateTime": "dateTime", "geopoint": "geopoint", "geotrace": "geotrace", "geoshape": "geoshape",
    "barcode": "barcode", "string": "text", "boolean": "acknowledge",
}


def register(question_type: str, *appearances: str):
    """Class decorator: the widget for `question_type` with each appearance ("" = the default)."""
    def decorate(cls):
        for appearance in appearances or ("",):
            _REGISTRY[(question_type, appearance)] = cls
        return cls
    return decorate


def load_all() -> None:
    """Import every widget module so each registers itself (adding a type is adding a file here)."""
    if _loaded:
        return
    for name in WIDGET_MODULES:
        importlib.import_module(f"fieldapp.ui.widgets.{name}")
    _loaded.append(True)


def question_type(question: QuestionView) -> str:
    """The XLSForm type a question view stands for (e.g. an input bound to int -> "integer")."""
    kind, bind_type = question.control.kind, question.type
    if kind == "trigger":
        return "acknowledge"
    if kind == "select1":
        return "select_one"
    if kind == "select":
        return "select_multiple"
    if kind == "rank" or bind_type in ("rank", "odk:rank"):
        return "rank"
    if kind == "range":
        return "range"
    if question.is_note:   # an output, or a read-only free-text input (an XLSForm note)
        return "note"
    if kind == "upload":
        media = (question.control.mediatype or "").split("/")[0]
        return media if media in ("image", "audio", "video") else "file"
    return _BIND_TYPES.get(bind_type, "text")


def widget_class_for(question: QuestionView) -> type:
    """The widget class for a question: the first registered appearance word wins, else the type's default."""
    load_all()
    qtype = question_type(question)
    for word in question.appearance.split():
        cls = _REGISTRY.get((qtype, word))
        if cls is None and word.startswith(("columns-", "compact-")):
            cls = _REGISTRY.get((qtype, "columns"))
        if cls is not None:
            return cls
    return _REGISTRY.get((qtype, "")) or _REGISTRY[("text", "")]


def registered() -> dict[tuple[str, str], type]:
    load_all()
    return dict(_REGISTRY)


def create_widget(question: QuestionView, parent=None):
    return widget_class_for(question)(question, parent)
