"""The `fieldapp` command's sub-commands: one module each in fieldapp/cli, all listed in COMMANDS, all reachable."""

from __future__ import annotations

from pathlib import Path

import pytest

import fieldapp.cli
from fieldapp.cli import COMMANDS, build_parser, command, main

HELPERS = {"__init__", "__main__", "common"}


def test_every_sub_command_module_is_listed_once():
    modules = {path.stem for path in Path(fieldapp.cli.__file__).parent.glob("*.py")} - HELPERS
    assert sorted(COMMANDS) == sorted(modules), "add the new module's name to COMMANDS in fieldapp/cli/__init__.py"
    assert len(set(COMMANDS)) == len(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_sub_command_has_its_parser_and_runs(name, capsys):
    module = command(name)
    assert callable(module.add_parser) and callable(module.run)
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    assert f"usage: fieldapp {name}" in capsys.readouterr().out
    assert name in build_parser().format_help()
