"""A KoboToolbox export made with labels merges like one made with XML values on every sheet: repeat and nested
repeat answers come back as the form's codes under the right parent, select_multiple labels holding spaces are
split by the labels, and a label that names two choices, or none, is kept and reported on the log."""

from __future__ import annotations

import openpyxl
import pytest

from fieldapp.exchange.merge import merge
from fieldapp.xform import load_form
from tests.exchange.devicebook import meta_row, write_device_workbook
from tests.exchange.test_merge import PW, as_dicts, read_master

FORM = """| survey |
| | type | name | label::English (en) | label::Español (es) |
| | text | name | Name | Nombre |
| | select_multiple help | needs | Needs | Necesidades |
| | select_one place | where | Where they sleep | Dónde duermen |
| | begin_group | hh | Household | Hogar |
| | begin_repeat | member | Member | Miembro |
| | text | mname | Name | Nombre |
| | integer | mage | Age (approx.) | Edad (aprox.) |
| | select_one sex | msex | Sex | Sexo |
| | select_multiple help | mneeds | Needs | Necesidades |
| | begin_repeat | visit | Visit | Visita |
| | select_one place | vplace | Place | Lugar |
| | end_repeat | | | |
| | end_repeat | | | |
| | end_group | | | |
| choices |
| | list_name | name | label::English (en) | label::Español (es) |
| | sex | female | Female | Mujer |
| | sex | male | Male | Hombre |
| | help | food | Food | Comida |
| | help | school | School | Escuela |
| | help | school_fees | School fees | Cuotas escolares |
| | help | fees | Fees | Cuotas |
| | place | home | At home | En casa |
| | place | clinic | Health clinic | Clínica de salud |
| | place | mobile | Other | Brigada móvil |
| | place | other | Other | Otro |
| settings |
| | form_id | namespaces |
| | hh_intake | fieldapp="urn:fieldapp:xforms" |
"""
HELP = ("food", "school", "school_fees", "fees")
MAIN_COLS = ["name", "needs"] + [f"needs/{c}" for c in HELP]
MEMBER_COLS = ["hh/member/mname", "hh/member/mage", "hh/member/msex", "hh/member/mneeds"] + [
    f"hh/member/mneeds/{c}" for c in HELP]
VISIT_COLS = ["hh/member/visit/vplace"]
KOBO_MAIN_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
                  "__version__", "_tags", "_index"]
KOBO_REPEAT_META = ["_index", "_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid",
                    "_submission__submission_time", "_submission__validation_status", "_submission__notes",
                    "_submission__status", "_submission__submitted_by", "_submission___version__",
                    "_submission__tags"]


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


@pytest.fixture
def form(tmp_path):
    path = tmp_path / "hh_intake.md"
    path.write_text(FORM, encoding="utf-8")
    return load_form(path)


def _split(codes: str, prefix: str) -> dict:
    return {f"{prefix}/{c}": int(c in codes.split()) for c in HELP}


def device_book(path):
    """One household from a FieldApp laptop: two members, the first with two visits."""
    uuid = "uuid:d-1"
    main = {"name": "Dora", "needs": "food school_fees", **_split("food school_fees", "needs"), **meta_row(uuid)}
    members = []
    for n, (mname, sex, needs) in enumerate([("Dani", "female", "school"), ("Deo", "male", "fees food")], start=1):
        members.append({"hh/member/mname": mname, "hh/member/mage": 10 + n, "hh/member/msex": sex,
                        "hh/member/mneeds": needs, **_split(needs, "hh/member/mneeds"),
                        "_submission_uuid": uuid, "_key": f"{uuid}/hh/member[{n}]", "_parent_key": uuid,
                        "_parent_table": "hh_intake"})
    visits = [{"hh/member/visit/vplace": place, "_submission_uuid": uuid,
               "_key": f"{uuid}/hh/member[1]/visit[{n}]", "_parent_key": f"{uuid}/hh/member[1]",
               "_parent_table": "member"} for n, place in enumerate(["clinic", "home"], start=1)]
    return write_device_workbook(path, form_id="hh_intake", columns=MAIN_COLS, rows=[main], password=PW,
                                 repeats={"member": (MEMBER_COLS, members), "visit": (VISIT_COLS, visits)})


