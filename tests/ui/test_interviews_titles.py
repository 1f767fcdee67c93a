"""The Interviews list: interviews that share a name are told apart without saying who the child is; the
interviewer stays visible on a 1366 px screen; a household is named by its municipality, not a code."""

from __future__ import annotations

from pathlib import Path

from fieldapp.store.submissions import SubmissionRecord
from fieldapp.ui.interviews.titles import interview_titles, local_time

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"


def record(instance_id, title, created="2026-12-01T15:04:00.000Z", case_code=None, form_id="child_intake"):
    return SubmissionRecord(instance_id, instance_id, None, form_id, "1", "draft", created, created, "Ana",
                            case_code, title)


def test_interviews_sharing_a_name_get_their_start_time_and_a_short_code():
    records = [record("uuid:3f9a0000-0000", "intake-2026-12-01-GT-07", "2026-12-01T15:04:00.000Z"),
               record("uuid:b21c0000-0000", "intake-2026-12-01-GT-07", "2026-12-01T15:40:00.000Z"),
               record("uuid:77d00000-0000", "intake-2026-12-01-GT-07", "2026-12-01T16:12:00.000Z"),
               record("uuid:0aa10000-0000", "hogar-Mixco-2026-12-01", form_id="community_needs")]
    titles = interview_titles(records, {"child_intake": "Child intake"})
    assert len(set(titles)) == 4
    assert titles[0] == f"intake-2026-12-01-GT-07 · {local_time('2026-12-01T15:04:00.000Z', with_date=False)} · 3F9A"
    assert titles[3] == "hogar-Mixco-2026-12-01"          # a name of its own needs nothing added


def test_same_minute_and_alike_ids_still_differ_and_a_nameless_one_reads_its_form():
    records = [record("uuid:3f9a1111", "intake"), record("uuid:3f9a2222", "intake"), record("uuid:c0de", "")]
    titles = interview_titles(records, {"child_intake": "Child intake"})
    assert len(set(titles)) == 3 and titles[0].endswith("3F9A1111") and titles[1].endswith("3F9A2222")
    assert titles[2] == "Child intake"                     # not "uuid:c0de"


def test_three_intakes_of_one_morning_are_told_apart_and_the_interviewer_stays(qtbot, app_styling, settings, inline_tasks, data_dir,
                                                                                 store, tmp_path):
    # with the app's real font and padding (app_styling): in Qt's plain look every column fits and this could not fail
    from fieldapp.ui.shell.main_window import MainWindow
    from fieldapp.xform import load_form
    from tests.ui.conftest import PASSPHRASE
    from fieldapp.ui import i18n
    from fieldapp.ui.settings.options import APP_LANGUAGE
    settings.set(APP_LANGUAGE, "es")              # the walk was in Spanish: longer words in the header
    i18n.set_app_language("es")
    form = load_form(FORMS_DIR / "child_intake.xlsx")
    for _child in range(3):
        session = store.new_session(form, interviewer="Ana López")
        session.answer("/data/setting/interviewer_code", "GT-07")
        store.exit(session)
    store.close()
    window = MainWindow(data_dir, settings=settings, tasks=inline_tasks, confirm=lambda *a: True,
                        bundled_dir=tmp_path / "no-bundled-forms")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.unlock_button.click()
    window.show_place("interviews")
    page = window.places["interviews"]
    page.refresh()
    names = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    # the instance names may hold a case code: masked until revealed, still told apart by time and code
    assert len(names) == 3 and len(set(names)) == 3 and all("••••" in n and "intake-" not in n for n in names)
    page.table.selectRow(1)
    page.reveal_selected()
    assert page.table.item(1, 0).text().startswith("intake-")
    header = page.table.horizontalHeader()
    # a 1366 px screen, and the same with the window's frame and a docked panel: the long bilingual form
    # title is cut short (the tooltip has it) before the interviewer's name goes
    for width in (1366, 1200):
        window.resize(width, 768)
        qtbot.waitUntil(lambda: page.table.viewport().width() < width - 150, timeout=2000)
        page._fit_list()
        assert not header.isSectionHidden(4), width        # the interviewer
        assert not header.isSectionHidden(0)
    assert page.table.item(0, 4).text() == "Ana López"


def test_a_household_is_named_by_its_municipality_not_its_code():
    from fieldapp.xform import load_form
    session = load_form(FORMS_DIR / "community_needs.xlsx").new_session()
    session.set_language("Español (es)")
    session.answer("/data/intro/respondent_eligible", "yes")
    session.answer("/data/intro/consent", "yes")
    session.answer("/data/location/country", "SLV")
    session.answer("/data/location/department", "SLV_01")
    session.answer("/data/location/municipality", "SLV_0113")
    name = session.value("/data/meta/instanceName")
    assert name.startswith("hogar-Ahuachapán Norte-") and "SLV_" not in name
