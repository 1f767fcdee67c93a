"""Referrals in the interview: the calm banner with the services for the child's municipality, the outcome
recorded, Finalize waiting for every outcome, the end screen's list, the printable service list, the import.

Requirement: SG-9 referrals on disclosure from the offline service directory.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from fieldapp.protect import services
from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.protect.safety_forms import WITH_LOCATION
from tests.protect.test_services import CSV, EXAMPLE


@pytest.fixture
def runner(qtbot, store, write_form):
    services.keep(store, "servicios.csv", CSV.encode("utf-8"))
    session = store.new_session(load_form(str(write_form("located", WITH_LOCATION))), interviewer="Ana")
    made = InterviewRunner(session, finalize=store.finalize, confirm=lambda *a: True,
                           safety=InterviewSafety(store, session))
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    return made


def choose(runner, path, value):
    runner.screen_view.widgets[path]
    runner.answer(path, value)
    runner.screen_view.sig_answered.emit(path, value)   # as the widget does: the runner, then the safety controls


def test_a_disclosure_shows_the_services_for_the_child_s_municipality(qtbot, store, runner):
    controls = runner.safety_controls
    runner.screen_view.widgets["/data/muni"]
    runner.screen_view.sig_answered.emit("/data/muni", "salcaja")
    runner.next_button.click()
    assert not controls.referral_banner.isVisible()
    runner.screen_view.sig_answered.emit("/data/hurt", "yes")
    banner = controls.referral_banner
    assert banner.isVisible() and "Child protection" in banner.heading.text()
    assert "Casa Joven" in banner.services.text() and "Otra zona" not in banner.services.text()
    assert "supervisor" in banner.say.text()
    runner.next_button.click()
    runner.finalize_page.finalize_button.click()           # refused: the referral has no outcome yet
    assert store.submission(runner.session.instance_id).status == "draft"
    assert "referral" in runner.banner.text()
    panel = controls.referral_panel
    assert list(panel.boxes) == ["/data/hurt"] and panel.isVisible()
    banner.buttons["referred"].click()
    assert not banner.isVisible()
    assert panel.boxes["/data/hurt"].currentData() == "referred"
    with qtbot.waitSignal(runner.sig_closed):
        runner.finalize_page.finalize_button.click()
    assert store.submission(runner.session.instance_id).status == "finalized"
    trail = [(e.event, (e.details or {}).get("outcome")) for e in store.audit(runner.session.instance_id)]
    assert ("referral", None) in trail and ("referral_outcome", "referred") in trail


def test_the_outcome_can_be_chosen_on_the_end_screen_by_keyboard(qtbot, store, runner):
    runner.screen_view.sig_answered.emit("/data/muni", "salcaja")
    runner.session.answer("/data/hurt", "yes")
    runner.screen_view.sig_answered.emit("/data/hurt", "yes")
    runner.jump("/data/hurt")
    runner.go_next()
    box = runner.safety_controls.referral_panel.boxes["/data/hurt"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentData() == "declined"
    assert runner.safety_controls.safety.pending() == []
    # the list of referrals takes the end page's free room; the filler that keeps Finalize up is not shown
    assert not runner.finalize_page.filler.isVisibleTo(runner.finalize_page)


def test_the_service_list_prints_to_pdf_for_everyone(qtbot, store, runner, tmp_path):
    target = tmp_path / "lista.pdf"
    runner.safety_controls.choose_pdf_path = lambda parent: str(target)
    runner.jump("/data/hurt")
    runner.go_next()
    runner.safety_controls.referral_panel.print_button.click()
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 1000
    from fieldapp.ui.safety.service_list import service_list_html
    page = service_list_html(runner.safety_controls.safety.services_for(None), False)
    assert "Casa Joven" in page and "hurt" not in page.lower()
    assert [e.event for e in store.audit(runner.session.instance_id)][-1] == "service_list"


def test_import_a_directory_in_settings_with_problems_shown(qtbot, store, tmp_path):
    from fieldapp.ui.safety.directory_box import DirectoryBox
    box = DirectoryBox(store)
    qtbot.addWidget(box)
    bad = tmp_path / "servicios.csv"
    bad.write_text(CSV, encoding="utf-8")
    box.choose_file = lambda parent: str(bad)
    box.import_button.click()
    rows = [box.problems.item(i).text() for i in range(box.problems.count())]
    assert "Imported 5 services" in rows[0] and any("row 8" in r and "column “type”" in r for r in rows)
    box.choose_file = lambda parent: str(EXAMPLE)
    box.import_button.click()
    assert "EXAMPLE" in box.caption.text() and "10 services" in box.caption.text()
