"""What the headless sub-commands share: the data folder and its passphrase, file passwords, a progress bar, and the
frame of the exchange commands (export, sync): open the data, show progress, turn refusals into exit 1."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Callable

from fieldapp.store import StoreError, default_data_dir, open_store

EXIT_DONE, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class Refused(Exception):
    """The command cannot go on; the message says why and what to do (exit code 1)."""


def add_common(parser: argparse.ArgumentParser, password: bool = True) -> None:
    parser.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="data folder (default: the platform's user data folder)")
    parser.add_argument("--passphrase-env", metavar="VAR",
                        help="take the database passphrase from this environment variable (else it is asked)")
    if password:
        parser.add_argument("--password-env", metavar="VAR",
                            help="take the file password from this environment variable (else it is asked)")


def secret_from(env_name: str | None, prompt: str, *, twice: bool = False) -> str | None:
    """The secret from the named environment variable, or typed at a prompt (never an argument)."""
    if env_name:
        value = os.environ.get(env_name)
        if not value:
            raise Refused(f"the environment variable {env_name} is empty or not set")
        return value
    if not sys.stdin.isatty():
        return None
    value = getpass.getpass(prompt)
    if twice and value and getpass.getpass("Type it again: ") != value:
        raise Refused("the two passwords differ; nothing was written")
    return value


def open_data(args):
    data_dir = getattr(args, "data_dir", None) or default_data_dir()
    passphrase = secret_from(args.passphrase_env, "Passphrase of the FieldApp data: ")
    if passphrase is None:
        raise Refused("the database passphrase is needed: type it at the prompt or use --passphrase-env VAR")
    try:
        return open_store(data_dir, passphrase, create=False)
    except StoreError as exc:
        raise Refused(f"{data_dir}: {exc}") from exc


class ProgressBar:
    """A one-line bar on a terminal (stderr); silent when output goes to a file or a script."""

    def __init__(self, label: str, stream=None):
        self.stream = stream or sys.stderr
        self.label = label
        self.shown = self.stream.isatty()

    def __call__(self, done, total) -> None:
        if not self.shown or not total:
            return
        share = min(1.0, done / total)
        filled = int(share * 30)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {share:4.0%}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def run_with_store(command: str, args, label: str, work: Callable, out=None, err=None) -> int:
    """Open the store named by `args`, call `work(store, bar, out)` (it returns the exit code) and close the store.

    A refusal (Refused, or any fieldapp.exchange error) prints `fieldapp COMMAND: why` on `err` and exits 1."""
    from fieldapp.exchange.errors import ExchangeError
    out, err = out or sys.stdout, err or sys.stderr
    try:
        store = open_data(args)
    except Refused as exc:
        print(f"fieldapp {command}: {exc}", file=err)
        return EXIT_REFUSED
    bar = ProgressBar(label, err)
    try:
        return work(store, bar, out)
    except (Refused, ExchangeError) as exc:
        bar.close()
        print(f"fieldapp {command}: {exc}", file=err)
        return EXIT_REFUSED
    finally:
        store.close()
