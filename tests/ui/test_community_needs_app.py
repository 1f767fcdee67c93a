"""The bundled community needs assessment, started from the Forms place and walked through the app's screens to a
finalized interview (the engine's walks in tests/forms cover English and more paths, faster)."""

from __future__ import annotations

import pytest

from fieldapp.ui.library.bundled import bundled_forms_dir
from tests.support.interviewer import walk_screens
from tests.ui.test_interviews_e2e import finish


@pytest.fixture
def window(open_window, store):
    store.close()
    return open_window(unlock=True, size=(1000, 720), bundled_dir=bundled_forms_dir())


def test_bundled_community_needs_from_forms_place_to_finalized(qtbot, window):
    forms_page = window.places["forms"]
    rows = {forms_page.tree.topLevelItem(i).data(0, 0x0100): i for i in range(forms_page.tree.topLevelItemCount())}
    assert "community_needs" in rows, rows
    forms_page.tree.setCurrentItem(forms_page.tree.topLevelItem(rows["community_needs"]))
    forms_page.start_button.click()
    runner = window.runner
    seen = walk_screens(qtbot, runner, max_steps=600, overrides={
        "/data/setting/enumerator_code": "SV-07", "/data/household/hh_size": "1",
        "/data/respondent/respondent_age": "30", "/data/household/member/member_basic/member_age": "30",
        "/data/location/country": "SLV", "/data/location/department": "SLV_01",
        "/data/location/municipality": "SLV_0113"})
    # the sensitive parts were reached: the walk answered the privacy check "private"
    assert any(path.startswith("/data/gbv") for path in seen) and any(p.startswith("/data/safety") for p in seen)
    instance_id = finish(qtbot, runner)
    record = window.store.submission(instance_id)
    assert record.status == "finalized" and record.form_id == "community_needs"
    xml = window.store.instance_xml(instance_id)
    assert "<enumerator_code>SV-07</enumerator_code>" in xml and "<municipality>SLV_0113</municipality>" in xml
    assert "<interview_outcome>completed</interview_outcome>" in xml
