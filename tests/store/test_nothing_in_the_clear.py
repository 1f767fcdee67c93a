"""Nothing readable on disk: every file of the data folder is scanned for known answers, while open and after close.

Requirement: SAFEGUARDING.md item 12; issue 3 "a test scans every file in the
data folder for a known answer string and finds none" (WAL and -shm included).
"""

from tests.store.conftest import PASSPHRASE, reopen

SECRETS = ["ZEBRA-SECRET-4711", "Rosalinda Quetzal", "GT-CASE-99881", "interviewer-ana-lopez"]


def scan(folder):
    """(file name, secret) for every secret found in any file, in UTF-8 or UTF-16 (as some tools write)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for secret in SECRETS + [PASSPHRASE]:
                if secret.encode("utf-8") in data or secret.encode("utf-16-le") in data:
                    found.append((path.name, secret))
    return found


def test_no_answer_in_any_file(data_dir, fake_forms, form):
    store = reopen(data_dir)
    code = store.create_recovery_code()
    store.set_setting("interviewer", SECRETS[3])
    session = store.new_session(form, interviewer=SECRETS[3], case_code=SECRETS[2])
    for i in range(50):      # enough writes that the log holds many frames
        session.answer("/data/q1", f"{SECRETS[0]} {i}")
        session.answer("/data/q2", SECRETS[1])
    session.add_repeat("/data/member")
    session.answer("/data/member[1]/name", SECRETS[1])
    store.log_event(session.instance_id, "referral", note=SECRETS[1])
    second = store.new_session(form, case_code=SECRETS[2])
    second.answer("/data/q1", SECRETS[0])
    store.finalize(second)
    assert store.database.conn.execute("PRAGMA temp_store").fetchone()[0] == 2     # temporary data in memory
    names = sorted(p.name for p in data_dir.iterdir())
    assert "fieldapp.db-wal" in names and "fieldapp.db-shm" in names
    assert scan(data_dir) == []
    store.close()
    assert scan(data_dir) == []
    assert code.encode() not in b"".join(p.read_bytes() for p in data_dir.iterdir())
    # And the data is really there, behind the passphrase.
    store = reopen(data_dir)
    assert store.resume(session.instance_id).value("/data/q2") == SECRETS[1]
    store.close()
