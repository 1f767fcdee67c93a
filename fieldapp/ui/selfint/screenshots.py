"""Renders the self-interview offscreen for the README's "Using FieldApp safely":
`python -m fieldapp.ui.selfint.screenshots docs/screenshots` (mode choice, the respondent's screen, handback)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZE = (1366, 768)
PART_QUESTION = "/data/safety/safety_private/hurt_at_home"


def main(out_dir: str, language: str = "es") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from fieldapp.protect import pin
    from fieldapp.ui.app import apply_appearance, create_application
    from fieldapp.ui.library.bundled import bundled_forms_dir
    from fieldapp.ui.safety.screenshots import fill_until
    from fieldapp.ui.settings.options import APP_LANGUAGE, AppSettings
    from fieldapp.ui.shell.main_window import MainWindow
    from fieldapp.ui.tasks import InlineExecutor, TaskRunner
    import fieldapp.store as store_api

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    work = Path(tempfile.mkdtemp(prefix="fieldapp-self-shots-"))
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.set(APP_LANGUAGE, language)
    apply_appearance(app, settings)
    passphrase = "tres tristes tigres"
    with store_api.open_store(work / "data", passphrase, create=True) as store:
        store.set_setting("interviewer", "Ana López")
        pin.set_pin(store, "2468")

    def shot(widget, name: str) -> None:
        app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))

    win = MainWindow(work / "data", settings=settings, tasks=TaskRunner(InlineExecutor()),
                     bundled_dir=bundled_forms_dir(), confirm=lambda *a: True)
    win.resize(*SIZE)
    win.show()
    win.gate.passphrase.setText(passphrase)
    win.gate.unlock_button.click()
    forms = win.places["forms"]
    for i in range(forms.tree.topLevelItemCount()):
        if forms.tree.topLevelItem(i).data(0, 0x0100) == "child_intake":
            forms.tree.setCurrentItem(forms.tree.topLevelItem(i))
    forms.start_button.click()
    runner = win.runner
    for _ in range(10):   # a page whose lists fill in from an earlier answer takes a second round
        fill_until(runner.session, PART_QUESTION, {"/data/consent/child_age": "12"})
        if any(q.path == PART_QUESTION for q in runner.session.current().questions):
            break
    runner.show_screen(runner.session.current())
    selfint = runner.self_interview
    if selfint is None or runner.pages.currentWidget() is not selfint.mode_page:
        print("the self-interview part was not reached", file=sys.stderr)
        return 1
    selfint.mode_page.buttons["alone"].setChecked(True)
    shot(win, "27-self-interview-mode")
    selfint.mode_page.start_button.click()
    selfint.practice_page.next_button.click()
    shot(win, "28-self-interview-question")
    selfint.ask_stop()
    selfint.stop_page.stop_button.click()
    shot(win, "29-self-interview-handback")
    selfint.take_back("2468")
    shot(win, "30-self-interview-summary")
    selfint.after_handback()
    app.processEvents()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:] or ["docs/screenshots"])))
