"""The `fieldapp` command: the desktop app by default, sub-commands for headless work."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldapp", description="FieldApp: offline, child-safe survey interviews.")
    parser.add_argument("--data-dir", help="data folder (default: the platform's user data folder)")
    sub = parser.add_subparsers(dest="command")

    validate = sub.add_parser("validate", help="check XLSForms (.xlsx/.xls/.md) and XForms (.xml)")
    validate.add_argument("forms", nargs="+", metavar="FORM")
    validate.add_argument("--json", action="store_true", help="machine-readable output")

    from fieldapp.commands import export, merge, sync
    export.add_parser(sub)
    sync.add_parser(sub)
    merge.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "validate":
        from fieldapp.xform.validate import run_validate
        return run_validate(args.forms, as_json=args.json)
    if args.command in ("export", "sync", "merge"):
        from fieldapp.commands import export, merge, sync
        return {"export": export, "sync": sync, "merge": merge}[args.command].run(args)
    from fieldapp.ui.app import run_app  # only the GUI path imports Qt
    return run_app(data_dir=args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
