"""Attachment conversion and file sniffing, unit by unit.

Requirements covered:
A1 CSV -> <root><item>…</item></root>: header names the children, quotes, BOM, ';' exports, short rows
A2 GeoJSON features -> items with an ODK geometry ("lat lon alt 0") and their properties
A3 jr:// URIs name files; last-saved and other non-file instances are not looked up
A4 sniffing tells xlsx, xls, markdown, XML and damaged files apart by content
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from fieldapp.xform.load import attachments as att
from fieldapp.xform.model.instance import parse_xml
from fieldapp.xform.load.sniff import sniff


def items(xml: str):
    return [{c.name: c.value for c in item.children} for item in parse_xml(xml).children[0].children]


def test_csv_rows_become_items():
    raw = '\ufeffname,label,note\nx,"Ex, with comma",<b>\ny,Why\n\n'.encode("utf-8")
    assert items(att.csv_to_xml(raw)) == [
        {"name": "x", "label": "Ex, with comma", "note": "<b>"},
        {"name": "y", "label": "Why", "note": ""},
    ]


def test_semicolon_exports_and_odd_headers():
    raw = "name;label;2nd col\na;A;z\n".encode("utf-8")
    assert items(att.csv_to_xml(raw)) == [{"name": "a", "label": "A", "_2nd_col": "z"}]


def test_empty_csv_is_refused():
    with pytest.raises(ValueError):
        att.csv_to_xml(b"")


def test_geojson_points_lines_and_properties():
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 7, "geometry": {"type": "Point", "coordinates": [-90.5, 14.6, 1500]},
         "properties": {"name": "Zona 1", "count": 3, "empty": None}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {}},
    ]}
    first, second = items(att.geojson_to_xml(json.dumps(data).encode()))
    assert first == {"id": "7", "geometry": "14.6 -90.5 1500 0", "name": "Zona 1", "count": "3", "empty": ""}
    assert second["geometry"] == "2 1 0 0;4 3 0 0"
    with pytest.raises(ValueError):
        att.geojson_to_xml(b'{"type": "Feature"}')


def test_file_names_of_uris():
    assert att.file_name_of("jr://file-csv/cities.csv") == "cities.csv"
    assert att.file_name_of("jr://file/sub/places.xml") == "sub/places.xml"
    assert att.file_name_of("jr://instance/last-saved") is None
    assert not att.is_file_src("jr://instance/user")


def _zip(names):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize("data, kind", [
    (_zip(["xl/workbook.xml", "xl/worksheets/sheet1.xml"]), "xlsx"),
    (_zip(["word/document.xml"]), "unknown"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls"),
    ("\ufeff<?xml version='1.0'?><h:html/>".encode("utf-8"), "xml"),
    ("| survey |\n| | type | name |\n".encode("utf-8"), "md"),
    (b"\x00\x01\x02\x03", "unknown"),
    (b"just words", "unknown"),
])
def test_sniff_by_content(data, kind):
    assert sniff(data) == kind
