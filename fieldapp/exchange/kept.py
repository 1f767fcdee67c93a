"""The work database kept beside a master, so that adding a workbook later reads only the new workbook.

After a full-profile merge the work database stays beside the master as
`.NAME.xlsx.fieldapp-merge` (SQLCipher keyed with the master's password when the
master is encrypted). It holds the rows the master shows and what the next merge
must know about them: columns, kinds of cells, each sheet's row count and
checksum. A later merge that names this master as an input first checks that the
master file is byte for byte the one written with it; then it copies those rows
in SQL instead of decrypting, checking and parsing the whole workbook. When the
new inputs only add submissions, the master's data sheets are carried over as
they are (their compressed XML is kept here too, see `master_append`) and the new
rows appended after them (rows already in the master keep their place and their
`_index`). A master changed by hand, or a missing or unreadable kept
database, is read as a workbook, exactly as before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.sources import MAIN, Source, locked_by
from fieldapp.exchange.workdb import sql_text

SUFFIX = ".fieldapp-merge"
KEPT_OUTCOMES = "('master', 'conflict', 'withdrawn')"


def kept_path(master: Path) -> Path:
    master = Path(master)
    return master.parent / f".{master.name}{SUFFIX}"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class KeptMaster:
    """An earlier master read from its kept database: which input it is and what its sheets held."""
    input_id: int
    path: Path
    info: dict


def attach(work, path: Path, password: str | None, alias: str = "kept") -> bool:
    """Attach the kept database at `path` to the work database as `alias`; False when it cannot be read."""
    target = sql_text(str(path))
    try:
        if work.encrypted:
            work.execute(f"ATTACH DATABASE {target} AS {alias} KEY {sql_text(password or '')}")
        else:
            work.execute(f"ATTACH DATABASE {target} AS {alias}")
        work.execute(f"SELECT COUNT(*) FROM {alias}.sqlite_master").fetchone()
        return True
    except Exception:       # wrong password, not a database, a database of the other kind
        try:
            work.execute(f"DETACH DATABASE {alias}")
        except Exception:
            pass
        return False


def load(merge, work, input_id: int, path: Path, log) -> bool:
    """Read the master at `path` from its kept database, if it has one that belongs to exactly this file.
    Returns False (and changes nothing) when the master must be read as a workbook."""
    side = kept_path(path)
    if not side.is_file() or path.suffix.lower() not in (".xlsx", ".xlsm") or locked_by(path) is not None:
        return False
    if not attach(work, side, merge._password(path)):
        return False
    try:
        try:
            meta = dict(work.execute("SELECT key, value FROM kept.meta").fetchall())
            if not meta.get("digest") or meta["digest"] != file_digest(path):
                return False
            info = json.loads(meta["info"])
        except Exception:
            return False
        _copy(merge, work, input_id, path, info, log)
        return True
    finally:
        work.execute("DETACH DATABASE kept")


def _copy(merge, work, input_id: int, path: Path, info: dict, log) -> None:
    offset = merge._tables_seen
    work.index()
    work.execute("BEGIN")
    try:
        # every table but the earlier master's own sheets (which hold no rows): a table whose rows were all
        # replaced gives no column either way (columns come from the master's sheets, below)
        views = {int(v) for v in info.get("views", ())}
        tables = [t for t in work.execute("SELECT id, name, kind, columns FROM kept.tables").fetchall()
                  if t[0] not in views]
        storage_top = offset + max([t[0] for t in tables] or [0])
        for table_id, name, kind, columns in tables:
            work.execute("INSERT INTO tables (id, input_id, name, kind, columns) VALUES (?,?,?,?,?)",
                         (table_id + offset, input_id, name, kind, columns))
            merge.table_columns[table_id + offset] = (name, kind, json.loads(columns))
            merge._table_inputs[table_id + offset] = (input_id,)
            merge.storage_tables.add(table_id + offset)
        # the master's own sheets, with no rows: they give the column order, as reading the workbook would
        view_id = storage_top
        for sheet in info["sheets"]:
            if sheet["kind"] not in (MAIN, "repeat"):
                continue
            view_id += 1
            work.execute("INSERT INTO tables (id, input_id, name, kind, columns) VALUES (?,?,?,?,?)",
                         (view_id, input_id, sheet["table"], sheet["kind"], json.dumps(sheet["columns"])))
            merge.table_columns[view_id] = (sheet["table"], sheet["kind"], list(sheet["columns"]))
            merge._table_inputs[view_id] = (input_id,)
            merge.view_tables.add(view_id)
        merge._tables_seen = view_id
        # a withdrawn child's rows were kept without their answers; they stay withdrawn
        read = work.execute(
            "INSERT INTO subs (input_id, table_id, seq, uuid, root, deprecated, status, version, device, source_file,"
            " merged_at, sort_key, hash, data, outcome, prev_outcome, prev_index, out_index) "
            "SELECT ?, table_id + ?, seq, uuid, root, deprecated, "
            "CASE WHEN outcome = 'withdrawn' THEN 'withdrawn' ELSE status END, version, device, source_file, "
            f"COALESCE(merged_at, ?), sort_key, NULL, data, 'master', outcome, out_index, out_index FROM kept.subs "
            f"WHERE outcome IN {KEPT_OUTCOMES}", (input_id, offset, info["merged_at"])).rowcount
        # describe() left only the repeat rows of submissions in the master or in conflict
        work.execute(
            "INSERT INTO reps (input_id, table_id, seq, sub_uuid, key, parent_key, hash, data) "
            "SELECT ?, table_id + ?, seq, sub_uuid, key, parent_key, NULL, data FROM kept.reps", (input_id, offset))
        # the summary's counts of these rows, carried on when the next master only appends
        work.execute("DELETE FROM meta WHERE key LIKE 'earlier_summary%'")
        work.execute("INSERT INTO meta (key, value) SELECT 'earlier_' || key, value FROM kept.meta "
                     "WHERE key = 'summary' OR key LIKE 'summary:%'")
        work.execute("DELETE FROM numbers")
        work.execute("INSERT INTO numbers (key, data) SELECT key, data FROM kept.numbers")
        work.execute("COMMIT")
    except BaseException:
        work.execute("ROLLBACK")
        for table_id in [t for t, (i,) in merge._table_inputs.items() if i == input_id]:
            merge.table_columns.pop(table_id, None)
            merge._table_inputs.pop(table_id, None)
            merge.storage_tables.discard(table_id)
            merge.view_tables.discard(table_id)
        raise
    for table, column, version, kinds in info["kinds"]:
        merge.kinds[(table, column)][version] |= set(kinds)
    log.kind, log.form_id, log.encrypted = ml.MASTER_KIND, info["form_id"], info["encrypted"]
    log.counts["read"] += read
    versions = list(info["versions"])
    merge.input_versions[input_id] = versions
    log.versions = ", ".join(versions)
    merge.sources[input_id] = Source(path, ml.MASTER_KIND, info["form_id"], versions, info["profile"], None,
                                     info["encrypted"], info["main_sheet"], None)
    merge.kept_masters.append(KeptMaster(input_id, path, info))


# -- after writing: what the next merge needs -------------------------------------------------------------------
def _summary_key(name: str) -> str:
    return "summary" if not name else f"summary:{name}"


def earlier_summary(work, summary, name: str = "") -> bool:
    """Restore the earlier master's summary counts (of the main sheet, or of repeat sheet `name`) into `summary`
    when they were made the same way."""
    found = work.execute("SELECT value FROM meta WHERE key = ?", ("earlier_" + _summary_key(name),)).fetchone()
    if found is None:
        return False
    fingerprint, counts = json.loads(found[0])
    if fingerprint != summary.fingerprint():
        return False
    prefix = f"{name}\x1f"
    summary.restore(counts, ((key[len(prefix):], data) for key, data in work.execute(
        "SELECT key, data FROM numbers WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))))
    return True


def describe(merge, work, result, sheets: list[dict], checksum, digest: str, summaries: dict) -> None:
    """Record in the work database what the next merge reads instead of the master file."""
    kinds = [[table, column, version, sorted(found)]
             for (table, column), by_version in merge.kinds.items() for version, found in by_version.items()]
    versions = sorted({v for log in merge.logs if log.status == "merged" for v in log.versions.split(", ") if v},
                      key=_version_key, reverse=True)
    info = {"form_id": result.form_id, "versions": versions, "profile": result.profile,
            "encrypted": result.encrypted, "merged_at": merge.merged_at, "main_sheet": sheets[0]["title"],
            "sheets": sheets, "views": sorted(merge.view_tables), "kinds": kinds, "blocks": checksum.blocks,
            "rows": result.rows,
            "conflicts": result.conflicts, "withdrawn": result.withdrawn}
    work.execute("BEGIN")
    # a withdrawn child's answers are not kept: only that the child withdrew
    work.execute("UPDATE subs SET data = '[]' WHERE outcome = 'withdrawn'")
    # found from the submissions not in the master, through the indexes (not a read of every row)
    gone = [o for (o,) in work.execute("SELECT DISTINCT outcome FROM subs") if o not in ("master", "conflict")]
    if gone:
        marks = ", ".join("?" * len([o for o in gone if o is not None]))
        work.execute(
            "DELETE FROM reps WHERE id IN (SELECT r.id FROM subs s JOIN reps r ON r.input_id = s.input_id AND "
            f"r.sub_uuid = s.uuid WHERE (s.outcome IN ({marks}) OR s.outcome IS NULL) AND NOT EXISTS (SELECT 1 "
            "FROM subs k WHERE k.uuid = r.sub_uuid AND k.input_id = r.input_id AND k.outcome IN ('master', "
            "'conflict')))", [o for o in gone if o is not None])
    work.execute("DELETE FROM meta")
    work.execute("INSERT INTO meta (key, value) VALUES ('digest', ?), ('info', ?)", (digest, json.dumps(info)))
    work.execute("DELETE FROM numbers")
    for name, summary in summaries.items():       # "" the main sheet's, else a repeat sheet's
        counts, numbers = summary.state()
        work.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                     (_summary_key(name), json.dumps([summary.fingerprint(), counts])))
        work.conn.executemany("INSERT INTO numbers (key, data) VALUES (?, ?)",
                              [(f"{name}\x1f{key}", data) for key, data in numbers])
    work.execute("COMMIT")


def _version_key(version):
    from fieldapp.exchange.merge import version_key
    return version_key(version)