def kobo_book(path, main_sheet, main_header, mains, member_header, members, visit_header, visits):
    """A workbook laid out as KoboToolbox exports one: the main sheet, then one sheet per repeat, each row
    pointing at its parent by `_parent_table_name` and `_parent_index`."""
    wb = openpyxl.Workbook()
    sheets = [(wb.active, main_sheet, main_header + KOBO_MAIN_META, mains),
              (wb.create_sheet(), "member", member_header + KOBO_REPEAT_META, members),
              (wb.create_sheet(), "visit", visit_header + KOBO_REPEAT_META, visits)]
    for ws, title, header, rows in sheets:
        ws.title = title
        ws.append(header)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def kobo_main(uuid, index, *answers):
    return list(answers) + [1000 + index, uuid, "2024-06-01T10:00:00", None, None, "submitted_via_web", "ana",
                            "v1", None, index]


def kobo_repeat(index, parent_sheet, parent_index, uuid, *answers):
    return list(answers) + [index, parent_sheet, parent_index, 1000, uuid, "2024-06-01T10:00:00", None, None,
                            "submitted_via_web", "ana", "v1", None]


def english_kobo(path):
    """English labels with the groups in the headers, `/` between them."""
    needs = ["Needs/Food", "Needs/School", "Needs/School fees", "Needs/Fees"]
    member_needs = [f"Household/Member/{h}" for h in needs]
    return kobo_book(
        path, "Household intake",
        ["Name", "Needs"] + needs,
        [kobo_main("k-1", 1, "Kira", "School fees Food", "1", "0", "1", "0")],
        ["Household/Member/Name", "Household/Member/Age (approx.)", "Household/Member/Sex",
         "Household/Member/Needs"] + member_needs,
        [kobo_repeat(1, "Household intake", 1, "k-1", "Kim", 9, "Male", "School fees School", 0, 1, 1, 0),
         kobo_repeat(2, "Household intake", 1, "k-1", "Kat", 14, "Female", "Fees", 0, 0, 0, 1),
         kobo_repeat(3, "Household intake", 1, "k-1", "Kai", 3, "Female", "Food", 1, 0, 0, 0)],
        ["Household/Member/Visit/Place"],
        # Kat (member 2) has two visits, Kai (member 3) one; Kim none
        [kobo_repeat(1, "member", 2, "k-1", "Health clinic"),
         kobo_repeat(2, "member", 3, "k-1", "At home"),
         kobo_repeat(3, "member", 2, "k-1", "At home")])


def test_repeat_and_nested_repeat_answers_come_back_as_codes_under_their_parents(tmp_path, form):
    device = device_book(tmp_path / "laptop.xlsx")
    kobo = english_kobo(tmp_path / "kobo.xlsx")
    result = merge([device, kobo], tmp_path / "m.xlsx", password=PW, form=form)
    assert not result.rejected and not any(log.row_problems for log in result.inputs), \
        [log.reason() for log in result.inputs]
    sheets, _ = read_master(tmp_path / "m.xlsx")
    assert set(MEMBER_COLS) <= set(sheets["member"][0]) and not any(
        h and h.startswith("Household") for h in sheets["member"][0] + sheets["visit"][0])
    main = {r["_uuid"]: r for r in as_dicts(sheets["hh_intake"])}
    assert main["uuid:k-1"]["needs"] == "school_fees food"
    # Kobo's 0/1 columns are text: numbers like the laptop's, so no column seems to have changed type
    assert (main["uuid:k-1"]["needs/school_fees"], main["uuid:d-1"]["needs/school_fees"]) == (1, 1)
    assert not [note for note in result.notes if note[0] == "type_changed"]
    members = {r["hh/member/mname"]: r for r in as_dicts(sheets["member"])}
    assert {n: (m["hh/member/msex"], m["hh/member/mneeds"], m["hh/member/mage"]) for n, m in members.items()} == {
        "Dani": ("female", "school", 11), "Deo": ("male", "fees food", 12),
        "Kim": ("male", "school_fees school", 9), "Kat": ("female", "fees", 14), "Kai": ("female", "food", 3)}
    assert members["Kim"]["hh/member/mneeds/school_fees"] == 1 and members["Kim"]["hh/member/mneeds/fees"] == 0
    # keyed by the form's paths, like the laptop's rows
    assert members["Kat"]["_key"] == "uuid:k-1/hh/member[2]" and members["Kat"]["_parent_key"] == "uuid:k-1"
    # each visit under its own member: the member row's index on the member sheet
    by_index = {r["_index"]: r for r in as_dicts(sheets["member"])}
    visits = [(by_index[v["_parent_index"]]["hh/member/mname"], v["hh/member/visit/vplace"], v["_parent_table"],
               v["_key"]) for v in as_dicts(sheets["visit"])]
    assert sorted(visits) == [
        ("Dani", "clinic", "member", "uuid:d-1/hh/member[1]/visit[1]"),
        ("Dani", "home", "member", "uuid:d-1/hh/member[1]/visit[2]"),
        ("Kai", "home", "member", "uuid:k-1/hh/member[3]/visit[1]"),
        ("Kat", "clinic", "member", "uuid:k-1/hh/member[2]/visit[1]"),
        ("Kat", "home", "member", "uuid:k-1/hh/member[2]/visit[2]")]
    # the summaries count the laptop's and Kobo's answers together, by code
    tables = {t.column: t for t in result.summary if t.dimension is None}
    count = {value: counts[0] for _, value, counts, _ in tables["hh/member/msex"].rows if value and value[0] != "#"}
    assert count == {"female": 3, "male": 2}
    count = {value: counts[0] for _, value, counts, _ in tables["hh/member/mneeds"].rows if value and value[0] != "#"}
    assert count == {"food": 2, "school": 2, "school_fees": 1, "fees": 2}
    count = {value: counts[0] for _, value, counts, _ in tables["hh/member/visit/vplace"].rows if value and value[0] != "#"}
    assert count["clinic"] == 2 and count["home"] == 3


