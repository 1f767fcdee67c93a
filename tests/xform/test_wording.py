"""The form layer's words: English as written, Spanish from the catalogue, for problems shown in the app.

Requirements covered:
W1 every _("...") template in fieldapp/xform has a Spanish entry with the same {placeholders} (tests/test_translations.py)
W2 a Wording is the English str (equal, same hash, f-strings, JSON) and survives pickle (the form cache)
W3 format, +, replace and nested words render again in Spanish; unknown templates and languages stay English
W4 Problem.text / FormError.text: place words and message in the language; "en" is exactly str()
W5 loaded forms: a refused form's problems and a cached form's warnings read in Spanish; the CLI stays English
W6 text without a template (pyxform's messages, XPath reasons) is put into Spanish by whole-text patterns
W7 an organisation's own catalogue folder overrides a wording without touching code
"""

from __future__ import annotations

import io
import json
import pickle

import pytest

from fieldapp import locale
from fieldapp.xform import FormError, load_form
from fieldapp.xform.model.errors import Problem
from fieldapp.cli.validate import run_validate
from fieldapp.xform.wording import Wording, _, translate

CYCLE = """\
| survey |
|        | type      | name | label | calculation |
|        | integer   | age  | Age   |             |
|        | calculate | a    |       | ${b} + 1    |
|        | calculate | b    |       | ${a} + 1    |
"""


# -- W2 ----------------------------------------------------------------------

def test_a_wording_is_its_english_text():
    word = _("The file cannot be read: {strerror}.").format(strerror="denied")
    assert isinstance(word, str) and isinstance(word, Wording)
    assert word == "The file cannot be read: denied." and hash(word) == hash("The file cannot be read: denied.")
    assert f"x: {word}" == "x: The file cannot be read: denied."
    assert type(str(word)) is str and json.loads(json.dumps({"m": word})) == {"m": "The file cannot be read: denied."}
    assert {word: 1}["The file cannot be read: denied."] == 1


def test_a_wording_survives_pickle_with_its_template():
    word = (_("A bind is for {path}, which is not in the form's instance").format(path="/data/x")
            + _("; it is ignored.")).replace("/data/x", "/data/y")
    again = pickle.loads(pickle.dumps(word))
    assert again == word and type(again) is Wording
    assert translate(again, "es") == "Hay un bind para /data/y, que no está en la instancia del formulario; se ignora."


# -- W3 ----------------------------------------------------------------------

def test_nested_words_and_concatenation_render_in_spanish():
    where = _(" at position {position}").format(position=4)
    word = _("The {attribute} expression \"{shown}\" cannot be read{where}: {detail}.").format(
        attribute="relevant", shown="1 +", where=where, detail="unexpected end")
    assert translate(word, "es") == 'La expresión relevant "1 +" no se puede leer en la posición 4: unexpected end.'
    events = _("Known events: ") + "a, b" + "."
    assert translate(events, "es") == "Eventos conocidos: a, b."
    assert translate("plain " + _("; it is ignored."), "es") == "plain ; se ignora."


def test_unknown_templates_languages_and_broken_entries_stay_english(tmp_path, monkeypatch):
    assert translate(_("Not in any catalogue {x}").format(x=1), "es") == "Not in any catalogue 1"
    assert translate(_("The file is empty."), "fr") == "The file is empty."
    assert translate("pyxform wrote this", "es") == "pyxform wrote this"
    assert translate("Unknown question type 'x'.", "en") == "Unknown question type 'x'."
    assert translate(None, "es") == ""
    own_catalogue(tmp_path, monkeypatch, "es", "There is no file '{source}'.", "No existe '{fuente}'.")
    assert translate(_("There is no file '{source}'.").format(source="f.md"), "es") == "There is no file 'f.md'."


def own_catalogue(folder, monkeypatch, language: str, english: str, translated: str, context: str | None = None):
    """An organisation's folder of catalogues with one forms.po entry, in use for this test."""
    po = folder / "own-words" / language / "LC_MESSAGES" / "forms.po"
    po.parent.mkdir(parents=True)
    context_line = f'msgctxt "{context}"\n' if context else ""
    po.write_text(f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  f'{context_line}msgid "{english}"\nmsgstr "{translated}"\n', encoding="utf-8")
    monkeypatch.setenv(locale.LOCALE_DIR_VARIABLE, str(folder / "own-words"))


# -- W7 ----------------------------------------------------------------------

def test_an_organisations_folder_overrides_one_wording_and_keeps_the_rest(tmp_path, monkeypatch):
    own_catalogue(tmp_path, monkeypatch, "es", "The file is empty.", "El archivo no tiene nada.")
    assert translate(_("The file is empty."), "es") == "El archivo no tiene nada."
    assert translate(_("The workbook is password-protected."), "es") == "El libro de Excel está protegido con contraseña."
    monkeypatch.delenv(locale.LOCALE_DIR_VARIABLE)
    assert translate(_("The file is empty."), "es") == "El archivo está vacío."


def test_a_pattern_in_a_new_language_translates_pyxform_text(tmp_path, monkeypatch):
    own_catalogue(tmp_path, monkeypatch, "quc", "Unknown question type '{type}'.", "Man etaman ta ri '{type}'.",
                  context="pattern")
    assert translate("Unknown question type 'nonsense'.", "quc") == "Man etaman ta ri 'nonsense'."
    assert translate("Unknown question type 'nonsense'.", "fr") == "Unknown question type 'nonsense'."


