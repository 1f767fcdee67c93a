"""Loading XLSForms (.md, .xlsx, .xls) and XForms into Forms: every part of the FormDef, real file types, attachments.

Requirements covered:
L1 markdown XLSForm -> Form (settings, binds, fieldapp: attributes, itext, choices, repeats, actions, preloads)
L2 XForm with itext in every form, inline outputs, lines, nested and model actions, namespaces
L3 external CSV / GeoJSON / XML instances from `<form>-media/` or the form's folder
L4 the real type by content: .xls named .xlsx, .xlsx named .xls
L5 a workbook with a wrong <dimension> tag is read completely
"""

from __future__ import annotations

import io
import pickle
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fieldapp.xform import Form, FormError, load_form
from fieldapp.xform.model.formdef import FrozenMap, Output
from fieldapp.xform.model.instance import parse_xml

FORMS = Path(__file__).parent / "forms"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDAPP_CACHE_DIR", str(tmp_path / "cache"))


def markdown_rows(text: str) -> dict[str, list[list[str]]]:
    """The sheets of a markdown XLSForm as lists of cell rows (to write the same form as .xlsx/.xls)."""
    sheets: dict[str, list[list[str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0]:
            current = cells[0]
            sheets[current] = []
            continue
        sheets[current].append(cells[1:])
    return sheets


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


# -- L1 ----------------------------------------------------------------------

def test_markdown_xlsform_gives_the_whole_form():
    form = load_form(FORMS / "household.md")
    assert isinstance(form, Form)
    assert (form.form_id, form.version, form.title) == ("household", "2026.1", "Household survey")
    assert form.languages == ("English (en)", "Español (es)")
    assert form.default_language == "Español (es)"
    assert form.root_name == "data"
    assert "/data/age" in form.instance_name
    assert form.question_count == 9  # respondent, age, safe, region, town, members, m_name, age_seen, visit
    assert form.namespaces["fieldapp"] == "urn:fieldapp:xforms"

    age = form.bind("/data/age")
    assert age.type == "int" and age.required == "true()" and age.constraint == ". < 120"
    assert age.constraint_msg.itext_id == "/data/age:jr:constraintMsg"
    assert form.bind("/data/safe").relevant.split() == ["/data/age", ">=", "12"]
    assert form.bind("/data/safe").extra["fieldapp:sensitive"] == "yes"
    assert form.bind("/data/respondent").extra == {"fieldapp:pii": "yes"}
    assert form.bind("/data/member/m_pos").calculate == "position(..)"
    assert form.bind("/data/started").preload == "timestamp" and form.bind("/data/started").preload_params == "start"
    assert form.bind("/data/meta/instanceID").preload == "uid"

    assert [c.ref for c in form.body][:4] == ["/data/respondent", "/data/age", "/data/safe", "/data/place"]
    place = form.control("/data/place")
    assert place.is_field_list and [c.ref for c in place.children] == ["/data/place/region", "/data/place/town"]
    town = form.control("/data/place/town")
    assert town.itemset.nodeset.startswith("instance('town')/root/item[")
    assert town.itemset.label_is_itext and town.itemset.label_ref == "itextId"
    assert "town" in form.secondary_instances and "<name>t1</name>" in form.secondary_instances["town"].xml

    assert form.repeat_paths == frozenset({"/data/member"})
    member = form.control("/data/member")
    assert member.kind == "repeat" and member.repeat_count.strip() == "/data/members"

    age_label = form.translations["English (en)"][form.control("/data/age").label.itext_id]
    assert age_label.forms["long"] == ("Age of ", Output("/data/respondent"))

    first_load = [a for a in form.actions if "odk-instance-first-load" in a.events]
    assert [(a.ref, a.value) for a in first_load] == [("/data/visit", "today()")]
    trigger = [a for a in form.actions if "xforms-value-changed" in a.events]
    assert [(a.ref, a.value, a.source) for a in trigger] == [("/data/age_seen", "now()", "/data/age")]
    assert form.xlsform_path and form.content_hash and form.xform.startswith("<?xml")


def test_primary_instance_xml_parses_as_a_node_tree():
    form = load_form(FORMS / "household.md")
    doc = parse_xml(form.instance_xml)
    root = doc.children[0]
    assert root.name == "data" and root.attrs["id"] == "household"
    templates = [n for n in root.children_by_name["member"] if "jr:template" in n.attrs]
    assert len(templates) == 1


# -- L2 ----------------------------------------------------------------------

def test_xform_with_itext_languages_media_and_actions():
    form = load_form(FORMS / "itext_form.xml")
    assert (form.form_id, form.version, form.title) == ("itext-sampler", "7", "Itext sampler")
    assert form.languages == ("English (en)", "Español (es)") and form.default_language == "Español (es)"
    name_label = form.translations["English (en)"]["name:label"].forms
    assert set(name_label) == {"long", "short", "guidance", "image", "audio", "video", "big-image"}
    assert name_label["big-image"] == ("jr://images/name-big.png",)
    assert form.translations["Español (es)"]["greet:label"].forms["long"] == ("Hola ", Output("/sampler/name"))

    name = form.control("/sampler/name")
    assert name.line == 86  # source lines are kept for messages
    assert name.hint.parts == ("Write it ", Output("/sampler/kids"), " times")
    assert form.bind("/sampler/name").required_msg.itext_id == "name:required"
    assert form.bind("/sampler/name").line == 69
    assert form.bind("/sampler/kids").constraint_msg.parts == ("Ten at most",)
    assert form.bind("/sampler/meta/deviceID").preload_params == "deviceid"

    kind_of = {a.kind: a for a in form.actions}
    assert kind_of["setgeopoint"].ref == "/sampler/where"
    assert kind_of["setgeopoint"].events == ("odk-instance-first-load",)
    changed = form.control("/sampler/kids").actions
    assert [(a.ref, a.source, a.events) for a in changed] == [("/sampler/score", "/sampler/kids", ("xforms-value-changed",))]

    repeat = form.control("/sampler/kid")
    assert repeat.kind == "repeat" and repeat.no_add_remove and repeat.repeat_count == "/sampler/kids"
    assert [a.events for a in repeat.actions] == [("odk-new-repeat",)]
    assert form.control("/sampler/kid/kid_name").ref == "/sampler/kid/kid_name"  # relative ref resolved
    assert form.control("/sampler/kid/kid_age").attrs == {"start": "0", "end": "17", "step": "1"}
    assert [c.value for c in form.control("/sampler/score").choices] == ["1", "2"]
    assert form.question_count == 9
    assert form.warnings == ()


# -- L3 ----------------------------------------------------------------------

def test_external_csv_geojson_and_xml_instances_are_attached():
    form = load_form(FORMS / "itext_form.xml")
    cities = parse_xml(form.secondary_instances["cities"].xml).children[0]
    items = cities.children_by_name["item"]
    assert [i.child("name").value for i in items] == ["tgu", "sps", "gua"]
    assert items[2].child("label").value == "Guatemala, Ciudad"
    zones = parse_xml(form.secondary_instances["zones"].xml).children[0].children_by_name["item"]
    assert zones[0].child("id").value == "z1" and zones[0].child("geometry").value == "14.1 -87.2 0 0"
    assert zones[1].child("geometry").value.count(";") == 3
    offices = form.secondary_instances["offices"]
    assert offices.path.endswith("offices.xml") and "<city>tgu</city>" in offices.xml
    assert form.secondary_instances["last"].xml is None  # last-saved is the session's business
    assert form.media_dir.endswith("itext_form-media")


def test_attachments_in_the_forms_own_folder(tmp_path):
    shutil.copy(FORMS / "itext_form.xml", tmp_path / "sampler.xml")
    for file in (FORMS / "itext_form-media").iterdir():
        shutil.copy(file, tmp_path / file.name)
    form = load_form(tmp_path / "sampler.xml")
    assert "Tegucigalpa" in form.secondary_instances["cities"].xml


# -- L4 ----------------------------------------------------------------------

def test_xlsx_and_xls_are_told_by_content_not_name(tmp_path):
    sheets = markdown_rows((FORMS / "household.md").read_text(encoding="utf-8"))
    real_xlsx_named_xls = write_xlsx(tmp_path / "household.xls", sheets)
    real_xls_named_xlsx = write_xls(tmp_path / "household_legacy.xlsx", sheets)
    assert real_xls_named_xlsx.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    for path in (real_xlsx_named_xls, real_xls_named_xlsx):
        form = load_form(path)
        assert form.form_id == "household" and form.question_count == 9
        assert form.bind("/data/safe").extra["fieldapp:sensitive"] == "yes"


def test_xform_named_xlsx_is_still_an_xform(tmp_path):
    path = tmp_path / "download.xlsx"
    shutil.copy(FORMS / "itext_form.xml", path)
    shutil.copytree(FORMS / "itext_form-media", tmp_path / "download-media")
    assert load_form(path).form_id == "itext-sampler"


# -- L5 ----------------------------------------------------------------------

def _set_dimensions(path: Path, ref: str) -> None:
    """Rewrite every worksheet's <dimension> with a wrong size, as some generators do."""
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), data)
            new.writestr(info, data)
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize("ref, rows_seen, columns_seen", [("A1", 1, 1), ("A1:B300", 17, 2)])
def test_wrong_dimension_tag_is_read_completely(tmp_path, ref, rows_seen, columns_seen):
    sheets = markdown_rows((FORMS / "household.md").read_text(encoding="utf-8"))
    path = write_xlsx(tmp_path / "household.xlsx", sheets)
    _set_dimensions(path, ref)
    # The trap: openpyxl's read-only mode believes the tag and cuts the survey sheet.
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["survey"].iter_rows())
    assert (len(rows), len(rows[0])) == (rows_seen, columns_seen)
    book.close()
    form = load_form(path)
    assert form.question_count == 9 and form.form_id == "household"
    assert form.bind("/data/safe").extra["fieldapp:sensitive"] == "yes"


