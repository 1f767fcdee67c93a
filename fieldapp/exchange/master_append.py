"""Adding rows to an earlier master's sheets without rewriting them: each sheet's compressed XML, kept in the
work database beside the master, is carried over as it is and the new rows are compressed after it.

The kept database (see `kept`) holds, per data sheet, the sheet's compressed bytes up to the point just before
its closing tags (see `deflate_resume`). Appending, those bytes go into the new master's zip unchanged, so the
cost of adding a workbook is that of the new rows, not of the master; and the earlier master never has to be
decrypted into memory. Once the new master is written, its own sheets' bytes are kept for the next merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.exchange import deflate_resume
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.deflate_resume import ResumePoint
from fieldapp.exchange.sources import MAIN

PIECE = 1 << 20             # bytes per row of the sheet_bytes table
_ALIAS = "earlier"


@dataclass
class Append:
    """The earlier master's sheets, to be carried over as they are with the new rows after them."""
    kept: object            # kept.KeptMaster
    sheets: dict            # sheet title -> its description in the kept database
    work: object            # the work database, with the earlier master's kept database attached

    def raw(self, title: str):
        """The sheet's compressed bytes (in pieces) up to its recorded point, with that point."""
        point = ResumePoint.from_list(self.sheets[title].get("deflate"))
        cursor = self.work.execute(f"SELECT data FROM {_ALIAS}.sheet_bytes WHERE title = ? ORDER BY part",
                                   (title,))
        return (row[0] for row in cursor), point

    def close(self) -> None:
        try:
            self.work.execute(f"DETACH DATABASE {_ALIAS}")
        except Exception:       # never attached, or already let go
            pass


def append_plan(merge, work, main_name: str, main_columns: list[str], repeats: list[tuple[str, str, list]],
                conflicts: int, withdrawn: int) -> Append | None:
    """An Append when the new inputs only add submissions to one kept master (nothing edited, withdrawn or in
    conflict, the same sheets and columns, no column turned to text) and every sheet's bytes are kept; else
    None: the master is written whole."""
    from fieldapp.exchange import kept as kept_module
    if len(merge.kept_masters) != 1 or merge.options.profile != "full":
        return None
    kept = merge.kept_masters[0]
    info = kept.info
    if info["profile"] != "full" or merge.logs[kept.input_id].status != "merged":
        return None
    if any(log.kind == ml.MASTER_KIND and log.status == "merged" and i != kept.input_id
           for i, log in enumerate(merge.logs)):
        return None
    changed = merge.changed_since[kept.input_id]
    touched = work.execute("SELECT COUNT(*) FROM subs WHERE input_id != ? AND outcome IN ('conflict', 'withdrawn')",
                           (kept.input_id,)).fetchone()[0]
    if changed or touched or conflicts != info["conflicts"] or withdrawn != info["withdrawn"]:
        return None
    sheets = {s["title"]: s for s in info["sheets"]}
    data_sheets = [s for s in info["sheets"] if s["kind"] in (MAIN, "repeat")]
    wanted = [(main_name, MAIN, main_columns)] + [(title, "repeat", cols) for title, _, cols in repeats]
    if [(s["title"], s["kind"], list(s["columns"])) for s in data_sheets] != [(t, k, list(c)) for t, k, c in wanted]:
        return None
    for sheet in data_sheets:
        if sorted(merge.type_changed(sheet["table"])) != sheet["as_text"]:
            return None
    if not kept_module.attach(work, kept_module.kept_path(kept.path), merge._password(kept.path), _ALIAS):
        return None
    plan = Append(kept, sheets, work)
    try:
        stored = dict(work.execute(f"SELECT title, SUM(LENGTH(data)) FROM {_ALIAS}.sheet_bytes GROUP BY title"))
    except Exception:           # kept by a FieldApp that did not keep the sheets' bytes
        stored = {}
    for title, sheet in sheets.items():
        point = ResumePoint.from_list(sheet.get("deflate"))
        if point is None or stored.get(title) != point.compressed:
            plan.close()
            return None
    return plan


def keep_sheet_bytes(work, book, plain, sheets: list[tuple[str, str, list | None]]) -> bool:
    """Keep, in the work database, each written sheet's compressed bytes up to its resume point, read from the
    finished in-memory zip `plain`; `sheets` is (title, zip entry, resume point) per sheet. False, keeping
    nothing, when one of them cannot be found as expected."""
    view = plain.getbuffer()
    pieces = []
    try:
        for title, entry, point in sheets:
            point = ResumePoint.from_list(point)
            if point is None:
                return False
            data = deflate_resume.compressed_bytes(book.archive.getinfo(entry), view, point)
            if data is None:
                return False
            pieces.append((title, data))
        work.execute("BEGIN")
        for title, data in pieces:
            work.conn.executemany("INSERT INTO sheet_bytes (title, part, data) VALUES (?, ?, ?)",
                                  ((title, n, bytes(data[start:start + PIECE]))
                                   for n, start in enumerate(range(0, len(data), PIECE))))
        work.execute("COMMIT")
        return True
    finally:
        for _, data in pieces:
            data.release()
        view.release()
