"""Exchange test set-up: cheap key stretching, a form with PII, sensitive items, selects, dates and nested repeats."""

import io

import openpyxl
import pytest

from fieldapp.exchange import crypto, layout
from fieldapp.store import keys, open_store
from fieldapp.xform import load_form

PASSPHRASE = "correct horse battery"
PASSWORD = "campo seguro 2026"

FORM_V1 = """
| survey   |                   |            |                        |                         |                    |                          |                       |              |               |
|          | type              | name       | label::English (en)    | label::Español (es)     | bind::fieldapp:pii | bind::fieldapp:sensitive | bind::fieldapp:role   | relevant     | instance::hxl |
|          | start             | start      |                        |                         |                    |                          |                       |              |               |
|          | end               | end        |                        |                         |                    |                          |                       |              |               |
|          | select_one yn     | consent    | Consent                | Consentimiento          |                    |                          | consent               |              |               |
|          | text              | name       | Name                   | Nombre                  | yes                |                          |                       |              | #beneficiary  |
|          | integer           | age        | Age                    | Edad                    |                    |                          |                       |              | #age          |
|          | decimal           | height     | Height                 | Estatura                |                    |                          |                       |              |               |
|          | date              | arrived    | Arrived                | Llegada                 |                    |                          |                       |              |               |
|          | select_multiple c | colors     | Colors                 | Colores                 |                    |                          |                       |              |               |
|          | text              | comment    | Comment                | Comentario              |                    |                          |                       |              |               |
|          | begin_group       | safety     | Safety                 | Seguridad               |                    | yes                      |                       | ${age} > 10  |               |
|          | select_one yn     | hurt       | Hurt                   | Daño                    |                    |                          |                       |              |               |
|          | end_group         |            |                        |                         |                    |                          |                       |              |               |
|          | begin_repeat      | member     | Member                 | Miembro                 |                    |                          |                       |              |               |
|          | text              | mname      | Member name            | Nombre del miembro      | yes                |                          |                       |              |               |
|          | integer           | mage       | Member age             | Edad del miembro        |                    |                          |                       |              |               |
|          | begin_repeat      | pet        | Pet                    | Mascota                 |                    |                          |                       |              |               |
|          | select_one animal | kind       | Kind                   | Tipo                    |                    |                          |                       |              |               |
|          | end_repeat        |            |                        |                         |                    |                          |                       |              |               |
|          | end_repeat        |            |                        |                         |                    |                          |                       |              |               |
|          | image             | photo      | Photo                  | Foto                    | yes                |                          |                       |              |               |
| choices  |                   |            |                        |                         |                    |                          |                       |              |               |
|          | list_name         | name       | label::English (en)    | label::Español (es)     |                    |                          |                       |              |               |
|          | yn                | yes        | Yes                    | Sí                      |                    |                          |                       |              |               |
|          | yn                | no         | No                     | No                      |                    |                          |                       |              |               |
|          | c                 | red        | Red                    | Rojo                    |                    |                          |                       |              |               |
|          | c                 | blue       | Blue                   | Azul                    |                    |                          |                       |              |               |
|          | animal            | dog        | Dog                    | Perro                   |                    |                          |                       |              |               |
|          | animal            | cat        | Cat                    | Gato                    |                    |                          |                       |              |               |
| settings |                   |            |                        |                         |                    |                          |                       |              |               |
|          | form_id           | version    | namespaces             | default_language        |                    |                          |                       |              |               |
|          | kid               | VERSION    | fieldapp="urn:fieldapp:xforms" | English (en)    |                    |                          |                       |              |               |
"""


def write_form(folder, version="1", extra_question=False):
    text = FORM_V1.replace("VERSION", version)
    if extra_question:      # version 2 asks the school as well
        text = text.replace(
            "|          | image             | photo      |",
            "|          | text              | school     | School                 | Escuela                 |"
            "                    |                          |                       |              |               |\n"
            "|          | image             | photo      |")
    path = folder / f"kid_v{version}.md"
    path.write_text(text, encoding="utf-8")
    return load_form(path, cache=False)


@pytest.fixture(autouse=True)
def cheap_key_stretching(monkeypatch):
    monkeypatch.setattr(keys, "PASSPHRASE_SCRYPT_N", 2 ** 10)
    monkeypatch.setattr(keys, "RECOVERY_SCRYPT_N", 2 ** 10)


@pytest.fixture
def forms_dir(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    return folder


@pytest.fixture
def stick(tmp_path):
    """A sync folder (a USB stick)."""
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "data", PASSPHRASE)
    yield opened
    if not opened.database.closed:
        opened.close()


def read_workbook(data: bytes, password: str | None = None):
    """The workbook's sheets as {name: [row tuples]} and the cells' data types seen (to find formulas)."""
    if crypto.is_encrypted(data):
        data = crypto.decrypt_workbook(data, password)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets, types = {}, set()
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            rows.append(tuple(cell.value for cell in row))
            types.update(cell.data_type for cell in row)
        sheets[sheet.title] = rows
    return sheets, types


def as_dicts(sheets, name):
    """The data rows of sheet `name` as dicts by header (the HXL row, when there is one, skipped)."""
    rows = sheets[name]
    skip = 2 if form_info(sheets).get("hxl_row") == "yes" else 1
    return [dict(zip(rows[0], row)) for row in rows[skip:]]


def form_info(sheets):
    return {row[0]: row[1] for row in sheets[layout.FORM_SHEET][1:]}
