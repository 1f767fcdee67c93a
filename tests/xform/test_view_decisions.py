"""What the views decide for the UI: which questions are notes, how far through the form a screen is,
and whether the repeat instance a screen is in may be removed."""

from tests.support.scenario import session_from_md

NOTES = """
| survey | type      | name  | label        | calculation | read_only |
|        | note      | intro | Welcome      |             |           |
|        | text      | name  | Name         |             |           |
|        | text      | shown | Shown        | ${name}     | yes       |
|        | integer   | age   | Age          |             | yes       |
|        | integer   | years | Years        |             |           |
"""


def test_a_note_is_an_output_or_a_read_only_free_text(tmp_path):
    session = session_from_md(tmp_path, NOTES)
    notes = {path: session.question(path).is_note for path in
             ("/data/intro", "/data/name", "/data/shown", "/data/age", "/data/years")}
    assert notes == {"/data/intro": True, "/data/name": False, "/data/shown": True,
                     "/data/age": False, "/data/years": False}


def test_the_hierarchy_marks_the_same_questions_as_notes(tmp_path):
    session = session_from_md(tmp_path, NOTES)
    marked = {item.path: item.is_note for item in session.hierarchy()}
    assert marked == {path: session.question(path).is_note for path in marked}


def test_percent_through_only_moves_forward_and_the_end_is_all_the_way(tmp_path):
    session = session_from_md(tmp_path, """
    | survey | type    | name | label | relevant  |
    |        | integer | a    | A     |           |
    |        | integer | b    | B     | ${a} > 1  |
    |        | integer | c    | C     |           |
    |        | integer | d    | D     |           |
    """)
    seen = [session.current().percent_through]
    while True:
        screen = session.next()
        seen.append(screen.percent_through)
        if screen.kind == "end":
            break
    assert seen == [0, 50, 75, 100]   # b is not relevant: its place is skipped, not counted back
    session.jump("/data/a")
    session.answer("/data/a", "5")
    assert session.next().percent_through == 25


REPEATS = """
| survey | type         | name   | label  | repeat_count |
|        | begin repeat | member | Member |              |
|        | text         | name   | Name   |              |
|        | end repeat   | member |        |              |
|        | begin repeat | fixed  | Fixed  | 2            |
|        | text         | label  | Label  |              |
|        | end repeat   | fixed  |        |              |
|        | text         | last   | Last   |              |
"""


def test_only_an_instance_the_interviewer_added_may_be_removed(tmp_path):
    session = session_from_md(tmp_path, REPEATS)
    first = session.current()
    assert first.path == "/data/member[1]/name" and first.removable_repeat == ("/data/member", 1)
    prompt = session.next()
    assert prompt.kind == "repeat_prompt" and prompt.removable_repeat is None
    second = session.add_repeat_here()
    assert second.path == "/data/member[2]/name" and second.removable_repeat == ("/data/member", 2)
    assert session.jump("/data/fixed[1]/label").removable_repeat is None     # jr:count decides
    assert session.jump("/data/last").removable_repeat is None               # in no repeat
