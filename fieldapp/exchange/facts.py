"""What the merge and the summaries need to know about a form's questions: column, type, choices and marks.

Built from a loaded Form (fieldapp.xform.load_form) when the coordinator has the
form, else guessed from the columns (select_multiple from its 0/1 columns), so a
merge never needs the form but its summaries are richer with it.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

YES = ("yes", "true", "true()", "1")
# UNICEF/OCHA age bands, (label, lowest age, highest age or None)
DEFAULT_AGE_BANDS = (("0-4", 0, 4), ("5-11", 5, 11), ("12-17", 12, 17), ("18-59", 18, 59), ("60+", 60, None))
_NUMBER_TYPES = {"int", "integer", "decimal", "long", "double", "float", "short"}
_DATE_TYPES = {"date", "dateTime", "time"}


@dataclass(frozen=True)
class Question:
    column: str                 # as the workbook names it: group/path/name
    kind: str                   # select_one, select_multiple, number, date, text, other
    label: str = ""
    choices: tuple[tuple[str, str], ...] = ()   # (value, label) in form order
    pii: bool = False
    sensitive: bool = False
    disaggregate: bool = False
    role: str | None = None
    repeat: str | None = None   # the repeat's column prefix when the question sits inside one
    labels: tuple[tuple[str, str], ...] = ()    # (label in any language, value): a workbook exported with labels


@dataclass
class FormFacts:
    form_id: str | None
    version: str | None = None
    questions: dict[str, Question] = field(default_factory=dict)
    age_bands: tuple = DEFAULT_AGE_BANDS
    from_form: bool = False

    @property
    def identifying(self) -> set[str]:
        """Columns that must not appear in a publishable master (PII and sensitive, with their 0/1 columns)."""
        return {q.column for q in self.questions.values() if q.pii or q.sensitive}

    def hides(self, column: str) -> bool:
        hidden = self.identifying
        return column in hidden or column.rsplit("/", 1)[0] in hidden


def _flag(extra, name: str) -> bool:
    return str(extra.get(name, "")).strip().lower() in YES


def text_of(form, text, language: str | None) -> str:
    """A label as plain text in `language` (outputs shown as "…")."""
    if text is None:
        return ""
    return itext(form, text.itext_id, language, text.parts)


def itext(form, text_id: str | None, language: str | None, parts=()) -> str:
    """The translation `text_id` in `language` (else any language), else `parts`, as plain text."""
    if text_id:
        for lang in ([language] if language else []) + list(form.translations):
            entry = form.translations.get(lang, {}).get(text_id) if lang else None
            if entry is not None and entry.forms.get("long"):
                parts = entry.forms["long"]
                break
    return "".join(p if isinstance(p, str) else "…" for p in parts).strip()


def from_form(form, language: str | None = None) -> FormFacts:
    """The facts of a loaded Form, labels in `language` (default: the form's default language)."""
    language = language or form.default_language or (form.languages[0] if form.languages else None)
    root = f"/{form.root_name}/"
    facts = FormFacts(form.form_id, form.version, from_form=True)
    repeats = sorted(form.repeat_paths, key=len, reverse=True)
    for path, control in form.controls_by_ref.items():
        if control.is_container or not path or not path.startswith(root):
            continue
        bind = form.bind(path)
        btype = bind.type if bind is not None else "string"
        extra = dict(bind.extra) if bind is not None else {}
        sensitive = _flag(extra, "fieldapp:sensitive")
        parent = path.rsplit("/", 1)[0]
        while not sensitive and parent.count("/") >= 2:
            group = form.bind(parent)
            sensitive = group is not None and _flag(group.extra, "fieldapp:sensitive")
            parent = parent.rsplit("/", 1)[0]
        if control.kind == "select1":
            kind = "select_one"
        elif control.kind == "select":
            kind = "select_multiple"
        elif btype in _NUMBER_TYPES or control.kind == "range":
            kind = "number"
        elif btype in _DATE_TYPES:
            kind = "date"
        elif control.kind in ("input",) and btype in ("string", "barcode"):
            kind = "text"
        else:
            kind = "other"
        choices = tuple((c.value, text_of(form, c.label, language) or c.value) for c in control.choices)
        if not choices and control.itemset is not None:
            choices = _itemset_choices(form, control.itemset, language)
        repeat = next((r for r in repeats if path.startswith(r + "/")), None)
        column = path[len(root):]
        labels = ()
        if kind in ("select_one", "select_multiple"):
            every: dict[str, set] = {}
            codes = set()
            for lang in list(form.languages) or [None]:
                own = (tuple((c.value, text_of(form, c.label, lang) or c.value) for c in control.choices)
                       or (_itemset_choices(form, control.itemset, lang) if control.itemset is not None else ()))
                for value, label in own:
                    codes.add(value)
                    if label and label != value:
                        every.setdefault(label, set()).add(value)
            # a label naming two choices, or itself a choice's code, is no way back to one code: left alone
            labels = tuple((label, next(iter(values))) for label, values in every.items()
                           if len(values) == 1 and label not in codes)
        facts.questions[column] = Question(
            column, kind, text_of(form, control.label, language) or column.rsplit("/", 1)[-1], choices,
            pii=_flag(extra, "fieldapp:pii"), sensitive=sensitive, disaggregate=_flag(extra, "fieldapp:disaggregate"),
            role=(str(extra.get("fieldapp:role")).strip() if extra.get("fieldapp:role") else None),
            repeat=repeat[len(root):] if repeat else None, labels=labels)
    _calculated_dimensions(form, facts, root, repeats, language)
    return facts


_BAND = re.compile(r"^(?:age_)?(\d+)_(\d+)$")
_BAND_UP = re.compile(r"^(?:age_)?(\d+)_?(?:plus|more|\+)$")


def band_label(code: str) -> str:
    """An age band's code as people read it: age_5_11 -> 5-11, age_60_plus -> 60+ (other codes as they are)."""
    text = str(code)
    found = _BAND.match(text)
    if found:
        return f"{found.group(1)}-{found.group(2)}"
    found = _BAND_UP.match(text)
    return f"{found.group(1)}+" if found else text


def _calculated_dimensions(form, facts: FormFacts, root: str, repeats, language) -> None:
    """A calculation the form marks fieldapp:disaggregate (an age band worked out from the age) is a dimension:
    its codes are labelled from a choice list of the same name when the form carries one, else read as bands."""
    for path, bind in form.binds.items():
        if not path.startswith(root) or path in form.controls_by_ref or not _flag(bind.extra, "fieldapp:disaggregate"):
            continue
        column = path[len(root):]
        name = column.rsplit("/", 1)[-1]
        instance = form.secondary_instances.get(name) if hasattr(form, "secondary_instances") else None
        choices = ()
        if instance is not None:
            itemset = type("Itemset", (), {"nodeset": f"instance('{name}')/root/item", "value_ref": "name",
                                            "label_ref": "label", "label_is_itext": False})()
            choices = _itemset_choices(form, itemset, language)
        repeat = next((r for r in repeats if path.startswith(r + "/")), None)
        facts.questions[column] = Question(
            column, "other", name.replace("_", " ").capitalize(), choices, disaggregate=True,
            role="band" if "age" in name else None, repeat=repeat[len(root):] if repeat else None)


def _itemset_choices(form, itemset, language) -> tuple[tuple[str, str], ...]:
    """The choices of a static list pyxform put in a secondary instance (`instance('sex')/root/item`).

    A list filtered by a choice_filter (`instance('needs')/root/item[asked_of != 'child']`) gives all its
    choices, so each code keeps its label whichever filter a question used; an attached file's list
    (select_one_from_file, often thousands of places) does not.
    """
    import re
    import xml.etree.ElementTree as ET
    found = re.match(r"\s*instance\(\s*'([^']+)'\s*\)/root/item\s*(\[.*\])?\s*$", itemset.nodeset or "", re.S)
    instance = form.secondary_instances.get(found.group(1)) if found else None
    if instance is None or not instance.xml or (found.group(2) and instance.src):
        return ()
    try:
        root = ET.fromstring(instance.xml)
    except ET.ParseError:
        return ()
    out = []
    for item in root.iter():
        if item.tag.rsplit("}", 1)[-1] != "item":
            continue
        fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in item}
        value = fields.get(itemset.value_ref, "")
        raw = fields.get(itemset.label_ref, "")
        label = itext(form, raw, language) if itemset.label_is_itext else raw
        if not label and fields.get("itextId"):     # a translated list: its labels are in the itext
            label = itext(form, fields["itextId"], language)
        out.append((value, label or value))
    return tuple(out)


def guessed(columns: list[str], form_id: str | None = None) -> FormFacts:
    """Facts from column names alone: a column followed by its `column/choice` 0/1 columns is a select_multiple."""
    facts = FormFacts(form_id)
    present = set(columns)
    for column in columns:
        if column.startswith("_") or "/" in column and column.rsplit("/", 1)[0] in present:
            continue
        choices = tuple((c.rsplit("/", 1)[1], c.rsplit("/", 1)[1]) for c in columns
                        if c.startswith(column + "/") and c.count("/") == column.count("/") + 1)
        if choices:
            facts.questions[column] = Question(column, "select_multiple", column, choices)
    return facts
