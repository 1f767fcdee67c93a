"""The automated interviewer (tests/support/interviewer.py): fills a whole form through the navigation, answers what each check accepts,
declines what nothing satisfies, and tells form-placed stops from real blocks."""

from tests.support.interviewer import walk

from tests.support.scenario import session_from_md

FORM = """
| survey |  |  |  |  |  |  |  |
|  | type | name | label | required | constraint | relevant | appearance |
|  | integer | age | Age | yes | . >= 18 | | |
|  | select_one yn | ok | OK? | yes | | | |
|  | begin group | page | Page | | | | field-list |
|  | select_one yn | more | More? | yes | | | |
|  | text | detail | Detail | yes | | ${more} = 'yes' | |
|  | end group | | | | | | |
|  | begin repeat | kid | Kid | | | | |
|  | text | kname | Name | yes | | | |
|  | end repeat | | | | | | |
|  | text | code | Code | yes | regex(., '^[A-Z]{3}$') | | |
|  | date | when | When | | . <= today() | | |
| choices | | | |
|  | list_name | name | label |
|  | yn | yes | Yes |
|  | yn | no | No |
"""


def test_walk_fills_every_visible_question(tmp_path):
    session = session_from_md(tmp_path, FORM)
    report = walk(session, seed=None, repeats=2)
    assert report.completed and not report.stuck
    assert session.value("/data/age") == "18"                    # first candidate the constraint accepts
    assert session.value("/data/page/detail") != ""              # revealed on the page, answered too
    assert session.repeat_count("/data/kid") == 2
    assert session.declined("/data/code")                        # no candidate fits the regex
    assert session.validate() == []
    assert session.current().kind == "end"


def test_walk_reports_a_stop_placed_by_the_form(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |  |
        |  | type | name | label | required | relevant |
        |  | select_one yn | child | Child? | | |
        |  | note | stop | Do not continue with a child | yes | ${child} = 'yes' |
        |  | text | after | After | | |
        | choices | | | |
        |  | list_name | name | label |
        |  | yn | yes | Yes |
    """)
    report = walk(session, seed=None)
    assert report.completed and report.guards == ["/data/stop"] and not report.stuck
