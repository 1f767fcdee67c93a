"""Where the bundled forms live (forms/ next to the package) and which of them still need registering (no Qt)."""

from __future__ import annotations

from pathlib import Path


def bundled_forms_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "forms"


def bundled_form_files(folder: Path | None = None) -> list[Path]:
    folder = folder or bundled_forms_dir()
    return sorted(folder.glob("*.xlsx")) if folder.is_dir() else []
