"""Cells a workbook cannot hold: characters XML forbids, arriving in a CSV export, are removed and counted in the
master (main and repeat sheets), and the master still opens and checks."""

from __future__ import annotations

import zipfile

from fieldapp.exchange.merge import merge
from tests.exchange.test_merge import PW, as_dicts, read_master


def test_forbidden_characters_from_a_csv_export_are_removed_and_counted(tmp_path):
    with zipfile.ZipFile(tmp_path / "central.zip", "w") as z:
        z.writestr("child_intake.csv", "SubmissionDate,name,comment,meta-instanceID,KEY\n"
                   "2024-07-01T00:00:00.000Z,A\x0bna,back\x08space and form\x0cfeed,uuid:c-1,uuid:c-1\n"
                   "2024-07-02T00:00:00.000Z,Luis,tab\there,uuid:c-2,uuid:c-2\n")
        z.writestr("child_intake-member.csv", "mname,PARENT_KEY,KEY\n"
                   "Mar\x01ta,uuid:c-1,uuid:c-1/household/member[1]\n")
    merge([tmp_path / "central.zip"], tmp_path / "m.xlsx", password=PW)
    sheets, _ = read_master(tmp_path / "m.xlsx")
    main = {r["_uuid"]: r for r in as_dicts(sheets["child_intake"])}
    assert main["uuid:c-1"]["name"] == "Ana" and main["uuid:c-1"]["comment"] == "backspace and formfeed"
    assert main["uuid:c-2"]["comment"] == "tab\there"            # a tab is allowed and kept
    assert [m["household/member/mname"] for m in as_dicts(sheets["member"])] == ["Marta"]
    info = {row[0]: row[1] for row in sheets["_form"][1:]}
    assert int(info["removed_characters"]) == 4
    result = merge([tmp_path / "m.xlsx"], tmp_path / "m2.xlsx", password=PW)    # and the master reads back, checksum and all
    assert not result.rejected and result.rows == 2