def test_spanish_labels_with_dot_separator_and_labels_holding_spaces(tmp_path, form):
    needs = ["Necesidades.Comida", "Necesidades.Escuela", "Necesidades.Cuotas escolares", "Necesidades.Cuotas"]
    kobo = kobo_book(
        tmp_path / "kobo_es.xlsx", "Hogar",
        ["Nombre", "Necesidades"] + needs,
        [kobo_main("k-2", 1, "Lía", "Cuotas Cuotas escolares Escuela", 0, 1, 1, 1)],
        ["Hogar.Miembro.Nombre", "Hogar.Miembro.Edad (aprox.)", "Hogar.Miembro.Sexo",
         "Hogar.Miembro.Necesidades"] + [f"Hogar.Miembro.{h}" for h in needs],
        [kobo_repeat(1, "Hogar", 1, "k-2", "Leo", 7, "Hombre", "Cuotas escolares Comida", 1, 0, 1, 0)],
        ["Hogar.Miembro.Visita.Lugar"],
        [kobo_repeat(1, "member", 1, "k-2", "Clínica de salud"), kobo_repeat(2, "member", 1, "k-2", "Otro")])
    result = merge([device_book(tmp_path / "laptop.xlsx"), kobo], tmp_path / "m.xlsx", password=PW, form=form)
    assert not any(log.row_problems for log in result.inputs), [log.reason() for log in result.inputs]
    sheets, _ = read_master(tmp_path / "m.xlsx")
    assert not any(h and ("Hogar" in h or "." in h) for h in sheets["member"][0] + sheets["visit"][0])
    main = {r["_uuid"]: r for r in as_dicts(sheets["hh_intake"])}
    assert main["uuid:k-2"]["needs"] == "fees school_fees school"
    leo = next(r for r in as_dicts(sheets["member"]) if r["hh/member/mname"] == "Leo")
    assert (leo["hh/member/mage"], leo["hh/member/msex"], leo["hh/member/mneeds"]) == (7, "male",
                                                                                      "school_fees food")
    # "Other" names two places in English, but this export is in Spanish, where "Otro" is one
    places = sorted(v["hh/member/visit/vplace"] for v in as_dicts(sheets["visit"]) if v["_submission_uuid"] == "uuid:k-2")
    assert places == ["clinic", "other"]


