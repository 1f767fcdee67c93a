"""`fieldapp sync FOLDER [--purge] [--write-key [--new-key]]`: exchange workbooks, forms, receipts and the key with a sync folder."""

from __future__ import annotations

from fieldapp.cli.common import EXIT_DONE, Refused, add_common, run_with_store, secret_from


def add_parser(sub) -> None:
    parser = sub.add_parser("sync", help="exchange workbooks, forms, receipts and keys with a sync folder (USB stick)")
    parser.add_argument("folder", metavar="FOLDER")
    parser.add_argument("--purge", action="store_true",
                        help="remove from this laptop the submissions the coordinator's receipts confirm")
    parser.add_argument("--write-key", action="store_true",
                        help="coordinator: seal the organisation's pseudonymization key into the folder with the "
                             "sync password (a new key is made when this laptop has none), then stop")
    parser.add_argument("--new-key", action="store_true",
                        help="with --write-key: make a new key (pseudonyms will differ from earlier files)")
    add_common(parser)


def run(args, out=None, err=None) -> int:
    return run_with_store("sync", args, "Syncing", lambda store, bar, out: _sync(args, store, bar, out), out, err)


def _password(args, store) -> str | None:
    from fieldapp.exchange.sync import PASSWORD_SETTING
    if args.password_env or not store.get_setting(PASSWORD_SETTING):
        return secret_from(args.password_env, "Sync file password: ", twice=True)
    return None


def _write_key(args, store, out) -> int:
    from fieldapp.exchange.export import who
    from fieldapp.exchange.sealedkey import put_key_in_folder
    from fieldapp.exchange.sync import PASSWORD_SETTING
    password = _password(args, store) or store.get_setting(PASSWORD_SETTING)
    if not password:
        raise Refused("the sync password is needed to seal the key: type it at the prompt or use --password-env VAR")
    path = put_key_in_folder(store, args.folder, password, new=args.new_key, by=who())
    print(f"{path}: the pseudonymization key, sealed with the sync password", file=out)
    return EXIT_DONE


def _sync(args, store, bar, out) -> int:
    from fieldapp.exchange.sync import purge_confirmed, sync
    if args.write_key:
        return _write_key(args, store, out)
    report = sync(store, args.folder, _password(args, store), progress=bar)
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
        print("the organisation's pseudonymization key was unsealed and stored", file=out)
    if report.key_problem:
        print(f"the pseudonymization key was not stored: {report.key_problem}", file=out)
    elif report.clear_key_left:
        print("a pseudonymization key lies unprotected in the folder's keys/ folder: delete it", file=out)
    if report.key_missing:
        print("no pseudonymization key yet: pseudonymized exports wait until the coordinator puts a sealed key "
              "in the folder", file=out)
    if report.confirmed:
        if args.purge:
            removed = purge_confirmed(store, report.confirmed)
            print(f"purged {removed} submissions the coordinator confirmed", file=out)
        else:
            print(f"{len(report.confirmed)} submissions are confirmed by the coordinator; "
                  "run again with --purge to remove them from this laptop", file=out)
    return EXIT_DONE
