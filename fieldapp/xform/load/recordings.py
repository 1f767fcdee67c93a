"""Audio a speaker recorded for a form, kept in the form's media folder: one folder and manifest per language.

    <form>-media/audio/<language folder>/manifest.json
    <form>-media/audio/<language folder>/label-age-3fa2c1d0.wav ...

The manifest names the language and maps each recorded thing (its key, see
`fieldapp.xform.model.recorded`) to its file and, when the speaker wrote
them, its words in that language (optional: a language may be spoken only). The loader reads every manifest
(`recorded_audio`) and the views then offer those files as the label's,
hint's or choice's audio in that language wherever the form names none. A
recording's file name carries a digest of its sound, so a new take never
overwrites the file a laptop may be playing or syncing; the old take is removed.
The manifest is written last and atomically: a half-saved take is never named.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fieldapp.xform.load.attachments import media_folders

AUDIO_FOLDER = "audio"
MANIFEST = "manifest.json"
FORMAT = "fieldapp-recorded-audio-1"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class LanguageRecordings:
    """One language's recordings of one form: key -> file name (in `folder`)."""
    language: str
    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    form_id: str = ""
    texts: dict[str, str] = field(default_factory=dict)     # key -> the words written in this language
    updated_at: str = ""

    def path_of(self, key: str) -> Path | None:
        name = self.files.get(key)
        return self.folder / name if name else None


def audio_root(form_path: str | os.PathLike) -> Path:
    """`<form>-media/audio`: where a form's recordings live (beside the form, as its other media)."""
    return media_folders(form_path)[0] / AUDIO_FOLDER


def folder_name(language: str) -> str:
    """A file-system-safe folder name for a language ("K'iche' (quc)" -> "K_iche_quc")."""
    cleaned = _UNSAFE.sub("_", language.strip()).strip("._") or "language"
    return cleaned[:60]


def language_folder(form_path: str | os.PathLike, language: str) -> Path:
    """The folder of `language`: the one whose manifest names it, else a new one named after it."""
    for found in read_all(form_path):
        if found.language == language:
            return found.folder
    root = audio_root(form_path)
    base = folder_name(language)
    candidate, number = root / base, 2
    while (candidate / MANIFEST).is_file():        # another language with the same safe name
        candidate, number = root / f"{base}-{number}", number + 1
    return candidate


def read_manifest(folder: Path) -> LanguageRecordings | None:
    """The recordings a folder's manifest lists (None when there is none, or it cannot be read)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("language"), str) \
            or not data["language"].strip() or not isinstance(data.get("recordings"), dict):
        return None
    files, texts = {}, {}
    for key, entry in data["recordings"].items():
        if not isinstance(key, str) or not isinstance(entry, dict):
            continue
        name, text = entry.get("file"), entry.get("text")
        # only a plain file name inside the folder: a manifest from elsewhere never points outside it
        if isinstance(name, str) and name == os.path.basename(name) and name not in ("", ".", "..", MANIFEST):
            files[key] = name
        if isinstance(text, str) and text.strip():
            texts[key] = text.strip()
    return LanguageRecordings(data["language"].strip(), folder, files, form_id=str(data.get("form_id") or ""),
                              updated_at=str(data.get("updated_at") or ""), texts=texts)


def read_all(form_path: str | os.PathLike) -> list[LanguageRecordings]:
    """Every language recorded for the form, by folder name."""
    root = audio_root(form_path)
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return []
    found = []
    for folder in folders:
        recordings = read_manifest(folder)
        if recordings is not None:
            found.append(recordings)
    return found


def recorded_audio(form_path: str | os.PathLike) -> tuple[dict[str, dict[str, str]], list[tuple[str, str]]]:
    """(language -> key -> absolute file path, the files and folders read with their digests) for the loader.

    Only files that are there count. The digests let the form cache notice a new take or language.
    """
    root = audio_root(form_path)
    if not root.is_dir():
        return {}, [(str(root), "")]
    used = [(str(root), folder_digest(root))]
    audio: dict[str, dict[str, str]] = {}
    for recordings in read_all(form_path):
        used.append((str(recordings.folder / MANIFEST), _file_digest(recordings.folder / MANIFEST)))
        paths = audio.setdefault(recordings.language, {})
        for key, name in recordings.files.items():
            path = recordings.folder / name
            if path.is_file():
                paths[key] = str(path)
    return audio, used


def recorded_texts(form_path: str | os.PathLike) -> dict[str, dict[str, str]]:
    """language -> key -> the words a speaker wrote for it (only languages with some)."""
    return {found.language: dict(found.texts) for found in read_all(form_path) if found.texts}


def folder_digest(folder: str | os.PathLike) -> str:
    """A digest of a folder's listing (names only): a new or removed entry changes it."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ""
    return hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape")).hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def save_recording(form_path: str | os.PathLike, language: str, key: str, sound: bytes, *,
                   form_id: str = "", suffix: str = ".wav") -> Path:
    """Keep `sound` as `key`'s recording in `language` (replacing an earlier take); returns the file."""
    folder = language_folder(form_path, language)
    folder.mkdir(parents=True, exist_ok=True)
    current = read_manifest(folder) or LanguageRecordings(language, folder, form_id=form_id)
    name = f"{_key_part(key)}-{hashlib.sha256(sound).hexdigest()[:10]}{suffix}"
    _write_atomic(folder / name, sound)
    previous = current.files.get(key)
    current.files[key] = name
    _write_manifest(current, form_id)
    if previous and previous != name and previous not in current.files.values():
        _remove(folder / previous)
    return folder / name


