"""FormDef: the immutable, plain-data description of one form, parsed from XForm XML.

The loader (`fieldapp.xform.load.loader`) builds it; sessions, the UI, the store and
exchange only read it. Nothing here refers to Qt or to pyxform. Everything is
frozen so a compiled Form can be cached and shared between sessions.

Paths are absolute and without positions (`/data/household/member/age`): a bind
or control applies to every repeat instance of its node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


class FrozenMap(dict):
    """A read-only dict: immutable like MappingProxyType, but picklable so Forms can be cached."""

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("a Form is immutable")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self):
        return (FrozenMap, (dict(self),))

    def __hash__(self):  # frozen dataclasses holding it stay hashable
        return hash(tuple(sorted(self.items(), key=lambda kv: str(kv[0]))))


EMPTY: Mapping[str, str] = FrozenMap()


@dataclass(frozen=True)
class Output:
    """An <output value="..."/> inside a label: an XPath expression whose value is shown."""
    value: str


@dataclass(frozen=True)
class Text:
    """A piece of text shown to the user: literal parts and outputs, or an itext reference.

    `itext_id` set means "look it up in the translations for the current
    language" (jr:itext('id')); `parts` is the inline fallback.
    `itext_expr` is set when the reference itself is dynamic (jr:itext(some/path)).
    """
    parts: tuple[str | Output, ...] = ()
    itext_id: str | None = None
    itext_expr: str | None = None


@dataclass(frozen=True)
class TextForms:
    """One itext entry in one language: `forms` maps form name to parts.

    Form names: "long" (the default <value>), "short", "guidance", "image",
    "audio", "video", "big-image". Media forms hold the jr:// URI as one string part.
    """
    forms: Mapping[str, tuple[str | Output, ...]]


@dataclass(frozen=True)
class Bind:
    """A <bind>: type and the expressions that drive one node."""
    nodeset: str
    type: str = "string"            # local name: string, int, decimal, date, time, dateTime, boolean, select, select1, geopoint, geotrace, geoshape, binary, barcode, intent, rank(odk:rank)
    relevant: str | None = None
    required: str | None = None
    readonly: str | None = None
    constraint: str | None = None
    calculate: str | None = None
    required_msg: Text | None = None
    constraint_msg: Text | None = None
    preload: str | None = None        # jr:preload
    preload_params: str | None = None  # jr:preloadParams
    # Every other attribute, with its prefix: "fieldapp:sensitive", "odk:length", "saveIncomplete"...
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    id: str | None = None             # the bind's id attribute (controls may say bind="id")
    line: int | None = field(default=None, compare=False)  # line in the XForm source, for messages


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    # Extra columns of a static <item> are not kept by XForms; dynamic choices come from itemsets.


@dataclass(frozen=True)
class Itemset:
    """Dynamic choices: <itemset nodeset="instance('x')/root/item[filter]"> with value and label refs."""
    nodeset: str
    value_ref: str = "name"
    label_ref: str = "label"            # relative path of the label; for <label ref="jr:itext(itextId)"> it is "itextId"
    label_is_itext: bool = False        # label ref was jr:itext(...): label_ref's value is an itext id


@dataclass(frozen=True)
class Action:
    """A <setvalue>/<odk:setgeopoint>/<odk:recordaudio> action fired by events."""
    kind: str                 # "setvalue", "setgeopoint", ...
    ref: str                  # absolute target path
    events: tuple[str, ...]   # "odk-instance-first-load", "odk-new-repeat", "xforms-value-changed", ...
    value: str | None = None  # XPath expression (value attribute)
    text: str | None = None   # literal text content when there is no value attribute
    source: str | None = None  # for xforms-value-changed: the control ref whose change fires it
    line: int | None = field(default=None, compare=False)  # line in the XForm source, for messages


@dataclass(frozen=True)
class Control:
    """A body element: a question, or a group / repeat holding other controls.

    kind: input, select1, select, rank, range, upload, trigger, output (question
    kinds) or group, repeat (containers). A repeat's `ref` is the repeat node
    path; its wrapping <group> is a separate Control of kind "group".
    """
    kind: str
    ref: str | None
    label: Text | None = None
    hint: Text | None = None
    appearance: str | None = None
    mediatype: str | None = None            # upload: image/*, audio/*, video/*, */*
    choices: tuple[Choice, ...] = ()
    itemset: Itemset | None = None
    children: tuple["Control", ...] = ()
    repeat_count: str | None = None         # jr:count expression
    no_add_remove: bool = False             # jr:noAddRemove
    attrs: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # other attributes: start/end/step (range), rows, autoplay, accuracyThreshold...
    actions: tuple[Action, ...] = ()        # actions nested in this control
    line: int | None = None                 # line in the XForm source, for messages

    @property
    def is_container(self) -> bool:
        return self.kind in ("group", "repeat")

    @property
    def is_field_list(self) -> bool:
        return self.kind == "group" and "field-list" in (self.appearance or "").split()


@dataclass(frozen=True)
class SecondaryInstance:
    """instance('id'): inline XML, or an attachment (CSV/XML/GeoJSON) loaded next to the form."""
    id: str
    src: str | None                 # jr://file/x.xml, jr://file-csv/x.csv, jr://instance/last-saved, ...
    xml: str | None                 # the instance's XML text, CSV converted to <root><item>... as ODK does
    path: str | None = None         # the attachment file on disk, when external


@dataclass(frozen=True)
class Form:
    """One compiled form. Build with `fieldapp.xform.load_form`; never mutate."""
    form_id: str
    version: str | None
    title: str
    root_name: str                              # name of the primary instance's root element ("data")
    instance_xml: str                            # the primary instance as in the model (repeat templates included)
    binds: Mapping[str, Bind]                    # by nodeset path
    body: tuple[Control, ...]
    translations: Mapping[str, Mapping[str, TextForms]]  # language -> itext id -> forms
    languages: tuple[str, ...]                   # in form order; empty for single-language forms without itext
    default_language: str | None
    secondary_instances: Mapping[str, SecondaryInstance]
    actions: tuple[Action, ...]                  # model-level and body-level actions, all of them
    namespaces: Mapping[str, str]                # prefix -> uri as declared on the root
    instance_name: str | None = None             # orx:instanceName / meta/instanceName calculation
    source_path: str | None = None               # the file it was loaded from
    media_dir: str | None = None                 # where jr://images, jr://audio, jr://file attachments live
    xform: str = ""                              # the XForm XML text (for the store and exports)
    content_hash: str = ""                       # sha256 of the source file(s), the cache key
    controls_by_ref: Mapping[str, Control] = field(default_factory=lambda: EMPTY, compare=False)  # every control by ref path
    repeat_paths: frozenset[str] = frozenset()   # paths of repeat nodes
    warnings: tuple = ()                         # Problems that do not stop the form (pyxform warnings, ignored parts)
    xlsform_path: str | None = None              # the XLSForm it was converted from, when it was one
    # Audio a speaker recorded for the form (fieldapp.xform.load.recordings): language -> key -> file path,
    # keys as fieldapp.xform.model.recorded names them; used where the form names no audio of its own.
    recordings: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: EMPTY)
    # The words a speaker wrote while recording (language -> key -> text): shown where the language has none.
    recorded_texts: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: EMPTY)

    @property
    def question_count(self) -> int:
        """Questions in the body (groups and repeats not counted)."""
        return sum(1 for c in self.controls_by_ref.values() if not c.is_container)

    @property
    def languages_list(self) -> list[str]:
        return list(self.languages)

    def bind(self, path: str) -> Bind | None:
        return self.binds.get(path)

    def control(self, path: str) -> Control | None:
        return self.controls_by_ref.get(path)

    def new_session(self, language: str | None = None, **options):
        """A fresh filling of this form (see fieldapp.xform.session.FormSession)."""
        return open_session(self, language=language, **options)


def open_session(form: Form, language: str | None = None, **options):
    """Open a filling of `form`. The session layer builds on this plain data, which may not import it:
    `fieldapp.xform` (always imported before any of its parts) puts the real opener here."""
    raise RuntimeError("import fieldapp.xform to open a filling")