# -- W4 ----------------------------------------------------------------------

def test_problem_text_translates_place_message_and_hint():
    problem = Problem("cycle", _("{first} depends on itself (its {attribute} reads its own value).").format(
        first="/data/a", attribute="calculate"), sheet="survey", row=12, column="calculation",
        hint=_("Make it compute from other answers than its own value."))
    assert problem.text("en") == str(problem) == (
        "sheet 'survey', row 12, column 'calculation': /data/a depends on itself (its calculate reads its own value)."
        " (Make it compute from other answers than its own value.)")
    assert problem.text("es") == (
        "hoja 'survey', fila 12, columna 'calculation': /data/a depende de sí mismo (su calculate lee su propio"
        " valor). (Haga que se calcule a partir de otras respuestas, no de su propio valor.)")
    xml_problem = Problem("body_before_model", _("The <h:body> comes before the <h:head> with the model."), line=3)
    assert xml_problem.text("es") == "línea 3: El <h:body> aparece antes del <h:head> que contiene el modelo."


def test_form_error_text_and_pickle():
    error = FormError([Problem("empty_file", _("The file is empty."))], file="f.xlsx")
    assert str(error) == error.text("en") == "f.xlsx: The file is empty."
    assert error.text("es") == "f.xlsx: El archivo está vacío."
    assert pickle.loads(pickle.dumps(error)).text("es") == "f.xlsx: El archivo está vacío."
    assert FormError([], file="f.xml").text("es") == "f.xml: formulario no válido"


# -- W5 ----------------------------------------------------------------------

def test_a_refused_form_reads_in_spanish_and_the_cli_stays_english(tmp_path):
    path = tmp_path / "cycle.md"
    path.write_text(CYCLE, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path)
    [problem] = caught.value.problems
    assert problem.text("es").startswith("hoja 'survey', fila 3, columna 'calculation'")
    assert "Estos campos dependen unos de otros en un ciclo (cálculo/relevancia): /data/a, /data/b." in problem.text("es")
    out = io.StringIO()
    assert run_validate([str(path)], out=out) == 1
    assert out.getvalue() == (
        f"{path}: sheet 'survey', row 3, column 'calculation': These nodes depend on each other in a cycle "
        "(calculation/relevance): /data/a, /data/b. (Make one of them stop reading the others, e.g. compute it "
        "from answers entered earlier.)\n")


def test_warnings_of_a_cached_form_still_read_in_spanish(tmp_path):
    path = tmp_path / "towns.md"
    path.write_text("| survey |\n|        | type | name | label |\n"
                    "|        | select_one_from_file towns.csv | town | Town |\n", encoding="utf-8")
    first = load_form(path)
    again = load_form(path)     # the second load comes from the pickled cache
    for form in (first, again):
        [warning] = [w for w in form.warnings if w.code == "attachment_missing"]
        assert warning.text("es") != warning.text("en")
        assert "Falta el archivo adjunto 'towns.csv'" in warning.text("es")


# -- W6 ----------------------------------------------------------------------

@pytest.mark.parametrize("markdown, spanish", [
    ("|        | nonsense | a | A |\n", "hoja 'survey', fila 2, columna 'type': Tipo de pregunta desconocido: 'nonsense'."),
    ("|        | text | a | A |\n|        | text | a | B |\n",
     "hoja 'survey', fila 3, columna 'name': En la hoja 'survey', el valor 'a' de la columna 'name' no es válido."),
    ("|        | begin_group | g | G |\n|        | text | a | A |\n",
     "hoja 'survey', fila 2: 'begin_group' sin pareja: no se encontró un 'end_group' para el nombre 'g'."),
    ("|        | select_one zz | a | A |\n", "hoja 'choices': Este XLSForm necesita una hoja choices."),
])
def test_pyxform_messages_read_in_spanish(tmp_path, markdown, spanish):
    path = tmp_path / "f.md"
    path.write_text("| survey |\n|        | type | name | label |\n" + markdown, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert caught.value.problems[0].text("es").startswith(spanish)


def test_xpath_reasons_and_learn_more_links_read_in_spanish(tmp_path):
    path = tmp_path / "f.md"
    path.write_text("| survey |\n|        | type | name | label | relevant |\n|        | integer | age | Age | |\n"
                    "|        | text | why | Why | ${age} > > 1 |\n", encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path)
    [problem] = caught.value.problems
    assert "no se puede leer en la posición 10: '>' inesperado." in problem.text("es")
    assert "cannot be read at position 10: unexpected '>'." in problem.text("en")
    assert translate("Use the max-pixels parameter to speed up submission sending and save storage space. "
                     "Learn more: https://xlsform.org/#image", "es") == (
        "Use el parámetro max-pixels para enviar los datos más rápido y ocupar menos espacio. "
        "Más información: https://xlsform.org/#image")
    from fieldapp.xform.load.attachments import attach_problem
    hint = attach_problem("towns", "jr://file-csv/towns.csv", "/f/form.xlsx").hint
    assert hint == "Put 'towns.csv' in '/f/form-media' or '/f'."
    assert translate(hint, "es") == "Ponga 'towns.csv' en '/f/form-media' o '/f'."
