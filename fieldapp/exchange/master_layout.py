"""The master workbook's own parts (beyond the device layout): bookkeeping sheets and provenance columns."""

from __future__ import annotations

import hashlib

from fieldapp.exchange import layout

MERGE_LOG_SHEET = "Merge log"
CONFLICTS_SHEET = "Conflicts"
SUMMARY_SHEET = "Summary"
WITHDRAWALS_SHEET = "Withdrawals"       # roots of withdrawn children: a later merge keeps them out
# Sheets that hold no submissions: the reader skips them, the checksum does not cover them.
BOOKKEEPING = (layout.FORM_SHEET, layout.CODES_SHEET, MERGE_LOG_SHEET, SUMMARY_SHEET)

SOURCE_FILE = "_source_file"
MERGED_AT = "_merged_at"
INDEX = "_index"
CONFLICT_NOTE = "_conflict"
PROVENANCE = (SOURCE_FILE, MERGED_AT)
# Columns that say where a row sits or came from, not what was answered: identical submissions may differ here.
NOT_CONTENT = frozenset({SOURCE_FILE, MERGED_AT, INDEX, CONFLICT_NOTE, "_parent_index", "_parent_table"})
WITHDRAWAL_COLUMNS = ("_root_uuid", "_uuid", "_device_id", SOURCE_FILE, MERGED_AT)
MASTER_KIND = "master"                  # the _form sheet's "profile"-like key `workbook` says which kind of file
WORKBOOK_KEY = "workbook"
CHECKSUM_BLOCKS = "checksum_blocks"     # _form key: where each sheet's checksum carries on from an earlier merge's


class _Digest:
    """A sheet hash that is only the digest an earlier merge left (no row of this sheet hashed yet)."""

    def __init__(self, digest: bytes):
        self._digest = digest

    def digest(self) -> bytes:
        return self._digest


class ResumableChecksum(layout.Checksum):
    """The master's checksum: the device checksum, except that a sheet to which a later merge appended rows
    carries on from the digest of its earlier rows (sha256 of a block marker and that digest) instead of
    re-hashing them. `blocks` says, per sheet, after how many rows (header included) each carrying-on began;
    the reader chains at the same places, so it checks every cell all the same."""

    def __init__(self, blocks: dict | None = None):
        super().__init__()
        self.blocks: dict[str, list[int]] = {k: list(v) for k, v in (blocks or {}).items()}
        self.counts: dict[str, int] = {}
        self._name = None

    def sheet(self, name: str) -> None:
        super().sheet(name)
        self._name = name
        self.counts.setdefault(name, 0)

    def resume(self, name: str, digest: bytes, rows: int) -> None:
        """Sheet `name` already holds `rows` rows whose hash was `digest`: the rows that follow chain on it."""
        self._sheets[name] = _Digest(digest)
        self._current = self._sheets[name]
        self._name = name
        self.counts[name] = rows

    def row(self, cells) -> None:
        name = self._name
        current = self._current
        if type(current) is _Digest:            # the first row appended to a resumed sheet
            current = self._sheets[name] = self._current = hashlib.sha256(b"\x1eblock\x1f" + current.digest())
            self.blocks.setdefault(name, []).append(self.counts[name])
        super().row(cells)
        count = self.counts[name] = self.counts[name] + 1
        if count in self._reading.get(name, ()):
            self._sheets[name] = self._current = hashlib.sha256(b"\x1eblock\x1f" + current.digest())

    def reading(self) -> "ResumableChecksum":
        """This checksum used by a reader: chain after the recorded row counts."""
        self._reading = {k: set(v) for k, v in self.blocks.items()}
        return self

    _reading: dict = {}

    def sheet_digest(self, name: str) -> bytes:
        return self._sheets[name].digest()
