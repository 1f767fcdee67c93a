"""Repeats: add/remove, jr:count growing and shrinking, cascading selects inside instances, aggregates across them."""

import pytest

from fieldapp.xform.model.errors import AnswerError

from tests.support.scenario import session_from_md

COUNTED = """
| survey |  |  |  |  |  |  |  |
|  | type | name | label | repeat_count | choice_filter | relevant | calculation |
|  | integer | n | How many? | | | | |
|  | begin repeat | person | Person | ${n} | | | |
|  | text | name | Name | | | | |
|  | integer | age | Age | | | | |
|  | select_one region | region | Region | | | | |
|  | select_one town | town | Town | | region = ${region} | | |
|  | text | school | School | | | ${age} < 18 | |
|  | calculate | label | | | | | concat(${name}, ' (', ${age}, ')') |
|  | end repeat | | | | | | |
|  | calculate | total_age | | | | | sum(${age}) |
|  | calculate | people | | | | | count(${person}) |
| choices | | | | |
|  | list_name | name | label | region |
|  | region | north | North | |
|  | region | south | South | |
|  | town | n1 | North town 1 | north |
|  | town | n2 | North town 2 | north |
|  | town | s1 | South town 1 | south |
"""


@pytest.fixture
def counted(tmp_path):
    return session_from_md(tmp_path, COUNTED)


def test_jr_count_grows_and_a_lower_count_keeps_the_answers(counted):
    assert counted.repeat_count("/data/person") == 0
    changes = []
    counted.add_listener(lambda s, c: changes.append(c))
    counted.answer("/data/n", "3")
    assert counted.repeat_count("/data/person") == 3 and changes[-1].structural
    counted.answer("/data/person[1]/name", "Ana")
    counted.answer("/data/person[1]/age", "30")
    counted.answer("/data/person[3]/age", "5")
    assert counted.value("/data/total_age") == "35" and counted.value("/data/people") == "3"
    # ODK Collect removes no instance when the count goes down: a count typed too low loses nothing
    counted.answer("/data/n", "2")
    assert counted.repeat_count("/data/person") == 3
    assert counted.value("/data/person[1]/label") == "Ana (30)" and counted.value("/data/person[3]/age") == "5"
    assert counted.value("/data/total_age") == "35" and counted.value("/data/people") == "3"
    counted.answer("/data/n", "4")
    assert counted.repeat_count("/data/person") == 4 and counted.value("/data/person[4]/age") == ""
    counted.answer("/data/n", "")
    assert counted.repeat_count("/data/person") == 4 and counted.value("/data/people") == "4"


def test_counted_repeats_cannot_be_added_by_hand(counted):
    with pytest.raises(AnswerError):
        counted.add_repeat("/data/person")


def test_each_instance_has_its_own_relevance_and_calculations(counted):
    counted.answer("/data/n", "2")
    counted.answer("/data/person[1]/age", "10")
    counted.answer("/data/person[2]/age", "40")
    assert counted.relevant("/data/person[1]/school") and not counted.relevant("/data/person[2]/school")
    counted.answer("/data/person[2]/name", "Bo")
    assert counted.value("/data/person[2]/label") == "Bo (40)"
    assert counted.value("/data/person[1]/label") == " (10)"


def test_cascading_select_inside_a_repeat_filters_per_instance(counted):
    counted.answer("/data/n", "2")
    counted.answer("/data/person[1]/region", "north")
    counted.answer("/data/person[2]/region", "south")
    towns = lambda i: [c.value for c in counted.question(f"/data/person[{i}]/town").choices]
    assert towns(1) == ["n1", "n2"] and towns(2) == ["s1"]
    assert counted.question("/data/person[1]/town").choices[0].label == "North town 1"
    counted.answer("/data/person[1]/town", "n2")
    with pytest.raises(AnswerError):
        counted.answer("/data/person[2]/town", "n1")    # not offered in that instance


FREE = """
| survey |  |  |  |  |
|  | type | name | label | calculation |
|  | begin repeat | child | Child | |
|  | text | name | Name | |
|  | calculate | number | | position(..) |
|  | end repeat | | | |
|  | calculate | names | | join(', ', ${name}) |
"""


