"""One submission turned into typed rows: the main row and its repeat rows, with codes for declined, not asked and not reached.

A finalized submission is read from its instance XML, where ODK leaves out
non-relevant nodes: a column whose node is absent was not asked. A withdrawn
interview kept without erasing is read from its saved state: what came after
the point where it stopped was not reached.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache

from fieldapp.exchange import layout
from fieldapp.exchange.columns import DATE_TYPES, NUMBER_TYPES, Layout
from fieldapp.exchange.layout import escape_text

_POSITION = re.compile(r"\[\d+\]")
# Characters a workbook cannot hold (XML 1.0), plus CR: a spreadsheet reads CR back as a newline.
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Submission:
    """What the row builder needs of one submission (no Qt, no store)."""
    instance_id: str
    root_id: str
    deprecated_id: str | None
    version: str
    status: str                              # layout.STATUS_*
    xml: str | None = None                   # finalized: the instance XML
    declined: set = field(default_factory=set)    # positional paths
    leaves: list | None = None               # withdrawn: [(positional path, value, code)] in form order
    repeats: list | None = None              # withdrawn: positional paths of repeat instances, in order
    submitted: dt.datetime | None = None
    enumerator: str | None = None
    language: str | None = None
    referrals: int = 0


@lru_cache(maxsize=1 << 16)
def generic(path: str) -> str:
    """/data/member[2]/age -> /data/member/age (cached: the same paths come back in every submission)"""
    return _POSITION.sub("", path)


def clean_text(text: str) -> tuple[str, int]:
    """`text` without the characters a workbook cannot hold, and how many were removed."""
    cleaned, count = _UNHOLDABLE.subn("", text)
    return cleaned, count


def typed(kind: str, text: str):
    """The XForm string as a spreadsheet value: numbers as numbers, dates and times as date cells, else text."""
    if kind in NUMBER_TYPES:
        try:
            number = int(text) if kind in ("int", "integer", "long", "short") else float(text)
        except ValueError:
            return text
        # NaN and infinity are not numbers a spreadsheet holds; a 16-digit integer would lose digits in one
        return number if (kind != "decimal" and abs(number) < 2 ** 53) or (kind == "decimal" and math.isfinite(number)) \
            else text
    if kind in DATE_TYPES:
        try:
            if kind == "date":
                return dt.date.fromisoformat(text[:10])
            if kind == "time":
                return _naive(dt.time.fromisoformat(_zulu(text)))
            return _naive(dt.datetime.fromisoformat(_zulu(text)))
        except ValueError:
            return text
    return text


def _zulu(text: str) -> str:
    return text[:-1] + "+00:00" if text.endswith("Z") else text


def _naive(value):
    """Excel has no time zones: the wall-clock time as recorded (milliseconds kept)."""
    return value.replace(tzinfo=None)


class RowBuilder:
    """Builds rows for the tables of `shape`; `cell(column, text)` turns an answer into the value written."""

    def __init__(self, shape: Layout, device_id: str, consent_paths=(), start_paths=(), end_paths=()):
        self.shape = shape
        self.device_id = device_id
        self.consent_paths = tuple(consent_paths)
        self.start_paths = tuple(start_paths)
        self.end_paths = tuple(end_paths)
        self.row_counts = {table.name: 0 for table in shape.tables}
        self.removed_characters = 0
        self._version_paths: dict = {}
        self._names: dict = {}

    def rows(self, sub: Submission):
        """[(table, {column path: text or code, "__meta__": {name: value}})] for one submission, main first."""
        shape = self.shape
        if sub.xml is not None:
            # The instance XML may carry characters XML 1.0 (and a workbook) cannot hold: out before parsing.
            xml, removed = clean_text(sub.xml)
            self.removed_characters += removed
            placed, instances = _from_xml(xml, sub.declined, shape.repeat_paths, self._names)
            leaves = ()
            missing = layout.NOT_ASKED
        elif sub.leaves is not None:
            # A withdrawn interview's answers come from its saved state, not from cleaned XML: cleaned here.
            leaves, instances = [(leaf[0], self._clean(leaf[1]), leaf[2]) for leaf in sub.leaves], sub.repeats or []
            placed, missing = (), layout.NOT_REACHED
        else:                                   # erased withdrawal: only the record that it happened
            placed, leaves, instances, missing = (), (), [], None
        main = shape.main
        self.row_counts[main.name] += 1
        main_values: dict = {}
        rows_by_key = {shape.root: (main, main_values, self.row_counts[main.name])}
        ordered = [rows_by_key[shape.root]]
        for position in instances:
            table = shape.table_of.get(generic(position))
            if table is None:
                continue
            parent_key = position.rsplit("/", 1)[0]
            while parent_key not in rows_by_key and parent_key.count("/") > 1:
                parent_key = parent_key.rsplit("/", 1)[0]
            parent = rows_by_key.get(parent_key, rows_by_key[shape.root])
            self.row_counts[table.name] += 1
            meta = {
                "_index": self.row_counts[table.name], "_parent_index": parent[2], "_parent_table": parent[0].name,
                "_submission_uuid": sub.instance_id, "_key": layout.repeat_key(sub.instance_id, position),
                "_parent_key": (sub.instance_id if parent[0] is main
                                else layout.repeat_key(sub.instance_id, parent_key)),
            }
            values = {"__meta__": meta}
            rows_by_key[position] = (table, values, self.row_counts[table.name])
            ordered.append(rows_by_key[position])
        values_of = {key: held[1] for key, held in rows_by_key.items()}
        for gpath, container, value in placed:  # from the XML: where each value goes is known
            values = values_of.get(container)
            if values is not None:
                values[gpath] = value
        for path, text, code in leaves:         # from a withdrawn interview's saved state
            gpath, container = generic(path), path.rsplit("/", 1)[0]
            while container not in rows_by_key and container.count("/") > 1:
                container = container.rsplit("/", 1)[0]
            values = values_of.get(container)
            if values is None:
                continue
            # An answer that reads like a code gets one more # (layout.escape_text): codes and answers never mix.
            values[gpath] = code or (escape_text(text) if text[:1] == "#" else text)
        main_values["__meta__"] = self._main_meta(sub, main_values)
        result = []
        for table, values, _ in ordered:
            if missing:
                # A column this version does not have is blank (left out); one it has, absent here, has a reason.
                absent = self._paths(table, sub.version) - values.keys()
                if absent:
                    values.update(dict.fromkeys(absent, missing))
            result.append((table, values))
        return result

    def _paths(self, table, version: str) -> frozenset:
        """The value columns of `table` that form version `version` has (worked out once per table and version)."""
        key = (table.name, version)
        paths = self._version_paths.get(key)
        if paths is None:
            paths = self._version_paths[key] = frozenset(
                c.path for c in table.index.values() if version in c.versions)
        return paths

    def _clean(self, text):
        if not text:
            return text
        cleaned, removed = clean_text(text)
        self.removed_characters += removed
        return cleaned

    def _main_meta(self, sub: Submission, main_values: dict) -> dict:
        def answer(path):
            value = main_values.get(path)
            return None if not value or value in layout.CODES else layout.answer_text(value)

        def first(paths):
            for path in paths:
                if answer(path):
                    return typed("dateTime", answer(path))
            return None
        consent = next((answer(p) for p in self.consent_paths if answer(p)), None)
        return {
            "_uuid": sub.instance_id, "_root_uuid": sub.root_id, "_deprecated_uuid": sub.deprecated_id,
            "_submission_time": sub.submitted, "_start": first(self.start_paths), "_end": first(self.end_paths),
            "_status": sub.status, "_version": sub.version, "_device_id": self.device_id,
            "_enumerator": sub.enumerator, "_language": sub.language, "_consent": consent,
            "_decline_count": len(sub.declined), "_referrals": sub.referrals,
        }


def _from_xml(xml: str, declined: set, repeat_paths: set, names: dict | None = None):
    """([(generic path, repeat instance holding it, value)], repeat instance paths) of an instance, in document
    order. The value is the answer's text (escaped when it reads like a code) or DECLINED.

    Positional paths follow the session's spelling: a repeat instance carries its 1-based position
    (/data/member[2]/age), other elements none. `names` remembers, across instances of one form, each
    element's name, generic path and whether it is a repeat (the same few hundred come back every time).
    """
    root = ET.fromstring(xml)
    placed: list = []
    instances: list = []
    place = placed.append
    names = {} if names is None else names
    declined_code = layout.DECLINED

    def walk(element, path, gpath, holder):
        seen: dict[str, int] = {}
        for child in element:
            known = names.get((gpath, child.tag))
            if known is None:
                tag = child.tag
                name = tag.rsplit("}", 1)[-1] if "}" in tag else tag
                known = names[(gpath, tag)] = (f"/{name}", f"{gpath}/{name}", f"{gpath}/{name}" in repeat_paths)
            step, child_gpath, repeat = known
            if repeat:
                seen[step] = seen.get(step, 0) + 1
                child_path = f"{path}{step}[{seen[step]}]"
                instances.append(child_path)
                walk(child, child_path, child_gpath, child_path)
            elif len(child):
                walk(child, path + step, child_gpath, holder)
            elif declined and path + step in declined:
                place((child_gpath, holder, declined_code))
            else:
                text = child.text or ""
                # an answer that reads like a code gets one more # (layout.escape_text): codes and answers never mix
                place((child_gpath, holder, escape_text(text) if text and text[0] == "#" else text))

    top = "/" + root.tag.rsplit("}", 1)[-1]
    walk(root, top, top, top)
    return placed, instances
