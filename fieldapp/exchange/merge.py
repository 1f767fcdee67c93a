"""The coordinator's merge: many device workbooks (and exports from Kobo or ODK Central) into one master.

Every input streams into the work database; identity is `_uuid`, an edit replaces
the version it deprecates, identical copies are duplicates, differing copies are
conflicts kept side by side, a withdrawal removes the child. Bad inputs are
rejected with their reason and the rest merges. The same inputs in any order give
the same master. `fieldapp.exchange.master` writes the result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from fieldapp.exchange import kept, layout
from fieldapp.exchange import master_layout as ml
from fieldapp.exchange.books import is_encrypted_file
from fieldapp.exchange.problems import MergeError, Rejected, reason_text
from fieldapp.exchange.sources import MAIN, Source, is_lock_file, open_source
from fieldapp.exchange.workdb import WorkDatabase, dumps, loads

DATA_SUFFIXES = (".xlsx", ".xlsm", ".zip")
PROFILES = ("full", "pseudonymized", "publishable")
EXCEL_MAX_COLUMNS = 16_384
COUNTS = ("read", "added", "updated", "duplicates", "conflicts", "replaced", "withdrawn", "rejected")


class Cancelled(Exception):
    """The coordinator pressed Cancel: nothing is written."""


@dataclass
class InputLog:
    path: str
    name: str
    kind: str | None = None
    form_id: str | None = None
    versions: str = ""
    device_id: str | None = None
    encrypted: bool = False
    status: str = "merged"              # merged, rejected, skipped
    code: str | None = None
    params: dict = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    row_problems: list = field(default_factory=list)   # (code, params), the first few

    def reason(self, language: str = "en") -> str:
        words = [reason_text(self.code, language, **self.params)] if self.code else []
        words += [reason_text(c, language, **p) for c, p in self.row_problems[:5]]
        if len(self.row_problems) > 5:
            words.append(f"(+{len(self.row_problems) - 5})")
        return " ".join(words)


@dataclass
class MergeResult:
    master: Path | None
    inputs: list[InputLog]
    notes: list[tuple[str, dict]]
    form_id: str | None
    rows: int = 0
    conflicts: int = 0
    withdrawn: int = 0
    encrypted: bool = False
    profile: str = "full"
    summary: list = field(default_factory=list)
    receipts: list[Path] = field(default_factory=list)
    merged_at: str = ""
    removed_characters: int = 0

    @property
    def rejected(self) -> list[InputLog]:
        return [i for i in self.inputs if i.status == "rejected"]

    @property
    def totals(self) -> Counter:
        total = Counter()
        for log in self.inputs:
            total.update(log.counts)
        return total

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected or any(i.row_problems for i in self.inputs) else 0


def expand(inputs: Iterable) -> list[tuple[Path, bool]]:
    """Files to read, (path, named) where `named` is False for files found inside a folder; sorted, no repeats
    of the same file. The master being written, when it is among them (named, or in a folder), is read too: it is
    the earlier master this merge adds to (it is replaced only once the new one is whole), so none of its rows
    is lost when the laptops' workbooks it came from are gone."""
    found: dict[Path, bool] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and (child.suffix.lower() in DATA_SUFFIXES or is_lock_file(child)):
                    if child.name.startswith(".fieldapp-"):
                        continue    # a half-written file of our own
                    found.setdefault(child, False)
        else:
            found[path] = True
    return sorted(found.items(), key=lambda kv: str(kv[0]))


@dataclass
class MergeOptions:
    password: str | None = None                       # one password for every encrypted input
    passwords: dict = field(default_factory=dict)     # per-file passwords (path string -> password)
    master_password: str | None = None                # defaults to `password`
    profile: str = "full"
    pseudonym_key: bytes | None = None                # the organisation's key, for the pseudonymized profile
    form: object = None                               # a loaded Form, for types, labels, marks and summaries
    language: str = "en"                              # the log's words and the summary's labels
    receipts_dir: Path | None = None
    now: str | None = None
    form_lookup: Callable[[str], object] | None = None  # form_id -> Form (e.g. from the app's library), when no form
    progress: Callable[[int, int, str], None] | None = None
    cancelled: Callable[[], bool] | None = None


