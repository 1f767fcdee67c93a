"""Writing the master workbook: data sheets, Conflicts, Withdrawals, Summary with charts, Merge log, _codes, _form.

Rows come out of the work database in a stable order (submission time, then
uuid), so the same inputs always give the same master. The workbook is built in
memory (see xlsx_out) and encrypted whenever an input held identifying or
sensitive columns; in the publishable profile those columns are left out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.utils import get_column_letter as _column_letter
from openpyxl.styles import Font

from fieldapp.exchange import kept, layout, master_append
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.facts import from_form, guessed
from fieldapp.exchange.problems import MergeError, reason_text
from fieldapp.exchange.sources import MAIN
from fieldapp.exchange.summary import COMBINED_NOTE, HIDDEN, HIDDEN_NOTE, SMALL_NOTE, SummaryBuilder
from fieldapp.exchange.workdb import loads
from fieldapp.exchange.xlsx_out import ILLEGAL, MemoryWorkbook, atomic_write, write_encrypted

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
CHARTS = 12                 # native charts for the first select questions (the main indicators)
LOG_COLUMNS = ("file", "kind", "form", "versions", "device", "encrypted", "status", "read", "added", "updated",
               "kept", "duplicates", "conflicts", "replaced", "withdrawn", "rejected", "reason")


def _text(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def write_master(merge, work, result) -> None:
    options = merge.options
    main_columns = merge.columns_of(MAIN)
    facts = from_form(options.form, None if options.language == "en" else None) if options.form is not None \
        else guessed(main_columns, result.form_id)
    publishable = options.profile == "publishable"
    if publishable:
        unknown = [log for log in merge.logs if log.status == "merged"
                   and (merge.sources[merge.logs.index(log)].profile or "") != "publishable"]
        if unknown and not facts.from_form:
            raise MergeError("publishable_needs_form")
        main_columns = [c for c in main_columns if not facts.hides(c)]
    pseudonymize = _pseudonymizer(options, facts)
    if pseudonymize is not None:
        main_columns = [c for c in main_columns if not pseudonymize.drops(c)]
    encrypted = merge.sensitive_inputs and not publishable
    password = options.master_password or options.password
    if encrypted and not password:
        raise MergeError("password_for_master")
    result.encrypted = encrypted

    rows = work.execute("SELECT COUNT(*) FROM subs WHERE outcome = 'master'").fetchone()[0]
    conflicts = work.execute("SELECT COUNT(*) FROM subs WHERE outcome = 'conflict'").fetchone()[0]
    withdrawn_count = work.execute("SELECT COUNT(DISTINCT root) FROM subs WHERE outcome = 'withdrawn'").fetchone()[0]
    main_name = _main_sheet_name(merge, result.form_id)
    if rows + 1 > EXCEL_MAX_ROWS:
        raise MergeError("too_many_rows", sheet=main_name, detail=f"{rows + 1:,}")
    if len(main_columns) + 1 > EXCEL_MAX_COLUMNS:     # the Conflicts sheet adds one
        raise MergeError("too_many_columns_master", sheet=main_name, detail=f"{len(main_columns) + 1:,}")
    repeat_names = merge.repeat_tables()
    taken = {main_name}
    repeat_titles = {name: (layout.sheet_name(name, taken) if name not in taken else name) for name in repeat_names}
    repeat_columns = {}
    for name in repeat_names:
        columns = merge.columns_of(name)
        repeat_columns[name] = [c for c in columns if not facts.hides(c)] if publishable else columns
        if pseudonymize is not None:
            repeat_columns[name] = [c for c in repeat_columns[name] if not pseudonymize.drops(c)]
    # only new submissions for a master kept beside its work database: its sheets are copied, new rows appended
    append = master_append.append_plan(merge, work, main_name, main_columns,
                              [(repeat_titles[n], n, repeat_columns[n]) for n in repeat_names],
                              conflicts, withdrawn_count)
    try:
        _write(merge, work, result, options, facts, publishable, encrypted, password, main_columns, rows, conflicts,
               withdrawn_count, main_name, repeat_names, repeat_titles, repeat_columns, append, pseudonymize)
    finally:
        if append is not None:
            append.close()


def _write(merge, work, result, options, facts, publishable, encrypted, password, main_columns, rows, conflicts,
           withdrawn_count, main_name, repeat_names, repeat_titles, repeat_columns, append, pseudonymize) -> None:
    # master order: submission time, then uuid; conflicts after, by their sources. Appending, the earlier
    # master's rows keep their place and the new ones follow in that order.
    work.execute("BEGIN")
    if append is not None:
        # the earlier master's rows came with their index (kept.load): only the new ones are numbered
        work.execute("CREATE TEMP TABLE ranks AS SELECT id, ? + ROW_NUMBER() OVER (ORDER BY sort_key, uuid) AS rn "
                     "FROM subs WHERE outcome = 'master' AND out_index IS NULL", (append.kept.info["rows"],))
        work.execute("UPDATE subs SET out_index = ranks.rn FROM ranks WHERE ranks.id = subs.id")
    else:
        work.execute("CREATE TEMP TABLE ranks AS SELECT id, ROW_NUMBER() OVER (ORDER BY sort_key, uuid) AS rn "
                     "FROM subs WHERE outcome = 'master'")
        work.execute("UPDATE subs SET out_index = ranks.rn FROM ranks WHERE ranks.id = subs.id")
        work.execute("CREATE TEMP TABLE cranks AS SELECT id, ROW_NUMBER() OVER (ORDER BY sort_key, uuid, "
                     "source_file, seq) AS rn FROM subs WHERE outcome = 'conflict'")
        work.execute("UPDATE subs SET out_index = cranks.rn FROM cranks WHERE cranks.id = subs.id")
    work.execute("COMMIT")
    for name in repeat_names:
        if append is None:
            count = work.execute("SELECT COUNT(*) FROM reps r JOIN tables t ON t.id = r.table_id WHERE t.name = ?",
                                 (name,)).fetchone()[0]
        else:       # the rows on the earlier master's sheet, and the new inputs' (through the index)
            count = append.sheets[repeat_titles[name]]["rows"] - 1 + sum(work.execute(
                "SELECT COUNT(*) FROM reps r JOIN tables t ON t.id = r.table_id WHERE r.input_id = ? AND t.name = ?",
                (number, name)).fetchone()[0] for number in range(len(merge.logs)) if number != append.kept.input_id)
        if count + 1 > EXCEL_MAX_ROWS:
            raise MergeError("too_many_rows", sheet=name, detail=f"{count + 1:,}")

    book = MemoryWorkbook()
    checksum = ml.ResumableChecksum(append.kept.info["blocks"] if append is not None else None)
    main_ws = book.fast_sheet(main_name)
    repeat_ws = {}
    for name in repeat_names:
        repeat_ws[name] = book.fast_sheet(repeat_titles[name])
    conflicts_ws = book.fast_sheet(ml.CONFLICTS_SHEET) if conflicts else None
    withdrawals_ws = book.fast_sheet(ml.WITHDRAWALS_SHEET) if withdrawn_count else None
    summary_ws = book.sheet(ml.SUMMARY_SHEET)
    log_ws = book.sheet(ml.MERGE_LOG_SHEET)
    codes_ws = book.sheet(layout.CODES_SHEET)
    form_ws = book.sheet(layout.FORM_SHEET)

    summary = SummaryBuilder(facts, main_columns, publishable=publishable)
    repeat_summaries: dict[str, SummaryBuilder] = {}
    as_text = merge.type_changed(MAIN)
    for column in sorted(as_text):
        if column in main_columns:
            merge.notes.append(("type_changed", {"column": column}))

    long_cells = {"count": 0, "first": None}

    def fit(ws, cells, columns):
        """Excel holds at most 32,767 characters in a cell: a longer answer (from a Kobo or Central export; a
        FieldApp laptop cuts its own) is cut to fit, counted and noted on the log, never cut unsaid."""
        from fieldapp.exchange.workbook import TextStats, fit_cell
        stats = TextStats()
        for i, value in enumerate(cells):
            if type(value) is str and len(value) > layout.CELL_LIMIT // 2:
                cells[i] = fit_cell(value, stats)
                if stats.cut_cells and long_cells["first"] is None:
                    long_cells["first"] = (ws.title, columns[i] if i < len(columns) else "")
        long_cells["count"] += stats.cut_cells
        return cells

    # -- main sheet and conflicts -------------------------------------------------------------------------
    def emit(ws, cells, checked=True, clean=True):
        cleaned = [book.clean(v) if type(v) is str else v for v in cells] if clean else cells
        if checked:
            checksum.row(cleaned)
        ws.append(cleaned)

    def begin(ws, header, checked=True):
        """A data sheet's header, or, appending, the earlier master's sheet as it was."""
        if append is not None:
            earlier = append.sheets[ws.title]
            ws.resume(earlier["rows"], append.raw(ws.title))
            if checked:
                checksum.resume(ws.title, bytes.fromhex(earlier["digest"]), earlier["rows"])
            return
        if checked:
            checksum.sheet(ws.title)
        emit(ws, header, checked)

    begin(main_ws, main_columns)
    maps: dict[int, list] = {}

    def mapping(table_id: int, columns: list[str]):
        found = maps.get(table_id)
        if found is None:
            at = {c: i for i, c in enumerate(merge.table_columns[table_id][2])}
            found = maps[table_id] = [at.get(c) for c in columns]
        return found

    index_of = {c: i for i, c in enumerate(main_columns)}
    pseudo_at = [index_of[c] for c in pseudonymize.columns if c in index_of] if pseudonymize is not None else []
    text_at = [index_of[c] for c in as_text if c in index_of]
    prov = [index_of[c] for c in (ml.SOURCE_FILE, ml.MERGED_AT, "_device_id", ml.INDEX)]

    # a choice written as its label (a workbook exported with labels) goes back to the choice's value
    label_at = [(index_of[q.column], dict(q.labels), q.kind) for q in facts.questions.values()
                if q.labels and q.column in index_of]

    def main_row(table_id, data, source_file, device, merged_at, out_index, columns):
        values = loads(data)
        row = [None if i is None else values[i] for i in mapping(table_id, columns)]
        for i in text_at:
            row[i] = _text(row[i])
        for i, labels, kind in label_at:
            value = row[i]
            if type(value) is str and value in labels:
                row[i] = labels[value]
        row[prov[0]], row[prov[1]] = source_file, merged_at or merge.merged_at
        if device and row[prov[2]] is None:
            row[prov[2]] = device
        row[prov[3]] = out_index
        for i in pseudo_at:
            row[i] = pseudonymize(row[i])
        return row

    # appending with the earlier summary's counts, only the new rows are read: those numbered after the
    # earlier master's rows (a range of the outcome index, not a scan of every row)
    kept_rows = append.kept.info["rows"] if append is not None else 0
    only_new = append is not None and kept.earlier_summary(work, summary)
    for table_id, data, source_file, device, merged_at, out_index, earlier in work.execute(
            "SELECT table_id, data, source_file, device, merged_at, out_index, prev_outcome FROM subs "
            "WHERE outcome = 'master' AND out_index > ? ORDER BY out_index", (kept_rows if only_new else 0,)):
        row = main_row(table_id, data, source_file, device, merged_at, out_index, main_columns)
        summary.add(row)
        if append is None or earlier is None:
            if len(data) > layout.CELL_LIMIT // 2:
                fit(main_ws, row, main_columns)
            # a character a workbook cannot hold shows in the stored JSON as an escape: only then clean the cells
            emit(main_ws, row, clean=_CONTROL_ESCAPE(data) is not None or _CONTROL_TEXT(f"{source_file}{device}"))
        if out_index % 2000 == 0:
            merge._check_cancel()
    result.rows = rows

    repeat_order = list(repeat_names)
    if conflicts_ws is not None:
        conflict_columns = main_columns + [ml.CONFLICT_NOTE]
        # not in the checksum: the coordinator settles a conflict by deleting the wrong copy here
        begin(conflicts_ws, conflict_columns, checked=False)
        for table_id, data, source_file, device, merged_at, out_index, uuid in work.execute(
                "SELECT table_id, data, source_file, device, merged_at, out_index, uuid FROM subs "
                "WHERE outcome = 'conflict' AND (? OR prev_outcome IS NULL) ORDER BY out_index", (append is None,)):
            row = main_row(table_id, data, source_file, device, merged_at, out_index, main_columns + [None])
            row[-1] = reason_text("conflict_note", options.language, detail=uuid)
            if len(data) > layout.CELL_LIMIT // 2:
                fit(conflicts_ws, row, conflict_columns)
            emit(conflicts_ws, row, checked=False)
    result.conflicts = conflicts

    # -- repeat sheets: parents before children, every row under its parent's master index ---------------------
    where_is: dict[str, tuple[str, int]] = {}        # key of a nested repeat's parent -> (sheet, index)
    nested_parents = _nested_parent_tables(work, repeat_names)
    for name in repeat_order:
        ws = repeat_ws[name]
        sheet = ws.title
        columns = repeat_columns[name]
        at = {c: i for i, c in enumerate(columns)}
        r_text = [at[c] for c in merge.type_changed(name) if c in at]
        r_pseudo = [at[c] for c in pseudonymize.columns if c in at] if pseudonymize is not None else []
        begin(ws, columns)
        index = ws.rows - 1
        # the repeat's own questions counted per row (member), by the row's own dimensions (its age band, sex...)
        builder = SummaryBuilder(facts, columns, publishable=publishable, repeat=sheet)
        builder = builder if builder.questions else None
        if builder is not None:
            repeat_summaries[name] = builder
        feed_old = append is not None and builder is not None and not kept.earlier_summary(work, builder, name)
        keep_keys = name in nested_parents
        seen_keys = set()
        for outcome, parent_sheet in (("master", main_name), ("conflict", ml.CONFLICTS_SHEET)):
            if outcome == "master":
                after = 0 if append is None or feed_old else kept_rows
            elif append is None:
                after = 0
            else:
                continue        # appending, no conflict is new (master_append.append_plan)
            for (table_id, data, key, parent_key, sub_uuid, out_index, source_file, device, merged_at,
                 earlier) in work.execute(
                    "SELECT r.table_id, r.data, r.key, r.parent_key, r.sub_uuid, s.out_index, s.source_file, s.device,"
                    " s.merged_at, s.prev_outcome FROM subs s JOIN reps r ON r.input_id = s.input_id "
                    "AND r.sub_uuid = s.uuid JOIN tables t ON t.id = r.table_id WHERE s.outcome = ? AND t.name = ? "
                    "AND s.out_index > ? ORDER BY s.out_index, r.seq", (outcome, name, after)):
                # each conflicting copy keeps its own repeat rows, though their keys are alike
                if (outcome, out_index, key) in seen_keys:
                    continue
                seen_keys.add((outcome, out_index, key))
                values = loads(data)
                row = [None if i is None else values[i] for i in mapping(table_id, columns)]
                for i in r_text:
                    row[i] = _text(row[i])
                for i in r_pseudo:
                    row[i] = pseudonymize(row[i])
                if builder is not None and outcome == "master":
                    builder.add(row)
                if append is not None and earlier is not None:
                    continue        # in the earlier master already, counted only
                index += 1
                if parent_key == sub_uuid:
                    p_sheet, p_index = parent_sheet, out_index
                else:
                    p_sheet, p_index = where_is.get((outcome, out_index, parent_key), (None, None))
                if keep_keys:
                    where_is[(outcome, out_index, key)] = (sheet, index)
                row[at["_index"]], row[at["_parent_index"]], row[at["_parent_table"]] = index, p_index, p_sheet
                row[at["_submission_uuid"]], row[at["_key"]], row[at["_parent_key"]] = sub_uuid, key, parent_key
                row[at[ml.SOURCE_FILE]], row[at["_device_id"]] = source_file, device
                row[at[ml.MERGED_AT]] = merged_at or merge.merged_at
                if len(data) > layout.CELL_LIMIT // 2:
                    fit(ws, row, columns)
                emit(ws, row, clean=_CONTROL_ESCAPE(data) is not None
                     or _CONTROL_TEXT(f"{source_file}{device}{key}{parent_key}{sub_uuid}"))

    # -- withdrawals: who left, never what they said ------------------------------------------------------
    if withdrawals_ws is not None:
        begin(withdrawals_ws, list(ml.WITHDRAWAL_COLUMNS))
        for root, uuid, device, source_file, merged_at in work.execute(
                "SELECT root, MIN(uuid), MIN(device), MIN(source_file), MIN(merged_at) FROM subs "
                "WHERE outcome = 'withdrawn' AND (? OR prev_outcome IS NULL) GROUP BY root ORDER BY root",
                (append is None,)):
            emit(withdrawals_ws, [root, uuid, device, source_file, merged_at or merge.merged_at])
    result.withdrawn = withdrawn_count

    # -- summary, log, codes, form --------------------------------------------------------------------------
    if long_cells["count"]:
        sheet, column = long_cells["first"]
        merge.notes.append(("cut_cells", {"detail": long_cells["count"], "sheet": sheet, "column": column}))
    tables = summary.tables() + [t for name in repeat_names if name in repeat_summaries
                                 for t in repeat_summaries[name].tables()]
    result.summary = tables
    write_summary(summary_ws, tables, publishable, options.language)
    write_log(log_ws, merge, result, options.language)
    codes_ws.append(["code", "meaning", "description"])        # as on a device workbook's _codes sheet
    for code, (meaning, description) in layout.CODES.items():
        codes_ws.append([code, meaning, description])
    # the master keeps both as the laptops wrote them: answers that read like codes, and UTC offset columns
    codes_ws.append(list(layout.ESCAPE_NOTE))
    codes_ws.append(list(layout.OFFSET_NOTE))
    versions = sorted({v for log in merge.logs if log.status == "merged" for v in log.versions.split(", ") if v},
                      key=_version_key, reverse=True)
    form_title = getattr(options.form, "title", None) or result.form_id
    result.removed_characters = book.removed_characters
    info = {
        "form_id": result.form_id, "form_version": versions[0] if versions else "", "form_versions": " ".join(versions),
        "form_title": form_title, "languages": " ".join(getattr(options.form, "languages", ()) or ()),
        "labels": "values", "profile": options.profile, "device_id": "", "exporter": layout.EXPORTER,
        "exported_at": merge.merged_at, "submissions": rows, "removed_characters": book.removed_characters,
        "hxl_row": 0, "checksum": checksum.hexdigest(), ml.WORKBOOK_KEY: ml.MASTER_KIND,
        ml.CHECKSUM_BLOCKS: json.dumps(checksum.blocks, sort_keys=True) if checksum.blocks else None,
    }
    for key in list(layout.FORM_KEYS) + [ml.WORKBOOK_KEY] + ([ml.CHECKSUM_BLOCKS] if checksum.blocks else []):
        form_ws.append([key, book.cell(form_ws, _text(info.get(key)) if key != "submissions" else info.get(key))])

    plain = book.finish()           # closes the last data sheet: every sheet's resume point is known
    sheets = []
    for ws, table, kind in ([(main_ws, MAIN, MAIN)] + [(repeat_ws[n], n, "repeat") for n in repeat_names]
                            + [(conflicts_ws, ml.CONFLICTS_SHEET, "conflicts"),
                               (withdrawals_ws, ml.WITHDRAWALS_SHEET, "withdrawals")]):
        if ws is None:
            continue
        checked = kind != "conflicts"
        sheets.append({"title": ws.title, "table": table, "kind": kind, "rows": ws.rows,
                       "columns": main_columns if kind == MAIN else repeat_columns.get(table),
                       "digest": checksum.sheet_digest(ws.title).hex() if checked else None,
                       "as_text": sorted(merge.type_changed(table)) if kind in (MAIN, "repeat") else [],
                       "deflate": ws.resume_point.as_list() if ws.resume_point is not None else None})
    if merge.keeps_work(result) and not master_append.keep_sheet_bytes(
            work, book, plain, [(ws.title, ws.entry_name, ws.resume_point and ws.resume_point.as_list())
                                for ws in book.fast_sheets]):
        for sheet in sheets:        # the next merge then writes this master whole
            sheet["deflate"] = None
    if append is not None:
        append.close()          # the earlier master's bytes are no longer needed
    if merge.options.cancelled is not None and merge.options.cancelled():
        from fieldapp.exchange.merge import Cancelled
        raise Cancelled()
    if encrypted:
        write_encrypted(merge.out, plain, password)
    else:
        atomic_write(merge.out, plain.getbuffer())
    del plain
    book.buffer = None
    kept.describe(merge, work, result, sheets, checksum, kept.file_digest(merge.out), {"": summary, **repeat_summaries})
    result.master = merge.out
    if options.receipts_dir is not None:
        result.receipts = write_receipts(work, Path(options.receipts_dir), result.form_id, merge.out.name,
                                         merge.merged_at)


# JSON writes the characters XML 1.0 forbids (all controls but tab, line feed, carriage return) as \u00XX escapes
# (\b and \f for backspace and form feed; an escaped backslash before u, b or f only cleans a clean row again)
_CONTROL_ESCAPE = re.compile(r"\\(u00(0[0-8bBcCeEfF]|1[0-9a-fA-F])|[bf])").search


def _CONTROL_TEXT(text: str) -> bool:
    return ILLEGAL.search(text) is not None


class _Pseudonymizer:
    """The pseudonymized profile: each identifying answer becomes the organisation's code for it (the same code
    the laptops' pseudonymized exports give), the 0/1 columns of an identifying choice are left out."""

    def __init__(self, key: bytes, facts):
        self.key = key
        self.columns = {q.column for q in facts.questions.values() if q.pii}
        self.choices = {q.column for q in facts.questions.values()
                        if q.pii and q.kind in ("select_one", "select_multiple")}
        self.questions = set(facts.questions)

    def drops(self, column: str) -> bool:
        return column not in self.questions and column.rsplit("/", 1)[0] in self.choices

    def __call__(self, value):
        if value is None or (type(value) is str and (value in layout.CODES or value.startswith(layout.PSEUDONYM_PREFIX))):
            return value            # blank, a code, or already the code a laptop gave it
        from fieldapp.exchange.export import pseudonym
        return pseudonym(self.key, _text(value))


