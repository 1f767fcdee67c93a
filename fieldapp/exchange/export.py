"""Export one form's submissions from the store as the device workbook (EXCHANGE.md), in a profile, encrypted when it must be.

`build_workbook` makes the plain workbook in memory; `export_form` encrypts
it, writes it atomically, adds the attached files' archive for the full
profile and records the export in the audit trail (never with values).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from openpyxl import Workbook

import fieldapp
from fieldapp.exchange import crypto, layout, safefiles
from fieldapp.exchange.columns import DATE_TYPES, NUMBER_TYPES, Column, build_layout
from fieldapp.exchange.errors import (
    BadPseudonymKey, Cancelled, NothingToExport, PasswordNeeded, PseudonymKeyMissing, UnknownProfile,
)
from fieldapp.exchange.rows import RowBuilder, Submission, generic, typed
from fieldapp.exchange.workbook import (
    RowSheet, TextStats, discard, fit_cell, save_to_bytes, text_cell, write_codes_sheet, write_form_sheet,
)

PSEUDONYM_KEY_SETTING = "exchange.pseudonym_key"     # the organisation's key, hex, kept in the encrypted store
MIN_KEY_BYTES = 32
PROFILE_NOTES = layout.PROFILE_NOTES
_SPACES = re.compile(r"\s+")


@dataclass
class Built:
    """A plain workbook in memory and what it holds."""
    data: bytes
    form_id: str
    profile: str
    submissions: int
    repeat_rows: int
    removed_characters: int
    checksum: str
    sensitive: bool                                  # holds any PII or sensitive column
    instance_ids: list = field(default_factory=list)
    attachments: list = field(default_factory=list)  # (instance_id, file name) for the full profile


@dataclass
class ExportResult:
    form_id: str
    profile: str
    file: Path
    submissions: int
    repeat_rows: int
    encrypted: bool
    removed_characters: int
    checksum: str
    attachments_file: Path | None = None
    attachments: int = 0
    instance_ids: list = field(default_factory=list)


def pseudonym(key: bytes, text: str) -> str:
    """The organisation's code for an identifying answer: the same text (ignoring case, accents' encoding,
    extra spaces) gives the same code on every laptop holding the key; without the key it cannot be reversed."""
    normal = _SPACES.sub(" ", unicodedata.normalize("NFC", text).strip()).casefold()
    return layout.PSEUDONYM_PREFIX + hmac.new(key, normal.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def pseudonym_key(store) -> bytes:
    value = store.get_setting(PSEUDONYM_KEY_SETTING)
    if not value:
        raise PseudonymKeyMissing("the organisation's pseudonymization key has not arrived through the sync folder")
    return bytes.fromhex(value)


def set_pseudonym_key(store, text: str) -> bool:
    """Keep the organisation's key (hex text, at least 32 bytes); True when it changed."""
    cleaned = "".join(text.split())
    try:
        key = bytes.fromhex(cleaned)
    except ValueError:
        raise BadPseudonymKey("the key file does not hold hexadecimal digits") from None
    if len(key) < MIN_KEY_BYTES:
        raise BadPseudonymKey(f"the key is {len(key)} bytes; at least {MIN_KEY_BYTES} are needed")
    if store.get_setting(PSEUDONYM_KEY_SETTING) == key.hex():
        return False
    store.set_setting(PSEUDONYM_KEY_SETTING, key.hex())
    store.log_event(None, "pseudonym_key", action="stored")
    return True


def included(column: Column, profile: str) -> bool:
    if profile == "publishable":
        return not (column.pii or column.sensitive or (column.free_text and not column.safe_text))
    if profile == "pseudonymized" and column.choice is not None and column.pii:
        return False              # a 0/1 column would tell the identifying answer
    return True


def _forms_of(store, form_id: str):
    """The form's versions on this laptop, newest first: by version (numbers compared as numbers, as ODK's
    yyyymmddrr versions are meant), the later registration first among equal versions."""
    records = [r for r in store.forms() if r.form_id == form_id]
    if not records:
        raise NothingToExport(f"no form {form_id!r} on this laptop", form_id)
    order = sorted(range(len(records)), key=lambda i: (_version_key(records[i].version), i), reverse=True)
    forms, seen = [], set()
    for index in order:
        record = records[index]
        if record.version in seen:
            continue
        seen.add(record.version)
        forms.append(store.load_form(form_id, record.version))
    return forms


def _version_key(version: str):
    parts = re.split(r"[.\-_ ]", version or "")
    try:
        return (1, tuple(int(p) for p in parts if p != ""), version)
    except ValueError:
        return (0, (), version or "")


