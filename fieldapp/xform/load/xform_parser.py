"""XForm XML -> Form: reads the model (instances, binds, itext, actions) and the body, keeping source lines.

ElementTree does not report line numbers, so the document is read with expat
into a small element tree of our own (`El`) that remembers the line of every
element; messages can then say "line 40". Structural problems found while
reading (a body before the model, events JavaRosa does not know, a bad range)
are collected in `ParseResult.problems` rather than raised one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from fieldapp.xform.model import xml
from fieldapp.xform.model.kinds import QUESTION_KINDS
from fieldapp.xform.model.errors import FormError, Problem
from fieldapp.xform.model.formdef import (
    Action, Bind, Choice, Control, Form, FrozenMap, Itemset, Output, SecondaryInstance, Text, TextForms,
)
from fieldapp.xform.messages import Code  # every problem by its code, with its English words
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language


XFORMS = "http://www.w3.org/2002/xforms"
XHTML = "http://www.w3.org/1999/xhtml"
JR = "http://openrosa.org/javarosa"
ODK = "http://www.opendatakit.org/xforms"
ORX = "http://openrosa.org/xforms"
EVENTS_NS = "http://www.w3.org/2001/xml-events"

# Prefixes used when a document does not declare its own for these URIs.
KNOWN_PREFIXES = {
    JR: "jr", ODK: "odk", ORX: "orx", EVENTS_NS: "ev", XHTML: "h",
    "http://www.w3.org/2001/XMLSchema": "xsd", "urn:fieldapp:xforms": "fieldapp",
    "http://www.opendatakit.org/xforms/entities": "entities",
}

# The events JavaRosa accepts (org.javarosa.core.model.actions.Actions).
KNOWN_EVENTS = frozenset({
    "odk-instance-first-load", "odk-instance-load", "odk-new-repeat", "xforms-value-changed",
    "xforms-ready", "xforms-revalidate", "jr-insert",
})

ACTION_KINDS = frozenset({"setvalue", "setgeopoint", "recordaudio"})
BIND_FIELDS = {
    "nodeset": "nodeset", "type": "type", "relevant": "relevant", "required": "required",
    "readonly": "readonly", "constraint": "constraint", "calculate": "calculate",
    "jr:preload": "preload", "jr:preloadParams": "preload_params", "id": "id",
}
ITEXT_CALL = re.compile(r"^\s*jr:itext\(\s*(?:'([^']*)'|\"([^\"]*)\")\s*\)\s*$")
ITEXT_DYNAMIC = re.compile(r"^\s*jr:itext\((.*)\)\s*$")
CURRENT_STEP = re.compile(r"^current\(\s*\)(?=/|$)")
RELATIVE_PATH = re.compile(r"^(?:\.\.?|[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)(?:/(?:\.\.?|[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?))*$")


# How deep elements may nest in a form's XML (instance, groups and repeats all nest inside it). Real forms
# stay under 30; every layer of the engine walks the tree, and Python's stack ends near 1,000 calls.
MAX_XML_DEPTH = 200


class _TooDeep(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class El:
    """An XML element with its namespace URI, local name, attributes, mixed text and source line."""

    __slots__ = ("uri", "name", "attrib", "children", "text", "tail", "line")

    def __init__(self, uri: str, name: str, attrib: dict[str, str], line: int):
        self.uri = uri
        self.name = name
        self.attrib = attrib     # keys: "local" or "prefix:local" (prefix normalised by URI)
        self.children: list[El] = []
        self.text = ""
        self.tail = ""
        self.line = line

    @property
    def attrs(self) -> dict[str, str]:
        """The attributes to write back: all but namespace declarations (the writer declares what is used)."""
        return {k: v for k, v in self.attrib.items() if not k.startswith("xmlns:")}

    @property
    def value(self) -> str:
        """The text before the first child (all of a leaf's text), as the XML writer reads it."""
        return self.text

    def get(self, key: str, default=None):
        return self.attrib.get(key, default)

    def find(self, name: str) -> "El | None":
        for child in self.children:
            if child.name == name:
                return child
        return None

    def findall(self, name: str) -> list["El"]:
        return [c for c in self.children if c.name == name]


def read_xml(data: bytes | str) -> tuple[El, dict[str, str]]:
    """Parse XML into an El tree; returns the root and the namespace prefixes declared (prefix -> uri).

    Raises FormError with the line and column of a malformed document.
    """
    declared: dict[str, str] = {}
    prefix_of: dict[str, str] = {}
    document = El("", "", {}, 0)   # holds the root element, so every element has a parent on the stack
    stack: list[El] = [document]
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.ordered_attributes = False

    def on_ns(prefix, uri):
        declared.setdefault(prefix or "", uri)
        if prefix and uri not in prefix_of:
            prefix_of[uri] = prefix

    def attr_key(raw: str) -> str:
        if "}" not in raw:
            return raw
        uri, local = raw.split("}", 1)
        prefix = KNOWN_PREFIXES.get(uri) or prefix_of.get(uri)
        if uri == "http://www.w3.org/XML/1998/namespace":
            prefix = "xml"
        return f"{prefix}:{local}" if prefix else local

    def on_start(tag, attrs):
        if len(stack) > MAX_XML_DEPTH:
            # stop reading at once: 200,000 nested elements would otherwise take gigabytes on the way
            raise _TooDeep(parser.CurrentLineNumber)
        uri, _sep, local = tag.rpartition("}")
        for key in attrs:   # most attributes have no namespace: keep expat's dict as it is
            if "}" in key:
                attrs = {(k if "}" not in k else attr_key(k)): v for k, v in attrs.items()}
                break
        el = El(uri, local, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(el)
        stack.append(el)

    def on_end(tag):
        stack.pop()

    def on_text(data):
        parent = stack[-1]
        if parent is document:   # text around the root element means nothing
            return
        if parent.children:
            parent.children[-1].tail += data
        else:
            parent.text += data

    parser.StartNamespaceDeclHandler = on_ns
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = on_text
    try:
        parser.Parse(data, True)
    except _TooDeep as deep:
        raise FormError([Problem(
            Code.XML_TOO_DEEP, Code.XML_TOO_DEEP.say(limit=MAX_XML_DEPTH),
            line=deep.line, hint=_("Check the file is a real form: no form needs groups or data nested that deep."))]
        ) from None
    except expat.ExpatError as err:
        raise FormError([Problem(
            Code.XML_MALFORMED, Code.XML_MALFORMED.say(reason=expat.ErrorString(err.code), column=err.offset + 1),
            line=err.lineno, hint=_("Check the file is a complete XForm (.xml) as downloaded from the server."))])
    finally:
        # The handlers hold the parser (for line numbers) and the parser holds the handlers: without this
        # cut, that cycle keeps the whole element tree alive until the garbage collector finds it.
        parser.StartNamespaceDeclHandler = parser.StartElementHandler = None
        parser.EndElementHandler = parser.CharacterDataHandler = None
    if not document.children:
        raise FormError([Problem(Code.XML_EMPTY, Code.XML_EMPTY.say())])
    return document.children[0], declared


def element_to_xml(el: El, namespaces: dict[str, str]) -> str:
    """Serialise an instance element as standalone XML: local tag names, prefixed attributes declared on the root."""
    text = xml.to_text(el, mixed=True)
    used: set[str] = set()
    stack = [el]
    while stack:
        e = stack.pop()
        used.update(key.split(":", 1)[0] for key in e.attrib if ":" in key)
        stack.extend(e.children)
    declarations = ""
    uri_by_prefix = {p: u for p, u in namespaces.items() if p}
    uri_by_prefix.update({p: u for u, p in KNOWN_PREFIXES.items() if p not in uri_by_prefix})
    for prefix in sorted(used - {"xml", "xmlns"}):
        uri = uri_by_prefix.get(prefix, f"urn:unknown:{prefix}")
        declarations += f' xmlns:{prefix}="{xml.escape(uri, True)}"'
    if declarations:
        head_end = len(el.name) + 1
        text = text[:head_end] + declarations + text[head_end:]
    return text




@dataclass
class ParseResult:
    """What the parser read: the Form plus problems found on the way (the checks add theirs)."""
    form: Form
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    instance_paths: frozenset[str] = frozenset()   # every node path of the primary instance (no positions)
    external_instances: dict[str, str] = field(default_factory=dict)  # id -> src, still to be attached
    instance_lines: dict[str, int] = field(default_factory=dict)      # id -> line of its <instance>


def parse_xform(data: bytes | str, *, source_path: str | None = None) -> ParseResult:
    """Read an XForm document into a Form (secondary instances from files are attached later)."""
    return _XFormReader(data, source_path).read()


class _XFormReader:
    def __init__(self, data: bytes | str, source_path: str | None):
        self.data = data
        self.source_path = source_path
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.binds_by_id: dict[str, str] = {}
        self.actions: list[Action] = []
        self.controls_by_ref: dict[str, Control] = {}
        self.repeat_paths: set[str] = set()
        self.root_name = "data"
        self.instance_lines: dict[str, int] = {}

    def problem(self, code: str, message: str, *, line=None, path=None, hint=None, warning=False):
        target = self.warnings if warning else self.problems
        target.append(Problem(code, message, line=line, path=path, hint=hint, file=self.source_path))

    # -- document ---------------------------------------------------------
    def read(self) -> ParseResult:
        html, declared = read_xml(self.data)
        self.namespaces = {p: u for p, u in declared.items() if p}
        if html.name != "html":
            raise FormError([Problem(Code.XFORM_NO_HTML, Code.XFORM_NO_HTML.say(name=html.name),
                                     line=html.line, hint=_("Open the form's .xml as downloaded from ODK Central or KoboToolbox, or its XLSForm."))],
                            file=self.source_path)
        head = html.find("head")
        body = html.find("body")
        if head is None or head.find("model") is None:
            raise FormError([Problem(Code.XFORM_NO_MODEL, Code.XFORM_NO_MODEL.say(), line=html.line,
                                     hint=_("An XForm needs <h:head><model>…</model></h:head>."))], file=self.source_path)
        if body is not None and html.children.index(body) < html.children.index(head):
            self.problem(Code.BODY_BEFORE_MODEL, Code.BODY_BEFORE_MODEL.say(), line=body.line,
                         hint=_("Put <h:head> (with the model) first, then <h:body>, as ODK Collect requires."))
        models = head.findall("model")
        if len(models) > 1:
            self.problem(Code.SECOND_MODEL, Code.SECOND_MODEL.say(),
                         line=models[1].line, warning=True)
        model = models[0]
        title_el = head.find("title")
        title = (title_el.text.strip() if title_el is not None else "")

        primary, secondaries, external = self.read_instances(model)
        self.root_name = primary.name
        instance_paths = frozenset(_instance_paths(primary))
        translations, languages, default_language = self.read_itext(model)
        binds = self.read_binds(model)
        for el in model.children:
            if el.name in ACTION_KINDS:  # model-level actions (a namespace slip is reported by read_action)
                self.read_action(el, context=f"/{self.root_name}", source=None, in_model=True)
        body_controls = tuple(self.read_controls(body, f"/{self.root_name}")) if body is not None else ()

        form_id = primary.get("id") or primary.name
        version = primary.get("version") or primary.get("orx:version")
        instance_name = None
        name_bind = binds.get(f"/{primary.name}/meta/instanceName")
        if name_bind is not None and name_bind.calculate:
            instance_name = name_bind.calculate
        elif model.get("odk:instanceName"):
            instance_name = model.get("odk:instanceName")

        text = self.data.decode("utf-8", "replace") if isinstance(self.data, bytes) else self.data
        form = Form(
            form_id=form_id, version=version, title=title or form_id, root_name=primary.name,
            instance_xml=element_to_xml(primary, self.namespaces), binds=FrozenMap(binds), body=body_controls,
            translations=FrozenMap(translations), languages=tuple(languages), default_language=default_language,
            secondary_instances=FrozenMap(secondaries), actions=tuple(self.actions),
            namespaces=FrozenMap(self.namespaces), instance_name=instance_name, source_path=self.source_path,
            xform=text, controls_by_ref=FrozenMap(self.controls_by_ref), repeat_paths=frozenset(self.repeat_paths),
        )
        return ParseResult(form, self.problems, self.warnings, instance_paths, external, self.instance_lines)

    # -- model ------------------------------------------------------------
    def read_instances(self, model: El):
        primary = None
        secondaries: dict[str, SecondaryInstance] = {}
        external: dict[str, str] = {}
        for inst in model.findall("instance"):
            inst_id = inst.get("id")
            src = inst.get("src")
            content = [c for c in inst.children]
            if primary is None and not inst_id and not src:
                if len(content) != 1:
                    raise FormError([Problem(Code.INSTANCE_ROOT, Code.INSTANCE_ROOT.say(),
                                             line=inst.line)], file=self.source_path)
                primary = content[0]
                continue
            if primary is None and inst_id and not src and len(content) == 1 and not secondaries:
                # A first instance with an id is still the primary one (XForms: the first instance).
                primary = content[0]
                continue
            if not inst_id:
                self.problem(Code.INSTANCE_NO_ID, Code.INSTANCE_NO_ID.say(), line=inst.line,
                             hint=_("Give every instance after the first an id, e.g. <instance id=\"cities\">."))
                continue
            if inst_id in secondaries:
                self.problem(Code.INSTANCE_DUPLICATE, Code.INSTANCE_DUPLICATE.say(inst_id=inst_id), line=inst.line)
                continue
            self.instance_lines[inst_id] = inst.line
            if src:
                external[inst_id] = src
                secondaries[inst_id] = SecondaryInstance(inst_id, src, None)
            else:
                xml = element_to_xml(content[0], self.namespaces) if content else "<root/>"
                secondaries[inst_id] = SecondaryInstance(inst_id, None, xml)
        if primary is None:
            raise FormError([Problem(Code.NO_PRIMARY_INSTANCE, Code.NO_PRIMARY_INSTANCE.say(), line=model.line)],
                            file=self.source_path)
        return primary, secondaries, external

    def read_itext(self, model: El):
        translations: dict[str, FrozenMap] = {}
        languages: list[str] = []
        default_language = None
        itext = model.find("itext")
        if itext is None:
            return translations, languages, None
        for tr in itext.findall("translation"):
            lang = tr.get("lang") or ""
            if lang in translations:
                self.problem(Code.ITEXT_DUPLICATE_LANGUAGE, Code.ITEXT_DUPLICATE_LANGUAGE.say(lang=lang), line=tr.line)
                continue
            languages.append(lang)
            if tr.get("default") is not None and default_language is None:
                default_language = lang
            entries: dict[str, TextForms] = {}
            for text in tr.findall("text"):
                text_id = text.get("id")
                if not text_id:
                    continue
                forms: dict[str, tuple] = {}
                for value in text.findall("value"):
                    form_name = value.get("form") or "long"
                    forms[form_name] = _mixed_parts(value)
                entries[text_id] = TextForms(FrozenMap(forms))
            translations[lang] = FrozenMap(entries)
        if default_language is None and languages:
            default_language = languages[0]
        return translations, languages, default_language

    def read_binds(self, model: El) -> dict[str, Bind]:
        binds: dict[str, Bind] = {}
        for el in model.findall("bind"):
            nodeset = el.get("nodeset") or el.get("ref")
            if not nodeset:
                self.problem(Code.BIND_NO_NODESET, Code.BIND_NO_NODESET.say(), line=el.line)
                continue
            path = self.absolute(nodeset.strip(), f"/{self.root_name}")
            values: dict = {"nodeset": path}
            extra: dict[str, str] = {}
            for key, value in el.attrib.items():
                if key in ("nodeset", "ref"):
                    continue
                if key in BIND_FIELDS:
                    values[BIND_FIELDS[key]] = value
                elif key == "jr:requiredMsg":
                    values["required_msg"] = _message_text(value)
                elif key == "jr:constraintMsg":
                    values["constraint_msg"] = _message_text(value)
                else:
                    extra[key] = value
            values["type"] = _local_type(values.get("type") or "string")
            if path in binds:
                # JavaRosa applies every bind; merge so the later attributes win, as there.
                previous = binds[path]
                merged = {k: getattr(previous, k) for k in previous.__dataclass_fields__}
                merged.update({k: v for k, v in values.items() if k != "type" or "type" in el.attrib})
                merged["extra"] = FrozenMap({**previous.extra, **extra})
                binds[path] = Bind(**merged)
            else:
                binds[path] = Bind(**values, extra=FrozenMap(extra), line=el.line)
            if values.get("id"):
                self.binds_by_id[values["id"]] = path
        return binds

    def read_action(self, el: El, context: str, source: str | None, in_model: bool = False) -> None:
        kind = el.name
        if kind in ("setgeopoint", "recordaudio") and el.uri != ODK:
            self.problem(Code.ACTION_NAMESPACE, f"<{kind}> must be in the odk namespace.", line=el.line,
                         hint=_("Write <odk:{kind}> with xmlns:odk=\"{uri}\" declared.").format(kind=kind, uri=ODK))
            return
        ref = el.get("ref") or el.get("nodeset")
        if not ref and el.get("bind"):
            ref = self.binds_by_id.get(el.get("bind"))
        if not ref:
            self.problem(Code.ACTION_NO_REF, f"<{kind}> has no ref: it does not say which node to set.", line=el.line)
            return
        events = tuple((el.get("event") or el.get("ev:event") or "").split())
        if not events:
            self.problem(Code.ACTION_NO_EVENT, f"<{kind}> has no event.", line=el.line,
                         hint=_("Use event=\"odk-instance-first-load\", \"odk-new-repeat\" or \"xforms-value-changed\"."))
        unknown = [e for e in events if e not in KNOWN_EVENTS]
        if unknown:
            # As JavaRosa: an action with no known event at all is an error; unknown extras are ignored.
            known_left = len(unknown) < len(events)
            self.problem(Code.UNSUPPORTED_EVENT, Code.UNSUPPORTED_EVENT.say(events=', '.join(unknown), kind=kind)
                         + (_(" are ignored.") if known_left else "."),
                         line=el.line, path=self.absolute(ref, context), warning=known_left,
                         hint=_("Known events: ") + ", ".join(sorted(KNOWN_EVENTS)) + ".")
            events = tuple(e for e in events if e in KNOWN_EVENTS)
            if not events:
                return
        if in_model and "odk-new-repeat" in events:
            # JavaRosa refuses the form: a new instance of which repeat? The action must sit in that repeat.
            self.problem(Code.NEW_REPEAT_OUTSIDE_REPEAT,
                         Code.NEW_REPEAT_OUTSIDE_REPEAT.say(),
                         line=el.line, path=self.absolute(ref, context),
                         hint=_("Move the <{kind}> into the body's <repeat>.").format(kind=kind))
            return
        value = el.get("value")
        text = None if value is not None else (el.text.strip() or None)
        self.actions.append(Action(kind, self.absolute(ref, context), events, value, text, source, line=el.line))

    # -- body -------------------------------------------------------------
    def read_controls(self, parent: El, context: str):
        for el in parent.children:
            kind = el.name
            if kind in ("label", "hint", "item", "itemset", "value", "help") or el.uri not in (XFORMS, ODK, ""):
                if el.uri in (XHTML,) and el.children:  # e.g. <h:div> wrappers
                    yield from self.read_controls(el, context)
                continue
            if kind in ACTION_KINDS:
                self.read_action(el, context, source=None)
                continue
            control = self.read_control(el, context)
            if control is not None:
                yield control

    def read_control(self, el: El, context: str) -> Control | None:
        kind = el.name
        if kind not in QUESTION_KINDS and kind not in ("group", "repeat"):
            self.problem(Code.UNKNOWN_CONTROL, Code.UNKNOWN_CONTROL.say(kind=kind), line=el.line, warning=True)
            return None
        raw_ref = el.get("nodeset") if kind == "repeat" else el.get("ref")
        raw_ref = raw_ref or el.get("ref") or el.get("nodeset")
        if not raw_ref and el.get("bind"):
            raw_ref = self.binds_by_id.get(el.get("bind"))
            if raw_ref is None:
                self.problem(Code.UNKNOWN_BIND_ID, f"<{kind}> refers to bind '{el.get('bind')}', which does not exist.",
                             line=el.line)
        ref = self.absolute(raw_ref.strip(), context) if raw_ref else None
        if ref is None and kind in QUESTION_KINDS and kind != "output":
            self.problem(Code.CONTROL_NO_REF, Code.CONTROL_NO_REF.say(kind=kind), line=el.line,
                         hint=_("Every question needs ref=\"/data/name\"."))
            return None
        label = hint = None
        choices: list[Choice] = []
        itemset = None
        attrs: dict[str, str] = {}
        for key, value in el.attrib.items():
            if key not in ("ref", "nodeset", "appearance", "mediatype", "jr:count", "jr:noAddRemove", "bind"):
                attrs[key] = value
        children: list[Control] = []
        direct_actions: list[Action] = []
        inner_context = ref or context
        for child in el.children:
            name = child.name
            if name == "label":
                label = _text_of(child)
            elif name == "hint":
                hint = _text_of(child)
            elif name == "item":
                value_el = child.find("value")
                label_el = child.find("label")
                choices.append(Choice(value_el.text.strip() if value_el is not None else "",
                                      _text_of(label_el) if label_el is not None else Text()))
            elif name == "itemset":
                itemset = self.read_itemset(child)
            elif name in ACTION_KINDS:
                before = len(self.actions)
                self.read_action(child, inner_context, source=ref)
                direct_actions.extend(self.actions[before:])
            elif kind in ("group", "repeat") and child.uri in (XFORMS, ODK, ""):
                control = self.read_control(child, inner_context) if name not in ("value", "help") else None
                if control is not None:
                    children.append(control)
            elif kind in ("group", "repeat") and child.uri == XHTML:
                children.extend(self.read_controls(child, inner_context))
        if kind == "range":
            self.check_range(el, ref)
        if kind in ("select1", "select", "rank") and ref and not choices and itemset is None:
            # JavaRosa refuses it: "Select question '...' has no choices"
            self.problem(Code.SELECT_NO_CHOICES, Code.SELECT_NO_CHOICES.say(label=_plain_label(label) or ref), line=el.line, path=ref,
                         hint=_("Give it <item> choices or an <itemset>."))
        count = el.get("jr:count") if kind == "repeat" else None
        if count and RELATIVE_PATH.match(count.strip()):
            # JavaRosa resolves a relative jr:count against the enclosing body element's ref
            # (getAbsRef(countRef, parent)), not against the repeat itself
            count = self.absolute(count.strip(), context)
        control = Control(
            kind="rank" if kind == "rank" else kind, ref=ref, label=label, hint=hint,
            appearance=el.get("appearance"), mediatype=el.get("mediatype"), choices=tuple(choices),
            itemset=itemset, children=tuple(children),
            repeat_count=count,
            no_add_remove=_truthy(el.get("jr:noAddRemove")) if kind == "repeat" else False,
            attrs=FrozenMap(attrs), actions=tuple(direct_actions), line=el.line,
        )
        if kind == "repeat" and ref:
            self.repeat_paths.add(ref)
        if ref and (kind != "group" or ref not in self.controls_by_ref):
            self.controls_by_ref[ref] = control
        return control

    def read_itemset(self, el: El) -> Itemset:
        nodeset = (el.get("nodeset") or "").strip()
        value_el = el.find("value")
        label_el = el.find("label")
        value_ref = (value_el.get("ref") if value_el is not None else None) or "name"
        label_ref = (label_el.get("ref") if label_el is not None else None) or "label"
        is_itext = False
        match = ITEXT_DYNAMIC.match(label_ref)
        if match:
            label_ref, is_itext = match.group(1).strip(), True
        if not nodeset:
            self.problem(Code.ITEMSET_NO_NODESET, Code.ITEMSET_NO_NODESET.say(), line=el.line)
        return Itemset(nodeset, value_ref.strip(), label_ref.strip(), is_itext)

    def check_range(self, el: El, ref: str | None) -> None:
        numbers = {}
        for key in ("start", "end", "step"):
            raw = el.get(key)
            if raw is None:
                continue
            try:
                numbers[key] = float(raw)
            except ValueError:
                self.problem(Code.RANGE_PARAMETER, _("The range {key} \"{raw}\" is not a number.")
                    .format(key=key, raw=raw), line=el.line, path=ref,
                             hint=_("Give {key} as a number, e.g. {key}=\"1\".").format(key=key))
        if "step" in numbers and numbers["step"] == 0:
            self.problem(Code.RANGE_PARAMETER, _("The range step is 0."), line=el.line, path=ref,
                         hint=_("Use a step greater than 0."))
        if "start" in numbers and "end" in numbers and "step" in numbers and numbers["step"] and \
                abs(numbers["end"] - numbers["start"]) < abs(numbers["step"]) and numbers["end"] != numbers["start"]:
            self.problem(Code.RANGE_PARAMETER, _("The range step is larger than the distance from start to end."),
                         line=el.line, path=ref, warning=True)

    # -- paths ------------------------------------------------------------
    def absolute(self, ref: str, context: str) -> str:
        """Absolute form of a ref: relative refs resolve against the enclosing group or repeat."""
        ref = ref.strip()
        if ref.startswith("/"):
            return _normalise(ref)
        current = CURRENT_STEP.match(ref)
        if current:
            # JavaRosa resolves current()/name in a body ref like the relative name (CurrentFieldRefTest)
            ref = ref[current.end():].lstrip("/")
        if ref in (".", ""):
            return context
        return _normalise(f"{context}/{ref}")


def _normalise(path: str) -> str:
    if path.startswith("/") and "." not in path and "//" not in path and not path.endswith("/"):
        return path   # already plain (/data/group/q): most refs and nodesets
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/" + "/".join(parts)


def _instance_paths(root: El) -> set[str]:
    paths: set[str] = set()
    stack = [(root, f"/{root.name}")]
    while stack:
        el, path = stack.pop()
        paths.add(path)
        for child in el.children:
            stack.append((child, f"{path}/{child.name}"))
        for key in el.attrib:
            if not key.startswith("xmlns"):
                paths.add(f"{path}/@{key}")
    return paths


def _mixed_parts(el: El) -> tuple:
    """Text with <output value="..."/> pieces, outer whitespace trimmed (pretty-printed XForms indent it)."""
    if not el.children:   # most labels and translations: plain text
        text = el.text.strip()
        return (text,) if text else ()
    parts: list = []

    def collect(node: El) -> None:
        if node.text:
            parts.append(node.text)
        for child in node.children:
            if child.name == "output":
                expr = child.get("value") or child.get("ref")
                if expr:
                    parts.append(Output(expr.strip()))
            else:
                collect(child)  # inline markup such as <h:span>: keep its words and outputs
            if child.tail:
                parts.append(child.tail)

    collect(el)
    merged: list = []
    for part in parts:  # adjacent text pieces read as one
        if merged and isinstance(part, str) and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    parts = merged
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return tuple(p for p in parts if p != "")


def _text_of(el: El) -> Text:
    ref = el.get("ref")
    if ref:
        match = ITEXT_CALL.match(ref)
        if match:
            return Text(parts=_mixed_parts(el), itext_id=match.group(1) if match.group(1) is not None else match.group(2))
        dynamic = ITEXT_DYNAMIC.match(ref)
        if dynamic:
            return Text(parts=_mixed_parts(el), itext_expr=dynamic.group(1).strip())
        return Text(parts=(Output(ref.strip()),))
    return Text(parts=_mixed_parts(el))


def _plain_label(label: Text | None) -> str:
    """A label's own words (no outputs), for messages; "" for an itext label."""
    if label is None:
        return ""
    return "".join(p for p in label.parts if isinstance(p, str)).strip()


def _message_text(value: str) -> Text:
    match = ITEXT_CALL.match(value)
    if match:
        return Text(itext_id=match.group(1) if match.group(1) is not None else match.group(2))
    return Text(parts=(value,))


def _local_type(raw: str) -> str:
    return raw.strip().rsplit(":", 1)[-1] or "string"


def _truthy(raw: str | None) -> bool:
    return (raw or "").strip().lower() in ("true()", "true", "1", "yes")
