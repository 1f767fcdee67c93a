"""Renders the safety controls offscreen for the README's "Using FieldApp safely":
`python -m fieldapp.ui.safety.screenshots docs/screenshots`."""

from __future__ import annotations

import sys

SIZE = (1366, 768)


PREFERRED = ("yes", "alone", "agree", "granted", "gt", "some")


def fill_until(session, stop: str, values: dict) -> None:
    """Answer each screen plausibly (or with `values`) until the screen holding `stop` ("" = the end)."""
    for _ in range(300):
        screen = session.current()
        if screen.kind == "end" or (stop and any(q.path == stop for q in screen.questions)):
            for view in screen.questions:
                if view.path in values:
                    session.answer(view.path, values[view.path])
            return
        if screen.kind == "repeat_prompt":
            session.next()
            continue
        for _round in range(4):   # an answer can bring a question onto the page (country -> department)
            screen = session.current()
            for view in screen.questions:
                if view.readonly or view.value:
                    continue
                if view.path in values:
                    value = values[view.path]
                elif view.choices:
                    names = [c.value for c in view.choices]
                    value = next((v for v in PREFERRED if v in names), names[0])
                elif view.type == "int":
                    value = "12"
                elif view.type == "date":
                    value = "2014-05-01"
                elif view.type in ("string", "barcode"):
                    value = "AB-1234"
                else:
                    continue
                for attempt in (value, "50212345678", ""):
                    try:
                        session.answer(view.path, attempt)
                    except Exception:   # a value the question refuses: try the next one
                        continue
                    if not session.question(view.path).problem:
                        break
        before = session.current()
        after = session.next()
        if after.path == before.path and after.kind == before.kind:
            return


def main(out_dir: str, language: str = "es") -> int:
    from fieldapp.protect import pin, services
    from fieldapp.ui.app import resources_dir
    import fieldapp.store as store_api
    from fieldapp.ui.screenshot_studio import Studio

    studio = Studio(out_dir, language, "fieldapp-safety-shots-")
    app, work = studio.app, studio.work
    passphrase = "tres tristes tigres"
    with store_api.open_store(work / "data", passphrase, create=True) as store:
        store.set_setting("interviewer", "Ana López")
        pin.set_pin(store, "2468")
        example = resources_dir() / "services" / "EXAMPLE_service_directory_quetzaltenango.xlsx"
        services.keep(store, example.name, example.read_bytes())

    shot = studio.shot

    win = studio.window(SIZE, passphrase)
    forms = win.places["forms"]
    for i in range(forms.tree.topLevelItemCount()):
        if forms.tree.topLevelItem(i).data(0, 0x0100) == "child_intake":
            forms.tree.setCurrentItem(forms.tree.topLevelItem(i))
    forms.start_button.click()
    runner = win.runner
    controls = runner.safety_controls
    session = runner.session
    shot(win, "20-safety-bar")
    controls.hide_screen()
    shot(win, "21-privacy-screen")
    controls.privacy_switch().release()
    controls.start_break()
    shot(win, "22-break")
    controls.end_break()
    fill_until(session, "/data/safety/reason_left", {"/data/safety/reason_left": "violence_home",
                                                     "/data/setting/interview_country": "GTM"})
    runner.show_screen(session.current())
    if controls.steps.on_check:          # the app's privacy check once the guardian has consented
        shot(win, "31-privacy-check")
        controls.steps.privacy_answered("alone")
    controls.after_change()
    shot(win, "23-referral-banner")
    controls.referral_banner.buttons["referred"].click()
    fill_until(session, "/data/health/self_harm_thoughts", {"/data/details/name_group/given_name": "Marisol"})
    runner.show_screen(session.current())
    if controls.steps.on_check:          # before the sensitive part
        controls.steps.privacy_answered("alone")
    controls.after_change()
    runner.show_hierarchy()
    shot(win, "24-go-to-masked")
    runner.close_hierarchy()
    widget = runner.screen_view.widgets.get("/data/health/self_harm_thoughts")
    if widget is not None:
        widget.decline_button.click()
    app.processEvents()
    fill_until(session, "", {})
    runner.show_screen(session.current())
    shot(win, "26-end-referrals")
    runner.save_and_exit()
    app.processEvents()
    shot(win, "32-interviews-masked")
    win.show_place("settings")
    app.processEvents()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:] or ["docs/screenshots"])))