def test_a_label_naming_two_choices_or_none_is_kept_and_reported(tmp_path, form):
    kobo = kobo_book(
        tmp_path / "kobo.xlsx", "Household intake",
        ["Name", "Needs", "Where they sleep"],
        [kobo_main("k-3", 1, "Mia", "Food Shelter", "Other")],
        ["Household/Member/Name", "Household/Member/Sex"],
        [kobo_repeat(1, "Household intake", 1, "k-3", "Max", "Male")],
        ["Household/Member/Visit/Place"],
        [kobo_repeat(1, "member", 1, "k-3", "Other"), kobo_repeat(2, "member", 1, "k-3", "Health clinic")])
    result = merge([device_book(tmp_path / "laptop.xlsx"), kobo], tmp_path / "m.xlsx", password=PW, form=form)
    log = next(log for log in result.inputs if log.name == "kobo.xlsx")
    assert log.status == "merged" and log.counts["added"] == 1
    problems = {(code, p["sheet"], p["column"], p["detail"]) for code, p in log.row_problems}
    assert problems == {("label_ambiguous", "visit", "hh/member/visit/vplace", "Other"),
                        ("label_ambiguous", "Household intake", "where", "Other"),
                        ("label_unknown", "Household intake", "needs", "Shelter")}
    ambiguous = next(p for code, p in log.row_problems if code == "label_ambiguous" and p["sheet"] == "visit")
    assert ambiguous["row"] == 2 and ambiguous["codes"] == "mobile, other"
    assert "mobile, other" in log.reason() and "más de una opción" in log.reason("es")
    assert result.exit_code == 1
    sheets, _ = read_master(tmp_path / "m.xlsx")
    places = {v["_key"]: v["hh/member/visit/vplace"] for v in as_dicts(sheets["visit"])}
    assert places["uuid:k-3/hh/member[1]/visit[1]"] == "Other"            # kept as written, never guessed
    assert places["uuid:k-3/hh/member[1]/visit[2]"] == "clinic"
    main = {r["_uuid"]: r for r in as_dicts(sheets["hh_intake"])}
    assert (main["uuid:k-3"]["needs"], main["uuid:k-3"]["where"]) == ("Food Shelter", "Other")
    logged = [r for r in sheets["Merge log"] if r and r[0] == "kobo.xlsx"]
    assert logged and "Other" in str(logged[0][-1]) and "mobile, other" in str(logged[0][-1])


SMALL = """| survey |
| | type | name | label |
| | text | hhname | Household name |
| | begin_repeat | kid | Child |
| | select_one sex | ksex | Sex of the child |
| | select_multiple help | kneeds | What the child needs |
| | end_repeat | | |
| choices |
| | list_name | name | label |
| | sex | female | Girl |
| | sex | male | Boy |
| | help | food | Food |
| | help | school_fees | School fees |
| | help | school | School |
| settings |
| | form_id |
| | small |
"""


def test_a_repeat_sheet_with_unambiguous_headers_gets_codes_too(tmp_path):
    path = tmp_path / "small.md"
    path.write_text(SMALL, encoding="utf-8")
    small = load_form(path)
    kids = [{"kid/ksex": "male", "kid/kneeds": "school", "kid/kneeds/food": 0, "kid/kneeds/school_fees": 0,
             "kid/kneeds/school": 1, "_submission_uuid": "uuid:d-9", "_key": "uuid:d-9/kid[1]",
             "_parent_key": "uuid:d-9", "_parent_table": "small"}]
    device = write_device_workbook(tmp_path / "laptop.xlsx", form_id="small", columns=["hhname"], password=PW,
                                   rows=[{"hhname": "Dora", **meta_row("uuid:d-9")}],
                                   repeats={"kid": (["kid/ksex", "kid/kneeds", "kid/kneeds/food",
                                                     "kid/kneeds/school_fees", "kid/kneeds/school"], kids)})
    wb = openpyxl.Workbook()
    wb.active.title = "small"
    wb.active.append(["Household name", "_uuid", "_index"])
    wb.active.append(["Kira", "k-9", 1])
    ws = wb.create_sheet("kid")
    ws.append(["Child/Sex of the child", "Child/What the child needs", "Child/What the child needs/Food",
               "Child/What the child needs/School fees", "Child/What the child needs/School",
               "_index", "_parent_table_name", "_parent_index", "_submission__uuid"])
    ws.append(["Girl", "School fees Food", 1, 1, 0, 1, "small", 1, "k-9"])
    ws.append(["Boy", "School", 0, 0, 1, 2, "small", 1, "k-9"])
    wb.save(tmp_path / "kobo.xlsx")
    result = merge([device, tmp_path / "kobo.xlsx"], tmp_path / "m.xlsx", password=PW, form=small)
    assert not result.rejected and not any(log.row_problems for log in result.inputs)
    sheets, _ = read_master(tmp_path / "m.xlsx")
    got = sorted((r["_submission_uuid"], r["kid/ksex"], r["kid/kneeds"]) for r in as_dicts(sheets["kid"]))
    assert got == [("uuid:d-9", "male", "school"), ("uuid:k-9", "female", "school_fees food"),
                   ("uuid:k-9", "male", "school")]
    sex = next(t for t in result.summary if t.column == "kid/ksex" and t.dimension is None)
    assert {value: counts[0] for _, value, counts, _ in sex.rows if value in ("female", "male")} == {
        "female": 1, "male": 2}


