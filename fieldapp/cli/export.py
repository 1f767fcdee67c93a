"""`fieldapp export --form ID --out FILE [--profile P] [--labels LANG]`: the device workbook of one form."""

from __future__ import annotations

import argparse

from fieldapp.cli.common import EXIT_DONE, Refused, add_common, run_with_store, secret_from


def add_parser(sub) -> None:
    from fieldapp.exchange.layout import PROFILE_NOTES
    parser = sub.add_parser(
        "export", help="write a form's submissions as a workbook (encrypted unless publishable)",
        description="Write the device workbook of one form. Profiles: "
                    + " ".join(f"{name}: {note}" for name, note in PROFILE_NOTES.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--form", required=True, metavar="ID", help="the form's id (form_id)")
    parser.add_argument("--out", required=True, metavar="FILE", help="the workbook to write (.xlsx)")
    parser.add_argument("--profile", default="full", choices=list(PROFILE_NOTES), help="what leaves the laptop")
    parser.add_argument("--labels", metavar="LANG",
                        help="write choices as their labels in this language (e.g. es) instead of their values")
    add_common(parser)


def run(args, out=None, err=None) -> int:
    return run_with_store("export", args, "Exporting", lambda store, bar, out: _export(args, store, bar, out),
                          out, err)


def _export(args, store, bar, out) -> int:
    from fieldapp.exchange.export import export_form
    password = secret_from(args.password_env, "File password: ", twice=True)
    if not password and args.profile != "publishable":
        raise Refused("this profile is written encrypted: give a file password at the prompt or with "
                      "--password-env VAR")
    result = export_form(store, args.form, args.out, args.profile, args.labels, password or None, progress=bar)
    bar.close()
    print(f"{result.file}: form {result.form_id}, profile {result.profile}, {result.submissions} submissions, "
          f"{result.repeat_rows} repeat rows, {'encrypted' if result.encrypted else 'not encrypted'}", file=out)
    if result.attachments_file is not None:
        print(f"{result.attachments_file}: {result.attachments} attached files, encrypted", file=out)
    if result.removed_characters:
        print(f"note: {result.removed_characters} characters a workbook cannot hold were removed", file=out)
    return EXIT_DONE
