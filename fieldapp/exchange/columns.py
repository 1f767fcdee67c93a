"""Which sheets and columns a form's workbook has: the main table and one per repeat, in form order, for every version.

A column is one leaf of the primary instance (questions and calculations;
notes and meta left out), named by its group path. A select_multiple adds one
0/1 column per choice. Several versions of a form go into one workbook: the
newest version's columns in its order, then columns only older versions had.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from fieldapp.exchange import layout

# Bind types written as numbers / dates; everything else is text.
NUMBER_TYPES = {"int", "integer", "decimal", "long", "short", "double", "float"}
DATE_TYPES = {"date", "time", "dateTime"}
_META_GROUPS = {"meta"}


@dataclass
class Column:
    """One column of a data sheet."""
    name: str                       # header: household/roster/age, or colors/red for a choice column
    path: str                       # generic path /data/household/roster/age
    type: str = "string"            # bind type of the newest version that has it (select/select1/rank for selects)
    choice: str | None = None       # set for a select_multiple's 0/1 column
    pii: bool = False
    sensitive: bool = False
    free_text: bool = False         # typed by the interviewer (text question), not chosen or computed
    safe_text: bool = False         # the form marks this free text publishable (fieldapp:publishable)
    hxl: str = ""
    versions: set = field(default_factory=set)   # form versions that have it
    offset: bool = False            # a dateTime's UTC offset column (layout.OFFSET_SUFFIX), beside its date cell


@dataclass
class Table:
    """One data sheet: the main table (path = the root) or a repeat."""
    path: str
    name: str                       # sheet name
    parent: "Table | None"
    columns: list[Column] = field(default_factory=list)
    index: dict = field(default_factory=dict)    # path -> Column (value columns only)

    def add(self, column: Column) -> Column:
        if column.choice is None and not column.offset:
            existing = self.index.get(column.path)
            if existing is not None:
                return existing
            self.index[column.path] = column
        self.columns.append(column)
        return column


@dataclass
class Layout:
    """The tables of one workbook, main first, and where each question's column lives."""
    form_id: str
    root: str                                   # "/data"
    tables: list[Table]
    table_of: dict                              # generic path of a leaf or repeat -> Table
    choices: dict                               # select_multiple path -> [(value, {language: label})]
    labels: dict                                # select path -> {value: {language: label}}
    repeat_paths: set

    @property
    def main(self) -> Table:
        return self.tables[0]


def build_layout(forms) -> Layout:
    """The workbook layout for `forms` (versions of one form), newest first."""
    forms = list(forms)
    newest = forms[0]
    root = f"/{newest.root_name}"
    taken: set[str] = set()
    main = Table(root, layout.sheet_name(newest.form_id, taken), None)
    tables = [main]
    by_path = {root: main}
    table_of: dict = {}
    choices: dict = {}
    labels: dict = {}
    repeat_paths: set = set()
    for form in forms:
        repeat_paths |= set(form.repeat_paths)
        template = ET.fromstring(form.instance_xml)
        _walk(form, template, root, main, by_path, tables, taken, table_of, choices, labels)
    # Older versions' columns were appended after the newest version's: keep the order (union, newest first).
    return Layout(newest.form_id, root, tables, table_of, choices, labels, repeat_paths)


def _walk(form, element, path, table, by_path, tables, taken, table_of, choices, labels) -> None:
    seen_here: set[str] = set()
    for child in element:
        name = _local(child.tag)
        child_path = f"{path}/{name}"
        if child_path in seen_here:          # repeat template and its first instance: one is enough
            continue
        seen_here.add(child_path)
        if path == f"/{form.root_name}" and name in _META_GROUPS:
            continue
        if child_path in form.repeat_paths:
            sub = by_path.get(child_path)
            if sub is None:
                sub = Table(child_path, layout.sheet_name(name, taken), table)
                by_path[child_path] = sub
                tables.append(sub)
            table_of[child_path] = sub
            _walk(form, child, child_path, sub, by_path, tables, taken, table_of, choices, labels)
        elif len(child):
            _walk(form, child, child_path, table, by_path, tables, taken, table_of, choices, labels)
        else:
            _leaf(form, child, child_path, table, table_of, choices, labels)


