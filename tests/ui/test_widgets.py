"""Question widgets: every supported type has one; value in, value out, problems and declines shown.

Requirements: UI-W1 registry covers every type of FORMS.md; UI-W2 unknown appearance
falls back; UI-W3 each widget shows the value it is given and emits the XForm string.
"""

import pytest

from fieldapp.ui.widgets import registry
from fieldapp.ui.widgets.base import QuestionWidget
from fieldapp.xform.model.views import Media
from tests.ui.helpers import question


def make(qtbot, view):
    widget = registry.create_widget(view)
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("qtype", registry.SUPPORTED_TYPES)
def test_every_supported_type_has_a_widget(qtbot, qtype):
    view = question(qtype)
    assert registry.question_type(view) == qtype
    cls = registry.widget_class_for(view)
    assert issubclass(cls, QuestionWidget)
    widget = make(qtbot, view)
    assert widget.label.text().endswith("Question label")


@pytest.mark.parametrize("qtype, appearance", [
    ("text", "multiline"), ("text", "numbers"), ("select_one", "minimal"), ("select_one", "likert"),
    ("select_one", "horizontal"), ("select_one", "compact"), ("select_one", "columns"), ("select_one", "columns-3"),
    ("select_one", "quick"), ("select_one", "label"), ("select_one", "list-nolabel"), ("select_multiple", "minimal"),
    ("date", "no-calendar"), ("date", "month-year"), ("date", "year"),
])
def test_each_appearance_builds(qtbot, qtype, appearance):
    widget = make(qtbot, question(qtype, appearance=appearance))
    assert widget.value() == ""


def test_unknown_appearance_falls_back_to_the_default_widget():
    assert registry.widget_class_for(question("text", appearance="sparkly")) is registry.widget_class_for(question("text"))
    assert registry.widget_class_for(question("select_one", appearance="zz minimal")).__name__ == "SelectOneMinimalWidget"


# (type, appearance, value given, expected shown value)
ROUND_TRIPS = [
    ("text", "", "hola", "hola"), ("text", "multiline", "a\nb", "a\nb"), ("text", "numbers", "0502", "0502"),
    ("integer", "", "12", "12"), ("decimal", "", "1.5", "1.5"), ("range", "", "4", "4"),
    ("select_one", "", "green", "green"), ("select_one", "minimal", "blue", "blue"), ("select_one", "likert", "red", "red"),
    ("select_multiple", "", "red blue", "red blue"), ("rank", "", "blue red green", "blue red green"),
    ("acknowledge", "", "OK", "OK"), ("date", "", "2026-03-14", "2026-03-14"), ("date", "month-year", "2026-03-01", "2026-03-01"),
    ("date", "year", "2026-01-01", "2026-01-01"), ("barcode", "", "ABC-123", "ABC-123"),
    ("geopoint", "", "14.6349 -90.5069 0 0", "14.6349 -90.5069 0 0"), ("image", "", "photo.jpg", "photo.jpg"),
    ("geotrace", "", "14.1 -90.1 0 0;14.2 -90.2 0 0", "14.1 -90.1 0 0;14.2 -90.2 0 0"),
    ("geoshape", "", "14.1 -90.1 0 0;14.2 -90.2 0 0;14.3 -90.1 0 0;14.1 -90.1 0 0", "14.1 -90.1 0 0;14.2 -90.2 0 0;14.3 -90.1 0 0;14.1 -90.1 0 0"),
]


@pytest.mark.parametrize("qtype, appearance, given, expected", ROUND_TRIPS)
def test_value_in_value_out(qtbot, qtype, appearance, given, expected):
    widget = make(qtbot, question(qtype, appearance=appearance, value=given))
    assert widget.value() == expected


def test_time_and_datetime_keep_hours_and_minutes(qtbot):
    widget = make(qtbot, question("time", value="14:30:00.000-06:00"))
    assert widget.edit.text() == "14:30"
    assert widget.value().startswith("14:30:00.000")
    widget = make(qtbot, question("dateTime", value="2026-03-14T09:05:00.000-06:00"))
    assert widget.value().startswith("2026-03-14T09:05:00.000")


def test_typing_emits_after_a_pause_and_flush_commits_at_once(qtbot):
    widget = make(qtbot, question("text"))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    qtbot.keyClicks(widget.edit, "Maria")
    assert seen == []                       # no save on each keystroke
    assert widget.has_pending_value()
    with qtbot.waitSignal(widget.sig_value_changed, timeout=3000):
        pass
    assert seen == ["Maria"]
    qtbot.keyClicks(widget.edit, " Jose")
    widget.flush()
    assert seen[-1] == "Maria Jose"


def test_integer_refuses_letters_and_decimal_takes_a_comma(qtbot):
    widget = make(qtbot, question("integer"))
    qtbot.keyClicks(widget.edit, "1a2")
    assert widget.value() == "12"
    widget = make(qtbot, question("decimal"))
    qtbot.keyClicks(widget.edit, "3,75")
    assert widget.value() == "3.75"