def _role_paths(form, role: str) -> list[str]:
    return [path for path, bind in form.binds.items() if (bind.extra.get("fieldapp:role") or "") == role]


def _preload_paths(form, param: str) -> list[str]:
    return [path for path, bind in form.binds.items()
            if bind.preload == "timestamp" and (bind.preload_params or "").lower() == param]


def build_workbook(store, form_id: str, profile: str = "full", labels: str | None = None, *,
                   exclude=frozenset(), progress: Callable | None = None,
                   cancel: Callable | None = None) -> Built:
    """The plain device workbook of `form_id` in memory (never on disk); `exclude`: instance ids left out."""
    if profile not in layout.PROFILES:
        raise UnknownProfile(f"{profile!r}: choose one of {', '.join(layout.PROFILES)}", profile)
    forms = _forms_of(store, form_id)
    newest = forms[0]
    key = pseudonym_key(store) if profile == "pseudonymized" else None
    shape = build_layout(forms)
    by_version = {form.version or "": form for form in forms}
    device_id = store.get_setting("device_id") or ""
    builder = RowBuilder(shape, device_id, consent_paths=_role_paths(newest, "consent"),
                         start_paths=[p for f in forms for p in _preload_paths(f, "start")],
                         end_paths=[p for f in forms for p in _preload_paths(f, "end")])
    label_language = _label_language(newest, labels)
    referrals = store.event_counts("referral")
    # Asking the store for each interview's files costs a query each: only forms that can hold files ask.
    holds_files = profile == "full" and any(bind.type == "binary" for form in forms for bind in form.binds.values())

    workbook = Workbook(write_only=True)
    stats = TextStats()
    checksum = layout.Checksum()
    writers = {}
    sensitive = False
    hxl = any(c.hxl for table in shape.tables for c in table.columns)
    for table in shape.tables:
        sheet = RowSheet(workbook, table.name)
        columns = [c for c in table.columns if included(c, profile)]
        sensitive = sensitive or any(c.pii or c.sensitive for c in columns)
        meta = list(layout.MAIN_META if table.parent is None else layout.REPEAT_META)
        if profile == "publishable" and table.parent is None:
            meta.remove("_enumerator")          # the interviewer's name stays on the laptop too
        header = [c.name for c in columns] + meta
        checksum.sheet(table.name)
        sheet.append(header)
        checksum.row_in(table.name, header)
        if hxl:
            tags = [c.hxl or None for c in columns] + [None] * len(meta)
            sheet.append(tags)
            checksum.row_in(table.name, tags)
        convert = [(c.path, _converter(c, profile, key, label_language, shape, sheet, stats)) for c in columns]
        writers[table.name] = (sheet, convert, [(name, _meta_converter(name, sheet, stats)) for name in meta])

    try:
        total = len(store.submissions(form_id=form_id, status=["finalized", "withdrawn"]))
        records = store.for_export(form_id)
        count = repeat_rows = 0
        instance_ids: list = []
        attachments: list = []
        for done, (record, xml, state) in enumerate(records, 1):
            if cancel is not None and cancel():
                raise Cancelled("the export was cancelled; no file was written")
            if record.instance_id in exclude:
                continue
            sub = _submission(record, xml, state, by_version, referrals)
            for table, values in builder.rows(sub):
                sheet, convert, meta = writers[table.name]
                get = values.get
                row = [fn(get(path)) for path, fn in convert]
                extra = values["__meta__"]
                row += [fn(extra.get(name)) for name, fn in meta]
                checksum.row_in(table.name, row)
                sheet.append(row)
                if table.parent is not None:
                    repeat_rows += 1
            count += 1
            instance_ids.append(record.instance_id)
            if holds_files and xml is not None:
                attachments += [(record.instance_id, a.file_name) for a in store.attachments(record.instance_id)]
            if progress is not None and (done % 100 == 0 or done == total):
                progress(done, total)
    except BaseException:
        discard(workbook)
        raise
    stats.removed_characters += builder.removed_characters
    for sheet, *_ in writers.values():
        sheet.close()
    write_codes_sheet(workbook)
    digest = checksum.hexdigest()
    write_form_sheet(workbook, {
        "form_id": newest.form_id, "form_version": newest.version or "",
        "form_versions": " ".join(f.version or "" for f in forms), "form_title": newest.title,
        "languages": "; ".join(newest.languages), "labels": label_language or "", "profile": profile,
        "device_id": device_id, "exporter": f"{layout.EXPORTER} {fieldapp.__version__}",
        "exported_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0),
        "submissions": count, "removed_characters": stats.removed_characters, "cut_cells": stats.cut_cells,
        "hxl_row": "yes" if hxl else "no",
        "checksum": digest,
    })
    if cancel is not None and cancel():
        raise Cancelled("the export was cancelled; no file was written")
    return Built(save_to_bytes(workbook), form_id, profile, count, repeat_rows, stats.removed_characters, digest,
                 sensitive or profile != "publishable", instance_ids, attachments)