def _leaf(form, element, path, table, table_of, choices, labels) -> None:
    bind = form.bind(path)
    control = form.control(path)
    if _is_note(bind, control):
        return
    kind = bind.type if bind is not None else "string"
    if control is not None and control.kind in ("select", "select1", "rank"):
        kind = control.kind              # pyxform types a select's bind "string": the control tells which
    marks = _marks(form, path)
    name = path.split("/", 2)[-1]
    column = table.add(Column(name=name, path=path))
    if not column.versions:      # first (newest) version that has it decides type and marks
        column.type = kind
        column.pii = marks.get("fieldapp:pii", False)
        column.sensitive = marks.get("fieldapp:sensitive", False)
        column.free_text = kind == "string" and control is not None and control.kind == "input" \
            and not (bind is not None and bind.calculate)
        column.safe_text = marks.get("fieldapp:publishable", False)
        column.hxl = element.get("hxl", "") or ""
    column.versions.add(form.version or "")
    table_of[path] = table
    if kind == "dateTime" and column.type == "dateTime" and not any(
            c.offset and c.path == path for c in table.columns):
        offset = Column(name=f"{name}{layout.OFFSET_SUFFIX}", path=path, type="utc_offset", pii=column.pii,
                        sensitive=column.sensitive, offset=True)
        offset.versions = column.versions
        table.columns.insert(table.columns.index(column) + 1, offset)
    if control is not None and control.kind in ("select", "select1", "rank"):
        known = labels.setdefault(path, {})
        listed = _choices_of(form, control)
        for value, texts in listed:
            known.setdefault(value, texts)
        if control.kind == "select":
            have = choices.setdefault(path, [])
            values = {v for v, _ in have}
            new = [(v, t) for v, t in listed if v not in values]
            have.extend(new)
            for value, _ in new:
                choice = Column(name=f"{name}{layout.CHOICE_SEPARATOR}{value}", path=path, type="choice",
                                choice=value, pii=column.pii, sensitive=column.sensitive)
                choice.versions = column.versions
                table.add(choice)


def _is_note(bind, control) -> bool:
    """A note: read-only, nothing computed into it, nothing to keep."""
    return (control is not None and control.kind == "input" and bind is not None
            and (bind.readonly or "").replace(" ", "") == "true()" and not bind.calculate)


def _marks(form, path: str) -> dict[str, bool]:
    """fieldapp:pii / sensitive / publishable on the question or on a group around it."""
    marks: dict[str, bool] = {}
    parts = path.split("/")
    for end in range(len(parts), 2, -1):
        bind = form.bind("/".join(parts[:end]))
        if bind is None:
            continue
        for key in ("fieldapp:pii", "fieldapp:sensitive", "fieldapp:publishable"):
            value = (bind.extra.get(key) or "").strip().lower()
            if value in ("yes", "true", "true()", "1") and key not in marks:
                marks[key] = True
    return marks


def _choices_of(form, control) -> list[tuple[str, dict]]:
    """(value, {language: label}) of every choice the form lists for `control`, in form order."""
    if control.choices:
        return [(c.value, _text_by_language(form, c.label)) for c in control.choices]
    itemset = control.itemset
    if itemset is None or not itemset.nodeset.startswith("instance("):
        return []
    instance_id = itemset.nodeset.split("'")[1] if "'" in itemset.nodeset else itemset.nodeset.split('"')[1]
    secondary = form.secondary_instances.get(instance_id)
    if secondary is None or not secondary.xml:
        return []
    try:
        root = ET.fromstring(secondary.xml)
    except ET.ParseError:
        return []
    result = []
    for item in root.iter("item"):
        value = item.findtext(itemset.value_ref)
        if value is None:
            continue
        label = item.findtext(itemset.label_ref) or ""
        if itemset.label_is_itext:
            texts = {language: _plain(entries.get(label)) for language, entries in form.translations.items()}
        else:
            texts = {"": label}
        result.append((value, texts))
    return result


def _text_by_language(form, text) -> dict:
    if text is None:
        return {}
    if text.itext_id:
        return {language: _plain(entries.get(text.itext_id)) for language, entries in form.translations.items()}
    return {"": "".join(p for p in text.parts if isinstance(p, str))}


def _plain(forms) -> str:
    if forms is None:
        return ""
    return "".join(p for p in forms.forms.get("long", ()) if isinstance(p, str))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
