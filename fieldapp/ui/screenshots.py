"""Renders the main screens offscreen to PNG files for the README: `python -m fieldapp.ui.screenshots docs/screenshots`."""

from __future__ import annotations

import sys

SIZE = (1366, 768)   # a common field laptop screen


def main(out_dir: str, language: str = "es") -> int:
    from fieldapp.ui.settings.options import TEXT_SCALE
    from fieldapp.ui.screenshot_studio import Studio

    studio = Studio(out_dir, language, "fieldapp-shots-")
    out, settings = studio.out, studio.settings

    shot = studio.shot

    win = studio.window(SIZE)
    gate = win.gate
    gate.device_name.setText("Laptop 3 – Quetzaltenango")
    gate.interviewer.setText("Ana López")
    gate.passphrase.setText("tres tristes tigres")
    gate.confirm.setText("tres tristes tigres")
    shot(win, "01-setup")
    gate.create_button.click()
    shot(win, "02-recovery-code")
    gate.written_down.setChecked(True)
    gate.continue_button.click()
    shot(win, "04-forms")
    win.close()

    win = studio.window(SIZE)
    win.gate.passphrase.setText("wrong one")
    win.gate.unlock_button.click()
    shot(win, "03-unlock-wrong-passphrase")
    win.gate.passphrase.setText("tres tristes tigres")
    win.gate.unlock_button.click()
    forms = win.places["forms"]
    for index in range(forms.tree.topLevelItemCount()):
        if forms.tree.topLevelItem(index).data(0, 0x0100) == "child_intake":
            forms.tree.setCurrentItem(forms.tree.topLevelItem(index))
    forms.start_button.click()
    runner = win.runner
    shot(win, "05-interview-page")
    runner.next_button.click()
    shot(win, "06-interview-required-messages")
    runner.show_hierarchy()
    shot(win, "07-go-to-question")
    runner.close_hierarchy()
    guided = next((i for i in _items(runner.session.hierarchy()) if i.kind == "question"
                   and runner.session.question(i.path).guidance), None)
    if guided is not None:
        runner.jump(guided.path)
        shot(win, "08-interview-guidance")
    runner.screen_view.flush()
    from fieldapp.xform.model.views import Screen
    runner.show_screen(Screen(kind="end", path="", percent_through=100))
    shot(win, "09-finalize-problems")
    runner.exit_button.click()
    shot(win, "10-interviews")
    win.show_place("settings")
    shot(win, "11-settings")
    settings.set(TEXT_SCALE, 200)
    forms.start_button.click()
    shot(win, "12-interview-text-200")
    win.resize(1024, 600)                      # a small laptop at 200 % text: the compact header
    shot(win, "16-interview-1024x600-text-200")
    win.resize(*SIZE)
    settings.set(TEXT_SCALE, 100)
    win.runner.exit_button.click()
    win.close()
    print(f"screenshots written to {out}")
    return 0


def _items(items):
    for item in items:
        yield item
        yield from _items(item.children)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
