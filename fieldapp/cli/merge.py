"""`fieldapp merge INPUT... --out MASTER.xlsx`: the coordinator's merge from a terminal, printing the log's totals."""

from __future__ import annotations

import getpass
import os
import sys

COUNT_WORDS = ("read", "added", "updated", "kept", "duplicates", "conflicts", "replaced", "withdrawn", "rejected")


def add_parser(sub) -> None:
    merge = sub.add_parser("merge", help="merge device workbooks (and Kobo / ODK Central exports) into one master")
    merge.add_argument("inputs", nargs="+", metavar="INPUT", help="device workbooks, folders of them, an earlier "
                       "master, a KoboToolbox .xlsx or an ODK Central .zip export")
    merge.add_argument("--out", required=True, metavar="MASTER.xlsx")
    merge.add_argument("--password-env", metavar="VAR", help="environment variable holding the inputs' password")
    merge.add_argument("--master-password-env", metavar="VAR",
                       help="environment variable holding the master's password (default: the inputs' password)")
    merge.add_argument("--profile", choices=("full", "pseudonymized", "publishable"), default="full")
    merge.add_argument("--pseudonym-key", metavar="KEY_FILE", help="the organisation's pseudonymization key file "
                       "(for --profile pseudonymized; default: keys/pseudonymization-key.txt in the --receipts "
                       "sync folder)")
    merge.add_argument("--form", metavar="FORM", help="the form (XLSForm or XForm): labels, types and marks for "
                       "the summaries and the publishable profile")
    merge.add_argument("--receipts", metavar="SYNC_FOLDER", help="write receipts into this sync folder")
    merge.add_argument("--language", choices=("en", "es"), default="en", help="language of the log and summary")


def _secret(var: str | None, prompt: str, needed: bool) -> str | None:
    if var:
        value = os.environ.get(var)
        if value is None:
            raise SystemExit(f"fieldapp merge: the environment variable {var} is not set")
        return value
    if needed and sys.stdin.isatty():
        return getpass.getpass(prompt) or None
    return None


def run(args) -> int:
    from pathlib import Path

    from fieldapp.exchange.books import is_encrypted_file
    from fieldapp.exchange.merge import expand, merge
    from fieldapp.exchange.problems import MergeError

    missing = [i for i in args.inputs if not Path(i).exists()]
    if missing:
        print(f"fieldapp merge: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = expand(args.inputs)
    encrypted = any(p.is_file() and p.stat().st_size >= 8 and is_encrypted_file(p) for p, _ in files)
    try:
        password = _secret(args.password_env, "Password of the encrypted workbooks: ", encrypted)
        master_password = _secret(args.master_password_env, "Password for the master: ", False) or password
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    form = None
    if args.form:
        from fieldapp.xform import FormError, load_form
        try:
            form = load_form(args.form)
        except (FormError, OSError) as exc:
            print(f"fieldapp merge: the form {args.form} does not load: {exc}", file=sys.stderr)
            return 2
    key = None
    if args.profile == "pseudonymized":
        from fieldapp.exchange import layout
        key_file = args.pseudonym_key or (Path(args.receipts) / layout.SYNC_KEYS / layout.PSEUDONYM_KEY_FILE
                                          if args.receipts else None)
        try:
            key = bytes.fromhex("".join(Path(key_file).read_text(encoding="utf-8").split())) if key_file else None
        except (OSError, ValueError) as exc:
            print(f"fieldapp merge: the pseudonymization key {key_file} does not read: {exc}", file=sys.stderr)
            return 2
    on_terminal = sys.stderr.isatty()

    def progress(done, total, name):
        if on_terminal:
            width = 30
            filled = int(width * done / max(total, 1))
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}", end="",
                  file=sys.stderr, flush=True)

    try:
        result = merge(args.inputs, args.out, password=password, master_password=master_password,
                       profile=args.profile, pseudonym_key=key, form=form, receipts_dir=args.receipts, language=args.language,
                       progress=progress)
    except MergeError as exc:
        if on_terminal:
            print(file=sys.stderr)
        print(f"fieldapp merge: {exc.text(args.language)}", file=sys.stderr)
        return 1
    if on_terminal:
        print(file=sys.stderr)
    for log in result.inputs:
        if log.status != "merged" or log.row_problems:
            print(f"{log.status}: {log.path}: {log.reason(args.language)}")
    totals = result.totals
    print(f"master: {result.master} ({result.rows} submissions, {result.conflicts} conflicts, "
          f"{'encrypted' if result.encrypted else 'not encrypted'}, profile {result.profile})")
    merged = sum(1 for log in result.inputs if log.status == "merged")
    rejected = len(result.rejected)
    print(f"inputs: {merged} merged, {rejected} rejected, "
          f"{sum(1 for log in result.inputs if log.status == 'skipped')} skipped")
    print("rows: " + ", ".join(f"{word} {totals.get(word, 0)}" for word in COUNT_WORDS))
    for path in result.receipts:
        print(f"receipt: {path}")
    return result.exit_code
