"""The form's own age bands: a calculation marked fieldapp:disaggregate (age_band from the age) is the age
dimension, its codes read as bands (age_12_14 -> 12-14) in age order, instead of the default bands."""

from __future__ import annotations

import random

import pytest

from fieldapp.exchange.merge import merge
from fieldapp.xform import load_form
from tests.exchange.devicebook import meta_row, write_device_workbook
from tests.exchange.test_merge import PW

FORM = """| survey |
| | type | name | label | bind::fieldapp:role | bind::fieldapp:disaggregate | calculation |
| | integer | age | Age | age | | |
| | calculate | age_band | | | yes | if(${age} <= 4, 'age_0_4', if(${age} <= 11, 'age_5_11', if(${age} <= 14, 'age_12_14', 'age_15_17'))) |
| | select_one yn | school | In school | | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| settings |
| | form_id | namespaces |
| | kid | fieldapp="urn:fieldapp:xforms" |
"""


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


def _band(age):
    return "age_0_4" if age <= 4 else "age_5_11" if age <= 11 else "age_12_14" if age <= 14 else "age_15_17"


def test_a_calculated_band_is_the_age_dimension(tmp_path):
    path = tmp_path / "kid.md"
    path.write_text(FORM, encoding="utf-8")
    form = load_form(path)
    rng = random.Random(5)
    rows = []
    for n in range(80):
        age = rng.randint(0, 17)
        rows.append({"age": age, "age_band": _band(age), "school": rng.choice(["yes", "no"]), **meta_row(f"uuid:{n}")})
    write_device_workbook(tmp_path / "a.xlsx", form_id="kid", columns=["age", "age_band", "school"], rows=rows,
                          password=PW, main_sheet="kid")
    result = merge([tmp_path / "a.xlsx"], tmp_path / "m.xlsx", password=PW, form=form)
    dims = {t.dimension for t in result.summary}
    assert "age_band" in dims and "age" not in dims            # the form's bands, not the default ones
    table = next(t for t in result.summary if t.column == "school" and t.dimension == "age_band")
    assert table.groups == ["0-4", "5-11", "12-14", "15-17", "12-17 (12-14 + 15-17)"]
    assert table.combined == {"12-17 (12-14 + 15-17)": ("12-14", "15-17")}
    for g, group in enumerate(table.groups[:-1]):
        code = "age_" + group.replace("-", "_")
        mine = [r for r in rows if r["age_band"] == code]
        got = {label: counts[g] for label, _, counts, _ in table.rows}
        assert got["Yes"] == sum(r["school"] == "yes" for r in mine) and table.base[g] == len(mine)
