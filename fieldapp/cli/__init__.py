"""The `fieldapp` command: the desktop app by default, sub-commands for headless work.

Each sub-command is one module of this package, named in COMMANDS below, with
`add_parser(sub)` (its arguments, on argparse's sub-parsers) and `run(args)`
returning the exit code (0 done, 1 refused, 2 wrong usage). What several share
(the data folder, secrets from the environment, a progress bar) is in common.py.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# One module per sub-command, in the order `fieldapp --help` lists them: add a new one here.
COMMANDS = ("validate", "export", "sync", "merge")


def command(name: str):
    """The module of sub-command `name`."""
    return importlib.import_module(f"{__name__}.{name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldapp", description="FieldApp: offline, child-safe survey interviews.")
    parser.add_argument("--data-dir", help="data folder (default: the platform's user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        command(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        return command(args.command).run(args)
    from fieldapp.ui.app import run_app  # only the desktop app imports Qt
    return run_app(data_dir=args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
