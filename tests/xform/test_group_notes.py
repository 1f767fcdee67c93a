"""A group's hint and guidance (dropped by pyxform) reach its first screen, translated, with ${name} filled in;
"Go to…" reads choice labels, not their codes."""

from tests.support.scenario import session_from_md

FORM = """
| survey |  |  |  |  |  |  |  |  |
|  | type | name | label::English (en) | label::Español (es) | hint::English (en) | hint::Español (es) | guidance_hint::English (en) | appearance |
|  | text | name | Name | Nombre | | | | |
|  | begin group | safety | Safety | Seguridad | You can stop, ${name}. | Puedes parar, ${name}. | | |
|  | begin group | feel | Feeling safe | Sentirse seguro | | | This is not a diagnosis. | field-list |
|  | select_one yn | home | Safe at home? | ¿Segura en casa? | | | | |
|  | select_multiple yn | school | Safe at school? | ¿Segura en la escuela? | | | | |
|  | end group | | | | | | | |
|  | text | more | More | Más | | | | |
|  | end group | | | | | | | |
| choices | | | | |
|  | list_name | name | label::English (en) | label::Español (es) |
|  | yn | yes | Yes | Sí |
|  | yn | no_not_really | No | No |
| settings | | |
|  | form_id | default_language |
|  | notes | English (en) |
"""

PLAIN = """
| survey |  |  |  |  |  |
|  | type | name | label | hint | guidance_hint |
|  | begin group | intro | Introduction | Read this first & slowly. | Sit at the child's level. |
|  | text | a | A | | |
|  | end group | | | | |
"""


def test_a_groups_hint_and_guidance_show_on_its_first_screen_only(tmp_path):
    session = session_from_md(tmp_path, FORM)
    session.answer("/data/name", "Ana")
    screen = session.next()
    assert screen.path == "/data/safety/feel"
    assert [(n.label, n.hint, n.guidance) for n in screen.notes] == [
        ("Safety", "You can stop, Ana.", ""), ("Feeling safe", "", "This is not a diagnosis.")]
    session.set_language("Español (es)")
    assert session.current().notes[0].hint == "Puedes parar, Ana."
    session.answer("/data/safety/feel/home", "yes")
    assert session.next().path == "/data/safety/more"
    assert session.current().notes == ()            # not the group's first screen any more
    assert session.previous().notes                 # back on it: shown again


def test_a_form_without_translations_gets_its_group_texts_too(tmp_path):
    session = session_from_md(tmp_path, PLAIN)
    note = session.current().notes[0]
    assert (note.label, note.hint, note.guidance) == ("Introduction", "Read this first & slowly.", "Sit at the child's level.")


def test_go_to_shows_choice_labels_in_the_questionnaire_language(tmp_path):
    session = session_from_md(tmp_path, FORM)
    session.set_language("Español (es)")
    session.answer("/data/safety/feel/home", "no_not_really")
    session.answer("/data/safety/feel/school", "yes no_not_really")
    session.answer("/data/name", "Ana")
    answers = {}

    def collect(items):
        for item in items:
            answers[item.path] = (item.value, item.shown)
            collect(item.children)
    collect(session.hierarchy())
    assert answers["/data/safety/feel/home"] == ("no_not_really", "No")
    assert answers["/data/safety/feel/school"] == ("yes no_not_really", "Sí, No")
    assert answers["/data/name"] == ("Ana", "Ana")
