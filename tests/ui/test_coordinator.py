"""The Coordinator place: add inputs, password, Merge, the log with reasons, summary tables, charts and PNG export."""

from __future__ import annotations

import pytest

from fieldapp.ui.coordinator.coordinator_page import CoordinatorPage
from fieldapp.ui.i18n import set_app_language
from fieldapp.ui.tasks import InlineExecutor, TaskRunner
from tests.exchange.test_merge import PW, book, child, summary_form


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


@pytest.fixture
def page(qtbot):
    set_app_language("en")
    widget = CoordinatorPage(None, TaskRunner(InlineExecutor()))
    qtbot.addWidget(widget)
    yield widget
    set_app_language("es")


def test_merge_from_the_page_shows_log_summary_and_chart(page, tmp_path, monkeypatch):
    import fieldapp.exchange.merge as merge_module
    form = summary_form(tmp_path)
    original = merge_module.MergeOptions.__init__

    def with_form(self, *args, **kwargs):      # the page merges without a form; give it one for labels
        original(self, *args, **kwargs)
        self.form = form
    monkeypatch.setattr(merge_module.MergeOptions, "__init__", with_form)
    folder = tmp_path / "sync"
    book(folder / "a.xlsx", [child(f"uuid:{n}", sex=["female", "male"][n % 2], hobbies="music") for n in range(12)])
    book(folder / "bad.xlsx", [child("uuid:99")], password="not it")
    page.add_inputs([str(folder)])
    page.password.setText(PW)
    page.out.setText(str(tmp_path / "out" / "master.xlsx"))
    page.merge_button.click()
    assert (tmp_path / "out" / "master.xlsx").exists()
    assert page.log_table.rowCount() == 2
    reasons = [page.log_table.item(r, 9).text() for r in range(2)]
    assert any("password" in r for r in reasons)
    assert "12 submissions" in page.status.text() and "1 file(s) were not merged" in page.status.text()
    labels = [page.question.itemText(i) for i in range(page.question.count())]
    assert "Hobbies" in labels and "Sex" in labels
    page.question.setCurrentIndex(labels.index("Hobbies"))
    page.dimension.setCurrentIndex(page.dimension.findText("Sex"))
    table = page.current_table()
    assert table.dimension == "sex" and table.groups == ["Female", "Male"]
    assert page.summary_table.item(0, 0).text() == "Music" and page.summary_table.item(0, 2).text() == "100.0"
    assert page.chart.chart().series()[0].count() == 2          # one bar set per group
    png = tmp_path / "chart.png"
    assert page.save_chart_png(str(png)) and png.stat().st_size > 1000


def test_cancel_leaves_no_master(page, tmp_path):
    book(tmp_path / "a.xlsx", [child("uuid:1")])
    page.add_inputs([str(tmp_path / "a.xlsx")])
    page.password.setText(PW)
    page.out.setText(str(tmp_path / "master.xlsx"))
    page.tasks.run = _cancelled_run(page.tasks.run)
    page.merge_button.click()
    assert not (tmp_path / "master.xlsx").exists()
    assert "cancelled" in page.status.text()
    assert page.merge_button.isEnabled()


def _cancelled_run(run):
    def cancelled(fn, *args, **kwargs):
        def pressed_cancel(control, *a):
            control.cancelled = True
            return fn(control, *a)
        return run(pressed_cancel, *args, **kwargs)
    return cancelled


def test_a_file_with_its_own_password_merges_on_the_second_try(page, tmp_path, monkeypatch):
    book(tmp_path / "in" / "a.xlsx", [child("uuid:1")])
    book(tmp_path / "in" / "b.xlsx", [child("uuid:2")], password="its own password")
    page.add_inputs([str(tmp_path / "in")])
    page.password.setText(PW)
    page.out.setText(str(tmp_path / "master.xlsx"))
    page.merge_button.click()
    assert "double-click" in page.status.text()
    row = [log.name for log in page.result.inputs].index("b.xlsx")
    from PySide6.QtWidgets import QInputDialog
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("its own password", True))
    page.log_table.cellDoubleClicked.emit(row, 0)
    page.merge_button.click()
    assert page.result.rows == 2 and not page.result.rejected


