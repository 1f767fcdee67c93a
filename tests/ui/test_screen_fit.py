"""Large text on a laptop screen: one compact header when space is short, a referral banner that folds, and a
contact page that fits, so at 1366x768 and 1024x600, 100 % and 200 % text, no text is cut and the question shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fieldapp.protect import services
from fieldapp.protect.protocol import InterviewSafety
from fieldapp.ui.runner.runner import InterviewRunner
from fieldapp.xform import load_form
from tests.protect.test_services import CSV
from tests.ui.screen_checks import cut_texts

SIZES = [(1366, 768), (1024, 600)]

CONTACT = """
| survey |                  |          |                                             |                                        |                          |
|        | type             | name     | label                                       | hint                                   | bind::fieldapp:referral  |
|        | begin group      | contact  | Where we can find you                       |                                        |                          |
|        | select_one place | country  | Country where you will live now             |                                        |                          |
|        | text             | address  | Community, neighbourhood or address         | Only what the child agrees to share.   |                          |
|        | text             | phone    | A phone number where it is safe to call you | Leave empty if there is no safe number. |                         |
|        | end group        |          |                                             |                                        |                          |
|        | select_one yn    | hurt     | Has anyone hurt you at home?                |                                        | . = 'yes'                |
|        | text             | school   | School name                                 |                                        |                          |
| choices |                 |          |                                             |                                        |                          |
|        | list_name        | name     | label                                       |                                        |                          |
|        | place            | sv       | El Salvador                                 |                                        |                          |
|        | place            | gt       | Guatemala                                   |                                        |                          |
|        | place            | hn       | Honduras                                    |                                        |                          |
|        | place            | mx       | México                                      |                                        |                          |
|        | place            | us       | United States                               |                                        |                          |
|        | place            | ni       | Nicaragua                                   |                                        |                          |
|        | place            | other    | Other                                       |                                        |                          |
|        | yn               | yes      | Yes                                         |                                        |                          |
|        | yn               | no       | No                                          |                                        |                          |
| settings |                |          |                                             |                                        |                          |
|        | form_title       | form_id  | namespaces                                  |                                        |                          |
|        | Child intake for a returned or unaccompanied child | contact | fieldapp="urn:fieldapp:xforms" |       |                          |
"""


@pytest.fixture
def text_size(qapp, settings):
    """text_size(percent): the app's look at that text size, put back to 100 % afterwards."""
    from fieldapp.ui.app import apply_text_size
    from fieldapp.ui.settings.options import TEXT_SCALE

    def apply(percent: int) -> None:
        settings.set(TEXT_SCALE, percent)
        apply_text_size(qapp, settings)
    yield apply
    apply(100)


def open_runner(qtbot, store, write_form, size):
    services.keep(store, "servicios.csv", CSV.encode("utf-8"))
    session = store.new_session(load_form(str(write_form("contact", CONTACT))), interviewer="Ana")
    runner = InterviewRunner(session, confirm=lambda *a: True, safety=InterviewSafety(store, session))
    qtbot.addWidget(runner)
    runner.resize(*size)
    runner.show()
    qtbot.waitExposed(runner)
    return runner


def question_in_view(runner) -> bool:
    """The first question's label is wholly inside the page's visible part."""
    widget = next(iter(runner.screen_view.widgets.values()))
    label = widget.label
    view = runner.screen_view
    top = label.mapTo(view.widget(), label.rect().topLeft()).y() - view.verticalScrollBar().value()
    return top >= 0 and top + label.height() <= view.viewport().height()


@pytest.mark.parametrize("percent", [100, 200])
@pytest.mark.parametrize("size", SIZES)
def test_the_header_is_compact_when_space_is_short_and_nothing_is_cut(qtbot, store, write_form, text_size,
                                                                       percent, size):
    text_size(percent)
    runner = open_runner(qtbot, store, write_form, size)
    qtbot.waitUntil(lambda: not cut_texts(runner), timeout=3000)
    assert runner.size().height() == size[1] and runner.size().width() == size[0]   # not grown past the screen
    assert runner.minimumSizeHint().height() <= size[1]
    assert question_in_view(runner)
    short = percent == 200 or size[1] < 768
    assert runner.top.compact is short
    assert runner.header.title_label.isVisible() is not short       # the title line goes first...
    assert runner.header.toolTip() == (runner.header.title_label.text() if short else "")   # ...kept in the tooltip
    if short:
        assert not runner.shortcut_hint.isVisible()
        # header, safety bar and footer leave most of the height to the question
        chrome = runner.top.height() + runner.footer.height()
        assert chrome <= size[1] * 0.5, chrome


@pytest.mark.parametrize("percent", [100, 200])
def test_a_referral_banner_folds_away_so_the_window_fits_a_small_laptop(qtbot, store, write_form, text_size, percent):
    text_size(percent)
    runner = open_runner(qtbot, store, write_form, (1366, 768))
    runner.next_button.click()
    runner.answer("/data/hurt", "yes")
    runner.screen_view.sig_answered.emit("/data/hurt", "yes")   # as the widget does: the safety controls see it
    banner = runner.safety_controls.referral_banner
    assert banner.isVisible()
    assert runner.minimumSizeHint().height() <= 600                # a window this tall can still shrink to 600
    runner.resize(1024, 600)
    qtbot.waitUntil(lambda: runner.height() == 600 and not banner.details.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: not cut_texts(runner), timeout=3000)
    qtbot.waitUntil(lambda: banner.height() <= 600 // 4, timeout=3000)
    assert question_in_view(runner)
    # the details open from the keyboard, and fold again
    banner.details_button.setFocus()
    QTest.keyClick(banner.details_button, Qt.Key.Key_Space)
    assert banner.details.isVisible() and "supervisor" in banner.say.text()
    assert runner.height() == 600
    QTest.keyClick(banner.details_button, Qt.Key.Key_Space)
    assert not banner.details.isVisible()
    banner.buttons["referred"].click()                             # the outcome is still recorded from the banner
    assert not banner.isVisible()


def test_a_contact_page_of_seven_places_fits_a_laptop_screen(qtbot, store, write_form, app_styling):
    runner = open_runner(qtbot, store, write_form, (1366, 768))
    view = runner.screen_view
    countries = list(view.widgets["/data/contact/country"].buttons.values())
    qtbot.waitUntil(lambda: len({b.x() for b in countries}) == 2, timeout=3000)   # two columns...
    qtbot.waitUntil(lambda: not cut_texts(runner), timeout=3000)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() == 0, timeout=3000)   # ...and no scrolling


@pytest.mark.parametrize("page_class", ["ModePage", "PracticePage"])
def test_self_interview_answers_wrap_at_large_text_on_a_small_screen(qtbot, text_size, page_class):
    """At 200 % text on 1024 px the mode and practice answers wrap beside their circle: no sideways scrolling."""
    from PySide6.QtWidgets import QScrollArea
    from fieldapp.ui.selfint import pages
    from tests.ui.screen_checks import cut_texts
    text_size(200)
    page = getattr(pages, page_class)()
    qtbot.addWidget(page)
    page.resize(1024, 420)
    page.show()
    qtbot.waitExposed(page)
    buttons = list(page.buttons.values()) if isinstance(page.buttons, dict) else page.buttons
    qtbot.waitUntil(lambda: all(b.geometry().right() <= page.width() for b in buttons), timeout=2000)
    for area in page.findChildren(QScrollArea):
        assert area.horizontalScrollBar().maximum() == 0
    assert not cut_texts(page)
