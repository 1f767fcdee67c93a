"""`fieldapp sync FOLDER [--purge]`: send this laptop's workbooks to the sync folder and read back what came."""

from __future__ import annotations

import sys

from fieldapp.cli.common import EXIT_DONE, EXIT_REFUSED, ProgressBar, Refused, add_common, open_data, secret_from


def add_parser(sub) -> None:
    parser = sub.add_parser("sync", help="exchange workbooks, forms, receipts and keys with a sync folder (USB stick)")
    parser.add_argument("folder", metavar="FOLDER")
    parser.add_argument("--purge", action="store_true",
                        help="remove from this laptop the submissions the coordinator's receipts confirm")
    add_common(parser)


def run(args, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from fieldapp.exchange.errors import ExchangeError
    from fieldapp.exchange.sync import PASSWORD_SETTING, purge_confirmed, sync
    try:
        store = open_data(args)
    except Refused as exc:
        print(f"fieldapp sync: {exc}", file=err)
        return EXIT_REFUSED
    bar = ProgressBar("Syncing", err)
    try:
        password = None
        if args.password_env or not store.get_setting(PASSWORD_SETTING):
            password = secret_from(args.password_env, "Sync file password: ", twice=True)
        report = sync(store, args.folder, password, progress=bar)
        bar.close()
        for sent in report.sent:
            state = "written" if sent.written else "unchanged"
            print(f"sent {sent.file_name}: {sent.submissions} submissions ({state})", file=out)
        for arrival in report.forms:
            if arrival.new:
                print(f"new form {arrival.form_id} version {arrival.version} from {arrival.file_name}", file=out)
            elif arrival.error or arrival.problems:
                print(f"form file {arrival.file_name} not imported: {arrival.error}", file=out)
                for problem in arrival.problems:
                    print(f"  {problem}", file=out)
        if report.service_directory:
            print(f"service directory updated from {report.service_directory}", file=out)
        elif report.service_problems:
            print("the service directory in the folder was not used:", file=out)
        for problem in report.service_problems:
            print(f"  {problem}", file=out)
        if report.key_updated:
            print("the organisation's pseudonymization key was stored", file=out)
        if report.key_problem:
            print(f"the pseudonymization key was not stored: {report.key_problem}", file=out)
        if report.confirmed:
            if args.purge:
                removed = purge_confirmed(store, report.confirmed)
                print(f"purged {removed} submissions the coordinator confirmed", file=out)
            else:
                print(f"{len(report.confirmed)} submissions are confirmed by the coordinator; "
                      "run again with --purge to remove them from this laptop", file=out)
    except (Refused, ExchangeError) as exc:
        bar.close()
        print(f"fieldapp sync: {exc}", file=err)
        return EXIT_REFUSED
    finally:
        store.close()
    return EXIT_DONE