def _pseudonymizer(options, facts):
    if options.profile != "pseudonymized":
        return None
    if not facts.from_form:
        raise MergeError("profile_needs_form")
    if not options.pseudonym_key:
        raise MergeError("pseudonym_key_needed")
    return _Pseudonymizer(bytes(options.pseudonym_key), facts)


def _version_key(version):
    from fieldapp.exchange.merge import version_key
    return version_key(version)


def _main_sheet_name(merge, form_id) -> str:
    candidates = []
    for input_id, source in merge.sources.items():
        log = merge.logs[input_id]
        if log.status == "merged" and source.kind in ("device", ml.MASTER_KIND) and source.main_sheet:
            newest = (merge.input_versions.get(input_id) or [""])[0]
            candidates.append((0 if source.kind == ml.MASTER_KIND else 1, _neg(newest), source.main_sheet))
    if candidates:
        return sorted(candidates)[0][2]
    return layout.sheet_name(form_id or "data", set())


def _neg(version):
    kind, number, text = _version_key(version)
    return (-kind, -number, "".join(chr(0x10FFFF - ord(c)) for c in text))


def _nested_parent_tables(work, repeat_names) -> set[str]:
    """Repeat sheets whose rows are parents of other repeat rows (nested repeats): a sheet whose key path
    (`household/member`) begins another sheet's (`household/member/pet`)."""
    import re
    paths = {}
    for name in repeat_names:
        found = work.execute("SELECT r.key, r.sub_uuid FROM reps r JOIN tables t ON t.id = r.table_id "
                             "WHERE t.name = ? LIMIT 1", (name,)).fetchone()
        if found:
            key, submission = found
            relative = key[len(submission):] if key.startswith(submission) else key.split("/", 1)[-1]
            paths[name] = re.sub(r"\[\d+\]", "", relative).strip("/")
    return {a for a, path in paths.items() for b, other in paths.items() if a != b and other.startswith(path + "/")}


