"""The sync folder (a USB stick, a shared drive): send this laptop's workbooks, read back what the coordinator left.

Reading comes first: receipts tell which submissions the master already holds
(they are not sent again and may be purged), the organisation's
pseudonymization key (sealed with the sync password), new form versions and the
service directory; the audio recorded for forms goes both ways
(fieldapp.exchange.audio_sync). Then one
full-profile, password-encrypted workbook per form goes to devices/, named by
form and device so laptops never clash, written atomically; a file whose
content has not changed since the last sync is not written again.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from fieldapp.exchange import crypto, layout, safefiles
from fieldapp.exchange.audio_sync import AudioReport, exchange_recordings
from fieldapp.exchange.errors import Cancelled, ExchangeError, FolderUnwritable, PasswordNeeded
from fieldapp.exchange.export import PSEUDONYM_KEY_SETTING, build_workbook, set_pseudonym_key, who

PASSWORD_SETTING = "exchange.sync_password"     # the organisation's file password, kept in the encrypted store
SENT_SETTING = "exchange.sent"                  # {file name: checksum of the data last written there}
CONFIRMED_SETTING = "exchange.confirmed"        # instance ids the master holds (from receipts), not purged yet
FOLDER_SETTING = "exchange.sync_folder"         # the folder the user chose once
# The service directory for the child-safe protocol (SAFEGUARDING.md item 9), as the coordinator left it:
# {"file_name", "sha256", "received_at", "content" (base64 of the file's bytes)}; its reader lives in fieldapp.protect.
SERVICE_DIRECTORY_SETTING = "protect.service_directory"
FORM_SUFFIXES = (".xlsx", ".xls", ".xml", ".md")
SERVICE_SUFFIXES = (".xlsx", ".xls", ".csv")


@dataclass
class SentFile:
    form_id: str
    file_name: str
    submissions: int
    written: bool                     # False: unchanged since the last sync, nothing written


@dataclass
class FormArrival:
    file_name: str
    form_id: str = ""
    version: str = ""
    new: bool = False
    problems: list = field(default_factory=list)   # fieldapp.xform Problems when the file did not load
    error: str = ""


@dataclass
class SyncReport:
    folder: Path
    sent: list[SentFile] = field(default_factory=list)
    forms: list[FormArrival] = field(default_factory=list)
    service_directory: str | None = None           # file name, when a new directory arrived and was kept
    service_problems: list = field(default_factory=list)   # its problems (fieldapp.protect), rows left out
    key_updated: bool = False
    key_problem: str = ""                          # why the folder's key was not used (English; see key_problem_code)
    key_problem_code: str = ""                     # an ExchangeError code the app turns into words
    key_missing: bool = False                      # neither this laptop nor the folder has the key yet
    clear_key_left: bool = False                   # a clear key file lies in the folder: it should be deleted
    confirmed: list[str] = field(default_factory=list)    # submissions on this laptop the master holds
    audio: AudioReport = field(default_factory=AudioReport)   # recorded audio of forms taken and sent

    @property
    def written(self) -> int:
        return sum(1 for s in self.sent if s.written)


def sync(store, folder, password: str | None = None, *, progress: Callable | None = None,
         cancel: Callable | None = None, opener=open, by: str | None = None) -> SyncReport:
    """One sync with `folder`; `password` (kept for next time) encrypts the workbooks. Nothing in the store
    changes for a file that could not be written; a pulled stick raises FolderUnwritable."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FolderUnwritable("the folder is not there (is the stick plugged in?)", str(folder))
    password = password or store.get_setting(PASSWORD_SETTING)
    if not password:
        raise PasswordNeeded("choose the password the coordinator gave for sync files")
    report = SyncReport(folder)
    _read_key(store, folder, report, password)
    _read_forms(store, folder, report)
    _read_services(store, folder, report)
    report.audio = exchange_recordings(store, folder, opener=opener)
    confirmed = _read_receipts(store, folder)
    devices = folder / layout.SYNC_DEVICES
    for partial in safefiles.leftovers(devices):       # an earlier sync interrupted: its half file goes
        try:
            partial.unlink()
        except OSError:
            pass
    sent = dict(store.get_setting(SENT_SETTING) or {})
    device_id = store.get_setting("device_id") or ""
    form_ids = sorted({r.form_id for r in store.submissions(status=["finalized", "withdrawn"])})
    for number, form_id in enumerate(form_ids, 1):
        if cancel is not None and cancel():
            raise Cancelled("the sync was cancelled; the files already written are whole")
        remaining = [r for r in store.submissions(form_id=form_id, status=["finalized", "withdrawn"])
                     if r.instance_id not in confirmed]
        if not remaining:
            continue
        name = layout.device_file_stem(form_id, device_id) + ".xlsx"
        target = devices / name

        def step(done, total, _n=number):
            if progress is not None:
                progress(_n - 1 + done / max(total, 1), len(form_ids))
        # What would be sent, fingerprinted without building it: the same interviews at the same versions,
        # of the same forms, as last time (and the file still there) means nothing new to write.
        fingerprint = _fingerprint(store, form_id, remaining, password)
        if sent.get(name) == fingerprint and target.exists():
            report.sent.append(SentFile(form_id, name, len(remaining), False))
            continue
        built = build_workbook(store, form_id, "full", exclude=confirmed, progress=step, cancel=cancel)
        data = crypto.encrypt_workbook(built.data, password)
        archive = None
        if built.attachments:
            files = [(f"{layout.safe_file_part(i.removeprefix('uuid:'))}/{n}", store.attachment(i, n))
                     for i, n in built.attachments]
            archive = crypto.attachments_archive(files, password)
        if archive is not None:          # the files first: a workbook never names files not yet there
            safefiles.write_atomic(target.with_name(target.stem + layout.ATTACHMENTS_SUFFIX), archive,
                                   opener=opener)
        safefiles.write_atomic(target, data, opener=opener)
        sent[name] = fingerprint
        store.set_setting(SENT_SETTING, sent)
        store.log_event(None, "sync", form_id=form_id, profile="full", rows=built.submissions, file_name=name,
                        by=by or who())
        report.sent.append(SentFile(form_id, name, built.submissions, True))
    if progress is not None:
        progress(len(form_ids), len(form_ids) or 1)
    report.confirmed = sorted(confirmed)
    if password != store.get_setting(PASSWORD_SETTING):
        store.set_setting(PASSWORD_SETTING, password)
    return report


