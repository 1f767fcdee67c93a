"""App words: every tr() string and every word table of fieldapp/ui has a Spanish translation.

Requirement: UI-I1 the app's own text is complete in Spanish and English.
"""

from __future__ import annotations

import ast
from pathlib import Path

import fieldapp.ui
from fieldapp.ui import i18n
from fieldapp.ui.i18n_es import SPANISH

UI_DIR = Path(fieldapp.ui.__file__).parent


def tr_literals() -> set[str]:
    """Every literal string passed to tr(...) in fieldapp/ui."""
    found = set()
    for path in UI_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def word_tables() -> set[str]:
    """English words kept in tables and translated where shown (tr(variable))."""
    from fieldapp.ui.interviews.interviews_page import STATUS_WORDS
    from fieldapp.ui.runner.finalize_page import KIND_WORDS
    from fieldapp.ui.runner.hierarchy_view import MARKS
    from fieldapp.ui.setup.setup_page import STRENGTH_WORDS
    from fieldapp.ui.shell.main_window import PLACES
    from fieldapp.ui.shell.messages import KNOWN
    from fieldapp.ui.widgets.file_attach import FILTERS
    from fieldapp.ui.widgets.month_year import MONTHS
    from fieldapp.ui.library.forms_page import FORM_FILES
    from fieldapp.store import strength
    words = set(STATUS_WORDS.values()) | set(KIND_WORDS.values()) | {w for _m, w, _c in MARKS.values()}
    words |= set(STRENGTH_WORDS.values()) | {w for _k, w in PLACES} | set(KNOWN.values()) | set(FILTERS.values())
    words |= set(MONTHS) | {FORM_FILES, "Problem"}
    words |= {"All", "Drafts", "As the form says", "Spanish", "English"}   # filter and setting choices, tr(words) in loops
    words |= set(strength.HINTS.values())
    return words


def test_every_app_string_has_spanish():
    missing = sorted((tr_literals() | word_tables()) - set(SPANISH))
    assert not missing, "missing Spanish for:\n" + "\n".join(missing)


def test_spanish_keeps_the_placeholders():
    import re
    for english, spanish in SPANISH.items():
        assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", spanish)), english


def test_language_switch():
    i18n.set_app_language("es")
    assert i18n.tr("Next ›") == "Siguiente ›"
    i18n.set_app_language("en")
    assert i18n.tr("Next ›") == "Next ›"
