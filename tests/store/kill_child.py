"""Child process of test_sigkill: resumes a draft and answers as fast as it can, reporting each returned answer().

Usage: python -m tests.store.kill_child DATA_DIR ROUND INSTANCE_ID
Prints "READY" once resumed, then "<i> <path> <value>" (or "<i> repeat <count>") after every returned call.
The draft belongs to a real form (KILL_FORM below), run by the real engine.
"""

import sys

from fieldapp.store import keys, open_store
from tests.store.conftest import CHEAP_SCRYPT_N, PASSPHRASE

# `both` is a calculation: a node the engine changes on its own, saved with each answer to q1 or q2.
KILL_FORM = """
| survey   |              |         |             |                           |
|          | type         | name    | label       | calculation               |
|          | text         | q1      | First       |                           |
|          | text         | q2      | Second      |                           |
|          | text         | q3      | Third       |                           |
|          | calculate    | both    |             | concat(${q1}, '+', ${q2}) |
|          | begin_repeat | member  | Member      |                           |
|          | text         | mname   | Member name |                           |
|          | end_repeat   |         |             |                           |
| settings |              |         |             |                           |
|          | form_id      | version |             |                           |
|          | killed       | 1       |             |                           |
"""


def step(round_number: int, i: int):
    """The i-th operation of a round: mostly answers, every 10th a new repeat instance (a whole-state save)."""
    if i % 10 == 9:
        return "repeat", None, None
    return "answer", f"/data/q{i % 3 + 1}", f"r{round_number}-{i}"


def main(data_dir: str, round_number: int, instance_id: str) -> None:
    keys.PASSPHRASE_SCRYPT_N = CHEAP_SCRYPT_N
    store = open_store(data_dir, PASSPHRASE)
    session = store.resume(instance_id)
    print("READY", flush=True)
    i = 0
    while True:
        kind, path, value = step(round_number, i)
        if kind == "answer":
            session.answer(path, value)
            print(i, path, value, flush=True)
        else:
            print(i, "repeat", session.add_repeat("/data/member"), flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