def _fingerprint(store, form_id: str, records, password: str) -> str:
    """A digest of the interviews (id, last change) and form versions a device file would hold, and of the
    password it is encrypted with (a new password rewrites the file)."""
    digest = hashlib.sha256(form_id.encode("utf-8"))
    digest.update(hashlib.sha256(password.encode("utf-8")).digest())
    for form in store.forms():
        if form.form_id == form_id:
            digest.update(f"\x1eform\x1f{form.version}\x1f{form.content_hash}".encode("utf-8"))
    for record in sorted(records, key=lambda r: r.instance_id):
        digest.update(f"\x1e{record.instance_id}\x1f{record.updated_at}\x1f{record.status}".encode("utf-8"))
    return digest.hexdigest()


def purge_confirmed(store, instance_ids, by: str | None = None) -> int:
    """Remove the submissions the master confirmed (store.purge logs each); one summary event. Returns rows gone."""
    ids = list(instance_ids)
    removed = store.purge(ids) if ids else 0
    left = [i for i in (store.get_setting(CONFIRMED_SETTING) or []) if i not in set(ids)]
    store.set_setting(CONFIRMED_SETTING, left)
    store.log_event(None, "purge", count=removed, by=by or who(), action="after_receipt")
    return removed


def _read_key(store, folder: Path, report: SyncReport, password: str) -> None:
    """The organisation's key, unsealed with the sync password and kept in the encrypted store."""
    from fieldapp.exchange import sealedkey
    report.clear_key_left = sealedkey.clear_key_left(folder)
    try:
        key = sealedkey.read_folder_key(folder, password)
        if key is not None:
            report.key_updated = set_pseudonym_key(store, key.hex())
    except ExchangeError as exc:
        report.key_problem, report.key_problem_code = str(exc), exc.code
    except OSError as exc:
        report.key_problem, report.key_problem_code = exc.strerror or str(exc), "folder_unreadable"
    report.key_missing = not store.get_setting(PSEUDONYM_KEY_SETTING)


