"""FormSession: defaults, preloads, typed answers, relevance, required/constraint messages, calculations,
readonly, languages, outputs in labels, actions, once(), decline, dump/restore, to_xml, listeners."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from fieldapp.xform.model.errors import AnswerError
from fieldapp.xform.session.form_session import FormSession

from tests.support.scenario import FIXED_NOW, form_from_md, session_from_md

BASICS = """
| survey |  |  |  |  |  |  |  |  |
|  | type | name | label | relevant | required | constraint | calculation | default |
|  | start | start | | | | | | |
|  | today | today | | | | | | |
|  | deviceid | deviceid | | | | | | |
|  | username | username | | | | | | |
|  | integer | age | Age | | yes | . >= 0 and . <= 120 | | |
|  | decimal | height | Height | | | | | 1.5 |
|  | date | born | Born | | | . <= today() | | |
|  | select_one yn | adult | Adult? | ${age} >= 18 | | | | |
|  | text | job | Job | ${adult} = 'yes' | | | | |
|  | text | employer | Employer | ${job} != '' | | | | |
|  | calculate | double | | | | | ${age} * 2 | |
|  | calculate | quad | | | | | ${double} * 2 | |
|  | note | shown | Age is ${age}, doubled ${double} | | | | | |
| choices | | | |
|  | list_name | name | label |
|  | yn | yes | Yes |
|  | yn | no | No |
"""


@pytest.fixture
def basics(tmp_path):
    return session_from_md(tmp_path, BASICS, properties={"deviceid": "laptop-7", "username": "ana"})


def test_preloads_defaults_and_instance_id(basics):
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", basics.instance_id)
    assert basics.value("/data/meta/instanceID") == basics.instance_id
    assert basics.value("/data/start").startswith("2024-03-15T10:30:00.000")
    assert basics.value("/data/today") == "2024-03-15"
    assert basics.value("/data/deviceid") == "laptop-7"
    assert basics.value("/data/username") == "ana"
    assert basics.value("/data/height") == "1.5"


def test_an_integer_refuses_letters_with_a_message(basics):
    with pytest.raises(AnswerError) as caught:
        basics.answer("/data/age", "abc")
    assert caught.value.code == "int" and "whole number" in caught.value.message
    assert basics.value("/data/age") == ""


def test_dates_must_be_iso(basics):
    with pytest.raises(AnswerError):
        basics.answer("/data/born", "15/03/2010")
    assert basics.answer("/data/born", "2010-03-15") == []


def test_unknown_paths_and_non_questions_are_refused(basics):
    with pytest.raises(AnswerError):
        basics.answer("/data/nothing", "1")
    with pytest.raises(AnswerError):
        basics.answer("/data/double", "1")     # a calculation
    with pytest.raises(AnswerError):
        basics.answer("/data/adult", "maybe")  # not one of the choices


def test_constraint_keeps_the_value_and_reports_it(basics):
    problems = basics.answer("/data/age", "150")
    assert basics.value("/data/age") == "150"
    assert [(p.path, p.kind) for p in problems] == [("/data/age", "constraint")]
    assert basics.answer("/data/born", "2030-01-01")[0].kind == "constraint"
    assert basics.answer("/data/age", "30") == []


def test_required_is_reported_when_cleared_and_at_validate(basics):
    assert [p.kind for p in basics.answer("/data/age", "")] == ["required"]
    assert [(p.path, p.kind) for p in basics.validate()] == [("/data/age", "required")]


def test_relevance_cascade_and_output(basics):
    assert not basics.relevant("/data/adult")
    basics.answer("/data/age", "30")
    assert basics.relevant("/data/adult") and not basics.relevant("/data/job")
    basics.answer("/data/adult", "yes")
    basics.answer("/data/job", "baker")
    assert basics.relevant("/data/employer")
    basics.answer("/data/age", "12")
    # adult is no longer relevant; job and employer follow although their own conditions hold
    assert not basics.relevant("/data/adult")
    assert basics.value("/data/adult") == "yes"   # kept while filling, as Collect does
    xml = basics.to_xml()
    assert "<adult>" not in xml and "<age>12</age>" in xml


def test_calculations_chain(basics):
    basics.answer("/data/age", "10")
    assert (basics.value("/data/double"), basics.value("/data/quad")) == ("20", "40")
    assert basics.question("/data/shown").label == "Age is 10, doubled 20"
    basics.answer("/data/age", "")
    # JavaRosa stores nothing for a NaN result (Recalculate.wrapData)
    assert basics.value("/data/quad") == ""


def test_listeners_receive_every_changed_value(basics):
    seen = []
    basics.add_listener(lambda session, change: seen.append(change))
    basics.answer("/data/age", "21")
    change = seen[-1]
    assert change.kind == "answer" and change.path == "/data/age" and change.old_value == ""
    assert change.values == {"/data/age": "21", "/data/double": "42", "/data/quad": "84"}
    assert not change.structural


def test_listener_errors_propagate(basics):
    def full_disk(session, change):
        raise OSError("disk full")
    basics.add_listener(full_disk)
    with pytest.raises(OSError):
        basics.answer("/data/age", "5")


def test_decline_satisfies_required_and_is_kept(basics, tmp_path):
    basics.answer("/data/age", "40")
    basics.decline("/data/age")
    assert basics.value("/data/age") == "" and basics.declined("/data/age")
    assert basics.validate() == []
    state = basics.dump()
    assert state["declined"] == ["/data/age"]
    again = FormSession.restore(basics.form, state)
    assert again.declined("/data/age") and again.validate() == []
    basics.answer("/data/age", "41")
    assert not basics.declined("/data/age")


def test_readonly_questions_refuse_answers(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | readonly |
        |  | text | fixed | Fixed | yes |
        |  | text | free | Free | |
    """)
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/fixed", "x")
    assert caught.value.code == "readonly"
    assert session.answer("/data/free", "x") == []