def export_form(store, form_id: str, out, profile: str = "full", labels: str | None = None,
                password: str | None = None, *, progress: Callable | None = None,
                cancel: Callable | None = None, exclude=frozenset(), opener=open, by: str | None = None) -> ExportResult:
    """Write the workbook to `out` (encrypted with `password` unless publishable without one) and, for the
    full profile, the attached files beside it; audited. A cancelled or failed export leaves no file."""
    if profile not in layout.PROFILES:
        raise UnknownProfile(f"{profile!r}: choose one of {', '.join(layout.PROFILES)}", profile)
    if profile != "publishable" and not password:
        raise PasswordNeeded("a workbook with identifying or sensitive answers is only written encrypted")
    if password:
        crypto.check_password(password)
    built = build_workbook(store, form_id, profile, labels, progress=progress, cancel=cancel, exclude=exclude)
    out = Path(out)
    data = crypto.encrypt_workbook(built.data, password) if password else built.data
    archive_path = None
    archive = None
    if built.attachments:
        files = [(_archive_name(i, name), store.attachment(i, name)) for i, name in built.attachments]
        archive = crypto.attachments_archive(files, password)
        archive_path = out.with_name(out.stem + layout.ATTACHMENTS_SUFFIX)
    if cancel is not None and cancel():
        raise Cancelled("the export was cancelled; no file was written")
    safefiles.write_atomic(out, data, opener=opener)
    if archive is not None:
        safefiles.write_atomic(archive_path, archive, opener=opener)
    store.log_event(None, "export", form_id=form_id, profile=profile, rows=built.submissions,
                    file_name=out.name, count=len(built.attachments), by=by or who())
    return ExportResult(form_id, profile, out, built.submissions, built.repeat_rows, bool(password),
                        built.removed_characters, built.checksum, archive_path, len(built.attachments),
                        built.instance_ids)


def who() -> str:
    """The account doing an export or sync, for the audit trail (the laptop's user name)."""
    try:
        return getpass.getuser()
    except Exception:       # no user name on this system
        return ""


def _archive_name(instance_id: str, file_name: str) -> str:
    """`<instance uuid>/<the answer's file name>`: the cell's file name, found under the row's _uuid."""
    return f"{layout.safe_file_part(instance_id.removeprefix('uuid:'))}/{file_name}"


def _label_language(form, labels: str | None) -> str | None:
    if not labels:
        return None
    for name in form.languages:
        if name == labels or name.lower() == labels.lower() or name.lower().endswith(f"({labels.lower()})"):
            return name
    if not form.languages:
        return ""
    raise UnknownProfile(f"the form has no language {labels!r}: {', '.join(form.languages)}", labels)


def _converter(column: Column, profile: str, key, language, shape, sheet, stats):
    """A function from the raw answer (text, code or None) to the cell written for `column`.

    The raw text comes from cleaned instance XML or cleaned saved state (rows.RowBuilder), with answers that
    read like a code already escaped (layout.escape_text); a code passes as it is."""
    codes = layout.CODES
    limit = layout.CELL_LIMIT // 2          # shorter text fits whatever its characters (Excel counts UTF-16 units)
    if column.offset:
        utc_offset = layout.utc_offset

        def offset_cell(raw):
            if not raw or raw in codes:
                return None
            return utc_offset(raw)
        return offset_cell
    if column.choice is not None:
        choice = column.choice
        split = [None, ()]         # the question's answer, split once for all its choice columns (they follow it)

        def choice_cell(raw):
            if raw is None or raw == "":
                return None
            if raw in codes:
                return raw
            if split[0] is not raw:
                split[0], split[1] = raw, raw.split()
            return 1 if choice in split[1] else 0
        return choice_cell
    kind = column.type
    if profile == "pseudonymized" and column.pii:
        answer_text = layout.answer_text

        def hashed(raw):
            if raw is None or raw == "" or raw in codes:
                return raw or None
            return pseudonym(key, answer_text(raw))
        return hashed
    names = shape.labels.get(column.path) if language is not None else None
    if names:
        def label_cell(raw):
            if raw is None or raw == "" or raw in codes:
                return raw or None
            parts = raw.split() if kind == "select" else [raw]
            shown = [(names.get(p) or {}).get(language) or (names.get(p) or {}).get("") or p for p in parts]
            return text_cell(sheet, ", ".join(shown), stats)
        return label_cell
    if kind in NUMBER_TYPES or kind in DATE_TYPES:
        def plain(raw):
            if raw is None or raw == "":
                return None
            if raw in codes:
                return raw
            value = typed(kind, raw)
            if type(value) is str and len(value) > limit:
                return fit_cell(value, stats)
            return value
        return plain

    def text(raw):
        # the most common cell: text as it is (a RowSheet writes every string as text, never as a formula)
        if raw and len(raw) > limit:
            return fit_cell(raw, stats)
        return raw or None
    return text