def test_add_and_remove_instances(tmp_path):
    session = session_from_md(tmp_path, FREE)
    assert session.repeat_count("/data/child") == 1     # the form's instance holds a first one
    assert session.add_repeat("/data/child") == 2
    assert session.add_repeat("/data/child") == 3
    for i, name in enumerate(["Ana", "Bo", "Cy"], 1):
        session.answer(f"/data/child[{i}]/name", name)
    assert session.value("/data/names") == "Ana, Bo, Cy"
    assert session.value("/data/child[3]/number") == "3"
    session.remove_repeat("/data/child", 1)
    assert session.value("/data/names") == "Bo, Cy"
    assert session.value("/data/child[1]/name") == "Bo" and session.value("/data/child[2]/number") == "2"
    with pytest.raises(AnswerError):
        session.remove_repeat("/data/child", 5)
    assert "<child><name>Bo</name><number>1</number></child>" in session.to_xml()


NESTED = """
| survey |  |  |  |  |
|  | type | name | label | calculation |
|  | begin repeat | house | House | |
|  | begin repeat | room | Room | |
|  | integer | beds | Beds | |
|  | end repeat | | | |
|  | calculate | house_beds | | sum(../room/beds) |
|  | end repeat | | | |
"""


def test_nested_repeats_add_within_their_parent_instance(tmp_path):
    session = session_from_md(tmp_path, NESTED)
    session.add_repeat("/data/house")
    # a new instance is built from the template, which holds no room instance (JavaRosa does the same)
    assert session.repeat_count("/data/house[2]/room") == 0
    assert session.add_repeat("/data/house[2]/room") == 1
    assert session.add_repeat("/data/house[2]/room") == 2
    session.answer("/data/house[2]/room[1]/beds", "2")
    session.answer("/data/house[2]/room[2]/beds", "3")
    session.answer("/data/house[1]/room[1]/beds", "1")
    assert session.value("/data/house[2]/house_beds") == "5"
    assert session.value("/data/house[1]/house_beds") == "1"
    assert session.repeat_count("/data/house[1]/room") == 1


def test_randomized_choices_keep_one_order_per_filling(tmp_path):
    from tests.support.scenario import form_from_md
    form = form_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | parameters |
        |  | select_one colours | pick | Pick | randomize=true |
        |  | select_one colours | seeded | Seeded | randomize=true seed=42 |
        | choices | | | |
        |  | list_name | name | label |
        |  | colours | a | A |
        |  | colours | b | B |
        |  | colours | c | C |
        |  | colours | d | D |
        |  | colours | e | E |
        |  | colours | f | F |
    """)
    first = form.new_session()
    order = lambda s, q: [c.value for c in s.question(f"/data/{q}").choices]
    assert order(first, "pick") == order(first, "pick")
    assert sorted(order(first, "pick")) == list("abcdef")
    assert order(first, "seeded") == order(form.new_session(), "seeded")
    assert len({tuple(order(form.new_session(), "pick")) for _ in range(8)}) > 1


def test_nested_counted_repeats_follow_their_own_instance(tmp_path):
    from tests.support.scenario import form_from_md
    session = form_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | repeat_count |
        |  | integer | houses | Houses | |
        |  | begin repeat | house | House | ${houses} |
        |  | integer | rooms | Rooms | |
        |  | begin repeat | room | Room | ../rooms |
        |  | text | use | Use | |
        |  | end repeat | | | |
        |  | end repeat | | | |
    """).new_session()
    session.answer("/data/houses", "2")
    session.answer("/data/house[1]/rooms", "3")
    session.answer("/data/house[2]/rooms", "1")
    assert session.repeat_count("/data/house[1]/room") == 3 and session.repeat_count("/data/house[2]/room") == 1
    session.answer("/data/house[1]/rooms", "4")
    assert session.repeat_count("/data/house[1]/room") == 4 and session.repeat_count("/data/house[2]/room") == 1


def test_repeat_changes_reach_listeners(tmp_path):
    session = session_from_md(tmp_path, FREE)
    seen = []
    session.add_listener(lambda s, change: seen.append(change))
    session.add_repeat("/data/child")
    added = seen[-1]
    assert (added.kind, added.path, added.structural) == ("add_repeat", "/data/child[2]", True)
    assert added.values["/data/child[2]/number"] == "2"
    session.answer("/data/child[2]/name", "Bo")
    session.remove_repeat("/data/child", 1)
    removed = seen[-1]
    assert (removed.kind, removed.path, removed.structural) == ("remove_repeat", "/data/child[1]", True)
    assert session.dump()["repeats"] == {"/data/child": 1}