LANGS = """
| survey |  |  |  |  |  |  |  |  |
|  | type | name | label::English (en) | label::Español (es) | required | required_message::English (en) | required_message::Español (es) | constraint | constraint_message::English (en) | constraint_message::Español (es) |
|  | integer | kids | How many children, ${who}? | ¿Cuántos niños, ${who}? | yes | Please answer | Por favor responda | . < 20 | Fewer than 20 | Menos de 20 |
|  | text | who | Name | Nombre | | | | | | |
| settings | |
|  | default_language |
|  | English (en) |
"""


def test_messages_and_labels_follow_the_language(tmp_path):
    session = session_from_md(tmp_path, LANGS)
    assert session.language == "English (en)"
    session.answer("/data/who", "Ana")
    assert session.question("/data/kids").label == "How many children, Ana?"
    assert session.answer("/data/kids", "25")[0].message == "Fewer than 20"
    session.set_language("Español (es)")
    assert session.question("/data/kids").label == "¿Cuántos niños, Ana?"
    assert session.validate()[0].message == "Menos de 20"
    assert session.answer("/data/kids", "")[0].message == "Por favor responda"
    session.set_language("English (en)")
    assert session.validate()[0].message == "Please answer"
    with pytest.raises(AnswerError):
        session.set_language("Klingon")


def test_engine_messages_are_translated(tmp_path):
    session = session_from_md(tmp_path, LANGS, language="Español (es)")
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/kids", "muchos")
    assert "número entero" in caught.value.message


ACTIONS = """
| survey |  |  |  |  |  |  |
|  | type | name | label | default | trigger | calculation |
|  | integer | a | A | | | |
|  | begin repeat | r | R | | | |
|  | integer | pos | P | position(..) | | |
|  | text | t | T | | | |
|  | end repeat | | | | | |
|  | text | stamp | W | | ${a} | concat('a was ', ${a}) |
|  | calculate | first_a | | | | once(concat('first:', ${a})) |
|  | calculate | rnd | | | | once(random()) |
"""


def test_setvalue_on_new_repeat_and_on_value_change(tmp_path):
    session = session_from_md(tmp_path, ACTIONS)
    assert session.value("/data/r[1]/pos") == "1"
    assert session.add_repeat("/data/r") == 2
    assert session.value("/data/r[2]/pos") == "2"
    assert session.value("/data/stamp") == ""
    session.answer("/data/a", "7")
    assert session.value("/data/stamp") == "a was 7"
    session.answer("/data/stamp", "typed over")
    session.answer("/data/a", "8")
    assert session.value("/data/stamp") == "a was 8"