def remove_recording(form_path: str | os.PathLike, language: str, key: str) -> bool:
    """Forget `key`'s recording in `language` (its file is removed); False when there was none."""
    for recordings in read_all(form_path):
        if recordings.language == language and key in recordings.files:
            name = recordings.files.pop(key)
            _write_manifest(recordings, recordings.form_id)
            if name not in recordings.files.values():
                _remove(recordings.folder / name)
            return True
    return False


def save_text(form_path: str | os.PathLike, language: str, key: str, text: str, *, form_id: str = "") -> None:
    """Keep the words written for `key` in `language` ("" forgets them); the manifest is not rewritten for no change."""
    folder = language_folder(form_path, language)
    current = read_manifest(folder)
    text = " ".join(text.split())
    if current is None:
        if not text:
            return
        folder.mkdir(parents=True, exist_ok=True)
        current = LanguageRecordings(language, folder, form_id=form_id)
    if current.texts.get(key, "") == text:
        return
    if text:
        current.texts[key] = text
    else:
        current.texts.pop(key, None)
    _write_manifest(current, form_id)


def start_language(form_path: str | os.PathLike, language: str, form_id: str = "") -> Path:
    """Make `language` a recorded language of the form (an empty manifest), so it is offered before any take."""
    folder = language_folder(form_path, language)
    current = read_manifest(folder)
    if current is None:
        folder.mkdir(parents=True, exist_ok=True)
        _write_manifest(LanguageRecordings(language, folder, form_id=form_id), form_id)
    return folder


def _write_manifest(recordings: LanguageRecordings, form_id: str) -> None:
    recordings.updated_at = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    data = {"format": FORMAT, "language": recordings.language, "form_id": form_id or recordings.form_id,
            "updated_at": recordings.updated_at,
            "recordings": {key: _entry(recordings, key)
                           for key in sorted(set(recordings.files) | set(recordings.texts))}}
    _write_atomic(recordings.folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _entry(recordings: LanguageRecordings, key: str) -> dict:
    entry = {}
    if key in recordings.files:
        entry["file"] = recordings.files[key]
    if recordings.texts.get(key):
        entry["text"] = recordings.texts[key]
    return entry


def _key_part(key: str) -> str:
    """"label /data/grp/age" -> "label-age": short, readable, safe in a file name."""
    kind, _space, rest = key.partition(" ")
    last = rest.rstrip("/").rsplit("/", 1)[-1].replace(" ", "-")
    return (_UNSAFE.sub("_", f"{kind}-{last}").strip("._") or "take")[:50]


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        _remove(Path(temp))
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