def test_a_kobo_export_alone_finds_its_form_in_the_forms_folder(tmp_path):
    sync = tmp_path / "sync"
    (sync / "forms").mkdir(parents=True)
    (sync / "forms" / "hh_intake.md").write_text(FORM, encoding="utf-8")
    (sync / "forms" / "other.md").write_text(SMALL, encoding="utf-8")
    (sync / "kobo").mkdir()
    english_kobo(sync / "kobo" / "export.xlsx")
    result = merge([sync / "kobo"], tmp_path / "m.xlsx", password=PW)
    assert result.form_id == "hh_intake" and not any(log.row_problems for log in result.inputs)
    sheets, _ = read_master(tmp_path / "m.xlsx")
    members = {r["hh/member/mname"]: r["hh/member/msex"] for r in as_dicts(sheets["member"])}
    assert members == {"Kim": "male", "Kat": "female", "Kai": "female"}
    assert sorted(v["hh/member/visit/vplace"] for v in as_dicts(sheets["visit"])) == ["clinic", "home", "home"]


def test_select_multiple_labels_split_longest_first_and_back_off_when_the_rest_does_not_fit():
    from fieldapp.exchange.choice_labels import QuestionLabels
    choices = {"ab": {"en": "Water and soap", "es": "Agua y jabón"}, "bc": {"en": "Soap kit", "es": "Kit"},
               "a": {"en": "Water", "es": "Agua"}, "kit": {"en": "Kit", "es": "Equipo"}}
    english = QuestionLabels(choices, True, "en", True)
    # "Water and soap" would leave "kit" alone; the longest labels that cover everything win
    assert english.code("Water and soap Kit") == ("ab kit", None)
    assert english.code("Water  SOAP KIT") == ("a bc", None)
    # "Kit" is one choice in English and another in Spanish: the export's language decides
    assert QuestionLabels(choices, True, "es", True).code("Agua Kit") == ("a bc", None)
    value, problem = english.code("Water Fire")
    assert value == "Water Fire" and (problem.code, problem.detail) == ("label_unknown", "Fire")
    # an export made with XML values: codes stay, and a word that is no code is not blamed on labels
    values = QuestionLabels(choices, True, None, False)
    assert values.code("ab kit") == ("ab kit", None) and values.code("zz") == ("zz", None)


def test_the_same_submissions_exported_with_labels_and_with_xml_values_are_duplicates(tmp_path, form):
    labels = english_kobo(tmp_path / "labels.xlsx")
    needs = [f"needs/{c}" for c in HELP]
    values = kobo_book(
        tmp_path / "values.xlsx", "Household intake",
        ["name", "needs"] + needs,
        [kobo_main("k-1", 1, "Kira", "school_fees food", "1", "0", "1", "0")],
        MEMBER_COLS,
        [kobo_repeat(1, "Household intake", 1, "k-1", "Kim", 9, "male", "school_fees school", 0, 1, 1, 0),
         kobo_repeat(2, "Household intake", 1, "k-1", "Kat", 14, "female", "fees", 0, 0, 0, 1),
         kobo_repeat(3, "Household intake", 1, "k-1", "Kai", 3, "female", "food", 1, 0, 0, 0)],
        VISIT_COLS,
        [kobo_repeat(1, "member", 2, "k-1", "clinic"), kobo_repeat(2, "member", 3, "k-1", "home"),
         kobo_repeat(3, "member", 2, "k-1", "home")])
    result = merge([labels, values], tmp_path / "m.xlsx", password=PW, form=form)
    assert result.totals["duplicates"] == 1 and result.conflicts == 0, [log.reason() for log in result.inputs]
    sheets, _ = read_master(tmp_path / "m.xlsx")
    assert len(as_dicts(sheets["member"])) == 3 and len(as_dicts(sheets["visit"])) == 3