def test_once_keeps_its_first_value(tmp_path):
    session = session_from_md(tmp_path, ACTIONS)
    assert session.value("/data/first_a") == "first:"
    session.answer("/data/a", "5")
    assert session.value("/data/first_a") == "first:"
    rnd = session.value("/data/rnd")
    assert 0 <= float(rnd) < 1
    restored = FormSession.restore(session.form, session.dump())
    assert restored.value("/data/rnd") == rnd


def test_dump_restore_round_trip_is_exact(tmp_path):
    form = form_from_md(tmp_path, ACTIONS)
    session = form.new_session(clock=lambda: FIXED_NOW)
    session.add_repeat("/data/r")
    session.add_repeat("/data/r")
    session.answer("/data/r[3]/t", "third")
    session.remove_repeat("/data/r", 1)
    session.answer("/data/a", "3")
    session.next()
    state = json.loads(json.dumps(session.dump()))     # JSON-safe, as the store keeps it
    restored = FormSession.restore(form, state, clock=lambda: FIXED_NOW)
    assert restored.dump() == state
    assert restored.to_xml() == session.to_xml()
    assert restored.instance_id == session.instance_id
    assert restored.repeat_count("/data/r") == 2 and restored.value("/data/r[2]/t") == "third"
    assert restored.current() == session.current()


def test_to_xml_is_an_odk_instance(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | relevant |
        |  | text | a | A | |
        |  | begin group | g | G | ${a} = 'show' |
        |  | text | b | B | |
        |  | end group | | | |
        |  | text | c | C | ${a} = 'show' |
        | settings | |
        |  | version |
        |  | 2024.1 |
    """)
    session.answer("/data/a", "show")
    session.answer("/data/g/b", "inside")
    session.answer("/data/c", "see")
    root = ET.fromstring(session.to_xml())
    assert root.tag == "data" and root.get("version") == "2024.1" and root.get("id") == "form"
    assert root.findtext("g/b") == "inside" and root.findtext("c") == "see"
    assert root.findtext("meta/instanceID") == session.instance_id
    session.answer("/data/a", "hide")
    root = ET.fromstring(session.to_xml())
    assert root.find("g") is None and root.find("c") is None and root.findtext("a") == "hide"


def test_new_version_has_a_deprecated_id(basics):
    basics.answer("/data/age", "33")
    edited = basics.new_version()
    assert edited.instance_id != basics.instance_id and edited.deprecated_id == basics.instance_id
    root = ET.fromstring(edited.to_xml())
    assert root.findtext("meta/instanceID") == edited.instance_id
    assert root.findtext("meta/deprecatedID") == basics.instance_id
    assert root.findtext("age") == "33"


def test_choice_names_follow_the_language(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label::English (en) | label::Español (es) | calculation |
        |  | select_one c | colour | Colour | Color | |
        |  | calculate | colour_name | | | jr:choice-name(${colour}, '${colour}') |
        | choices | | | | |
        |  | list_name | name | label::English (en) | label::Español (es) |
        |  | c | r | Red | Rojo |
        |  | c | g | Green | Verde |
    """)
    session.answer("/data/colour", "g")
    assert session.value("/data/colour_name") == "Green"
    session.set_language("Español (es)")
    assert session.value("/data/colour_name") == "Verde"


def test_a_failing_expression_is_recorded_not_raised(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |
        |  | type | name | label | calculation |
        |  | begin repeat | r | R | |
        |  | integer | x | X | |
        |  | end repeat | | | |
        |  | integer | n | N | |
        |  | calculate | one | | /data/r/x + ${n} |
    """)
    session.add_repeat("/data/r")
    session.answer("/data/r[1]/x", "1")
    session.answer("/data/n", "2")     # /data/r/x now names two nodes: JavaRosa refuses that
    assert session.value("/data/n") == "2"
    assert any(path == "/data/one" for path, _kind, _message in session.expression_errors)


def test_non_relevant_answers_read_as_empty(tmp_path):
    # JavaRosa reads a non-relevant node as empty (and leaves it out of node-sets)
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |  |
        |  | type | name | label | relevant | calculation |
        |  | select_one yn | has_income | Income? | | |
        |  | begin group | money | Money | ${has_income} = 'yes' | |
        |  | integer | salary | Salary | | |
        |  | end group | | | | |
        |  | integer | other | Other income | | |
        |  | calculate | total | | | ${salary} + ${other} |
        |  | calculate | said | | | if(${salary} = '', 'nothing', 'something') |
        | choices | | | |
        |  | list_name | name | label |
        |  | yn | yes | Yes |
        |  | yn | no | No |
    """)
    session.answer("/data/has_income", "yes")
    session.answer("/data/money/salary", "100")
    session.answer("/data/other", "5")
    assert session.value("/data/total") == "105" and session.value("/data/said") == "something"
    session.answer("/data/has_income", "no")
    assert session.value("/data/money/salary") == "100"     # kept...
    assert session.value("/data/said") == "nothing"          # ...but read as empty
    assert session.value("/data/total") == ""
    session.answer("/data/has_income", "yes")
    assert session.value("/data/total") == "105"