def test_select_one_click_emits_the_choice_and_can_change(qtbot):
    widget = make(qtbot, question("select_one"))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    widget.buttons["green"].click()
    widget.buttons["blue"].click()
    assert seen[-1] == "blue"
    assert not widget.buttons["green"].isChecked()


def test_quick_appearance_asks_to_move_on(qtbot):
    widget = make(qtbot, question("select_one", appearance="quick"))
    with qtbot.waitSignal(widget.sig_auto_advance, timeout=1000):
        widget.buttons["red"].click()


def test_select_multiple_joins_values_in_choice_order(qtbot):
    widget = make(qtbot, question("select_multiple"))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    widget.buttons["blue"].click()
    widget.buttons["red"].click()
    assert seen[-1] == "red blue"


def test_minimal_select_one_uses_a_list(qtbot):
    widget = make(qtbot, question("select_one", appearance="minimal"))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    widget.combo.setCurrentIndex(2)
    assert seen[-1] == "green"


def test_rank_takes_the_order_shown_once_seen_and_moves_change_it(qtbot):
    widget = make(qtbot, question("rank"))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    qtbot.wait(50)                                    # built and left to the event loop, but never on the screen:
    assert seen == [] and widget.value() == ""        # not answered (a page built ahead is not a page seen)
    widget.show()
    qtbot.waitUntil(lambda: seen == ["red green blue"], timeout=2000)   # the order shown is the answer
    widget.list.setCurrentRow(2)
    widget.up_button.click()
    assert seen[-1] == "red blue green"


def test_a_declined_rank_is_not_answered_by_being_seen(qtbot):
    widget = make(qtbot, question("rank", declined=True))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    widget.show()
    qtbot.wait(50)
    assert seen == [] and widget.value() == ""


def test_range_slider_and_clear(qtbot):
    widget = make(qtbot, question("range", attrs={"start": "0", "end": "10", "step": "2"}))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    widget.slider.setValue(3)
    assert seen[-1] == "6"
    widget.clear_button.click()
    assert seen[-1] == ""


def test_dates_typed_day_first(qtbot):
    widget = make(qtbot, question("date"))
    seen = []
    widget.sig_value_changed.connect(seen.append)
    qtbot.keyClicks(widget.edit, "14/3/2026")
    widget.edit.editingFinished.emit()
    assert seen[-1] == "2026-03-14"
    widget.edit.setText("31/02/2026")
    widget.edit.editingFinished.emit()
    assert widget.problem.isVisibleTo(widget) and "date" in widget.problem.text().lower()


def test_month_year_and_year(qtbot):
    widget = make(qtbot, question("date", appearance="month-year"))
    widget.month.setCurrentIndex(3)
    widget.year.setText("2025")
    widget.year.editingFinished.emit()
    assert widget.value() == "2025-03-01"
    widget = make(qtbot, question("date", appearance="year"))
    widget.year.setText("2019")
    assert widget.value() == "2019-01-01"


def test_geopoint_checks_ranges(qtbot):
    widget = make(qtbot, question("geopoint"))
    widget.fields["lat"].setText("95")
    widget.fields["lon"].setText("-90.5")
    widget.fields["lon"].editingFinished.emit()
    assert "Latitude" in widget.problem.text() or "latitud" in widget.problem.text().lower()
    widget.fields["lat"].setText("14.5")
    widget.fields["lon"].editingFinished.emit()
    assert widget.value() == "14.5 -90.5 0 0"
    assert not widget.problem.isVisibleTo(widget)


def test_geoshape_closes_on_its_first_point(qtbot):
    widget = make(qtbot, question("geoshape"))
    widget.edit.setPlainText("14.1 -90.1\n14.2 -90.2\n14.3 -90.1")
    assert widget.value() == "14.1 -90.1 0 0;14.2 -90.2 0 0;14.3 -90.1 0 0;14.1 -90.1 0 0"


def test_acknowledge_and_file(qtbot, tmp_path):
    widget = make(qtbot, question("acknowledge"))
    widget.check.click()
    assert widget.value() == "OK"
    widget = make(qtbot, question("image"))
    picture = tmp_path / "child.png"
    picture.write_bytes(b"not really a png")
    with qtbot.waitSignal(widget.sig_value_changed):
        widget.attach(str(picture))
    assert widget.value() == "child.png"


def test_problem_message_is_shown_next_to_the_question(qtbot):
    widget = make(qtbot, question("integer", value="200", problem="La edad debe ser menor de 18"))
    assert widget.problem.isVisibleTo(widget)
    assert widget.problem.text() == "La edad debe ser menor de 18"
    assert widget.edit.accessibleDescription() == "La edad debe ser menor de 18"
    widget.set_question(question("integer", value="12"))
    assert not widget.problem.isVisibleTo(widget)