def write_summary(ws, tables, publishable: bool, language: str) -> None:
    """The Summary sheet: one block per table, and a native bar chart for each of the first select questions."""
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell
    row_no = 0

    def add(cells, strong=False):
        nonlocal row_no
        out = []
        for value in cells:
            if strong and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell.font = bold
                out.append(cell)
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
        row_no += 1

    add([_w("Summary", language)], strong=True)
    if publishable:             # both marks of a publishable summary, explained
        add([_w(SMALL_NOTE, language)])
        add([_w(HIDDEN_NOTE, language).format(hidden=_w(HIDDEN, language))])
    example = next((group for table in tables for group in table.combined), None)
    if example is not None:     # a standard age band made of the form's finer ones, marked as their total
        add([_w(COMBINED_NOTE, language).format(example=example)])
    add([])
    charts = by_dimension = 0
    for table in tables:
        add([table.title + f"  ({table.column})"], strong=True)
        header = [""]
        for group in table.groups:
            header += [f"{group} n", f"{group} %"] if table.kind != "number" else [group]
        add(header, strong=True)
        if table.kind != "number":
            add([_w("Asked", language)] + [x for b in table.base for x in (_w(HIDDEN, language) if b == HIDDEN else b,
                                                                             None)])
        first = row_no + 1
        for label, value, counts, percents in table.rows:
            counts = [_w(HIDDEN, language) if c == HIDDEN else c for c in counts]
            if table.kind == "number":
                add([_w(label, language)] + list(counts))
            else:
                add([_w(label, language)] + [x for c, p in zip(counts, percents) for x in (c, p)])
        last = row_no
        if table.kind != "number" and len(table.rows) > 2 and (
                charts < CHARTS if table.dimension is None else by_dimension < CHARTS and len(table.groups) > 1):
            # overall: one bar per answer; by a dimension: the answers side by side for each group (sex, age band…)
            chart = BarChart()
            chart.type = "bar"
            chart.title = table.title[:60]
            chart.y_axis.title = "%"
            cats = Reference(ws, min_col=1, min_row=first, max_row=last - 1)
            for number, group in enumerate(table.groups):
                series = Series(Reference(ws, min_col=3 + 2 * number, min_row=first, max_row=last - 1),
                                title=str(group))
                chart.series.append(series)
            chart.set_categories(cats)
            if table.dimension is None:
                chart.legend = None
                charts += 1
            else:
                by_dimension += 1
            chart.height, chart.width = 6 + (len(table.groups) - 1) * 1.5 if table.dimension else 6, 12
            ws.add_chart(chart, f"{_column_letter(4 + 2 * len(table.groups))}{first - 1}")
        add([])


