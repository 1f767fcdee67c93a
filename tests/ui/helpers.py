"""Hand-built question views for widget tests (no engine needed)."""

from __future__ import annotations

from fieldapp.xform.model.formdef import Control
from fieldapp.xform.model.views import ChoiceView, Media, QuestionView

KINDS = {
    "text": ("input", "string"), "integer": ("input", "int"), "decimal": ("input", "decimal"),
    "range": ("range", "int"), "select_one": ("select1", "string"), "select_multiple": ("select", "string"),
    "rank": ("rank", "odk:rank"), "note": ("input", "string"), "acknowledge": ("trigger", "string"),
    "date": ("input", "date"), "time": ("input", "time"), "dateTime": ("input", "dateTime"),
    "image": ("upload", "binary"), "audio": ("upload", "binary"), "video": ("upload", "binary"),
    "file": ("upload", "binary"), "barcode": ("input", "barcode"), "geopoint": ("input", "geopoint"),
    "geotrace": ("input", "geotrace"), "geoshape": ("input", "geoshape"),
}
MEDIATYPES = {"image": "image/*", "audio": "audio/*", "video": "video/*", "file": "*/*"}
COLOURS = (ChoiceView("red", "Red"), ChoiceView("green", "Green"), ChoiceView("blue", "Blue"))


def question(qtype: str, *, appearance: str = "", value: str = "", problem: str | None = None,
             choices=COLOURS, required: bool = False, declined: bool = False, label: str = "Question label",
             hint: str = "", guidance: str = "", attrs=None, extra=None, media: Media = Media()) -> QuestionView:
    kind, bind_type = KINDS[qtype]
    control = Control(kind=kind, ref="/data/q", appearance=appearance or None,
                      mediatype=MEDIATYPES.get(qtype), attrs=attrs or {})
    return QuestionView(
        path="/data/q", control=control, type=bind_type, label=label, hint=hint, guidance=guidance,
        media=media, value=value, choices=tuple(choices) if kind in ("select1", "select", "rank") else (),
        required=required, readonly=qtype == "note", declined=declined, problem=problem, extra=extra or {},
    )
