"""The audio recorded for forms travels through the sync folder: sent by the laptop that recorded it, taken by the others.

    <sync folder>/audio/<form id>/<language folder>/manifest.json + the recordings

A language's recordings go as a whole: the manifest names its files and is
written last, so a laptop reading a half-copied folder still sees the earlier
whole set. The newer manifest (its `updated_at`) wins: a laptop keeps its own
language when it recorded later than the copy in the folder, and sends it.
Recordings are the form's words read aloud, not answers: they are kept as
plain files, as the form itself is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fieldapp.exchange import layout, safefiles
from fieldapp.xform.load import recordings

SYNC_AUDIO = "audio"
MAX_RECORDING_BYTES = 50 * 1024 * 1024     # a spoken line is far smaller: anything larger is not a recording


@dataclass
class AudioReport:
    sent: list[tuple[str, str]] = field(default_factory=list)       # (form id, language)
    received: list[tuple[str, str]] = field(default_factory=list)   # (form id, language)
    problems: list[str] = field(default_factory=list)               # what could not be copied, in words


def exchange_recordings(store, folder: Path, *, opener=open) -> AudioReport:
    """Take the newer recordings from the sync folder, then send this laptop's newer ones; never raises for one form."""
    report = AudioReport()
    sources = _form_sources(store)
    shared = Path(folder) / SYNC_AUDIO
    for form_id, source in sources.items():
        if shared.is_dir():
            _receive(form_id, source, shared / layout.safe_file_part(form_id), report)
    if report.received:
        store.forget_loaded_forms()          # the next interview hears them
    for form_id, source in sources.items():
        _send(form_id, source, shared / layout.safe_file_part(form_id), report, opener)
    return report


def _form_sources(store) -> dict[str, str]:
    """form id -> the file its newest version was loaded from (its recordings live beside it)."""
    found = {}
    for record in store.forms():
        source = store.form_source(record.form_id)
        if source:
            found[record.form_id] = source
    return found


def _newer(theirs: recordings.LanguageRecordings, ours: recordings.LanguageRecordings | None) -> bool:
    if ours is None:
        return True
    return theirs.updated_at > ours.updated_at and _content(theirs) != _content(ours)


def _content(recorded: recordings.LanguageRecordings) -> tuple:
    return recorded.files, recorded.texts


def _receive(form_id: str, source: str, shared: Path, report: AudioReport) -> None:
    if not shared.is_dir():
        return
    local = {found.language: found for found in recordings.read_all(source)}
    for folder in sorted(p for p in shared.iterdir() if p.is_dir()):
        theirs = recordings.read_manifest(folder)
        if theirs is None or (theirs.form_id and theirs.form_id != form_id):
            continue
        if not _newer(theirs, local.get(theirs.language)):
            continue
        target = local[theirs.language].folder if theirs.language in local else \
            recordings.language_folder(source, theirs.language)
        try:
            _copy_language(folder, target, theirs, open)
        except (OSError, safefiles.FolderUnwritable) as exc:
            report.problems.append(f"{form_id} ({theirs.language}): {exc}")
            continue
        report.received.append((form_id, theirs.language))


def _send(form_id: str, source: str, shared: Path, report: AudioReport, opener) -> None:
    for ours in recordings.read_all(source):
        target = shared / ours.folder.name
        theirs = recordings.read_manifest(target)
        if theirs is not None and theirs.language == ours.language and (
                _content(theirs) == _content(ours) or theirs.updated_at >= ours.updated_at):
            continue
        if theirs is not None and theirs.language != ours.language:
            target = shared / recordings.folder_name(ours.language + "-" + form_id)
        try:
            _copy_language(ours.folder, target, ours, opener)
        except (OSError, safefiles.FolderUnwritable) as exc:
            report.problems.append(f"{form_id} ({ours.language}): {exc}")
            continue
        report.sent.append((form_id, ours.language))


def _copy_language(origin: Path, target: Path, wanted: recordings.LanguageRecordings, opener) -> None:
    """Copy the files a manifest names (those not there yet: names carry their sound's digest), then the manifest,
    then remove the takes it no longer names."""
    for name in sorted(set(wanted.files.values())):
        source = origin / name
        if not (target / name).is_file() and source.is_file() and not source.is_symlink() \
                and source.stat().st_size <= MAX_RECORDING_BYTES:
            safefiles.write_atomic(target / name, source.read_bytes(), opener=opener)
    safefiles.write_atomic(target / recordings.MANIFEST, (origin / recordings.MANIFEST).read_bytes(), opener=opener)
    keep = set(wanted.files.values()) | {recordings.MANIFEST}
    for stale in target.iterdir():
        if stale.is_file() and stale.name not in keep and not stale.name.startswith("."):
            try:
                stale.unlink()
            except OSError:
                pass