def test_a_workbook_read_as_empty_is_refused_not_returned_empty(tmp_path, monkeypatch):
    from fieldapp.xform.load import xlsform

    sheets = markdown_rows((FORMS / "household.md").read_text(encoding="utf-8"))
    path = write_xlsx(tmp_path / "household.xlsx", sheets)
    _set_dimensions(path, "A1")
    # Without the repair pyxform sees no questions; the loader must then refuse, never return an empty form.
    monkeypatch.setattr(xlsform, "repair_dimensions", lambda data, drop_all=False: data)
    with pytest.raises(FormError) as caught:
        load_form(path, cache=False)
    assert [p.code for p in caught.value.problems] == ["survey_unread"]


# -- the Form itself -----------------------------------------------------------

def test_form_is_immutable_and_picklable():
    form = load_form(FORMS / "household.md")
    with pytest.raises(TypeError):
        form.binds["/data/x"] = None  # type: ignore[index]
    with pytest.raises(Exception):
        form.form_id = "other"  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(form))
    assert copy == form and isinstance(copy.binds, FrozenMap)
    assert copy.controls_by_ref.keys() == form.controls_by_ref.keys()


def test_missing_file_is_a_form_error(tmp_path):
    with pytest.raises(FormError) as caught:
        load_form(tmp_path / "nothing.xlsx")
    assert caught.value.problems[0].code == "file_missing"


