"""Attachments next to a form: external secondary instances (CSV, XML, GeoJSON) found by ODK's conventions.

ODK Collect looks for a form's files in `<form name>-media/` beside it; Kobo and
Central downloads often put them in the same folder. CSV files become
`<root><item><col>value</col>…</item></root>` and GeoJSON features become items
with a `geometry` in ODK's "lat lon altitude accuracy" form, as ODK does.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from fieldapp.xform.model import xml
from fieldapp.xform.model.errors import Problem
from fieldapp.xform.load.xform_parser import read_xml, element_to_xml
from fieldapp.xform.model.errors import FormError
from fieldapp.xform.messages import Code  # every problem by its code, with its English words
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language


# jr:// schemes that name a file of the form's media; others (jr://instance/last-saved, user data) are not files.
FILE_SCHEMES = ("jr://file/", "jr://file-csv/", "jr://csv/", "jr://images/", "jr://audio/", "jr://video/")


def media_folders(form_path: str | os.PathLike) -> list[Path]:
    """Folders searched for a form's files, in order: `<stem>-media/`, then the form's own folder."""
    path = Path(form_path)
    return [path.with_name(f"{path.stem}-media"), path.parent]


def media_dir(form_path: str | os.PathLike) -> str:
    """The `<stem>-media` folder when it exists, else the form's folder."""
    first, second = media_folders(form_path)
    return str(first if first.is_dir() else second)


def find_attachment(form_path: str | os.PathLike, src: str) -> Path | None:
    """The file a jr:// URI names, or None when it is not next to the form."""
    name = file_name_of(src)
    if not name:
        return None
    for folder in media_folders(form_path):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def file_name_of(src: str) -> str | None:
    """`jr://file-csv/cities.csv` -> `cities.csv`; None for URIs that are not files (last-saved...)."""
    for scheme in FILE_SCHEMES:
        if src.startswith(scheme):
            return src[len(scheme):].lstrip("/")
    return None


def is_file_src(src: str) -> bool:
    return file_name_of(src) is not None


def load_instance_file(path: Path) -> str:
    """The instance XML for an attachment file, by its kind (CSV, GeoJSON or XML). Raises ValueError."""
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return csv_to_xml(raw)
    if suffix in (".geojson", ".json"):
        return geojson_to_xml(raw)
    try:
        root, namespaces = read_xml(raw)
    except FormError as err:
        raise ValueError(err.problems[0].message) from None
    return element_to_xml(root, namespaces)


def csv_to_xml(raw: bytes) -> str:
    """CSV -> <root><item><col>…</col></item></root>; the header row names the children (ODK's rule)."""
    text = raw.decode("utf-8-sig", errors="replace")
    # ODK reads commas; a header without any comma but with ';' or tabs is a spreadsheet export in another locale.
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise ValueError(_("the CSV file is empty (it needs a header row)"))
    names = [_xml_name(h.strip()) for h in header]
    out = ["<root>"]
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        out.append("<item>")
        for name, cell in zip(names, row):
            out.append(xml.leaf(name, cell))
        for name in names[len(row):]:
            out.append(f"<{name}/>")
        out.append("</item>")
    out.append("</root>")
    return "".join(out)


def geojson_to_xml(raw: bytes) -> str:
    """GeoJSON FeatureCollection -> items with id, geometry ("lat lon 0 0" points, ";"-joined) and properties."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(_("the GeoJSON file cannot be read: {err}").format(err=err)) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(_("the GeoJSON file must hold a FeatureCollection"))
    out = ["<root>"]
    for feature in data.get("features") or []:
        if not isinstance(feature, dict):
            continue
        out.append("<item>")
        props = feature.get("properties") or {}
        if "id" in feature and "id" not in props:
            out.append(xml.leaf("id", str(feature["id"])))
        out.append(xml.leaf("geometry", _odk_geometry(feature.get("geometry") or {})))
        for key, value in props.items():
            name = _xml_name(str(key))
            if name == "geometry":
                continue
            out.append(xml.leaf(name, "" if value is None else str(value)))
        out.append("</item>")
    out.append("</root>")
    return "".join(out)


def _odk_geometry(geometry: dict) -> str:
    def point(coords) -> str:
        lon, lat = coords[0], coords[1]
        alt = coords[2] if len(coords) > 2 else 0
        return f"{lat} {lon} {alt} 0"

    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if not coords:
        return ""
    if kind == "Point":
        return point(coords)
    if kind == "LineString":
        return ";".join(point(c) for c in coords)
    if kind == "Polygon":
        return ";".join(point(c) for c in coords[0])
    return ""


def _xml_name(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "_-." else "_" for ch in name) or "_"
    return cleaned if (cleaned[0].isalpha() or cleaned[0] == "_") else f"_{cleaned}"


def attach_problem(instance_id: str, src: str, form_path: str | os.PathLike | None, reason: str | None = None) -> Problem:
    """A Problem for an external instance that is missing or unreadable."""
    name = file_name_of(src) or src
    if reason:
        return Problem(Code.ATTACHMENT_UNREADABLE, Code.ATTACHMENT_UNREADABLE.say(name=name, instance_id=instance_id, reason=reason),
                       path=f"instance('{instance_id}')", hint=_("Replace the file with a valid copy."))
    return Problem(Code.ATTACHMENT_MISSING, Code.ATTACHMENT_MISSING.say(name=name, instance_id=instance_id),
                   path=f"instance('{instance_id}')",
                   hint=_("Put '{name}' in {folders}.").format(name=name, folders=_folder_words(form_path)))


def _folder_words(form_path) -> str:
    """"'/f/form-media' or '/f'" (the two folders searched, in the reader's language), or "the form's folder"."""
    if not form_path:
        return _("the form's folder")
    first, second = media_folders(form_path)
    return _("'{first}' or '{second}'").format(first=str(first), second=str(second))
