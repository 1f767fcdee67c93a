"""A KoboToolbox export with label headers (any of the form's languages, groups joined by `/` or `.`) merges
into the same columns as one with XML names."""

from __future__ import annotations

import openpyxl

from fieldapp.exchange.merge import merge
from fieldapp.xform import load_form
from tests.exchange.test_merge import PW, as_dicts, read_master

FORM = """| survey |
| | type | name | label::English (en) | label::Español (es) | bind::fieldapp:pii |
| | text | name | Name | Nombre | yes |
| | begin_group | about | About the child | Sobre el niño | |
| | integer | age | Age | Edad | |
| | select_one sex | sex | Sex | Sexo | |
| | select_multiple hobby | hobbies | Hobbies | Pasatiempos | |
| | end_group | | | | |
| | begin_repeat | member | Member | Miembro | |
| | text | mname | Member name | Nombre del miembro | yes |
| | end_repeat | | | | |
| choices |
| | list_name | name | label::English (en) | label::Español (es) |
| | sex | female | Female | Mujer |
| | sex | male | Male | Hombre |
| | hobby | music | Music | Música |
| | hobby | sport | Sport | Deporte |
| settings |
| | form_id | namespaces |
| | kids | fieldapp="urn:fieldapp:xforms" |
"""


def _kobo(path, header, rows, member_header, members):
    wb = openpyxl.Workbook()
    main = wb.active
    main.title = "kids"
    main.append(header)
    for row in rows:
        main.append(row)
    rep = wb.create_sheet("member")
    rep.append(member_header)
    for row in members:
        rep.append(row)
    wb.save(path)
    return path


def test_label_headers_in_either_language_and_either_separator_map_to_names(tmp_path):
    form_path = tmp_path / "kids.md"
    form_path.write_text(FORM, encoding="utf-8")
    form = load_form(form_path)
    english = _kobo(tmp_path / "en.xlsx",
                    ["Name", "About the child/Age", "About the child/Sex", "About the child/Hobbies",
                     "About the child/Hobbies/Music", "About the child/Hobbies/Sport", "_uuid", "_index"],
                    [["Ana", 9, "Female", "music", 1, 0, "k-1", 1]],
                    ["Member/Member name", "_index", "_parent_table_name", "_parent_index"], [["Rosa", 1, "kids", 1]])
    spanish = _kobo(tmp_path / "es.xlsx",
                    ["Nombre", "Sobre el niño.Edad", "Sobre el niño.Sexo", "Sobre el niño.Pasatiempos",
                     "Sobre el niño.Pasatiempos.Deporte", "_uuid", "_index"],
                    [["Luis", 11, "Hombre", "sport", 1, "k-2", 1]],
                    ["Miembro.Nombre del miembro", "_index", "_parent_table_name", "_parent_index"],
                    [["Iris", 1, "kids", 1]])
    result = merge([english, spanish], tmp_path / "m.xlsx", password=PW, form=form)
    assert not result.rejected, [log.reason() for log in result.inputs]
    sheets, _ = read_master(tmp_path / "m.xlsx")
    header = sheets["kids"][0]
    assert {"name", "about/age", "about/sex", "about/hobbies", "about/hobbies/music", "about/hobbies/sport"} <= set(header)
    assert not any(h and ("Sobre" in h or "About" in h or h == "Nombre") for h in header)
    main = {r["_uuid"]: r for r in as_dicts(sheets["kids"])}
    assert (main["uuid:k-1"]["name"], main["uuid:k-1"]["about/age"], main["uuid:k-1"]["about/sex"]) == ("Ana", 9, "female")
    assert (main["uuid:k-2"]["name"], main["uuid:k-2"]["about/age"], main["uuid:k-2"]["about/sex"]) == ("Luis", 11, "male")
    assert main["uuid:k-2"]["about/hobbies/sport"] == 1 and main["uuid:k-1"]["about/hobbies/music"] == 1
    members = as_dicts(sheets["member"])
    assert sorted((m["member/mname"], m["_submission_uuid"]) for m in members) == [("Iris", "uuid:k-2"),
                                                                                   ("Rosa", "uuid:k-1")]
