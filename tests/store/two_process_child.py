"""Child process of test_two_processes: writes to (or re-keys) a store another process has open at the same time.

Usage:
  python -m tests.store.two_process_child answer DATA_DIR INSTANCE_ID COUNT GO_FILE
      resume the draft, wait for GO_FILE, answer COUNT times; prints "READY" then "DONE".
  python -m tests.store.two_process_child rekey DATA_DIR ROUNDS
      change the passphrase back and forth ROUNDS times; prints "READY" then "DONE".
Errors are printed as "ERROR <type> <message>" and end the child with status 1.
"""

import sys
import time
from pathlib import Path

from fieldapp.store import keys, open_store
from tests.store.conftest import CHEAP_SCRYPT_N, PASSPHRASE

OTHER_PASSPHRASE = "otra frase bastante larga para probar"


def answer(data_dir: str, instance_id: str, count: int, go_file: str) -> None:
    store = open_store(data_dir, PASSPHRASE, create=False)
    session = store.resume(instance_id)
    print("READY", flush=True)
    while not Path(go_file).exists():
        time.sleep(0.002)
    for i in range(count):
        session.answer(f"/data/q{i % 3 + 1}", f"{instance_id[-6:]}-{i}")
        if i % 10 == 0:
            # Registering a form reads (is it there?) then writes: the kind of transaction that fails at once
            # with "database is locked" unless it takes the write lock first.
            store.register_form(_form_version(session.form, f"{instance_id[-6:]}-{i}"))
    store.exit(session)
    store.close()


def _form_version(form, version: str):
    from dataclasses import replace
    return replace(form, version=version, content_hash=f"{form.content_hash}-{version}")


def rekey(data_dir: str, rounds: int) -> None:
    store = open_store(data_dir, PASSPHRASE, create=False)
    print("READY", flush=True)
    for i in range(rounds):
        store.change_passphrase(OTHER_PASSPHRASE if i % 2 == 0 else PASSPHRASE)
    store.close()


def main(argv: list[str]) -> int:
    keys.PASSPHRASE_SCRYPT_N = CHEAP_SCRYPT_N
    keys.RECOVERY_SCRYPT_N = CHEAP_SCRYPT_N
    try:
        if argv[0] == "answer":
            answer(argv[1], argv[2], int(argv[3]), argv[4])
        else:
            rekey(argv[1], int(argv[2]))
    except Exception as exc:
        print("ERROR", type(exc).__name__, str(exc).replace("\n", " "), flush=True)
        return 1
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