def _merge_kids(page, tmp_path, monkeypatch, rows, profile="full"):
    import fieldapp.exchange.merge as merge_module
    from tests.exchange.test_combined_age_bands import _book, _form
    form = _form(tmp_path)
    original = merge_module.MergeOptions.__init__

    def with_form(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.form = form
    monkeypatch.setattr(merge_module.MergeOptions, "__init__", with_form)
    _book(tmp_path / "kids.xlsx", rows)
    page.add_inputs([str(tmp_path / "kids.xlsx")])
    page.password.setText(PW)
    page.profile.setCurrentIndex(page.profile.findData(profile))
    page.out.setText(str(tmp_path / "out" / f"{profile}.xlsx"))
    page.merge_button.click()
    labels = [page.question.itemText(i) for i in range(page.question.count())]
    page.question.setCurrentIndex(labels.index("In school"))
    page.dimension.setCurrentIndex(page.dimension.findData("age_band"))


def _headers(page):
    return [page.summary_table.horizontalHeaderItem(c).text() for c in range(page.summary_table.columnCount())]


def test_the_page_shows_the_combined_age_band_after_its_parts(page, tmp_path, monkeypatch):
    from tests.exchange.test_combined_age_bands import COMBINED, _random_rows
    rows = _random_rows(21, 120)
    _merge_kids(page, tmp_path, monkeypatch, rows)
    headers = _headers(page)
    at = headers.index(f"{COMBINED} n")
    assert headers[at - 2:at] == ["15-17 n", "15-17 %"]
    item = page.summary_table.horizontalHeaderItem(at)
    assert item.font().italic() and "12-14 + 15-17" in item.toolTip()
    assert not page.summary_table.horizontalHeaderItem(at - 2).font().italic()
    teen = [r for r in rows if 12 <= r["age"] <= 17]
    yes = sum(r["school"] == "yes" for r in teen)
    assert page.summary_table.item(0, 0).text() == "Yes" and page.summary_table.item(0, at).text() == str(yes)
    assert not page.combined_note.isHidden() and COMBINED in page.combined_note.text()
    bars = page.chart.chart().series()[0].barSets()
    assert [b.label() for b in bars][-1] == COMBINED and len(bars) == 5      # one bar set per group, the total too
    # the filter still works: overall has no combined group and no note, and back again
    page.dimension.setCurrentIndex(page.dimension.findData(None))
    assert _headers(page) == ["", "All n", "All %"] and page.combined_note.isHidden()
    page.dimension.setCurrentIndex(page.dimension.findData("age_band"))
    assert f"{COMBINED} %" in _headers(page)
    png = tmp_path / "bands.png"
    assert page.save_chart_png(str(png)) and png.stat().st_size > 1000


def test_the_page_shows_a_hidden_total_in_a_publishable_summary(page, tmp_path, monkeypatch):
    from tests.exchange.test_combined_age_bands import COMBINED, _publishable_rows
    _merge_kids(page, tmp_path, monkeypatch, _publishable_rows(), profile="publishable")
    texts = [[page.summary_table.item(r, c).text() for c in range(page.summary_table.columnCount())]
             for r in range(page.summary_table.rowCount())]
    at = _headers(page).index("12-14 n")
    assert texts[0][at] == "<5" and texts[0][at + 1] == ""
    hidden = [(r, c) for r, row in enumerate(texts) for c, text in enumerate(row) if text == "hidden"]
    assert hidden and all(texts[r][c + 1] == "" for r, c in hidden)       # no percentage beside a hidden count
    note = page.combined_note.text()
    assert "hidden" in note and "subtraction" in note and "“<5”" in note and COMBINED in note
    # the chart shows no bar for a hidden or "<5" count
    bars = page.chart.chart().series()[0].barSets()
    for r, c in hidden + [(0, at)]:
        assert bars[(c - 1) // 2].at(r) == 0.0


def test_the_logs_notes_show_on_screen_too(page, tmp_path):
    import zipfile

    from fieldapp.exchange import layout
    folder = tmp_path / "sync"
    book(folder / "a.xlsx", [child("uuid:1")])
    folder.mkdir(exist_ok=True)
    with zipfile.ZipFile(folder / "central.zip", "w") as archive:
        archive.writestr("child_intake.csv", "name,KEY\n" + "x" * (layout.CELL_LIMIT + 10) + ",uuid:c-1\n")
    page.add_inputs([str(folder)])
    page.password.setText(PW)
    page.out.setText(str(tmp_path / "out" / "master.xlsx"))
    page.merge_button.click()
    assert "2 submissions" in page.status.text() and "32,767" in page.status.text()
