"""Two processes on one data folder: the second app is refused, and concurrent writers and re-keying lose nothing.

Requirement: issue 8, "The store" (two app windows on one data folder; BEGIN
IMMEDIATE with the busy timeout; a healthy database is never reported damaged
while another process re-keys it). Everything here runs real child processes.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldapp.store import AlreadyOpen, RekeyedElsewhere, StoreDamaged, WrongPassphrase, open_store
from fieldapp.store.folder_lock import FolderLock
from fieldapp.xform import load_form
from tests.store.conftest import PASSPHRASE
from tests.store.kill_child import KILL_FORM
from tests.store.two_process_child import OTHER_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = 100


def start(*args, stdout=subprocess.PIPE):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.DEVNULL,
                            text=True)


def wait_for_line(child, expected: str) -> None:
    line = child.stdout.readline()
    assert line.strip() == expected, line


HOLDER = ("import sys, time\n"
          "from fieldapp.store.folder_lock import FolderLock\n"
          "FolderLock(sys.argv[1]).acquire()\n"
          "print('HELD', flush=True)\n"
          "time.sleep(60)\n")


@pytest.mark.timeout(60)
def test_a_second_app_on_the_same_folder_is_refused_and_a_killed_one_does_not_leave_it_locked(data_dir):
    holder = start("-c", HOLDER, str(data_dir))
    try:
        wait_for_line(holder, "HELD")
        with pytest.raises(AlreadyOpen) as caught:
            FolderLock(data_dir).acquire()
        assert "another window" in caught.value.text("en") and "otra ventana" in caught.value.text("es")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The kernel let go of the lock with the killed process: no stale lock to clean up by hand.
    lock = FolderLock(data_dir).acquire()
    assert lock.held
    second = start("-c", HOLDER, str(data_dir))
    try:
        assert second.wait(30) != 0, "a second holder must be refused while this process holds the folder"
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    lock.release()
    # A folder holding only the (hidden) lock file still takes new data.
    open_store(data_dir, PASSPHRASE).close()


@pytest.mark.timeout(120)
def test_two_processes_answering_at_once_lose_nothing(data_dir, tmp_path):
    form_file = tmp_path / "both.md"
    form_file.write_text(KILL_FORM)
    store = open_store(data_dir, PASSPHRASE)
    form = load_form(form_file, cache=False)
    drafts = [store.new_session(form).instance_id for _ in range(2)]
    store.close()
    go = tmp_path / "go"
    children = [start("-m", "tests.store.two_process_child", "answer", str(data_dir), draft, str(ANSWERS), str(go))
                for draft in drafts]
    for child in children:
        wait_for_line(child, "READY")
    go.write_text("")       # both start writing at the same moment
    outputs = [child.communicate(timeout=100)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    assert all(out.strip().endswith("DONE") for out in outputs), outputs

    store = open_store(data_dir, PASSPHRASE)
    for draft in drafts:
        answered = [e for e in store.audit(draft, include_values=True) if e.event == "answer_changed"]
        assert len(answered) == ANSWERS, f"{ANSWERS - len(answered)} answers lost"
        session = store.resume(draft)
        for i in range(ANSWERS - 3, ANSWERS):
            assert session.value(f"/data/q{i % 3 + 1}") == f"{draft[-6:]}-{i}"
        store.exit(session)
    assert store.database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


@pytest.mark.timeout(120)
def test_a_database_re_keyed_by_another_process_is_never_reported_damaged(data_dir, monkeypatch):
    from fieldapp.store import attempts
    monkeypatch.setattr(attempts, "FREE_TRIES", 10 ** 6)    # this test tries the other passphrase on purpose
    store = open_store(data_dir, PASSPHRASE)
    for i in range(200):
        store.set_setting(f"k{i}", "x" * 300)
    store.close()
    rekeyer = start("-m", "tests.store.two_process_child", "rekey", str(data_dir), "40")
    wait_for_line(rekeyer, "READY")
    opened = refused = rekeyed = 0
    try:
        while rekeyer.poll() is None:
            for passphrase in (PASSPHRASE, OTHER_PASSPHRASE):
                try:
                    reader = open_store(data_dir, passphrase, create=False)
                except WrongPassphrase:
                    refused += 1      # the other passphrase was the current one at that moment
                    continue
                try:
                    assert reader.get_setting("k199") == "x" * 300
                    opened += 1
                except RekeyedElsewhere:
                    rekeyed += 1      # re-keyed while open: "unlock again", not "damaged"
                reader.close()
                break
    except StoreDamaged as exc:
        pytest.fail(f"a healthy database was reported damaged while another process re-keyed it: {exc!r}")
    finally:
        if rekeyer.poll() is None:
            rekeyer.kill()
        output = rekeyer.communicate()[0]
    assert rekeyer.returncode == 0, output
    assert opened > 0
    final = open_store(data_dir, PASSPHRASE, create=False)
    assert final.get_setting("k0") == "x" * 300
    assert final.database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    final.close()


def test_a_transaction_that_reads_first_waits_for_the_other_writer_instead_of_failing(data_dir, fake_forms):
    """Two connections (as two processes have): one reads then writes while the other commits in between.

    With a plain BEGIN the first one's write fails at once ("database is locked", its snapshot is stale);
    BEGIN IMMEDIATE takes the write lock first, so the other writer waits its turn (the busy timeout).
    """
    import threading

    first = open_store(data_dir, PASSPHRASE)
    second = open_store(data_dir, PASSPHRASE, create=False)
    has_read = threading.Event()
    failures = []

    def read_then_write():
        try:
            with first.database.transaction():
                first.database.query("SELECT count(*) FROM settings")
                has_read.set()
                time.sleep(0.3)
                first.database.execute("INSERT INTO settings (key, value) VALUES ('first', '1')")
        except Exception as exc:      # the failure this test is about
            failures.append(exc)
            has_read.set()

    worker = threading.Thread(target=read_then_write)
    worker.start()
    assert has_read.wait(10)
    second.set_setting("second", 2)
    worker.join(20)
    assert failures == []
    assert first.get_setting("first") == 1 and first.get_setting("second") == 2
    first.close()
    second.close()
