"""Renders the self-interview offscreen for the README's "Using FieldApp safely":
`python -m fieldapp.ui.selfint.screenshots docs/screenshots` (mode choice, the respondent's screen, handback)."""

from __future__ import annotations

import sys

SIZE = (1366, 768)
PART_QUESTION = "/data/safety/safety_private/hurt_at_home"


def main(out_dir: str, language: str = "es") -> int:
    from fieldapp.protect import pin
    from fieldapp.ui.safety.screenshots import fill_until
    import fieldapp.store as store_api
    from fieldapp.ui.screenshot_studio import Studio

    studio = Studio(out_dir, language, "fieldapp-self-shots-")
    app, work = studio.app, studio.work
    passphrase = "tres tristes tigres"
    with store_api.open_store(work / "data", passphrase, create=True) as store:
        store.set_setting("interviewer", "Ana López")
        pin.set_pin(store, "2468")

    shot = studio.shot

    win = studio.window(SIZE, passphrase)
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
    steps = runner.safety_controls.steps
    for _ in range(5):   # the app's own privacy checks (at the start, before the sensitive part) come first
        if not steps.on_check:
            break
        steps.page.answers["alone"].click()
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
