"""A full disk and a read-only folder give typed errors, and keep every answer already saved.

Where the tests run as root with permission to mount, they use a real tiny
tmpfs (full disk: the kernel's ENOSPC; read-only: a read-only remount). Without
that permission, the read-only case uses file permissions (non-root) and the
full-disk case uses SQLite's max_page_count, which raises the same SQLITE_FULL
error the store translates but does not involve the operating system.
"""

import os
import shutil
import subprocess

import pytest

from fieldapp.store import DiskFull, ReadOnlyFolder
from tests.store.conftest import reopen


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def tiny_disk(tmp_path):
    """A 600 KiB tmpfs, or None when mounting is not allowed here."""
    point = tmp_path / "tiny"
    point.mkdir()
    mounted = _can_mount() and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(point)], capture_output=True).returncode == 0
    yield point if mounted else None
    if mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _remount(point, options):
    subprocess.run(["mount", "-o", f"remount,{options}", str(point)], check=True, capture_output=True)


def test_disk_full_raises_and_keeps_what_was_saved(tiny_disk, tmp_path, fake_forms, form):
    data_dir = (tiny_disk or tmp_path) / "data"
    store = reopen(data_dir)
    session = store.new_session(form)
    if tiny_disk is None:
        # No tmpfs: cap the database's size instead (same SQLITE_FULL path, no OS involved).
        pages = store.database.conn.execute("PRAGMA page_count").fetchone()[0]
        store.database.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
    returned = {}
    big = "x" * 20_000
    with pytest.raises(DiskFull) as caught:
        for i in range(10_000):
            value = f"{i}-{big}"
            session.answer(f"/data/q{i % 3 + 1}", value)
            returned[f"/data/q{i % 3 + 1}"] = value
    assert caught.value.code == "disk_full"
    print("disk full detail:", caught.value.detail)
    assert "Free some space" in str(caught.value)
    assert returned, "at least one answer fitted before the disk filled"
    instance_id = session.instance_id
    try:
        store.close()
    except DiskFull:
        pass
    if tiny_disk is not None:
        _remount(tiny_disk, "size=16m")
    store = reopen(data_dir)
    state = store.resume(instance_id).dump()
    for path, value in returned.items():
        assert state["values"][path] == value
    assert store.database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_read_only_folder_is_refused_untouched(tiny_disk, tmp_path, fake_forms):
    if tiny_disk is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root ignores file permissions and cannot mount here")
    data_dir = (tiny_disk or tmp_path) / "data"
    reopen(data_dir).close()
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    if tiny_disk is not None:
        _remount(tiny_disk, "ro")
    else:
        data_dir.chmod(0o555)
        for p in data_dir.iterdir():
            p.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyFolder) as caught:
            reopen(data_dir)
        assert "cannot be written" in str(caught.value)
        with pytest.raises(ReadOnlyFolder):
            reopen((tiny_disk or data_dir) / "new-data")
        assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before
    finally:
        if tiny_disk is not None:
            _remount(tiny_disk, "rw")
        else:
            data_dir.chmod(0o755)
