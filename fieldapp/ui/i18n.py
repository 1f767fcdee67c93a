"""The app's own words in Spanish and English: `tr("English text")` returns them in the app language.

A small catalogue instead of Qt's .ts/.qm so translations need no Qt tools to
build; the English text is the key. Questionnaire languages come from the form
and are separate. Qt's own dialog buttons are translated with its bundled .qm.
"""

from __future__ import annotations

from fieldapp.ui.i18n_es import SPANISH

APP_LANGUAGES = {"es": "Español", "en": "English"}
_state = {"language": "es"}


def set_app_language(code: str) -> None:
    """Switch the app's words; unknown codes fall back to Spanish, the field default."""
    _state["language"] = code if code in APP_LANGUAGES else "es"


def app_language() -> str:
    return _state["language"]


def tr(text: str) -> str:
    """`text` (English) in the current app language."""
    if _state["language"] == "es":
        return SPANISH.get(text, text)
    return text


def install_qt_translations(app) -> None:
    """Translate Qt's standard buttons (OK, Cancel, Yes...) with the .qm files PySide6 ships."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    old = getattr(app, "_fieldapp_translator", None)
    if old is not None:
        app.removeTranslator(old)
        app._fieldapp_translator = None
    if _state["language"] == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{_state['language']}", folder):
        app.installTranslator(translator)
        app._fieldapp_translator = translator
