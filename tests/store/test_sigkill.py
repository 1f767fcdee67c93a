"""Killed mid-fill, again and again: every answer whose answer() had returned is there, and the database is sound.

Requirement: issue 3 "Done when" (SIGKILL at random moments, integrity_check).
The child reports each answer after answer() returns; at most one operation
is in flight when the kill lands, so each question's saved value must be the
last one reported or that in-flight one.
"""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.store.conftest import reopen
from tests.store.kill_child import step

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 6


def run_child(data_dir, round_number, instance_id, rng):
    """Start the child, let it answer for a random moment, SIGKILL it; return (instance_id, reported lines)."""
    args = [sys.executable, "-m", "tests.store.kill_child", str(data_dir), str(round_number)]
    if instance_id:
        args.append(instance_id)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(child.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 20
    while len(lines) < 3 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.005)
    time.sleep(rng.uniform(0.0, 0.15))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(5)
    assert child.returncode == -signal.SIGKILL, "the child must have been killed, not have stopped on its own"
    assert lines and lines[0].startswith("ID "), lines[:3]
    return lines[0].split()[1], [line.split() for line in lines[1:] if line.endswith("\n")]


@pytest.mark.timeout(60)
def test_sigkill_again_and_again(data_dir, fake_forms):
    rng = random.Random(int(os.environ.get("FIELDAPP_KILL_SEED", time.time())))
    reopen(data_dir).close()
    instance_id = None
    known: dict[str, str] = {}      # question -> value it must have (reported by earlier rounds)
    repeats = 0
    total_answers = 0
    for round_number in range(ROUNDS):
        instance_id, reported = run_child(data_dir, round_number, instance_id, rng)
        for fields in reported:
            if fields[1] == "repeat":
                repeats = int(fields[2])
            else:
                known[fields[1]] = fields[2]
                total_answers += 1
        in_flight = step(round_number, len(reported))

        store = reopen(data_dir)
        assert store.database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.database.conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        session = store.resume(instance_id)
        for path, value in known.items():
            saved = session.value(path)
            if saved != value:
                # Only the operation in flight at the kill may be ahead of the reports.
                assert in_flight[0] == "answer" and (path, saved) == in_flight[1:], (round_number, path, saved, value)
                known[path] = saved
        count = session.repeat_count("/data/member")
        assert count in (repeats, repeats + 1) and (count == repeats or in_flight[0] == "repeat")
        repeats = count
        store.close()
    assert total_answers > ROUNDS, "the kills landed while answering"
