"""A list filtered by an earlier answer says which question to answer first while it has no choices."""

from tests.support.scenario import session_from_md

FORM = """
| survey |  |  |  |  |  |
|  | type | name | label | required | choice_filter |
|  | select_one country | country | Country | yes | |
|  | select_one dept | dept | Department | yes | country = ${country} |
|  | begin repeat | child | Child | | |
|  | select_one country | born | Born in | | |
|  | select_one dept | born_dept | Department of birth | | country = ${born} |
|  | end repeat | | | | |
| choices | | | | |
|  | list_name | name | label | country |
|  | country | gt | Guatemala | |
|  | country | hn | Honduras | |
|  | dept | d1 | Copán | hn |
|  | dept | d2 | Sololá | gt |
"""


def test_an_empty_filtered_list_names_the_question_to_answer_first(tmp_path):
    session = session_from_md(tmp_path, FORM)
    assert session.question("/data/dept").waits_for == ("Country",)
    session.answer("/data/country", "hn")
    view = session.question("/data/dept")
    assert [c.value for c in view.choices] == ["d1"] and view.waits_for == ()
    assert session.question("/data/country").waits_for == ()        # a list that is not filtered


def test_inside_a_repeat_the_same_instance_is_asked_about(tmp_path):
    session = session_from_md(tmp_path, FORM)
    session.answer("/data/child[1]/born", "gt")
    session.add_repeat("/data/child")
    assert session.question("/data/child[1]/born_dept").waits_for == ()
    assert session.question("/data/child[2]/born_dept").waits_for == ("Born in",)
