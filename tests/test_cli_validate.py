"""`fieldapp validate`: one line per form, every problem as `FILE: place: message`, exit 0/1, --json.

Requirements covered:
V1 a form that loads prints id, version, questions and languages; exit 0
V2 a refused form prints each problem with sheet/row/column; exit 1 when any form is refused
V3 --json gives a list of objects with the same facts
V4 the installed console entry point runs it
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fieldapp.cli import main

FORMS = Path(__file__).parent / "xform" / "forms"

BROKEN = """\
| survey |
|        | type      | name | label | relevant     | calculation |
|        | integer   | age  | Age   |              |             |
|        | text      | why  | Why   | ${age} > > 1 |             |
|        | calculate | c    |       |              | nope(1)     |
"""


def test_valid_form_prints_one_line_and_exits_0(capsys):
    code = main(["validate", str(FORMS / "household.md")])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == (f"{FORMS / 'household.md'}: id 'household', version '2026.1', 9 questions, "
                      "languages: English (en), Español (es)")


def test_refused_form_prints_every_problem_with_its_place(tmp_path, capsys):
    broken = tmp_path / "broken.md"
    broken.write_text(BROKEN, encoding="utf-8")
    code = main(["validate", str(FORMS / "household.md"), str(broken)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    problem_lines = [line for line in lines if line.startswith(str(broken))]
    assert len(problem_lines) == 2
    assert problem_lines[0].startswith(f"{broken}: sheet 'survey', row 3, column 'relevant': ")
    assert problem_lines[1].startswith(f"{broken}: sheet 'survey', row 4, column 'calculation': ")


def test_json_output(tmp_path, capsys):
    broken = tmp_path / "broken.md"
    broken.write_text(BROKEN, encoding="utf-8")
    code = main(["validate", "--json", str(FORMS / "itext_form.xml"), str(broken)])
    results = json.loads(capsys.readouterr().out)
    assert code == 1
    good, bad = results
    assert good["ok"] and good["form_id"] == "itext-sampler" and good["version"] == "7"
    assert good["questions"] == 9 and good["languages"] == ["English (en)", "Español (es)"]
    assert not bad["ok"] and {p["code"] for p in bad["problems"]} == {"expression_syntax", "unknown_function"}
    assert bad["problems"][0]["row"] == 3 and bad["problems"][0]["column"] == "relevant"
    assert bad["problems"][0]["place"] == "sheet 'survey', row 3, column 'relevant'"
    assert bad["problems"][0]["path"] == "/data/why"


def test_missing_file_exits_1_without_traceback(tmp_path, capsys):
    code = main(["validate", str(tmp_path / "none.xlsx")])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.out + captured.err
    assert "none.xlsx" in captured.out


def test_console_command_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "fieldapp.cli", "validate", str(FORMS / "itext_form.xml")],
                            capture_output=True, text=True, timeout=60,
                            env={"FIELDAPP_CACHE_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "id 'itext-sampler'" in result.stdout
