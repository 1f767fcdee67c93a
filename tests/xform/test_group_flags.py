"""A group's fieldapp: marks (sensitive, self) cover every question inside it (FORMS.md: "question or group").

GF-1 a question in a sensitive group reads as sensitive in its QuestionView, nested groups included
GF-2 questions outside the group, and the question's own attributes, are left as they are
"""

from tests.support.scenario import session_from_md

FORM = """
| survey   |                |         |             |                          |                     |
|          | type           | name    | label       | bind::fieldapp:sensitive | bind::fieldapp:pii  |
|          | integer        | age     | Age         |                          |                     |
|          | begin group    | safety  | Safety      | yes                      |                     |
|          | begin group    | home    | At home     |                          |                     |
|          | text           | who     | Who is home |                          | yes                 |
|          | end group      |         |             |                          |                     |
|          | end group      |         |             |                          |                     |
| settings |                |         |             |                          |                     |
|          | form_id        | namespaces |          |                          |                     |
|          | group_flags    | fieldapp="urn:fieldapp:xforms" | |                 |                     |
"""


def test_question_in_a_sensitive_group_is_sensitive(tmp_path):
    session = session_from_md(tmp_path, FORM)
    view = session.question("/data/safety/home/who")
    assert view.extra["fieldapp:sensitive"] == "yes"
    assert view.extra["fieldapp:pii"] == "yes"


def test_question_outside_the_group_is_not(tmp_path):
    session = session_from_md(tmp_path, FORM)
    assert "fieldapp:sensitive" not in session.question("/data/age").extra
