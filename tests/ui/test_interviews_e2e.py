"""Complete interviews walked through the GUI, ending with the expected submission in the encrypted store.

Requirements: UI-E1 a bundled form from the Forms place to a finalized submission;
UI-E2 a form with repeats and cascading selects; UI-E3 a form in two languages switched
mid-way, saved, resumed from the Interviews place and finalized.
"""

from __future__ import annotations

import pytest

from fieldapp.ui.library.bundled import bundled_forms_dir
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.ui import forms
from tests.support.interviewer import put, walk_screens as walk
from tests.ui.conftest import PASSPHRASE


@pytest.fixture
def window(open_window, store):
    store.close()
    return open_window(unlock=True, size=(1000, 720), bundled_dir=bundled_forms_dir())


def finish(qtbot, runner):
    assert runner.screen.kind == "end"
    page = runner.finalize_page
    assert page.problems.count() == 0, [page.problems.item(i).text() for i in range(page.problems.count())]
    controls = runner.safety_controls
    if controls is not None:      # every referral the walk fired needs what happened before Finalize
        for box in controls.referral_panel.boxes.values():
            box.setCurrentIndex(box.findData("referred"))
        assert controls.safety.pending() == []
    with qtbot.waitSignal(runner.sig_closed) as closed:
        page.finalize_button.click()
    assert closed.args[1] == "finalized"
    return closed.args[0]


def test_bundled_child_intake_from_forms_place_to_finalized(qtbot, window):
    forms_page = window.places["forms"]
    titles = {forms_page.tree.topLevelItem(i).data(0, 0x0100): i for i in range(forms_page.tree.topLevelItemCount())}
    assert "child_intake" in titles, titles
    forms_page.tree.setCurrentItem(forms_page.tree.topLevelItem(titles["child_intake"]))
    forms_page.start_button.click()
    runner = window.runner
    assert runner is not None
    walk(qtbot, runner, overrides={"/data/setting/interviewer_code": "GT-07"}, handback_code=PASSPHRASE)
    instance_id = finish(qtbot, runner)
    store = window.store
    record = store.submission(instance_id)
    assert record.status == "finalized" and record.form_id == "child_intake"
    xml = store.instance_xml(instance_id)
    assert "<interviewer_code>GT-07</interviewer_code>" in xml
    interviews = window.places["interviews"]
    assert window.place_stack.currentWidget() is interviews
    assert any(r.instance_id == instance_id and r.status == "finalized" for r in interviews.records)


def test_household_with_repeats_and_cascading_selects(qtbot, store, write_form):
    form = load_form(str(write_form("household", forms.HOUSEHOLD)))
    session = store.new_session(form, interviewer="Ana")
    runner = InterviewRunner(session, finalize=store.finalize, save_and_exit=store.exit, confirm=lambda *a: True)
    qtbot.addWidget(runner)
    runner.show()

    def answer(path, value):
        put(qtbot, runner.screen_view.widgets[path], value)
        runner.next_button.click()

    answer("/data/village", "Salcaja")
    answer("/data/member[1]/mname", "Rosa")
    answer("/data/member[1]/age", "41")
    assert runner.screen.kind == "repeat_prompt"
    runner.screen_view.repeat_prompt.add_button.click()
    answer("/data/member[2]/mname", "Luis")
    answer("/data/member[2]/age", "9")
    runner.screen_view.repeat_prompt.add_button.click()
    answer("/data/member[3]/mname", "Nadie")
    runner.remove_repeat_button.click()                # confirmation answered yes
    assert session.repeat_count("/data/member") == 2
    while runner.screen.path != "/data/dept":
        if runner.screen.kind == "repeat_prompt":
            runner.screen_view.repeat_prompt.skip_button.click()
        else:
            runner.next_button.click()
    answer("/data/dept", "gt09")
    municipalities = list(runner.screen_view.widgets["/data/muni"].buttons)
    assert municipalities == ["m0901"]                  # filtered by the department
    runner.back_button.click()
    answer("/data/dept", "gt01")
    assert list(runner.screen_view.widgets["/data/muni"].buttons) == ["m0101", "m0102"]
    answer("/data/muni", "m0102")
    instance_id = finish(qtbot, runner)
    xml = store.instance_xml(instance_id)
    assert xml.count("<member>") == 2 and "<mname>Luis</mname>" in xml and "<muni>m0102</muni>" in xml
    assert store.submission(instance_id).status == "finalized"


def test_two_languages_switched_mid_way_saved_resumed_and_finalized(qtbot, window, tmp_path):
    path = tmp_path / "school.md"
    path.write_text(forms.BILINGUAL.strip() + "\n", encoding="utf-8")
    forms_page = window.places["forms"]
    forms_page.import_file(str(path))
    item = next(forms_page.tree.topLevelItem(i) for i in range(forms_page.tree.topLevelItemCount())
                if forms_page.tree.topLevelItem(i).data(0, 0x0100) == "school")
    forms_page.tree.setCurrentItem(item)
    forms_page.start_button.click()
    runner = window.runner
    assert runner.screen_view.widgets["/data/name"].label.text() == "Your first name"
    put(qtbot, runner.screen_view.widgets["/data/name"], "Maria")
    runner.next_button.click()
    runner.set_language("Español (es)")               # mid-way
    school = runner.screen_view.widgets["/data/school"]
    assert school.label.text() == "¿Vas a la escuela?" and school.buttons["yes"].text() == "Sí"
    school.buttons["yes"].click()
    runner.exit_button.click()                         # save and exit, still a draft
    interviews = window.places["interviews"]
    draft = interviews.selected()
    assert draft.status == "draft"
    interviews.resume_button.click()
    runner = window.runner
    assert runner.screen.path == "/data/school"        # exactly where it was left
    assert runner.screen_view.widgets["/data/school"].label.text() == "¿Vas a la escuela?"
    runner.next_button.click()
    put(qtbot, runner.screen_view.widgets["/data/grade"], "4")
    runner.next_button.click()
    instance_id = finish(qtbot, runner)
    xml = window.store.instance_xml(instance_id)
    assert "<name>Maria</name>" in xml and "<school>yes</school>" in xml and "<grade>4</grade>" in xml