def test_a_repeat_sheet_takes_the_sheet_name_the_form_gives_its_repeat(tmp_path):
    """The form's id is also its repeat's name: a laptop names the repeat's sheet `kid_2`, Kobo names it `kid`."""
    path = tmp_path / "kid.md"
    path.write_text(SMALL.replace("| | small |", "| | kid |"), encoding="utf-8")
    kid_form = load_form(path)
    kids = [{"kid/ksex": "male", "_submission_uuid": "uuid:d-9", "_key": "uuid:d-9/kid[1]",
             "_parent_key": "uuid:d-9", "_parent_table": "kid"}]
    device = write_device_workbook(tmp_path / "laptop.xlsx", form_id="kid", columns=["hhname"], password=PW,
                                   rows=[{"hhname": "Dora", **meta_row("uuid:d-9")}],
                                   repeats={"kid_2": (["kid/ksex"], kids)})
    wb = openpyxl.Workbook()
    wb.active.title = "Kids survey"
    wb.active.append(["hhname", "_uuid", "_index"])
    wb.active.append(["Kira", "k-9", 1])
    ws = wb.create_sheet("kid")
    ws.append(["kid/ksex", "_index", "_parent_table_name", "_parent_index", "_submission__uuid"])
    ws.append(["female", 1, "Kids survey", 1, "k-9"])
    wb.save(tmp_path / "kobo.xlsx")
    result = merge([device, tmp_path / "kobo.xlsx"], tmp_path / "m.xlsx", password=PW, form=kid_form)
    assert not result.rejected
    sheets, _ = read_master(tmp_path / "m.xlsx")
    assert sorted(r["kid/ksex"] for r in as_dicts(sheets["kid_2"])) == ["female", "male"]
    assert [t for t in sheets if t.startswith("kid")] == ["kid", "kid_2"]


def test_headers_are_matched_within_their_own_table_with_all_some_or_none_of_their_groups(form):
    from fieldapp.exchange.headers import Vocabulary
    words = Vocabulary(form)
    main = words.name_table(["Name", "Needs", "Needs/School fees", "_uuid"], "main", "Household intake")
    assert main.columns == ["name", "needs", "needs/school_fees", "_uuid"]
    member = words.name_table(["Name", "Member/Sex", "Household/Member/Age (approx.)", "Needs/School fees",
                               "hh/member/mneeds/food", "Color", "_index"], "repeat", "member")
    assert member.table.name == "member"
    assert member.columns == ["hh/member/mname", "hh/member/msex", "hh/member/mage", "hh/member/mneeds/school_fees",
                              "hh/member/mneeds/food", "Color", "_index"]
    assert words.language_of(member.languages) == ("English (en)", True)
    spanish = words.name_table(["Lugar"], "repeat", "Hoja 3")
    assert spanish.table.name == "visit" and spanish.columns == ["hh/member/visit/vplace"]
    assert words.language_of(spanish.languages) == ("Español (es)", True)
    names = words.name_table(["hh/member/visit/vplace"], "repeat", "visit")
    assert words.language_of(names.languages) == (None, False)


def test_a_laptop_workbook_exported_with_labels_gets_codes_on_every_sheet(tmp_path, form):
    uuid = "uuid:s-1"
    main = {"name": "Sara", "needs": "Comida, Cuotas escolares", **_split("food school_fees", "needs"),
            **meta_row(uuid, device="laptop-2")}
    members = [{"hh/member/mname": "Sol", "hh/member/mage": 8, "hh/member/msex": "Mujer",
                "hh/member/mneeds": "Cuotas escolares, Escuela", **_split("school_fees school", "hh/member/mneeds"),
                "_submission_uuid": uuid, "_key": f"{uuid}/hh/member[1]", "_parent_key": uuid,
                "_parent_table": "hh_intake"}]
    visits = [{"hh/member/visit/vplace": "Clínica de salud", "_submission_uuid": uuid,
               "_key": f"{uuid}/hh/member[1]/visit[1]", "_parent_key": f"{uuid}/hh/member[1]",
               "_parent_table": "member"}]
    labelled = write_device_workbook(tmp_path / "labels.xlsx", form_id="hh_intake", columns=MAIN_COLS, rows=[main],
                                     password=PW, device="laptop-2", labels="Español (es)",
                                     repeats={"member": (MEMBER_COLS, members), "visit": (VISIT_COLS, visits)})
    result = merge([device_book(tmp_path / "laptop.xlsx"), labelled], tmp_path / "m.xlsx", password=PW, form=form)
    assert not any(log.row_problems for log in result.inputs), [log.reason() for log in result.inputs]
    sheets, _ = read_master(tmp_path / "m.xlsx")
    assert {r["_uuid"]: r["needs"] for r in as_dicts(sheets["hh_intake"])}[uuid] == "food school_fees"
    sol = next(r for r in as_dicts(sheets["member"]) if r["hh/member/mname"] == "Sol")
    assert (sol["hh/member/msex"], sol["hh/member/mneeds"]) == ("female", "school_fees school")
    assert sorted(v["hh/member/visit/vplace"] for v in as_dicts(sheets["visit"])) == ["clinic", "clinic", "home"]