# Metadata FieldApp itself makes (ids, keys, sheet names, statuses, versions): nothing in them to clean.
_MADE_HERE = {"_uuid", "_root_uuid", "_deprecated_uuid", "_status", "_version", "_submission_uuid", "_key",
              "_parent_key", "_parent_table", "_index", "_parent_index", "_decline_count", "_referrals",
              "_submission_time", "_start", "_end"}


def _meta_converter(name: str, sheet, stats):
    if name in _MADE_HERE:
        return _as_is
    return lambda value: _meta_cell(sheet, value, stats)


def _as_is(value):
    return value if value != "" else None


def _meta_cell(sheet, value, stats):
    if isinstance(value, str):
        return text_cell(sheet, value, stats) or None
    return value


def _submission(record, xml, state, by_version, referrals) -> Submission:
    state = state or {}
    status = record.status
    declined = set(state.get("declined") or ())
    leaves = repeats = None
    if status == "withdrawn":
        if xml is None and state.get("values"):
            form = by_version.get(record.form_version or "") or next(iter(by_version.values()))
            leaves, repeats = withdrawn_leaves(form, state)
        elif xml is None:
            status = layout.STATUS_WITHDRAWN_ERASED
        status = status if status != "withdrawn" else layout.STATUS_WITHDRAWN
    return Submission(
        instance_id=record.instance_id, root_id=record.root_id, deprecated_id=record.deprecated_id,
        version=record.form_version or "", status=status, xml=xml, declined=declined, leaves=leaves,
        repeats=repeats, submitted=typed("dateTime", record.finalized_at) if record.finalized_at else None,
        enumerator=record.interviewer, language=state.get("language"),
        referrals=referrals.get(record.instance_id, 0))


def withdrawn_leaves(form, state: dict):
    """Leaves of an interview stopped part way: answers before the stop, codes for what was skipped or never
    reached. The stop is the later of the screen it was on and its last answer."""
    session = _restore(form, state)
    values = [(p, v) for p, v in state.get("values", {}).items() if "/@" not in p
              and not generic(p).startswith(f"/{form.root_name}/meta/")]
    declined = set(state.get("declined") or ())
    stop = -1
    for index, (path, value) in enumerate(values):
        if value or path in declined:
            stop = index
    if state.get("at_end"):
        stop = len(values)
    else:
        try:
            here = session.current().path
        except Exception:        # a position the form no longer has: the last answer decides
            here = ""
        if here:
            for index, (path, _) in enumerate(values):
                if path == here or path.startswith(here + "/"):
                    stop = max(stop, index)
                    break
    leaves = []
    repeats: list = []
    for index, (path, value) in enumerate(values):
        for match in re.finditer(r"\[\d+\]", path):
            instance = path[:match.end()]
            if instance not in repeats:
                repeats.append(instance)
        if path in declined:
            leaves.append((path, "", layout.DECLINED))
        elif index > stop and not value:
            leaves.append((path, "", layout.NOT_REACHED))
        elif not _relevant(session, path):
            leaves.append((path, "", layout.NOT_ASKED))
        else:
            leaves.append((path, value, None))
    return leaves, repeats


def _restore(form, state):
    try:
        from fieldapp.xform import FormSession
    except ImportError:                       # older layout of the form package
        from fieldapp.xform.session import FormSession
    return FormSession.restore(form, state)


def _relevant(session, path: str) -> bool:
    try:
        return session.relevant(path)
    except Exception:
        return True


__all__ = ["build_workbook", "export_form", "ExportResult", "Built", "pseudonym", "set_pseudonym_key",
           "PROFILE_NOTES"]