def _read_forms(store, folder: Path, report: SyncReport) -> None:
    from fieldapp.xform import FormError, load_form
    forms_dir = folder / layout.SYNC_FORMS
    if not forms_dir.is_dir():
        return
    known = {(r.form_id, r.version, r.content_hash) for r in store.forms()}
    for path in sorted(forms_dir.iterdir()):
        if path.suffix.lower() not in FORM_SUFFIXES or path.name.startswith((".", "~$")):
            continue
        arrival = FormArrival(path.name)
        try:
            form = load_form(path)
            record = store.register_form(form)
        except FormError as exc:
            arrival.problems = list(getattr(exc, "problems", []) or [])
            arrival.error = str(exc)
        except Exception as exc:            # an unreadable file is reported, the others still import
            arrival.error = str(exc)
        else:
            arrival.form_id, arrival.version = record.form_id, record.version
            arrival.new = (record.form_id, record.version, record.content_hash) not in known
            if arrival.new:
                store.log_event(None, "form_import", form_id=record.form_id, form_version=record.version,
                                action="sync")
        report.forms.append(arrival)


def _read_services(store, folder: Path, report: SyncReport) -> None:
    services = folder / layout.SYNC_SERVICES
    if not services.is_dir():
        return
    files = [p for p in services.iterdir() if p.suffix.lower() in SERVICE_SUFFIXES and p.is_file()
             and not p.name.startswith((".", "~$"))]
    if not files:
        return
    newest = max(files, key=lambda p: (p.stat().st_mtime, p.name))
    try:
        content = newest.read_bytes()
    except OSError:
        return
    digest = hashlib.sha256(content).hexdigest()
    current = store.get_setting(SERVICE_DIRECTORY_SETTING) or {}
    if current.get("sha256") == digest or report_seen(store, digest):
        return
    # Checked by the child-safe protocol's own reader and kept only when it lists services.
    from fieldapp.protect import services
    directory = services.keep(store, newest.name, content,
                              dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    report.service_problems = list(directory.problems)
    if directory.usable:
        report.service_directory = newest.name
    else:                      # not kept: remembered so the same broken file is reported once
        store.set_setting(_REFUSED_DIRECTORY_SETTING, digest)


_REFUSED_DIRECTORY_SETTING = "exchange.refused_service_directory"


def report_seen(store, digest: str) -> bool:
    return store.get_setting(_REFUSED_DIRECTORY_SETTING) == digest


def service_directory_bytes(store) -> tuple[str, bytes] | None:
    """(file name, bytes) of the service directory that came through the sync folder, None before one came."""
    current = store.get_setting(SERVICE_DIRECTORY_SETTING)
    if not current:
        return None
    return current["file_name"], base64.b64decode(current["content"])


def read_receipt(path: Path) -> list[str]:
    """The instance ids a receipt lists (layout.RECEIPT_COLUMNS; only instance_id is required)."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "instance_id" not in reader.fieldnames:
        return []
    return [row["instance_id"].strip() for row in reader if (row.get("instance_id") or "").strip()]


def write_receipt(folder, form_id: str, label: str, instance_ids, received_at: str = "") -> Path:
    """A receipt file (the coordinator's merge writes these), atomically."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(layout.RECEIPT_COLUMNS)
    for instance_id in instance_ids:
        writer.writerow([instance_id, form_id, received_at])
    path = Path(folder) / layout.SYNC_RECEIPTS / layout.receipt_file_name(form_id, label)
    safefiles.write_atomic(path, out.getvalue().encode("utf-8"))
    return path


def _read_receipts(store, folder: Path) -> set[str]:
    """Ids the master holds that are still on this laptop (remembered for the next sync too)."""
    held = set(store.get_setting(CONFIRMED_SETTING) or [])
    receipts = folder / layout.SYNC_RECEIPTS
    if receipts.is_dir():
        for path in sorted(receipts.glob("*" + layout.RECEIPT_SUFFIX)):
            try:
                held.update(read_receipt(path))
            except OSError:
                continue
    if not held:
        return set()
    present = {r.instance_id for r in store.submissions(status=["finalized", "withdrawn"])}
    confirmed = held & present
    if confirmed != set(store.get_setting(CONFIRMED_SETTING) or []):
        store.set_setting(CONFIRMED_SETTING, sorted(confirmed))
    return confirmed