def test_required_hint_and_guidance_shown(qtbot):
    widget = make(qtbot, question("text", required=True, hint="Full name", guidance="Do not insist"))
    assert widget.label.text().startswith("\\*")
    assert widget.hint.isVisibleTo(widget) and widget.guidance.isVisibleTo(widget)
    assert "Do not insist" in widget.guidance.text()


def test_declined_question_is_shown_as_declined(qtbot):
    view = question("select_one", declined=True, extra={"fieldapp:sensitive": "yes"})
    widget = make(qtbot, view)
    assert widget.declined_note.isVisibleTo(widget)
    assert not widget.buttons["red"].isEnabled()
    seen = []
    widget.sig_decline_toggled.connect(seen.append)
    widget.decline_button.click()
    assert seen == [False]


def test_sensitive_question_offers_prefer_not_to_answer(qtbot):
    widget = make(qtbot, question("text", extra={"fieldapp:sensitive": "yes"}))
    assert widget.decline_button.isVisibleTo(widget)
    seen = []
    widget.sig_decline_toggled.connect(seen.append)
    widget.decline_button.click()
    assert seen == [True]
    plain = make(qtbot, question("text"))
    assert not plain.decline_button.isVisibleTo(plain)


def test_label_image_shown_and_audio_unavailable_said(qtbot, tmp_path):
    from PySide6.QtGui import QImage
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    image.save(str(tmp_path / "dog.png"))
    widget = make(qtbot, question("note", media=Media(image=str(tmp_path / "dog.png"), audio=str(tmp_path / "a.mp3"))))
    assert widget.media.image_label is not None
    assert widget.media.audio_button is not None
    from fieldapp.ui.widgets.media import audio_backend
    if audio_backend() is None:
        assert widget.media.audio_note is not None and not widget.media.audio_button.isEnabled()


def test_set_question_does_not_clobber_typing(qtbot):
    widget = make(qtbot, question("text"))
    qtbot.keyClicks(widget.edit, "abc")
    widget.set_question(question("text", value=""))   # a refresh arriving mid-typing
    assert widget.edit.text() == "abc"


def test_arrow_keys_move_between_choices_and_space_chooses(qtbot):
    from PySide6.QtCore import Qt
    widget = make(qtbot, question("select_one"))
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    widget.buttons["red"].setFocus()
    qtbot.keyClick(widget.buttons["red"], Qt.Key.Key_Down)
    assert widget.buttons["green"].hasFocus()
    seen = []
    widget.sig_value_changed.connect(seen.append)
    qtbot.keyClick(widget.buttons["green"], Qt.Key.Key_Space)
    assert seen == ["green"]


def test_columns_and_compact_n_lay_choices_in_columns():
    from fieldapp.ui.widgets.select_one import column_count
    assert column_count("columns-3", 9) == 3
    assert column_count("compact-2", 9) == 2
    assert column_count("horizontal", 4) == 4
    assert column_count("", 4) == 1


def test_choice_with_audio_gets_a_play_button(qtbot, tmp_path):
    from PySide6.QtWidgets import QPushButton
    from fieldapp.xform.model.views import ChoiceView
    sound = tmp_path / "yes.mp3"
    sound.write_bytes(b"")
    choices = (ChoiceView("yes", "Yes", Media(audio=str(sound))), ChoiceView("no", "No"))
    widget = make(qtbot, question("select_one", choices=choices))
    plays = [b for b in widget.findChildren(QPushButton) if b.text() == "▶"]
    assert len(plays) == 1 and plays[0].accessibleName() == "Play: Yes"


def test_a_long_list_of_short_choices_takes_two_columns_where_the_width_allows(qtbot):
    from fieldapp.xform.model.views import ChoiceView
    needs = [ChoiceView(f"n{i}", label) for i, label in enumerate(
        ("Food", "Water", "Health care", "Education", "Work and income", "Safety", "Housing", "Emotional support",
         "Documents", "Climate"))]
    for qtype, appearance in (("select_one", ""), ("select_multiple", ""), ("select_multiple", "minimal")):
        widget = make(qtbot, question(qtype, choices=needs, appearance=appearance))
        widget.resize(1100, 600)
        widget.show()
        buttons = list(widget.buttons.values())
        qtbot.waitUntil(lambda: len({b.x() for b in buttons}) == 2, timeout=2000)
        first, second = buttons[:5], buttons[5:]               # down the first column, then the second
        assert len({b.x() for b in first}) == 1 and len({b.x() for b in second}) == 1
        assert second[0].x() > first[0].x() and second[0].y() == first[0].y()
        widget.resize(220, 600)                               # too narrow for two: one column again
        qtbot.waitUntil(lambda: len({b.x() for b in buttons}) == 1, timeout=2000)
    few = make(qtbot, question("select_one"))                 # three colours stay in one column
    few.resize(1100, 400)
    few.show()
    qtbot.wait(20)
    assert len({b.x() for b in few.buttons.values()}) == 1