_LOG_WORDS = {
    "Summary": "Resumen", "Asked": "Preguntados", "Declined": "No quiso responder", "Not answered": "Sin respuesta",
    "Counts under 5 are shown as <5 so no child can be singled out.":
        "Los conteos menores de 5 se muestran como <5 para que no se pueda identificar a ningún niño o niña.",
    "file": "archivo", "kind": "tipo", "form": "formulario", "versions": "versiones", "device": "equipo",
    "encrypted": "cifrado", "status": "estado", "read": "leídas", "added": "agregadas", "updated": "actualizadas",
    "kept": "conservadas", "duplicates": "duplicadas", "conflicts": "conflictos", "replaced": "reemplazadas",
    "withdrawn": "retiradas", "rejected": "rechazadas", "reason": "motivo", "merged": "combinado",
    "skipped": "omitido", "yes": "sí", "no": "no", "Total": "Total", "Notes": "Notas",
    HIDDEN: "oculto",
    COMBINED_NOTE: "Una franja de edad seguida de sus partes entre paréntesis, como {example}, es el total de esas "
                   "partes: la franja estándar de UNICEF/OCHA, con sus conteos y porcentajes sobre todas las personas "
                   "de esas partes.",
    SMALL_NOTE: "<5: menos de 5 personas, no se muestra para que no se pueda identificar a ningún niño o niña; donde "
                "se preguntó a menos de 5, todas las respuestas de esa columna dicen <5, también un 0.",
    HIDDEN_NOTE: "{hidden}: un conteo de 5 o más, oculto también porque con los totales de al lado (las personas "
                 "preguntadas, los otros grupos, la cifra general, las partes de una franja de edad) se podría calcular "
                 "restando un conteo menor de 5. Los porcentajes junto a un conteo oculto, o en una columna cuyas "
                 "personas preguntadas están ocultas, quedan en blanco.",
}


