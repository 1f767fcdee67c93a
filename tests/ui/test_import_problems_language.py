"""Importing a form that cannot work shows its problems in the app language, each with its place.

Requirements covered:
UI-P1 in Spanish, a calculation cycle is explained in Spanish with "hoja/fila/columna"
UI-P2 in English, the same form gives the English message and place
UI-P3 an error without a problem list (an unreadable file) is worded in the app language too
"""

from __future__ import annotations

import pytest

from fieldapp.ui import i18n
from fieldapp.ui.library.forms_page import FormsPage

CYCLE = """
| survey |           |       |       |             |
|        | type      | name  | label | calculation |
|        | integer   | age   | Age   |             |
|        | calculate | a     |       | ${b} + 1    |
|        | calculate | b     |       | ${a} + 1    |
"""


@pytest.fixture
def forms_page(qtbot, store, inline_tasks, tmp_path):
    page = FormsPage(store, inline_tasks, bundled_dir=tmp_path / "none")
    qtbot.addWidget(page)
    yield page
    if page.problems_dialog is not None:
        page.problems_dialog.close()


def dialog_lines(page) -> list[str]:
    assert page.problems_dialog is not None, page.status.text()
    return [page.problems_dialog.list.item(i).text() for i in range(page.problems_dialog.list.count())]


def test_cycle_is_explained_in_spanish_with_its_place(forms_page, write_form):
    i18n.set_app_language("es")
    forms_page.import_file(str(write_form("ciclo", CYCLE)))
    [line] = dialog_lines(forms_page)
    assert line.startswith("Hoja «survey», fila 3, columna «calculation»: ")
    assert "Estos campos dependen unos de otros en un ciclo (cálculo/relevancia): /data/a, /data/b." in line
    assert "Lo que funcionaría: Haga que uno de ellos deje de leer a los demás" in line
    assert "depend on each other" not in line and "Make one of them" not in line
    assert "problema" in forms_page.status.text()


def test_cycle_is_explained_in_english_with_its_place(forms_page, write_form):
    i18n.set_app_language("en")
    forms_page.import_file(str(write_form("cycle", CYCLE)))
    [line] = dialog_lines(forms_page)
    assert line.startswith("Sheet “survey”, row 3, column “calculation”: ")
    assert "These nodes depend on each other in a cycle (calculation/relevance): /data/a, /data/b." in line
    assert "What would work: Make one of them stop reading the others" in line


def test_unreadable_file_is_worded_in_spanish(forms_page, tmp_path):
    i18n.set_app_language("es")
    empty = tmp_path / "vacio.xlsx"
    empty.write_bytes(b"")
    forms_page.import_file(str(empty))
    shown = " ".join(dialog_lines(forms_page)) if forms_page.problems_dialog else forms_page.status.text()
    assert "El archivo está vacío." in shown


def test_errors_shown_by_the_shell_use_the_app_language():
    from fieldapp.ui.shell.messages import error_text
    from fieldapp.xform.model.errors import FormError, Problem
    from fieldapp.xform.wording import _
    from fieldapp.xform.xpath.errors import XPathSyntaxError

    syntax = XPathSyntaxError("unexpected end", "1 +", 3)
    refused = FormError([Problem("empty_file", _("The file is empty."))], file="f.xlsx")
    i18n.set_app_language("es")
    assert error_text(syntax) == 'Una expresión del formulario no se puede leer (carácter 4). "1 +"'
    assert error_text(refused) == "f.xlsx: El archivo está vacío."
    i18n.set_app_language("en")
    assert error_text(syntax) == 'A form expression cannot be read (character 4). "1 +"'
    assert error_text(refused) == "f.xlsx: The file is empty."
