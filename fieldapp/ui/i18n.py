"""The app's own words in the app language: `tr("English text")`, from the "app" gettext catalogue.

The catalogues are .po files under fieldapp/locale (see fieldapp.locale); a
language is offered as soon as it has a catalogue there or in the
organisation's own folder. Questionnaire languages come from the form and are
separate. Qt's own dialog buttons are translated with its bundled .qm.
"""

from __future__ import annotations

from fieldapp import locale

FIELD_DEFAULT = "es"
_state = {"language": FIELD_DEFAULT}


def app_languages() -> dict[str, str]:
    """{code: the language's own name} of every language the app's words exist in, Spanish first."""
    codes = sorted(locale.languages(), key=lambda code: (code != FIELD_DEFAULT, code != locale.ENGLISH, code))
    return {code: locale.language_name(code) for code in codes}


APP_LANGUAGES = app_languages()   # the languages shipped with the app (app_languages() also sees added ones)


def set_app_language(code: str) -> None:
    """Switch the app's words; unknown codes fall back to Spanish, the field default."""
    _state["language"] = locale.language_code(code) or FIELD_DEFAULT


def app_language() -> str:
    return _state["language"]


def tr(text: str) -> str:
    """`text` (English) in the current app language."""
    return locale.gettext("app", text, _state["language"])


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
