"""The device workbook read back value by value: types, codes, repeats, formulas, HXL, versions, checksum."""

import datetime as dt

from fieldapp.exchange import layout
from fieldapp.exchange.export import build_workbook
from tests.exchange.conftest import as_dicts, form_info, read_workbook, write_form


def fill(store, form, **answers):
    session = store.new_session(form, interviewer=answers.pop("interviewer", "ana"))
    for path, value in answers.items():
        session.answer(f"/data/{path}", value)
    return session


def checksum_of(sheets):
    check = layout.Checksum()
    for name, rows in sheets.items():
        if name in (layout.FORM_SHEET, layout.CODES_SHEET):
            continue
        check.sheet(name)
        for row in rows:
            check.row(row)
    return check.hexdigest()


def test_values_read_back_typed_with_codes_and_linked_repeats(store, forms_dir):
    form = write_form(forms_dir)
    first = fill(store, form, consent="yes", name="=HYPERLINK(\"x\")", age="12", height="1.45",
                 arrived="2026-03-01", colors="red blue", comment="+1 línea\nsegunda l'ínea\x07")
    first.answer("/data/safety/hurt", "no")
    first.answer("/data/member[1]/mname", "@Rosa")
    first.answer("/data/member[1]/mage", "9")
    first.answer("/data/member[1]/pet[1]/kind", "dog")
    first.add_repeat("/data/member[1]/pet")
    first.answer("/data/member[1]/pet[2]/kind", "cat")
    first.add_repeat("/data/member")
    first.answer("/data/member[2]/mname", "-Luis")
    store.finalize(first)
    second = fill(store, form, consent="yes", age="7", interviewer="beto")   # safety not relevant
    second.decline("/data/name")
    store.finalize(second)

    built = build_workbook(store, "kid", "full")
    sheets, types = read_workbook(built.data)
    assert "f" not in types                                   # no formula anywhere
    assert list(sheets)[:3] == ["kid", "member", "pet"] and list(sheets)[-2:] == ["_codes", "_form"]
    main = as_dicts(sheets, "kid")
    row1, row2 = main
    assert row1["name"] == "=HYPERLINK(\"x\")" and row1["age"] == 12 and row1["height"] == 1.45
    assert row1["arrived"] == dt.datetime(2026, 3, 1)         # a date cell (openpyxl reads midnight)
    assert row1["colors"] == "red blue" and row1["colors/red"] == 1 and row1["colors/blue"] == 1
    assert row1["comment"] == "+1 línea\nsegunda l'ínea"      # the bell character removed...
    assert form_info(sheets)["removed_characters"] == 1       # ...and counted
    assert row1["safety/hurt"] == "no" and row2["safety/hurt"] == layout.NOT_ASKED
    assert row2["name"] == layout.DECLINED and row2["_decline_count"] == 1
    assert row2["height"] is None and row2["colors/red"] is None     # blank means blank
    assert row1["_uuid"] == first.instance_id and row1["_enumerator"] == "ana" and row1["_consent"] == "yes"
    assert isinstance(row1["_submission_time"], dt.datetime) and isinstance(row1["_start"], dt.datetime)
    assert row1["_status"] == "finalized" and row1["_version"] == "1"
    assert sheets["kid"][1][list(sheets["kid"][0]).index("age")] == "#age"   # the HXL row

    members = as_dicts(sheets, "member")
    assert [m["member/mname"] for m in members if m["_submission_uuid"] == first.instance_id] == ["@Rosa", "-Luis"]
    assert members[0]["_key"] == f"{first.instance_id}/member[1]" and members[0]["_parent_key"] == first.instance_id
    assert members[0]["_parent_table"] == "kid" and members[0]["_parent_index"] == 1
    pets = as_dicts(sheets, "pet")
    mine = [p for p in pets if p["_submission_uuid"] == first.instance_id]
    assert [p["member/pet/kind"] for p in mine] == ["dog", "cat"]
    keys = {m["_key"] for m in members}
    assert all(p["_parent_key"] in keys for p in pets)        # every repeat row linked to its parent
    assert mine[1]["_key"] == f"{first.instance_id}/member[1]/pet[2]"
    assert form_info(sheets)["checksum"] == checksum_of(sheets) == built.checksum


def test_two_versions_union_in_newest_order(store, forms_dir):
    old = write_form(forms_dir, "1")
    store.finalize(fill(store, old, age="3"))
    new = write_form(forms_dir, "2", extra_question=True)
    store.finalize(fill(store, new, age="4", school="Escuela 5"))
    sheets, _ = read_workbook(build_workbook(store, "kid", "full").data)
    header = list(sheets["kid"][0])
    assert header.index("school") < header.index("photo")     # the newest version's order
    rows = as_dicts(sheets, "kid")
    assert [r["_version"] for r in rows] == ["1", "2"]
    assert rows[0]["school"] is None and rows[1]["school"] == "Escuela 5"   # absent in v1: blank, not a code
    assert form_info(sheets)["form_versions"] == "2 1"


def test_labels_in_the_language_chosen(store, forms_dir):
    form = write_form(forms_dir)
    store.finalize(fill(store, form, consent="yes", colors="blue red", age="11"))
    sheets, _ = read_workbook(build_workbook(store, "kid", "full", labels="es").data)
    row = as_dicts(sheets, "kid")[0]
    assert row["consent"] == "Sí" and row["colors"] == "Azul, Rojo" and row["colors/red"] == 1
    assert form_info(sheets)["labels"] == "Español (es)"


def test_withdrawn_interview_not_reached_after_the_stop(store, forms_dir):
    form = write_form(forms_dir)
    session = fill(store, form, consent="yes", name="Ana", age="14")
    store.withdraw(session.instance_id, erase=False)
    erased = fill(store, form, consent="yes", name="Eva")
    store.withdraw(erased.instance_id, erase=True)
    sheets, _ = read_workbook(build_workbook(store, "kid", "full").data)
    kept, gone = as_dicts(sheets, "kid")
    assert kept["_status"] == layout.STATUS_WITHDRAWN and kept["age"] == 14
    assert kept["height"] == layout.NOT_REACHED and kept["safety/hurt"] == layout.NOT_REACHED
    assert gone["_status"] == layout.STATUS_WITHDRAWN_ERASED and gone["name"] is None