class Merge:
    def __init__(self, inputs: Iterable, out: Path, options: MergeOptions | None = None):
        self.out = Path(out)
        self.options = options or MergeOptions()
        if self.options.profile not in PROFILES:
            raise MergeError("bad_profile", detail=self.options.profile)
        self.files = expand(inputs)
        self.logs: list[InputLog] = []
        self.notes: list[tuple[str, dict]] = []
        self.merged_at = self.options.now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        self.table_columns: dict[int, tuple[str, str, list[str]]] = {}   # table id -> (name, kind, columns)
        self.kinds: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
        self.sources: dict[int, Source] = {}
        self.input_versions: dict[int, list[str]] = {}
        self.sensitive_inputs = False
        self._tables_seen = 0
        self._table_inputs: dict[int, tuple[int]] = {}
        self.storage_tables: set[int] = set()     # a kept master's rows, in their first inputs' columns
        self.kept_masters: list = []                # earlier masters read from their kept database
        self.kobo_tables: dict[int, dict[int, object]] = {}    # a Kobo export's tables matched with the form's
        self.kobo_languages: dict[int, tuple] = {}
        self.vocabulary = None                      # the form's words, when an input was written with labels
        self.view_tables: set[int] = set()          # their sheets' columns, without rows
        self.changed_since: Counter = Counter()     # per kept master: rows whose fate is not what it was

    # -- progress ------------------------------------------------------------------------------------------
    def _tick(self, done: int, total: int, message: str) -> None:
        if self.options.cancelled is not None and self.options.cancelled():
            raise Cancelled()
        if self.options.progress is not None:
            self.options.progress(done, total, message)

    def _check_cancel(self) -> None:
        if self.options.cancelled is not None and self.options.cancelled():
            raise Cancelled()

    def _password(self, path: Path) -> str | None:
        return self.options.passwords.get(str(path)) or self.options.password

    # -- the whole run -------------------------------------------------------------------------------------
    def run(self) -> MergeResult:
        from fieldapp.exchange.master import write_master
        encrypted_work = any(is_encrypted_file(p) for p, _ in self.files if p.is_file() and not is_lock_file(p)
                             and p.stat().st_size >= 8) or bool(self.options.password or self.options.master_password)
        # Beside the master, keyed with the master's password, so it can be kept for the next merge (see kept)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        master_password = self.options.master_password or self.options.password
        work = self._work = WorkDatabase(encrypted_work, self.out.parent, master_password if encrypted_work else None)
        keep = None
        try:
            total = len(self.files)
            for number, (path, named) in enumerate(self.files):
                self._tick(number, total + 2, path.name)
                self._load(work, number, path, named)
            self._tick(total, total + 2, "")
            form_id = self._choose_form(work)
            work.index()
            self._keep_unreadable_master()
            self._resolve(work)
            self._orphans(work)
            self._tick(total + 1, total + 2, "")
            result = MergeResult(None, self.logs, self.notes, form_id, merged_at=self.merged_at,
                                 profile=self.options.profile)
            if not any(log.status == "merged" for log in self.logs):
                raise MergeError("no_inputs")
            write_master(self, work, result)
            if self.keeps_work(result):
                keep = kept.kept_path(self.out)
            else:
                kept.kept_path(self.out).unlink(missing_ok=True)    # an earlier master's, no longer this file's
            self._tick(total + 2, total + 2, "")
            return result
        finally:
            try:
                work.close(keep)
            except OSError:         # the master is written; the next merge will read it as a workbook
                kept.kept_path(self.out).unlink(missing_ok=True)

    def keeps_work(self, result: MergeResult) -> bool:
        """Whether the work database stays beside the master for the next merge (see kept): a full-profile
        master, and keyed with the master's own password when the master is encrypted."""
        master_password = self.options.master_password or self.options.password
        return self.options.profile == "full" and (not result.encrypted or self._work.passphrase == master_password)

    def _keep_unreadable_master(self) -> None:
        """The output file read as an input and refused (changed by hand, another form, another password): writing
        the new master over it would lose its rows, so nothing is written."""
        out = self.out.resolve()
        for log in self.logs:
            if log.status == "rejected" and Path(log.path).resolve() == out:
                raise MergeError("master_unreadable", file=log.name, detail=log.reason(self.options.language))

    def _find_form(self, form_id: str):
        """The form to label the summaries with: from the caller's library, else a form file of that id in a
        `forms` folder beside or inside the inputs (where the coordinator leaves forms for the laptops)."""
        if self.options.form_lookup is not None:
            try:
                found = self.options.form_lookup(form_id)
            except Exception:       # no such form in the library: look in the folders
                found = None
            if found is not None:
                return found
        best = None
        for form in self._folder_forms():
            if form.form_id == form_id and (best is None or version_key(form.version) > version_key(best.version)):
                best = form
        return best

    def _folder_forms(self):
        """Every form in a `forms` folder beside or above the inputs (files that do not load are passed over)."""
        from fieldapp.xform import FormError, load_form
        folders = {p.parent / layout.SYNC_FORMS for p, _ in self.files} | {
            p.parent.parent / layout.SYNC_FORMS for p, _ in self.files}
        for folder in sorted(folders):
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() not in (".xlsx", ".xls", ".xml", ".md"):
                    continue
                try:
                    yield load_form(path)
                except (FormError, OSError, ValueError):
                    continue

    def _form_of_kobo(self):
        """A KoboToolbox export names no form: the form in the `forms` folder whose names or labels explain most
        of the export's main sheet headers (at least half of them), newest version first on a tie."""
        from fieldapp.exchange.headers import Vocabulary
        heads = [columns for table_id, (name, kind, columns) in self.table_columns.items()
                 if kind == MAIN and self._is_kobo(self._table_inputs[table_id][0])]
        if not heads:
            return None
        best, best_rank = None, None
        for form in self._folder_forms():
            try:
                vocabulary = Vocabulary(form)
            except Exception:       # a form the workbook layout cannot be built from is not this export's
                continue
            score = 0
            for columns in heads:
                data = [c for c in columns if c and not c.startswith("_")]
                named = vocabulary.name_table(columns, MAIN, "")
                found = sum(1 for c in named.columns if c and not c.startswith("_") and c in named.table.columns) \
                    if named.table is not None else 0
                score += found if data and found * 2 >= len(data) else 0
            rank = (score, version_key(form.version))
            if score and (best_rank is None or rank > best_rank):
                best, best_rank = form, rank
        return best

    # -- reading -------------------------------------------------------------------------------------------
    def _load(self, work: WorkDatabase, input_id: int, path: Path, named: bool) -> None:
        log = InputLog(str(path), path.name)
        self.logs.append(log)
        if is_lock_file(path):
            log.status, log.code = "skipped", "lock_file"
            return
        if kept.load(self, work, input_id, path, log):
            return
        try:
            source = open_source(path, self._password(path))
        except Rejected as exc:
            if not named and exc.code in ("unknown_layout", "not_a_workbook"):
                log.status, log.code, log.params = "skipped", exc.code, exc.params
            else:
                log.status, log.code, log.params = "rejected", exc.code, exc.params
            return
        log.kind, log.form_id, log.encrypted = source.kind, source.form_id, source.encrypted
        log.device_id = source.device_id
        log.row_problems.extend(source.problems)
        self.sources[input_id] = source
        work.execute("BEGIN")
        try:
            versions = self._read_tables(work, input_id, source, log)
            work.execute("COMMIT")
            source.tables = None    # let the workbook go: memory stays flat however many inputs come
        except Rejected as exc:
            work.execute("ROLLBACK")
            log.status, log.code, log.params = "rejected", exc.code, exc.params
            log.counts.clear()
            log.row_problems.clear()
            self._forget_tables(input_id)
            return
        except BaseException:
            work.execute("ROLLBACK")
            raise
        if not log.counts["read"] and log.status == "merged":
            log.status, log.code = "rejected", "no_rows"
            return
        ordered = sorted(set(versions) | set(source.versions), key=version_key, reverse=True)
        self.input_versions[input_id] = ordered
        log.versions = ", ".join(ordered)

    def _forget_tables(self, input_id: int) -> None:
        for table_id in [t for t, (i, *_rest) in self._table_inputs.items() if i == input_id]:
            self.table_columns.pop(table_id, None)
            self._table_inputs.pop(table_id, None)

    def _read_tables(self, work: WorkDatabase, input_id: int, source: Source, log: InputLog) -> list[str]:
        versions: set[str] = set()
        origin = 0 if source.kind == ml.MASTER_KIND else 1
        for table in source.tables():
            if table.kind == "foreign":
                log.row_problems.append(("foreign_csv", {"sheet": table.name}))
                continue
            if len(table.columns) + len(layout.MAIN_META) + 3 > EXCEL_MAX_COLUMNS:
                # the master could not hold it: Excel has 16,384 columns a sheet
                raise Rejected("too_many_columns", sheet=table.name, detail=f"{len(table.columns):,}")
            twice = sorted({c for c in table.columns if c and table.columns.count(c) > 1})
            if twice:
                # two columns of one name: which one is the answer cannot be told, so neither is guessed
                raise Rejected("duplicate_column", sheet=table.name, column=twice[0])
            self._tables_seen += 1
            table_id = self._tables_seen
            kind = table.kind
            name = ml.CONFLICTS_SHEET if kind == "conflicts" else table.name
            work.execute("INSERT INTO tables (id, input_id, name, kind, columns) VALUES (?,?,?,?,?)",
                         (table_id, input_id, name, kind, json.dumps(table.columns)))
            self.table_columns[table_id] = (name, kind, table.columns)
            self._table_inputs[table_id] = (input_id,)
            if kind in (MAIN, "conflicts", "withdrawals"):
                versions |= self._read_main(work, input_id, table_id, table, source, log, origin)
            else:
                self._read_repeat(work, input_id, table_id, table, source, log)
        return sorted(versions)

    def _read_main(self, work, input_id, table_id, table, source, log, origin) -> set[str]:
        cols = table.columns
        at = {c: i for i, c in enumerate(cols)}
        if "_uuid" not in at:
            raise Rejected("no_uuid_column", sheet=table.name)
        u, r, d, s, v, dev, sf, ma, st = (at.get(c) for c in (
            "_uuid", "_root_uuid", "_deprecated_uuid", "_status", "_version", "_device_id", ml.SOURCE_FILE,
            ml.MERGED_AT, "_submission_time"))
        content = sorted((c, i) for i, c in enumerate(cols) if c not in ml.NOT_CONTENT and c)
        content_names = [c for c, _ in content]
        content_at = [i for _, i in content]
        data_at = [i for n, i in zip(content_names, content_at) if not n.startswith("_")]
        data_names = [cols[i] for i in data_at]
        types: dict[str, list[set]] = {}
        pending: dict[str, list] = defaultdict(list)     # rows by version whose kinds of cell are not noted yet
        seen_versions: set[str] = set()
        batch = []
        withdrawals = table.kind == "withdrawals"
        status_override = "withdrawn" if withdrawals else None
        file_name = source.path.name
        device_default = source.device_id
        for number, row in enumerate(table.rows, start=table.first_row):
            if isinstance(row, Rejected):
                log.row_problems.append((row.code, row.params))
                log.counts["rejected"] += 1
                continue
            uuid = row[u]
            uuid = "" if uuid is None else _identity(uuid)      # spaces alone are no _uuid either
            if not uuid:
                if any(c not in (None, "") and not (type(c) is str and not c.strip()) for c in row):
                    log.row_problems.append(("row_no_uuid", {"sheet": table.name, "row": number}))
                    log.counts["rejected"] += 1
                continue
            log.counts["read"] += 1
            version = "" if v is None or row[v] is None else str(row[v])
            seen_versions.add(version) if version else None
            if not withdrawals:
                pending[version].append(row)
            digest = None       # computed later, only for a _uuid read more than once
            root = _identity(row[r]) if r is not None and row[r] else uuid
            submitted = row[st] if st is not None else None
            batch.append((input_id, table_id, number, uuid, root,
                          _identity(row[d]) if d is not None and row[d] else None,
                          status_override or (str(row[s]) if s is not None and row[s] is not None else None),
                          version, str(row[dev]) if dev is not None and row[dev] is not None else device_default,
                          str(row[sf]) if sf is not None and row[sf] else file_name,
                          str(row[ma]) if ma is not None and row[ma] else None,
                          f"{layout.canonical_cell(submitted)}\x1f{uuid}", digest, dumps(row), origin))
            if len(batch) >= 500:
                self._insert_subs(work, batch)
                batch = []
                _cell_types(pending, data_at, types)
                self._check_cancel()
        if batch:
            self._insert_subs(work, batch)
        _cell_types(pending, data_at, types)
        self._note_types(MAIN if table.kind == "conflicts" else table.kind, data_names, types)
        return seen_versions

    def _note_types(self, table: str, names: list[str], types: dict[str, list[set]]) -> None:
        """Which kinds of cell (number, date, text) each column held, per form version."""
        for version, seen in types.items():
            for name, found in zip(names, seen):
                kinds = {_TYPE_KINDS.get(t, "t") for t in found}
                if kinds:
                    self.kinds[(table, name)][version] |= kinds

    @staticmethod
    def _insert_subs(work, batch):
        work.conn.executemany(
            "INSERT INTO subs (input_id, table_id, seq, uuid, root, deprecated, status, version, device, source_file,"
            " merged_at, sort_key, hash, data, outcome) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [b[:-1] + (("master" if b[-1] == 0 else None),) for b in batch])

    def _read_repeat(self, work, input_id, table_id, table, source, log) -> None:
        cols = table.columns
        at = {c: i for i, c in enumerate(cols)}
        if "_key" not in at or "_parent_key" not in at or "_submission_uuid" not in at:
            raise Rejected("no_uuid_column", sheet=table.name)
        k, p, su = at["_key"], at["_parent_key"], at["_submission_uuid"]
        content = sorted((c, i) for i, c in enumerate(cols) if c not in ml.NOT_CONTENT and c)
        content_names = [c for c, _ in content]
        content_at = [i for _, i in content]
        data_at = [i for n, i in zip(content_names, content_at) if not n.startswith("_")]
        types: dict[str, list[set]] = {}
        pending: dict[str, list] = defaultdict(list)
        batch = []
        for number, row in enumerate(table.rows, start=table.first_row):
            if isinstance(row, Rejected):
                log.row_problems.append((row.code, row.params))
                log.counts["rejected"] += 1
                continue
            if row[k] is None or row[su] is None or not _identity(row[k]) or not _identity(row[su]):
                if any(c is not None for c in row):
                    log.row_problems.append(("row_no_uuid", {"sheet": table.name, "row": number}))
                    log.counts["rejected"] += 1
                continue
            pending[""].append(row)
            batch.append((input_id, table_id, number, _identity(row[su]), _identity(row[k]),
                          _identity(row[p] or row[su]), None, dumps(row)))
            if len(batch) >= 500:
                work.conn.executemany("INSERT INTO reps (input_id, table_id, seq, sub_uuid, key, parent_key, hash,"
                                      " data) VALUES (?,?,?,?,?,?,?,?)", batch)
                batch = []
                _cell_types(pending, data_at, types)
        if batch:
            work.conn.executemany("INSERT INTO reps (input_id, table_id, seq, sub_uuid, key, parent_key, hash, data)"
                                  " VALUES (?,?,?,?,?,?,?,?)", batch)
        _cell_types(pending, data_at, types)
        self._note_types(table.name, [cols[i] for i in data_at], types)

    # -- which form ------------------------------------------------------------------------------------------
    def _choose_form(self, work: WorkDatabase) -> str | None:
        """The form being merged: the given form's, else an earlier master's, else the most common one."""
        merged = [(i, log) for i, log in enumerate(self.logs) if log.status == "merged"]
        if self.options.form is not None:
            form_id = self.options.form.form_id
        else:
            masters = sorted({log.form_id for _, log in merged if log.kind == ml.MASTER_KIND and log.form_id})
            counts = Counter(log.form_id for _, log in merged if log.form_id)
            if masters:
                form_id = masters[0]
            elif counts:
                form_id = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            else:
                form_id = None
        if self.options.form is None and form_id:
            self.options.form = self._find_form(form_id)
        if self.options.form is None and form_id is None:
            self.options.form = self._form_of_kobo()
            form_id = getattr(self.options.form, "form_id", None)
        if self.options.form is not None:
            self._name_label_headers(work)
        known = set()
        for table_id, (name, kind, columns) in self.table_columns.items():
            input_id = self._table_inputs[table_id][0]
            if kind == MAIN and self.logs[input_id].form_id == form_id:
                known.update(c for c in columns if not c.startswith("_"))
        if self.options.form is not None:
            from fieldapp.exchange.facts import from_form
            known.update(from_form(self.options.form).questions)
        for input_id, log in merged:
            other = log.form_id is not None and form_id is not None and log.form_id != form_id
            if log.form_id is None and known:
                # a Kobo export names no form: it belongs when most of its questions are this form's
                mine = [c for t, (n, k, cols) in self.table_columns.items()
                        if self._table_inputs[t][0] == input_id and k == MAIN for c in cols if not c.startswith("_")]
                # (a select_multiple's 0/1 columns count as their question's)
                other = bool(mine) and sum(c in known or c.rsplit("/", 1)[0] in known for c in mine) < max(
                    1, len(mine) // 2)
                log.form_id = form_id if not other else log.form_id
            missing = None if other else self._missing_repeat(input_id)
            if other or missing:
                log.status, log.code = "rejected", "other_form"
                # a Kobo export names no form: its sheet's title says which one it is
                log.params = {"form": log.form_id or self.sources[input_id].main_sheet or "?", "expected": form_id}
                if missing:
                    log.code, log.params = "sheet_missing", {"sheet": missing}
                log.counts.clear()
                log.row_problems.clear()
                work.execute("DELETE FROM subs WHERE input_id = ?", (input_id,))
                work.execute("DELETE FROM reps WHERE input_id = ?", (input_id,))
                self._forget_tables(input_id)
        facts = None
        if self.options.form is not None:
            self._code_label_answers(work)
            from fieldapp.exchange.facts import from_form
            facts = from_form(self.options.form)
        for input_id, log in merged:
            if log.status != "merged":
                continue
            source = self.sources[input_id]
            if source.encrypted or (source.profile or "full") != "publishable":
                self.sensitive_inputs = True
            elif facts is not None and any(facts.hides(c) for t, (n, k, cols) in self.table_columns.items()
                                           if self._table_inputs[t][0] == input_id for c in cols):
                # marked publishable, yet it holds identifying or sensitive columns (its _form sheet is not under
                # the checksum): the columns decide, not the mark
                self.sensitive_inputs = True
        return form_id

    def _missing_repeat(self, input_id: int) -> str | None:
        """The first of the form's repeats whose CSV an ODK Central export lacks (Central writes one for every
        repeat, rows or not: a missing one was taken out by hand, and its rows would be lost unsaid)."""
        source = self.sources.get(input_id)
        form = self.options.form
        if source is None or source.kind != "central" or form is None:
            return None
        names = {str(path).rstrip("/").rsplit("/", 1)[-1] for path in getattr(form, "repeat_paths", ())}
        missing = sorted(names - set(source.parts))
        return f"{source.form_id}-{missing[0]}.csv" if missing else None

    def _name_label_headers(self, work: WorkDatabase) -> None:
        """A Kobo export with label headers: its columns renamed to the form's names and each repeat sheet to the
        sheet the form gives that repeat (the rows are stored by position, so only the column lists change)."""
        from fieldapp.exchange.headers import Vocabulary
        if not any(self._is_kobo(input_id) for input_id in self.sources):
            return
        self.vocabulary = vocabulary = Vocabulary(self.options.form)
        self.kobo_tables = defaultdict(dict)
        spoken: dict[int, Counter] = defaultdict(Counter)
        for table_id, (name, kind, columns) in list(self.table_columns.items()):
            input_id = self._table_inputs[table_id][0]
            if not self._is_kobo(input_id):
                continue
            naming = vocabulary.name_table(columns, kind, name)
            spoken[input_id].update(naming.languages)
            if naming.table is None:
                continue
            self.kobo_tables[input_id][table_id] = naming.table
            named = naming.columns
            new_name = naming.table.name if kind == "repeat" else name
            if named == columns and new_name == name:
                continue
            self.table_columns[table_id] = (new_name, kind, named)
            work.execute("UPDATE tables SET name = ?, columns = ? WHERE id = ?",
                         (new_name, json.dumps(named), table_id))
            table = MAIN if kind in (MAIN, "conflicts") else name
            new_table = MAIN if kind in (MAIN, "conflicts") else new_name
            for old, new in zip(columns, named):
                if (table, old) in self.kinds and (old != new or table != new_table):
                    for version, found in self.kinds.pop((table, old)).items():
                        self.kinds[(new_table, new)][version] |= found
        self.kobo_languages = {i: vocabulary.language_of(c) for i, c in spoken.items()}

    def _is_kobo(self, input_id: int) -> bool:
        source = self.sources.get(input_id)
        return source is not None and source.kind == "kobo" and self.logs[input_id].status == "merged"

    def _code_label_answers(self, work: WorkDatabase) -> None:
        """A Kobo export made with labels, or a device workbook exported with them: its select answers, on every
        sheet, turned back into the form's codes; a Kobo export's repeat rows keyed by the form's paths, as a device
        workbook keys them. An answer whose label names two choices, or none, keeps its text and is reported."""
        from fieldapp.exchange.choice_labels import AnswerLabels
        from fieldapp.exchange.headers import Vocabulary
        plans = [(input_id, tables, *self.kobo_languages.get(input_id, (None, False)), " ")
                 for input_id, tables in self.kobo_tables.items()]
        for input_id, source in self.sources.items():
            if source.kind == "device" and source.labels and self.logs[input_id].status == "merged":
                # a FieldApp export joins a select_multiple's labels with ", "; its headers are names already
                tables = {t: None for t, (i, *_rest) in self._table_inputs.items() if i == input_id}
                plans.append((input_id, tables, source.labels, True, ", "))
        if not plans:
            return
        vocabulary = self.vocabulary or Vocabulary(self.options.form)
        for input_id, tables, language, labels_mode, separator in plans:
            log = self.logs[input_id]
            if log.status != "merged":
                continue
            answers = AnswerLabels(vocabulary, language, labels_mode, separator)
            new_keys: dict[str, str] = {}
            work.execute("BEGIN")
            try:
                for table_id in sorted(tables):
                    if table_id not in self.table_columns:
                        continue
                    name, kind, columns = self.table_columns[table_id]
                    selects = answers.for_columns(columns)
                    if kind == "repeat" and (selects or tables[table_id] is not None):
                        self._recode_repeat(work, log, table_id, name, columns, selects, tables[table_id], new_keys)
                    elif selects:
                        for page in _pages(work, "SELECT id, seq, data FROM subs", table_id):
                            updates = []
                            for row_id, number, data in page:
                                row = loads(data)
                                if _recode(row, selects, log, name, number):
                                    updates.append((dumps(row), row_id))
                            work.conn.executemany("UPDATE subs SET data = ? WHERE id = ?", updates)
                            self._check_cancel()
                work.execute("COMMIT")
            except BaseException:
                work.execute("ROLLBACK")
                raise

    def _recode_repeat(self, work, log, table_id, name, columns, selects, form_table, new_keys) -> None:
        at_key, at_parent = columns.index("_key"), columns.index("_parent_key")
        parent = form_table.table.parent if form_table is not None else None
        relative = form_table.path[len(parent.path) + 1:] if parent is not None else ""
        for page in _pages(work, "SELECT id, seq, sub_uuid, key, parent_key, data FROM reps", table_id):
            updates = []
            for row_id, number, sub_uuid, key, parent_key, data in page:
                row = loads(data)
                changed = _recode(row, selects, log, name, number)
                # the key the form's path gives (uuid:…/household/member[2]), so the row matches a device workbook's
                position = _POSITION_AT_END.search(key or "")
                new_parent = parent_key if parent_key == sub_uuid else new_keys.get(parent_key)
                if relative and position and new_parent:
                    new_key = f"{new_parent}/{relative}{position.group(0)}"
                    new_keys[key] = new_key
                    if (new_key, new_parent) != (key, parent_key):
                        row[at_key], row[at_parent], key, parent_key = new_key, new_parent, new_key, new_parent
                        changed = True
                if changed:
                    updates.append((dumps(row), key, parent_key, row_id))
            work.conn.executemany("UPDATE reps SET data = ?, key = ?, parent_key = ? WHERE id = ?", updates)
            self._check_cancel()

    # -- identity and history -----------------------------------------------------------------------------------
    def _resolve(self, work: WorkDatabase) -> None:
        """Decide each read row's fate: in the master, duplicate, replaced by an edit, conflict or withdrawn."""
        content = self._contents(work)
        paths = [log.path for log in self.logs]
        kinds = {table_id: found[1] for table_id, found in self.table_columns.items()}
        groups: dict[str, list] = {}
        current: dict[int, str] = {}        # the outcome a row came with (an earlier master's rows: master)
        before: dict[int, str] = {}         # an earlier master's rows: their outcome in that master
        for sub_id, input_id, uuid, root, deprecated, status, source_file, seq, origin, table_id, prev in work.execute(
                "SELECT id, input_id, uuid, root, deprecated, status, source_file, seq, outcome, table_id, "
                "prev_outcome FROM subs"):
            if origin is not None:
                current[sub_id] = origin
            if prev is not None:
                before[sub_id] = prev
            row = (sub_id, input_id, uuid, deprecated, status, content.get(sub_id, ""), 0 if origin == "master" else 1,
                   source_file, paths[input_id], seq, kinds[table_id], root)
            found = groups.get(root)
            if found is None:
                groups[root] = [row]
            else:
                found.append(row)
        # One submission's history is every row linked by _uuid, _root_uuid or _deprecated_uuid, whichever file
        # each came in and whether or not an edit names its root (Kobo and Central exports often do not).
        groups = _histories(groups)

        outcome: dict[int, tuple] = {}      # sub id -> (outcome, counted as, input id)
        new_roots = []
        for root, rows in groups.items():
            if len(rows) == 1:      # most submissions: read once, never edited
                r = rows[0]
                if r[11] != root:
                    new_roots.append((root, r[0]))
                if (r[4] or "").startswith("withdrawn") or r[10] == "withdrawals":
                    outcome[r[0]] = ("withdrawn", "withdrawn", r[1])
                else:
                    outcome[r[0]] = ("master", "added", r[1])
                continue
            for r in rows:
                if r[11] != root:
                    new_roots.append((root, r[0]))
            if any((r[4] or "").startswith("withdrawn") or r[10] == "withdrawals" for r in rows):
                for r in rows:
                    outcome[r[0]] = ("withdrawn", "withdrawn", r[1])
                continue
            by_uuid: dict[str, list] = defaultdict(list)
            for r in rows:
                by_uuid[r[2]].append(r)
            # a version is superseded when an edit deprecates it or names it as its root; the rest are the
            # latest. None left (a cycle of edits) or more than one (edits of one version on two laptops):
            # a conflict, for the coordinator to settle.
            superseded = {r[3] for r in rows if r[3]} | {r[11] for r in rows if r[11] != r[2]}
            heads = [u for u in by_uuid if u not in superseded]
            if not heads:
                heads = list(by_uuid)
            several = len(by_uuid) > 1
            for uuid, copies in by_uuid.items():
                copies.sort(key=lambda r: (r[6], r[7], r[8], r[9]))
                contents = {r[5] for r in copies}
                if uuid not in heads:
                    for r in copies:
                        outcome[r[0]] = ("replaced", "replaced", r[1])
                elif len(contents) > 1 or len(heads) > 1:
                    for r in copies:
                        outcome[r[0]] = ("conflict", "conflicts", r[1])
                else:
                    first = copies[0]
                    outcome[first[0]] = ("master", "updated" if several else "added", first[1])
                    for r in copies[1:]:
                        outcome[r[0]] = ("duplicate", "duplicates", r[1])
        counts = defaultdict(Counter)
        batch = []
        for sub_id, (fate, counted, input_id) in outcome.items():
            if fate != current.get(sub_id):     # an earlier master's rows mostly stay where they are
                batch.append((fate, sub_id))
            if sub_id in before and fate != before[sub_id]:
                self.changed_since[input_id] += 1
            counts[input_id][counted] += 1
        work.conn.execute("BEGIN")
        work.conn.executemany("UPDATE subs SET outcome = ? WHERE id = ?", batch)
        # one root per history, so a withdrawn child is counted (and listed) once
        work.conn.executemany("UPDATE subs SET root = ? WHERE id = ?", new_roots)
        work.conn.execute("COMMIT")
        for input_id, counter in counts.items():
            log = self.logs[input_id]
            if log.kind == ml.MASTER_KIND:
                # rows an earlier master already held are kept, not added again
                counter["kept"] = counter.pop("added", 0) + counter.pop("updated", 0)
            log.counts.update(counter)

    def _orphans(self, work: WorkDatabase) -> None:
        """Repeat rows whose submission (or, nested, whose parent row) is not in their own file cannot sit under
        their parent in the master: each is reported on its input's log line, never dropped unsaid. Two rows of
        one file with the same _key: the master holds one row per key, so the later ones are left out, and said
        (an export never writes a key twice; a master holds each conflicting copy's rows under their keys, so
        its keys may come twice). A kept master's rows were checked when they were first merged."""
        kept_inputs = {k.input_id for k in self.kept_masters}
        for input_id, log in enumerate(self.logs):
            if log.status != "merged" or input_id in kept_inputs:
                continue
            found = [("row_orphan", row) for row in work.execute(
                "SELECT t.name, r.seq, r.parent_key FROM reps r JOIN tables t ON t.id = r.table_id "
                "WHERE r.input_id = ? AND (NOT EXISTS (SELECT 1 FROM subs s WHERE s.input_id = r.input_id AND "
                "s.uuid = r.sub_uuid) OR (r.parent_key != r.sub_uuid AND NOT EXISTS (SELECT 1 FROM reps p WHERE "
                "p.input_id = r.input_id AND p.key = r.parent_key))) ORDER BY r.table_id, r.seq", (input_id,))]
            if log.kind != ml.MASTER_KIND:
                found += [("row_same_key", row) for row in work.execute(
                    "SELECT t.name, r.seq, r.key FROM reps r JOIN tables t ON t.id = r.table_id WHERE r.input_id = ? "
                    "AND EXISTS (SELECT 1 FROM reps e WHERE e.input_id = r.input_id AND e.key = r.key AND e.id < r.id)"
                    " ORDER BY r.table_id, r.seq", (input_id,))]
            for code, (sheet, number, detail) in found:
                log.counts["rejected"] += 1
                if len(log.row_problems) < 50:
                    log.row_problems.append((code, {"sheet": sheet, "row": number, "detail": detail}))

    def _contents(self, work: WorkDatabase) -> dict[int, str]:
        """A digest of the answers (main row and its repeat rows) of every row whose _uuid was read more than
        once: identical copies are duplicates, differing ones conflicts. Rows read once need none."""
        digests: dict[int, str] = {}
        for sub_id, input_id, table_id, uuid, data in work.execute(
                "SELECT id, input_id, table_id, uuid, data FROM subs WHERE uuid IN "
                "(SELECT uuid FROM subs GROUP BY uuid HAVING COUNT(*) > 1)").fetchall():
            digest = hashlib.sha1(self._row_content(table_id, loads(data)))
            for rep_table, rep_data in work.execute(
                    "SELECT table_id, data FROM reps WHERE input_id = ? AND sub_uuid = ? ORDER BY key",
                    (input_id, uuid)).fetchall():
                digest.update(b"\x1e" + self._row_content(rep_table, loads(rep_data)))
            digests[sub_id] = digest.hexdigest()
        return digests

    def _row_content(self, table_id: int, row: list) -> bytes:
        """The answers of one stored row, by column name in name order, without where it sits or came from."""
        columns = self.table_columns[table_id][2]
        # text copied through another system may come back decomposed (NFD): the same answer, not a conflict
        pairs = sorted((c, unicodedata.normalize("NFC", v) if type(v) is str else v) for c, v in zip(columns, row)
                       if v is not None and c and c not in ml.NOT_CONTENT)
        return dumps([list(p) for p in pairs]).encode("utf-8")

    # -- columns -----------------------------------------------------------------------------------------------
    def columns_of(self, kind_or_name: str) -> list[str]:
        """The master's columns of the main table (MAIN) or of a repeat sheet: the union across inputs in the
        newest version's order, metadata at the end."""
        lists = []
        for table_id, (name, kind, columns) in self.table_columns.items():
            input_id = self._table_inputs[table_id][0]
            if self.logs[input_id].status != "merged" or table_id in self.storage_tables:
                continue
            if (kind_or_name == MAIN and kind in (MAIN, "conflicts")) or (kind == "repeat" and name == kind_or_name):
                newest = (self.input_versions.get(input_id) or [""])[0]
                lists.append((version_key(newest), self.logs[input_id].path, columns))
        lists.sort(key=lambda item: (item[0], item[1]), reverse=True)
        result: list[str] = []
        present: set[str] = set()
        for _, _, columns in lists:
            for position, column in enumerate(columns):
                if not column or column in present:
                    continue
                before = next((columns[j] for j in range(position - 1, -1, -1) if columns[j] in present), None)
                at = result.index(before) + 1 if before is not None else 0
                # keep the newer version's neighbours together: skip past columns it placed after `before`
                result.insert(at, column)
                present.add(column)
        meta = layout.MAIN_META if kind_or_name == MAIN else layout.REPEAT_META
        bookkeeping = set(meta) | set(ml.NOT_CONTENT) | {"_device_id"}
        data = [c for c in result if c not in bookkeeping]
        extra = [c for c in result if c in bookkeeping and c not in meta and c not in ml.NOT_CONTENT]
        if kind_or_name == MAIN:
            return data + list(meta) + extra + [ml.SOURCE_FILE, ml.MERGED_AT, ml.INDEX]
        return data + [c for c in extra if c != "_device_id"] + list(meta) + [ml.SOURCE_FILE, "_device_id",
                                                                             ml.MERGED_AT]

    def repeat_tables(self) -> list[str]:
        """Repeat sheets in the order the inputs first show them (a device workbook lists parents first)."""
        names = []
        for table_id, (name, kind, columns) in sorted(self.table_columns.items()):
            if kind == "repeat" and self.logs[self._table_inputs[table_id][0]].status == "merged" and name not in names \
                    and table_id not in self.storage_tables:
                names.append(name)
        return names

    def type_changed(self, table: str) -> set[str]:
        """Columns whose cells are numbers in one version and text or dates in another: kept as text."""
        changed = set()
        for (tname, column), by_version in self.kinds.items():
            if tname != table:
                continue
            kinds = set().union(*by_version.values()) if by_version else set()
            if len(kinds) > 1:
                changed.add(column)
        return changed


def _identity(value) -> str:
    """An instance ID or repeat key as the merge compares it: text, composed (NFC), without stray spaces."""
    text = value if type(value) is str else str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def _histories(groups: dict[str, list]) -> dict[str, list]:
    """Rows grouped by root (row[2] its _uuid, row[3] the _uuid it deprecates, row[11] its root) joined into
    whole histories: rows linked by any of the three ids, in any order, cycles included. Each history is keyed
    by one root: the smallest root named by a row that deprecates nothing (an original), else the smallest."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for root, rows in groups.items():
        for r in rows:
            if r[2] != root:
                join(root, r[2])
            if r[3]:
                join(r[2], r[3])
    if not parent:
        return groups       # no edits at all: each root is a history already
    joined: dict[str, list] = defaultdict(list)
    for root, rows in groups.items():
        joined[find(root)].extend(rows)
    result: dict[str, list] = {}
    for rows in joined.values():
        originals = {r[11] for r in rows if not r[3]}
        result[min(originals or {r[11] for r in rows})] = rows
    return result


_NOT_A_KIND = frozenset(layout.CODES) | {None}
_POSITION_AT_END = re.compile(r"\[\d+\]$")


def _pages(work, select: str, table_id: int, size: int = 2000):
    """The rows of one stored table, a page at a time (by id), so memory stays flat however long the sheet."""
    last = 0
    while True:
        page = work.execute(f"{select} WHERE table_id = ? AND id > ? ORDER BY id LIMIT ?",
                            (table_id, last, size)).fetchall()
        if not page:
            return
        yield page
        last = page[-1][0]


def _recode(row: list, selects, log: InputLog, sheet: str, number: int) -> bool:
    """Turn the select answers of one stored row from labels into codes (in place); True when one changed.
    An answer that stays text for a reason is noted on the input's log, with its sheet, row and column."""
    changed = False
    for i, column, question in selects:
        if i >= len(row):
            continue
        value, problem = question.code(row[i])
        if problem is not None:
            log.row_problems.append((problem.code, {"sheet": sheet, "row": number, "column": column,
                                                    "detail": problem.detail, "codes": problem.codes}))
        elif value != row[i]:
            row[i] = value
            changed = True
    return changed


def _cell_types(pending: dict[str, list], data_at: list[int], types: dict[str, list[set]]) -> None:
    """Note which types of cell each data column held, per version, for the rows in `pending` (then emptied).
    Column by column on whole batches (transposed by zip), so the cost is in C, not per cell in Python;
    blanks and FieldApp's codes (#declined...) say nothing about a column's type."""
    for version, rows in pending.items():
        if not rows:
            continue
        seen = types.get(version)
        if seen is None:
            seen = types[version] = [set() for _ in data_at]
        width = max(map(len, rows))
        columns = list(zip(*(r if len(r) == width else list(r) + [None] * (width - len(r)) for r in rows)))
        for i, found in zip(data_at, seen):
            values = set(columns[i]) if i < width else set()
            values -= _NOT_A_KIND
            found.update(map(type, values))
        rows.clear()


_TYPE_KINDS = {int: "n", float: "n", bool: "n", str: "t", dt.date: "d", dt.datetime: "d", dt.time: "d"}


def version_key(version: str):
    """Form versions compare as numbers when they are numbers (2024051501), else as text."""
    text = str(version or "")
    return (1, int(text), "") if text.isdigit() else (0, 0, text)


def merge(inputs: Iterable, out, **options) -> MergeResult:
    """Merge `inputs` (files or folders) into the master workbook `out`. See MergeOptions for the options."""
    return Merge(inputs, Path(out), MergeOptions(**options)).run()