ENTITY = """<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa"
 xmlns:entities="http://www.opendatakit.org/xforms/entities">
<h:head><h:title>entity</h:title><model entities:entities-version="2024.1.0">
<instance><data id="entity"><name/><meta><instanceID/><entity dataset="people" id="" create="1"><label/></entity></meta></data></instance>
<bind nodeset="/data/name" type="string"/>
<bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>
<bind nodeset="/data/meta/entity/@id" type="string" readonly="true()" calculate="concat('person-', /data/name)"/>
<bind nodeset="/data/meta/entity/label" type="string" calculate="/data/name"/>
</model></h:head>
<h:body><input ref="/data/name"><label>Name</label></input></h:body></h:html>
"""


def test_calculated_attributes_for_entities(tmp_path):
    path = tmp_path / "entity.xml"
    path.write_text(ENTITY, encoding="utf-8")
    from fieldapp.xform import load_form
    form = load_form(path, cache=False)
    session = form.new_session()
    session.answer("/data/name", "Ana")
    root = ET.fromstring(session.to_xml())
    entity = root.find("meta/entity")
    assert entity.get("id") == "person-Ana" and entity.findtext("label") == "Ana"
    restored = FormSession.restore(form, session.dump())
    assert ET.fromstring(restored.to_xml()).find("meta/entity").get("id") == "person-Ana"


LAST_SAVED = """<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa"
 xmlns:odk="http://www.opendatakit.org/xforms">
<h:head><h:title>last</h:title><model odk:xforms-version="1.0.0">
<instance><data id="last"><village/><meta><instanceID/></meta></data></instance>
<instance id="__last-saved" src="jr://instance/last-saved"/>
<bind nodeset="/data/village" type="string"/>
<bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>
<setvalue event="odk-instance-first-load" ref="/data/village" value=" instance('__last-saved')/data/village "/>
</model></h:head>
<h:body><input ref="/data/village"><label>Village</label></input></h:body></h:html>
"""


def test_defaults_from_the_last_saved_filling(tmp_path):
    path = tmp_path / "last.xml"
    path.write_text(LAST_SAVED, encoding="utf-8")
    from fieldapp.xform import load_form
    form = load_form(path, cache=False)
    first = form.new_session()
    assert first.value("/data/village") == ""
    first.answer("/data/village", "San Marcos")
    second = form.new_session(last_saved=first.to_xml())
    assert second.value("/data/village") == "San Marcos"


def test_label_media_in_the_current_language(tmp_path):
    (tmp_path / "dog_en.png").write_bytes(b"png")
    (tmp_path / "perro.png").write_bytes(b"png")
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |  |  |
        |  | type | name | label::English (en) | label::Español (es) | image::English (en) | image::Español (es) |
        |  | select_one pets | pet | Pet | Mascota | dog_en.png | perro.png |
        | choices | | | | | |
        |  | list_name | name | label::English (en) | label::Español (es) | image::English (en) |
        |  | pets | dog | Dog | Perro | dog_en.png |
        |  | pets | cat | Cat | Gato | missing.png |
    """)
    view = session.question("/data/pet")
    assert view.media.image == str(tmp_path / "dog_en.png")
    assert view.choices[0].media.image == str(tmp_path / "dog_en.png")
    assert view.choices[1].media.image is None          # named by the form but not next to it
    session.set_language("Español (es)")
    view = session.question("/data/pet")
    assert view.label == "Mascota" and view.media.image == str(tmp_path / "perro.png")


def test_range_values_stay_within_bounds_and_steps(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | parameters |
        |  | range | pain | Pain | start=0 end=10 step=2 |
    """)
    assert session.answer("/data/pain", "4") == []
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/pain", "12")
    assert caught.value.code == "range"
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/pain", "3")
    assert caught.value.code == "range_step"
    assert session.value("/data/pain") == "4"


