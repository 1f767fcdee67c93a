"""App words: tr() follows the app language (completeness of the catalogues: tests/test_translations.py).

Requirement: UI-I1 the app's own text is complete in Spanish and English.
"""

from __future__ import annotations

from fieldapp.ui import i18n


def test_language_switch():
    try:
        i18n.set_app_language("es")
        assert i18n.tr("Next ›") == "Siguiente ›"
        i18n.set_app_language("en")
        assert i18n.tr("Next ›") == "Next ›"
    finally:
        i18n.set_app_language("es")
