"""Child process of test_sigkill: fills a draft as fast as it can and reports each answer after answer() returned.

Usage: python -m tests.store.kill_child DATA_DIR ROUND [INSTANCE_ID]
Prints "ID <instance_id>" once, then "<i> <path> <value>" after every returned answer().
"""

import sys

from fieldapp.store import forms as store_forms
from fieldapp.store import keys, open_store
from tests.store.conftest import CHEAP_SCRYPT_N, PASSPHRASE
from tests.store.fakes import FakeSession, fake_form, fake_form_from_row


def step(round_number: int, i: int):
    """The i-th operation of a round: mostly answers, every 10th a new repeat instance (a whole-state save)."""
    if i % 10 == 9:
        return "repeat", None, None
    path = f"/data/q{i % 3 + 1}"
    return "answer", path, f"r{round_number}-{i}"


def main(data_dir: str, round_number: int, instance_id: str | None) -> None:
    keys.PASSPHRASE_SCRYPT_N = CHEAP_SCRYPT_N
    store_forms.form_from_row = fake_form_from_row
    store = open_store(data_dir, PASSPHRASE, session_class=FakeSession)
    session = store.resume(instance_id) if instance_id else store.new_session(fake_form())
    print("ID", session.instance_id, flush=True)
    i = 0
    while True:
        kind, path, value = step(round_number, i)
        if kind == "answer":
            session.answer(path, value)
            print(i, path, value, flush=True)
        else:
            count = session.add_repeat("/data/member")
            print(i, "repeat", count, flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
