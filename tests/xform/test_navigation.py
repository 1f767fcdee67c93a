"""Navigation: screens in order, field-lists, skipping non-relevant parts, refusing to leave a screen with a problem,
previous, jump, repeat prompts, the end screen, the hierarchy and progress."""

import pytest

from fieldapp.xform.model.errors import AnswerError

from tests.support.scenario import session_from_md

FORM = """
| survey |  |  |  |  |  |  |
|  | type | name | label | relevant | required | appearance |
|  | text | name | Your name | | yes | |
|  | select_one yn | consent | Consent, ${name}? | | yes | |
|  | begin group | about | About you | ${consent} = 'yes' | | field-list |
|  | integer | age | Age | | yes | |
|  | text | town | Town | | | |
|  | text | nick | Nickname | ${age} < 18 | | |
|  | end group | | | | | |
|  | begin group | plain | Plain group | | | |
|  | note | skip | Hidden | false() | | |
|  | text | colour | Colour | | | |
|  | end group | | | | | |
|  | begin repeat | child | Child | | | |
|  | text | cname | Child name | | | |
|  | integer | cage | Child age | | | |
|  | end repeat | | | | | |
|  | text | last | Last | | | |
| choices | | | |
|  | list_name | name | label |
|  | yn | yes | Yes |
|  | yn | no | No |
"""


@pytest.fixture
def session(tmp_path):
    return session_from_md(tmp_path, FORM)


def test_walk_through_screens(session):
    screen = session.current()
    assert (screen.kind, screen.path) == ("question", "/data/name")
    # required: next() stays with the problem shown
    stay = session.next()
    assert stay.path == "/data/name" and stay.questions[0].problem
    session.answer("/data/name", "Ana")
    screen = session.next()
    assert screen.path == "/data/consent" and screen.questions[0].label == "Consent, Ana?"
    session.answer("/data/consent", "yes")
    page = session.next()
    assert page.kind == "group" and page.path == "/data/about" and page.label == "About you"
    assert [q.path for q in page.questions] == ["/data/about/age", "/data/about/town"]
    session.answer("/data/about/age", "12")
    page = session.current()
    assert [q.path for q in page.questions] == ["/data/about/age", "/data/about/town", "/data/about/nick"]
    screen = session.next()
    assert screen.path == "/data/plain/colour" and screen.group_labels == ("Plain group",)
    screen = session.next()
    assert (screen.kind, screen.path) == ("question", "/data/child[1]/cname")
    assert screen.group_labels == ("Child 1",)
    assert session.next().path == "/data/child[1]/cage"
    prompt = session.next()
    assert prompt.kind == "repeat_prompt" and prompt.path == "/data/child" and prompt.repeat_count == 1
    screen = session.add_repeat_here()
    assert screen.path == "/data/child[2]/cname"
    session.next()
    prompt = session.next()
    assert prompt.kind == "repeat_prompt" and prompt.repeat_count == 2
    assert session.next().path == "/data/last"
    assert session.next().kind == "end"
    assert session.next().kind == "end"


def test_non_relevant_groups_are_skipped(session):
    session.answer("/data/name", "Bo")
    session.answer("/data/consent", "no")
    session.jump("/data/consent")
    assert session.next().path == "/data/plain/colour"


def test_previous_and_jump(session):
    session.answer("/data/name", "Ana")
    session.answer("/data/consent", "yes")
    assert session.jump("/data/plain/colour").path == "/data/plain/colour"
    assert session.previous().path == "/data/about"
    assert session.previous().path == "/data/consent"
    assert session.previous().path == "/data/name"
    assert session.previous().path == "/data/name"
    assert session.jump("/data/about/town").path == "/data/about"        # its field-list page
    assert session.jump("/data/child[1]").path == "/data/child[1]/cname"  # a repeat instance
    assert session.jump("/data/plain").path == "/data/plain/colour"       # a plain group
    with pytest.raises(AnswerError):
        session.jump("/data/about/nick")                                    # not relevant now


def test_position_survives_dump_and_is_announced(session):
    seen = []
    session.add_listener(lambda s, c: seen.append((c.kind, c.path)))
    session.answer("/data/name", "Ana")
    session.next()
    assert seen[-1] == ("position", "/data/consent")


def test_hierarchy_and_progress(session):
    session.answer("/data/name", "Ana")
    session.answer("/data/consent", "yes")
    session.answer("/data/about/age", "150x".rstrip("x"))
    session.decline("/data/about/town")
    session.add_repeat("/data/child")
    items = session.hierarchy()
    kinds = [(i.kind, i.path) for i in items]
    assert kinds == [("question", "/data/name"), ("question", "/data/consent"), ("group", "/data/about"),
                     ("group", "/data/plain"), ("repeat", "/data/child"), ("question", "/data/last")]
    about = items[2]
    assert [(q.path, q.status) for q in about.children] == [("/data/about/age", "answered"),
                                                            ("/data/about/town", "declined")]
    repeat = items[4]
    assert [i.path for i in repeat.children] == ["/data/child[1]", "/data/child[2]"]
    assert repeat.children[1].label == "Child 2"
    assert session.progress() == (4, 10)


def test_validate_lists_problems_in_form_order(session):
    session.answer("/data/consent", "yes")
    problems = session.validate()
    assert [(p.path, p.kind) for p in problems] == [("/data/name", "required"), ("/data/about/age", "required")]


def test_problem_status_in_hierarchy(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | constraint |
        |  | integer | a | A | . < 10 |
    """)
    session.answer("/data/a", "20")
    assert session.hierarchy()[0].status == "problem"
    assert session.next().questions[0].problem


def test_field_list_repeats_and_groups_inside_repeats(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | appearance |
        |  | begin repeat | kid | Kid | field-list |
        |  | text | n | Name | |
        |  | integer | a | Age | |
        |  | end repeat | | | |
        |  | begin repeat | pet | Pet | |
        |  | begin group | g | Pet details | field-list |
        |  | text | pn | Pet name | |
        |  | text | pk | Kind | |
        |  | end group | | | |
        |  | end repeat | | | |
    """)
    page = session.current()
    assert (page.kind, page.path, page.label) == ("group", "/data/kid[1]", "Kid")
    assert [q.path for q in page.questions] == ["/data/kid[1]/n", "/data/kid[1]/a"]
    assert session.next().kind == "repeat_prompt"
    page = session.add_repeat_here()
    assert page.path == "/data/kid[2]"
    session.next()
    page = session.next()
    assert (page.path, page.label, page.group_labels) == ("/data/pet[1]/g", "Pet details", ("Pet 1",))
    assert session.jump("/data/kid[2]/a").path == "/data/kid[2]"
    assert session.jump("/data/pet[1]/g/pk").path == "/data/pet[1]/g"