def test_pyxform_is_touched_by_the_adapter_only():
    package = Path(__file__).resolve().parents[2] / "fieldapp"
    importers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                       if re.search(r"^\s*(from|import)\s+pyxform", p.read_text(encoding="utf-8"), re.M))
    assert importers == ["xform/load/xlsform.py"]


def test_loading_an_xform_does_not_import_pyxform(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from fieldapp.xform import load_form; "
            f"load_form({str(FORMS / 'itext_form.xml')!r}, cache=False); print('pyxform' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False", result.stderr


def test_missing_label_media_only_warns(tmp_path):
    shutil.copy(FORMS / "itext_form.xml", tmp_path / "f.xml")
    shutil.copytree(FORMS / "itext_form-media", tmp_path / "f-media")
    (tmp_path / "f-media" / "name.mp3").unlink()
    form = load_form(tmp_path / "f.xml")
    assert [(w.code, w.path) for w in form.warnings] == [("media_missing", "name:label")]
    assert "name.mp3" in form.warnings[0].message


def test_controls_by_bind_id_relative_refs_and_markup(tmp_path):
    path = tmp_path / "f.xml"
    path.write_text("""<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml">
<h:head><h:title>t</h:title><model>
<instance><data id="t"><q/><g><r/></g></data></instance>
<bind id="the-q" nodeset="/data/q" type="int"/>
<bind nodeset="/data/g/r" type="string"/>
</model></h:head>
<h:body>
<input bind="the-q"><label>Q <h:span>is <output value="/data/g/r"/></h:span>!</label></input>
<group ref="/data/g"><label>G</label><input ref="r"><label>R</label></input></group>
</h:body></h:html>""", encoding="utf-8")
    form = load_form(path, cache=False)
    assert form.control("/data/q").label.parts == ("Q is ", Output("/data/g/r"), "!")
    assert form.bind("/data/q").id == "the-q"
    assert form.control("/data/g/r").line == 9
    assert [c.ref for c in form.body] == ["/data/q", "/data/g"]
