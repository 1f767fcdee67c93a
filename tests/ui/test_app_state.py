"""Each UI test starts with the application's plain font and no style sheet, whatever the test before it applied.

The pair only proves something in an order where the first runs before the
second; the suite runs in random and reversed order, so it does.
"""

from __future__ import annotations

from fieldapp.ui.app import apply_text_size
from fieldapp.ui.settings.options import TEXT_SCALE


def test_a_test_may_apply_a_large_text_size_and_the_apps_style_sheet(qapp, settings):
    settings.set(TEXT_SCALE, 150)
    apply_text_size(qapp, settings)
    assert qapp.styleSheet()


def test_each_ui_test_starts_without_the_style_sheet_and_at_the_plain_font(qapp):
    assert qapp.styleSheet() == ""
    assert qapp.font().pointSize() != round(11 * 1.5)