def test_answers_are_escaped_in_the_submission(tmp_path):
    # an unescaped < or & gives a malformed submission the server refuses
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label | calculation |
        |  | text | note | Note | |
        |  | calculate | copy | | concat(${note}, ' "ok"') |
    """)
    typed = 'a < b & c > d "quoted" \'single\' ]]> <tag/>'
    session.answer("/data/note", typed)
    root = ET.fromstring(session.to_xml())
    assert root.findtext("note") == typed
    assert root.findtext("copy") == typed + ' "ok"'


def test_numbers_compare_equal_within_javarosa_tolerance(tmp_path):
    # 0.1 + 0.2 is 0.30000000000000004 in binary: JavaRosa's = treats it as 0.3 (|a - b| < 1e-12)
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |  |
        |  | type | name | label | calculation | relevant |
        |  | decimal | a | A | | |
        |  | decimal | b | B | | |
        |  | calculate | sum_is | | ${a} + ${b} = 0.3 | |
        |  | calculate | sum_is_not | | ${a} + ${b} != 0.3 | |
        |  | calculate | literal | | 0.1 + 0.2 = 0.3 | |
        |  | text | shown | Shown | | ${a} + ${b} = 0.3 |
        |  | calculate | far | | ${a} + ${b} = 0.3000001 | |
    """)
    session.answer("/data/a", "0.1")
    session.answer("/data/b", "0.2")
    assert session.value("/data/sum_is") == "true" and session.value("/data/sum_is_not") == "false"
    assert session.value("/data/literal") == "true" and session.relevant("/data/shown")
    assert session.value("/data/far") == "false"


def test_readonly_is_inherited_from_a_group(tmp_path):
    session = session_from_md(tmp_path, """
        | survey |  |  |  |  |  |
        |  | type | name | label | read_only | calculation |
        |  | integer | n | N | | |
        |  | begin group | fixed | Fixed | true() | |
        |  | text | inside | Inside | | |
        |  | end group | fixed | | | |
        |  | begin group | locked | Locked | ${n} > 5 | |
        |  | text | later | Later | | |
        |  | end group | locked | | | |
    """)
    assert session.readonly("/data/fixed/inside")
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/fixed/inside", "x")
    assert caught.value.code == "readonly"
    assert not session.readonly("/data/locked/later")
    session.answer("/data/locked/later", "typed first")
    session.answer("/data/n", "9")
    assert session.readonly("/data/locked/later")
    with pytest.raises(AnswerError):
        session.answer("/data/locked/later", "changed")
    assert session.value("/data/locked/later") == "typed first"
    session.answer("/data/n", "1")
    assert session.answer("/data/locked/later", "changed") == []


def test_a_fixed_choice_list_is_built_once_and_labels_that_show_answers_stay_live(tmp_path):
    form = form_from_md(tmp_path, """
        | survey |  |  |  |  |
        |  | type | name | label::English (en) | label::Español (es) |
        |  | text | who | Who | Quién |
        |  | select_one places | place | Place | Lugar |
        |  | select_one people | person | Person | Persona |
        | choices | | | | |
        |  | list_name | name | label::English (en) | label::Español (es) |
        |  | places | north | North | Norte |
        |  | places | south | South | Sur |
        |  | people | me | Me (${who}) | Yo (${who}) |
        |  | people | other | Someone else | Otra persona |
    """)
    first, second = form.new_session(), form.new_session()
    labels = [c.label for c in first.question("/data/place").choices]
    assert labels == ["North", "South"]
    assert [c.label for c in second.question("/data/place").choices] == labels
    # the second session reads the list the first one built (a list of 200,000 is built once per form)
    assert second.question("/data/place").choices[0] is first.question("/data/place").choices[0]
    second.set_language("Español (es)")
    assert [c.label for c in second.question("/data/place").choices] == ["Norte", "Sur"]
    assert [c.label for c in first.question("/data/place").choices] == labels
    first.answer("/data/who", "Ana")
    second.answer("/data/who", "Luis")
    assert first.question("/data/person").choices[0].label == "Me (Ana)"
    assert second.question("/data/person").choices[0].label == "Yo (Luis)"
