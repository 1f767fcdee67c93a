"""Starts the desktop app: the QApplication, app language, style sheet and text size, then the main window."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from fieldapp.ui import i18n
from fieldapp.ui.settings.options import APP_LANGUAGE, TEXT_SCALE, AppSettings

BASE_POINT_SIZE = 11


def resources_dir() -> Path:
    """The repository's resources/ folder (style sheet, icons)."""
    return Path(__file__).resolve().parents[2] / "resources"


def style_sheet(scale_percent: int) -> str:
    """The style sheet with sizes scaled for the text-size setting (100..200 %)."""
    factor = max(100, min(200, scale_percent)) / 100
    try:
        template = (resources_dir() / "style.qss").read_text(encoding="utf-8")
    except OSError:
        return ""  # a missing style sheet leaves Qt's default look, never a crash
    sizes = {
        "@FONT@": round(BASE_POINT_SIZE * factor),
        "@TITLE@": round(BASE_POINT_SIZE * 1.35 * factor),
        "@PAD@": round(6 * factor),
        "@PADX@": round(14 * factor),
        "@TARGET@": round(40 * factor),
        "@TARGETHALF@": round(28 * factor),
        "@NAV@": round(52 * factor),
        "@INDICATOR@": round(22 * factor),
        "@RADIUS@": round(22 * factor) // 2 + 2,
        "@RADIUSSMALL@": round(22 * factor) // 2,
        "@BAR@": round(18 * factor),
    }
    sizes["@ICONS@"] = (resources_dir() / "icons").as_posix()
    for token, value in sizes.items():
        template = template.replace(token, str(value))
    return template


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (reused when it exists, as under pytest-qt)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("FieldApp")
        app.setOrganizationName("FieldApp")
        app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "fieldapp.svg")))
    return app


def apply_appearance(app: QApplication, settings: AppSettings) -> None:
    """App language, Qt's translations, font size and style sheet from the settings."""
    apply_language(app, settings)
    apply_text_size(app, settings)


def apply_language(app: QApplication, settings: AppSettings) -> None:
    i18n.set_app_language(settings.get(APP_LANGUAGE))
    i18n.install_qt_translations(app)


def apply_text_size(app: QApplication, settings: AppSettings) -> None:
    """Font and style sheet for the text-size setting (re-styles every widget: call only when it changes)."""
    scale = settings.get(TEXT_SCALE)
    font = QFont(app.font())
    font.setPointSize(round(BASE_POINT_SIZE * max(100, min(200, scale)) / 100))
    app.setFont(font)
    app.setStyleSheet(style_sheet(scale))


def default_data_dir() -> Path:
    from fieldapp.store import default_data_dir as store_default
    return Path(store_default())


def describe_error(kind, error, trace) -> str:
    """One line naming the error's type and the place it came from, without its message or any value.

    An exception's message and a traceback's source lines can hold an answer (a name, a disclosure typed
    into a text question): the log gets the type and the file, line and function only.
    """
    frames = traceback.extract_tb(trace) if trace is not None else []
    ours = [f for f in frames if "fieldapp" in Path(f.filename).parts] or frames
    where = ""
    if ours:
        frame = ours[-1]
        parts = Path(frame.filename).parts
        shown = "/".join(parts[parts.index("fieldapp"):]) if "fieldapp" in parts else Path(frame.filename).name
        where = f" at {shown}:{frame.lineno} in {frame.name}"
    code = getattr(error, "code", None)
    return f"FieldApp error: {kind.__name__}{f' ({code})' if isinstance(code, str) else ''}{where}"


def install_error_handler(parent=None) -> None:
    """Unexpected errors become a calm message and one value-free log line, never a traceback or a silent loss."""
    import threading

    from PySide6.QtWidgets import QMessageBox
    from fieldapp.ui.shell.messages import error_text

    def log(kind, error, trace) -> None:
        try:
            print(describe_error(kind, error, trace), file=sys.stderr, flush=True)
        except Exception:   # no terminal (a windowed app): nothing to write to
            pass

    def show(kind, error, trace):
        log(kind, error, trace)
        if issubclass(kind, KeyboardInterrupt):
            return
        # Typed errors say what to do in words of their own; anything else is named by its type only,
        # as its message may hold an answer.
        text = error_text(error) if isinstance(getattr(error, "code", None), str) else error_text(_Unnamed(kind))
        QMessageBox.warning(parent, "FieldApp", text)

    sys.excepthook = show
    threading.excepthook = lambda args: log(args.exc_type, args.exc_value, args.exc_traceback)


class _Unnamed(Exception):
    """Stands in for an unexpected error in the message to the user: its type, never its text."""

    def __init__(self, kind):
        super().__init__("")
        self.kind = kind

    def __str__(self) -> str:
        return self.kind.__name__


def claim_data_folder(data_dir: Path, parent=None):
    """The folder lock for `data_dir`, or None after telling the user why the app cannot open it.

    A second FieldApp on the same folder (started twice by a double click) is refused: two windows would
    each keep their own copy of a draft and overwrite each other's answers.
    """
    from PySide6.QtWidgets import QMessageBox
    from fieldapp.store.errors import StoreError
    from fieldapp.store.folder_lock import FolderLock
    from fieldapp.ui.shell.messages import error_text
    try:
        return FolderLock(data_dir).acquire()
    except StoreError as exc:
        QMessageBox.warning(parent, "FieldApp", error_text(exc))
        return None


def run_app(data_dir: str | Path | None = None, *, settings: AppSettings | None = None) -> int:
    """Open the app on `data_dir` (default: the platform's user data folder); returns the exit code."""
    app = create_application()
    settings = settings or AppSettings()
    apply_language(app, settings)         # a refusal below is worded in the app language
    folder = Path(data_dir) if data_dir else default_data_dir()
    folder_lock = claim_data_folder(folder)
    if folder_lock is None:
        return 2
    apply_text_size(app, settings)
    from fieldapp.ui.shell.main_window import MainWindow
    try:
        window = MainWindow(folder, settings=settings)
        install_error_handler(window)
        window.show()
        return app.exec()
    finally:
        folder_lock.release()
