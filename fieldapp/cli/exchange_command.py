"""The frame the exchange sub-commands (export, sync) share: open the data, show progress, turn refusals into exit 1."""

from __future__ import annotations

import sys
from typing import Callable

from fieldapp.cli.common import EXIT_REFUSED, ProgressBar, Refused, open_data


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