def _w(text: str, language: str) -> str:
    return _LOG_WORDS.get(text, text) if language == "es" else text


def write_log(ws, merge, result, language: str) -> None:
    """The Merge log sheet: one row per input with its counts and, when rejected, why."""
    ws.append([_w(c, language) for c in LOG_COLUMNS])
    for log in merge.logs:
        ws.append([log.name, log.kind, log.form_id, log.versions, log.device_id,
                   _w("yes" if log.encrypted else "no", language), _w(log.status, language)]
                  + [log.counts.get(c, 0) for c in LOG_COLUMNS[7:-1]] + [log.reason(language) or None])
    totals = result.totals
    ws.append([_w("Total", language), None, result.form_id, None, None, None, None]
              + [totals.get(c, 0) for c in LOG_COLUMNS[7:-1]] + [None])
    if merge.notes:
        ws.append([])
        ws.append([_w("Notes", language)])
        for code, params in merge.notes:
            ws.append([reason_text(code, language, **params)])


def write_receipts(work, folder: Path, form_id: str, master_name: str, written_at: str) -> list[Path]:
    """The receipt a laptop reads in the sync folder: every instance ID the master accounts for (kept, replaced by
    an edit, duplicates, withdrawn). Conflicts are not confirmed: the laptops keep them until they are resolved."""
    from fieldapp.exchange.sync import write_receipt
    held = [uuid for (uuid,) in work.execute(
        "SELECT DISTINCT uuid FROM subs WHERE outcome IN ('master', 'replaced', 'duplicate', 'withdrawn') "
        "ORDER BY uuid")]
    return [write_receipt(folder, form_id, Path(master_name).stem, held, written_at)]
