"""Renders the Sync place and the Export dialog offscreen for the README:
`python -m fieldapp.ui.exchange.screenshots docs/screenshots [es|en]`."""

from __future__ import annotations

import sys
from pathlib import Path

SIZE = (1100, 760)
SHOT_PASSWORD = "tres tristes tigres del trigal"


def main(out_dir: str, language: str = "es") -> int:
    from fieldapp.exchange.sync import write_receipt
    from fieldapp.store import open_store
    from fieldapp.ui.exchange.export_dialog import ExportDialog
    from fieldapp.ui.screenshot_studio import Studio

    studio = Studio(out_dir, language, "fieldapp-shots-")
    app, out, work = studio.app, studio.out, studio.work
    store = open_store(work / "data", "tres tristes tigres")
    store.set_setting("interviewer", "Ana López")
    store.close()
    stick = work / "USB"
    stick.mkdir()

    win = studio.window(SIZE, "tres tristes tigres")
    page = win.places["sync"]
    win.show_place("sync")
    page.set_folder(str(stick))
    page.password.setText(SHOT_PASSWORD)
    page.password_again.setText(SHOT_PASSWORD)
    app.processEvents()
    win.grab().save(str(out / "13-sync-first-time.png"))
    form = _finish_some(win.store, work)
    page.start()
    write_receipt(stick, form.form_id, "master", [r.instance_id for r in win.store.submissions(status="finalized")][:2])
    page.start()
    app.processEvents()
    win.grab().save(str(out / "14-sync-receipts.png"))
    dialog = ExportDialog(win.store, win.tasks, folder=work, parent=win)
    dialog.show()
    dialog.password.setText(SHOT_PASSWORD)
    dialog.password_again.setText(SHOT_PASSWORD)
    app.processEvents()
    dialog.grab().save(str(out / "15-export-dialog.png"))
    dialog.close()
    win.close()
    print(f"screenshots written to {out}")
    return 0


SHOT_FORM = """
| survey   |               |          |                       |                     |                    |
|          | type          | name     | label::Español (es)   | label::English (en) | bind::fieldapp:pii |
|          | text          | nombre   | Nombre                | Name                | yes                |
|          | integer       | edad     | Edad                  | Age                 |                    |
|          | select_one sn | escuela  | ¿Va a la escuela?     | Goes to school?     |                    |
| choices  |               |          |                       |                     |                    |
|          | list_name     | name     | label::Español (es)   | label::English (en) |                    |
|          | sn            | si       | Sí                    | Yes                 |                    |
|          | sn            | no       | No                    | No                  |                    |
| settings |               |          |                       |                     |                    |
|          | form_id       | version  | form_title            | namespaces          |                    |
|          | registro      | 1        | Registro de niñez     | fieldapp="urn:fieldapp:xforms" |         |
"""


def _finish_some(store, folder: Path):
    """Three finalized interviews of a small form, for the pictures."""
    from fieldapp.xform import load_form
    path = folder / "registro.md"
    path.write_text(SHOT_FORM, encoding="utf-8")
    form = load_form(path)
    for name, age in (("Rosa", "9"), ("Luis", "12"), ("Ana", "15")):
        session = store.new_session(form)
        session.answer("/data/nombre", name)
        session.answer("/data/edad", age)
        session.answer("/data/escuela", "si")
        store.finalize(session)
    return form


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots",
                  sys.argv[2] if len(sys.argv) > 2 else "es"))
