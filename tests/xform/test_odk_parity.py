"""Regression tests from differential runs against ODK on generated forms: the engine behaves as ODK Collect.

Each test pins one behaviour where we differed from ODK, with the value ODK Collect
(JavaRosa) gives. Where ODK Collect and ODK Web Forms disagree we follow Collect on
purpose; those deliberate differences from Web Forms are:

* regex() must match the whole value (JavaRosa's Pattern.matches, javarosa#531), not a substring.
* round() takes halves up (Java's Math.round: round(-2.5) = -2), not away from zero.
* A calculation giving NaN stores "" (JavaRosa's wrapData drops NaN).
* A calculation that copies a whole decimal stores "448", not "448.0" (wrapData makes it an IntegerData).
* A date computed into an untyped calculation stores a full date-time (wrapData makes a DateTimeData).
* format-date() knows %a/%b (short day and month names); Web Forms leaves them out.
* A boolean calculation: JavaRosa keeps it as BooleanData, written "1"/"0" in its XML and read as
  a Boolean by XPath. We write "true"/"false" (xsd:boolean, as Web Forms and Enketo do, and as
  exports show it) but read it back as a boolean, so if(${flag}, ...), ${flag} = 1, ${flag} = 'true'
  and not(${flag}) give Collect's results (there "false" would be a non-empty, so true, string).
* A decimal answer is written as Java's Double.toString ("186" -> "186.0", as both engines do), except
  beyond 10^7 where Java would write "1.2E7": there the digits stay as typed, for readable exports.
* jr:count decreased or cleared: no instance is removed, their answers stay (ODK Collect, the ODK
  docs on repeat_count, javarosa#45; Web Forms 0.22 removes them, later versions follow Collect).
  Only a new filling trims the form's own default instances to the count.
* sum(), min() and max() skip empty and non-numeric values (sum of nothing is 0); Web Forms gives NaN.
* A question that turns non-relevant fires no xforms-value-changed (its setvalue triggers): only
  an answer does, as in JavaRosa.
* A new instance of an outer repeat starts with no instance of a repeat nested in it (JavaRosa copies
  the template, whose inner repeat is only a template); Web Forms adds one.
* Paths leave out non-relevant nodes (JavaRosa filters node-sets by relevance): count(), sum() and
  the like do not see them; Web Forms counts them.
* An absolute path inside a repeat means the same instance (JavaRosa contextualises it), so
  /data/rep/x > 5 in the repeat's own relevance reads this instance's x, not any instance's.
* A decimal field read in a string context prints as a number ("14", not the stored "14.0").
* min() and max() skip empty values, like sum().
* A computed date in an untyped calculation reads back as a date-time (Collect's DateTimeData).
* A new instance of a repeat gets the defaults written in its template (Web Forms leaves them empty).
* odk-instance-first-load and odk-new-repeat fire before the first computation (JavaRosa's
  FormDef.initialize and createNewRepeat): a dynamic default ${calc} reads the calculation still
  empty, and relevance is not known yet (a default inside a hidden group is still set).
* A setvalue (trigger column, dynamic default) of a boolean stores "1"/"0" (JavaRosa casts the
  result through its text form), while a calculation keeps "true"/"false" read as a boolean.
* boolean() of a path reads the node's value (JavaRosa unpacks it): boolean(${empty}) is false,
  where XPath 1.0 and Web Forms say true for any one-node node-set; an empty node-set compares
  as "" the same way.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from fieldapp.xform.session.form_session import FormSession
from tests.support.scenario import form_from_md, session_from_md

BOOLEANS = """
| survey | type | name | label | calculation |
| | integer | n | N | |
| | calculate | flag | | ${n} > 3 |
| | calculate | by_if | | if(${flag}, 'yes', 'no') |
| | calculate | eq_true | | ${flag} = 'true' |
| | calculate | eq_one | | ${flag} = 1 |
| | calculate | eq_false_text | | ${flag} = 'false' |
| | calculate | negated | | not(${flag}) |
| | calculate | as_number | | ${flag} + 0 |
| | calculate | as_text | | concat(${flag}, '') |
"""


def _values(session, names):
    return {name: session.value(f"/data/{name}") for name in names}


def test_a_false_boolean_calculation_reads_as_false(tmp_path):
    session = session_from_md(tmp_path, BOOLEANS)
    session.answer("/data/n", "1")
    assert _values(session, ["flag", "by_if", "eq_true", "eq_one", "eq_false_text", "negated", "as_number", "as_text"]) == {
        "flag": "false", "by_if": "no", "eq_true": "false", "eq_one": "false",
        # false = 'false' compares as booleans: boolean('false') is true, so the answer is false
        "eq_false_text": "false", "negated": "true", "as_number": "0", "as_text": "false"}


def test_a_true_boolean_calculation_reads_as_true(tmp_path):
    session = session_from_md(tmp_path, BOOLEANS)
    session.answer("/data/n", "5")
    assert _values(session, ["flag", "by_if", "eq_true", "eq_one", "eq_false_text", "negated", "as_number"]) == {
        "flag": "true", "by_if": "yes", "eq_true": "true", "eq_one": "true",
        "eq_false_text": "true", "negated": "false", "as_number": "1"}


def test_a_restored_boolean_calculation_still_reads_as_a_boolean(tmp_path):
    form = form_from_md(tmp_path, BOOLEANS)
    session = form.new_session()
    session.answer("/data/n", "1")
    restored = FormSession.restore(form, session.dump())
    exprs_reader = restored.env.base.read_value
    assert exprs_reader(restored.node("/data/flag")) is False


def test_a_text_that_says_false_is_still_a_text(tmp_path):
    session = session_from_md(tmp_path, """
    | survey | type | name | label | calculation |
    | | calculate | word | | 'false' |
    | | calculate | by_if | | if(${word}, 'yes', 'no') |
    """)
    assert session.value("/data/by_if") == "yes"


def test_a_date_compares_with_a_date_string(tmp_path):
    # JavaRosa's toNumeric reads '2015-01-01' as a date (days since 1970) when it is not a number
    session = session_from_md(tmp_path, """
    | survey | type | name | label | relevant |
    | | date | born | Born | |
    | | text | recent | Recent | ${born} > '2015-01-01' |
    """)
    session.answer("/data/born", "2018-05-08")
    assert session.relevant("/data/recent")
    session.answer("/data/born", "2010-05-08")
    assert not session.relevant("/data/recent")


def test_decimal_answers_are_written_as_java_doubles(tmp_path):
    session = session_from_md(tmp_path, """
    | survey | type | name | label | calculation |
    | | decimal | weight | Weight | |
    | | calculate | copy | | ${weight} |
    """)
    session.answer("/data/weight", "186")
    assert session.value("/data/weight") == "186.0"
    assert session.value("/data/copy") == "186"      # Collect: wrapData gives an IntegerData
    session.answer("/data/weight", "7.50")
    assert session.value("/data/weight") == "7.5"
    assert "<weight>7.5</weight>" in session.to_xml()


def test_a_decreased_repeat_count_keeps_the_instances_and_their_answers(tmp_path):
    # ODK Collect deletes nothing when jr:count goes down (ODK docs; javarosa#45): forms hide the
    # extra instances with relevant = position(..) <= count
    session = session_from_md(tmp_path, """
    | survey | type | name | label | repeat_count | relevant |
    | | integer | n | N | | |
    | | begin repeat | child | Child | ${n} | |
    | | text | name | Name | | position(..) <= ${n} |
    | | end repeat | child | | | |
    """)
    assert session.repeat_count("/data/child") == 0     # a new filling starts with the count's instances
    session.answer("/data/n", "3")
    for i in (1, 2, 3):
        session.answer(f"/data/child[{i}]/name", f"c{i}")
    session.answer("/data/n", "1")
    assert session.repeat_count("/data/child") == 3
    assert session.value("/data/child[3]/name") == "c3" and not session.relevant("/data/child[3]/name")
    # the submission leaves the non-relevant answer out (asserted on the node: the document's random
    # instanceID may hold "c3" too)
    submitted = ElementTree.fromstring(session.to_xml()).findall("child")
    assert [child.findtext("name") for child in submitted] == ["c1", None, None]
    session.answer("/data/n", "3")
    assert session.repeat_count("/data/child") == 3 and session.relevant("/data/child[3]/name")


def test_coalesce_reads_a_field_chosen_by_if(tmp_path):
    # if() hands back the field itself; coalesce() must test its value, not the node's existence
    session = session_from_md(tmp_path, """
    | survey | type | name | label | calculation |
    | | integer | n | N | |
    | | text | nickname | Nickname | |
    | | calculate | shown | | coalesce(if(${n} > 3, 'many', ${nickname}), 'none') |
    """)
    assert session.value("/data/shown") == "none"
    session.answer("/data/nickname", "Tito")
    assert session.value("/data/shown") == "Tito"
    session.answer("/data/n", "5")
    assert session.value("/data/shown") == "many"


def test_a_count_question_turning_relevant_creates_its_instances(tmp_path):
    # the count is read as XPath reads it: empty while not relevant, its value once relevant
    session = session_from_md(tmp_path, """
    | survey | type | name | label | relevant | default | repeat_count |
    | | select_one yn | has_children | Children? | | | |
    | | integer | children | How many? | ${has_children} = 'yes' | 3 | |
    | | begin repeat | child | Child | | | ${children} |
    | | text | name | Name | | | |
    | | end repeat | child | | | | |
    | choices | list_name | name | label | | | |
    | | yn | yes | Yes | | | |
    | | yn | no | No | | | |
    """)
    assert session.repeat_count("/data/child") == 0
    session.answer("/data/has_children", "yes")
    assert session.repeat_count("/data/child") == 3


def test_a_calculated_date_reads_back_as_a_date(tmp_path):
    # Collect keeps date(...) in an untyped calculate as a DateTimeData, read back as a date
    session = session_from_md(tmp_path, """
    | survey | type | name | label | calculation |
    | | date | visit | Visit | |
    | | calculate | due | | date(${visit} + 30) |
    | | calculate | reminder | | format-date(date(${due} - 1), '%Y-%m-%d') |
    """)
    session.answer("/data/visit", "2003-04-10")
    assert session.value("/data/due").startswith("2003-05-10T00:00:00")
    assert session.value("/data/reminder") == "2003-05-09"
    restored = FormSession.restore(session.form, session.dump())
    restored.answer("/data/visit", "2003-04-11")
    assert restored.value("/data/reminder") == "2003-05-10"


def test_a_repeat_with_only_a_template_gets_its_instances_where_the_form_puts_it(tmp_path):
    # ODK writes the first instance where the jr:template stands, not after meta/
    path = tmp_path / "template_only.xml"
    path.write_text("""<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
        xmlns:jr="http://openrosa.org/javarosa"><h:head><h:title>t</h:title><model>
        <instance><data id="t"><before/><rep jr:template=""><x/></rep><after/><meta><instanceID/></meta></data></instance>
        <bind nodeset="/data/rep/x" type="string"/><bind nodeset="/data/before" type="string"/>
        </model></h:head><h:body><input ref="/data/before"><label>b</label></input>
        <group ref="/data/rep"><label>r</label><repeat nodeset="/data/rep"><input ref="/data/rep/x"><label>x</label></input></repeat></group>
        </h:body></h:html>""", encoding="utf-8")
    from fieldapp.xform import load_form
    session = load_form(path, cache=False).new_session()
    session.add_repeat("/data/rep")
    xml = session.to_xml()
    assert xml.index("<before") < xml.index("<rep>") < xml.index("<after") < xml.index("<meta>")


def test_setvalue_on_first_load_can_set_an_attribute(tmp_path):
    # ODK entities: <setvalue event="odk-instance-first-load" ref="/data/meta/entity/@id" value="uuid()"/>
    path = tmp_path / "entity.xml"
    path.write_text("""<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
        xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms"><h:head><h:title>e</h:title><model>
        <instance><data id="e"><name/><meta><instanceID/><entity dataset="people" create="1" id=""><label/></entity></meta></data></instance>
        <bind nodeset="/data/name" type="string"/>
        <bind nodeset="/data/meta/entity/@id" type="string"/>
        <setvalue event="odk-instance-first-load" ref="/data/meta/entity/@id" value="uuid()"/>
        <bind nodeset="/data/meta/entity/label" type="string" calculate="/data/name"/>
        </model></h:head><h:body><input ref="/data/name"><label>Name</label></input></h:body></h:html>""",
        encoding="utf-8")
    from fieldapp.xform import load_form
    form = load_form(path, cache=False)
    session = form.new_session()
    entity_id = session.dump()["values"]["/data/meta/entity/@id"]
    assert len(entity_id) == 36 and f'id="{entity_id}"' in session.to_xml()
    assert FormSession.restore(form, session.dump()).dump()["values"]["/data/meta/entity/@id"] == entity_id


def test_dynamic_defaults_run_before_the_first_calculation(tmp_path):
    # JavaRosa fires odk-instance-first-load (and odk-new-repeat) before computing the form
    session = session_from_md(tmp_path, """
    | survey | type | name | label | calculation | default |
    | | calculate | five | | 5 | |
    | | integer | copied | Copied | | ${five} |
    | | begin repeat | visit | Visit | | |
    | | calculate | number | | position(..) * 10 | |
    | | integer | first | First | | ${number} |
    | | integer | place | Place | | position(..) |
    | | end repeat | visit | | | |
    """)
    assert session.value("/data/five") == "5" and session.value("/data/copied") == ""
    session.add_repeat("/data/visit")
    assert session.value("/data/visit[2]/number") == "20"
    assert session.value("/data/visit[2]/first") == ""
    assert session.value("/data/visit[2]/place") == "2"


def test_a_setvalue_boolean_lands_as_one_or_zero(tmp_path):
    # JavaRosa's SetValueAction casts through the text form: BooleanData.uncast() is "1"/"0"
    session = session_from_md(tmp_path, """
    | survey | type | name | label | calculation | trigger |
    | | integer | age | Age | | |
    | | calculate | adult_then | | ${age} >= 18 | ${age} |
    | | calculate | adult_now | | ${age} >= 18 | |
    """)
    session.answer("/data/age", "20")
    assert session.value("/data/adult_then") == "1" and session.value("/data/adult_now") == "true"
    session.answer("/data/age", "12")
    assert session.value("/data/adult_then") == "0" and session.value("/data/adult_now") == "false"


def test_an_answer_over_a_calculated_question_stays(tmp_path):
    # the calculation reads the repeat instance (position(..)), not the answer: typing over it sticks
    session = session_from_md(tmp_path, """
    | survey | type | name | label | calculation |
    | | begin repeat | visit | Visit | |
    | | integer | number | Number | position(..) |
    | | end repeat | visit | | |
    """)
    assert session.value("/data/visit[1]/number") == "1"
    session.answer("/data/visit[1]/number", "11")
    assert session.value("/data/visit[1]/number") == "11"


# -- ODK Collect's form scenarios (JavaRosa's Scenario tests, replayed) --------------------------------

XFORM = """<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
    xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms"
    xmlns:ev="http://www.w3.org/2001/xml-events"><h:head><h:title>scenario</h:title><model>
    {model}
    </model></h:head><h:body>
    {body}
    </h:body></h:html>"""


def _xform(tmp_path, model: str, body: str, name: str = "scenario"):
    from fieldapp.xform import load_form
    path = tmp_path / f"{name}.xml"
    path.write_text(XFORM.format(model=model, body=body), encoding="utf-8")
    return load_form(path, cache=False)


def _refusal(tmp_path, model: str, body: str):
    from fieldapp.xform import FormError
    try:
        _xform(tmp_path, model, body)
    except FormError as error:
        return error.problems
    raise AssertionError("the form was loaded; ODK Collect refuses it")


def test_a_boolean_node_read_by_a_condition_is_read_through_its_type(tmp_path):
    # JavaRosa unpacks one node through its BooleanData: relevant="/data/flag" is false for false and 0
    form = _xform(tmp_path, """
        <instance><data id="flags"><flag/><g><q/></g><r/><c/></data></instance>
        <bind nodeset="/data/flag" type="boolean"/>
        <bind nodeset="/data/g" relevant="/data/flag"/>
        <bind nodeset="/data/r" type="string" required="/data/flag"/>
        <bind nodeset="/data/c" type="string" constraint="/data/flag"/>""", """
        <input ref="/data/flag"><label>Flag</label></input>
        <group ref="/data/g"><input ref="/data/g/q"><label>Q</label></input></group>
        <input ref="/data/r"><label>R</label></input><input ref="/data/c"><label>C</label></input>""")
    session = form.new_session()
    session.answer("/data/c", "x")
    for typed, expected in (("false", False), ("0", False), ("true", True), ("1", True), ("false", False)):
        session.answer("/data/flag", typed)
        assert session.relevant("/data/g/q") is expected, typed
        assert session.required("/data/r") is expected, typed
        assert (session.validate() == []) is False   # r is required, or c breaks its constraint
        assert [p.kind for p in session.validate()] == (["required"] if expected else ["constraint"])


CASCADE_MD = """
| survey | type | name | label | choice_filter | required | calculation |
| | select_one level1 | level1 | Level 1 | | yes | |
| | select_one level2 | level2 | Level 2 | level1 = ${level1} | yes | |
| | select_one level3 | level3 | Level 3 | level2 = ${level2} | yes | |
| | select_multiple level3 | several | Several | level2 = ${level2} or name = 'x' | | |
| | calculate | picked | | | | concat(${level1}, '/', ${level2}, '/', ${level3}) |
| choices | list_name | name | label | level1 | level2 |
| | level1 | a | A | | |
| | level1 | b | B | | |
| | level2 | aa | AA | a | |
| | level2 | ab | AB | a | |
| | level2 | ba | BA | b | |
| | level3 | aaa | AAA | | aa |
| | level3 | aab | AAB | | aa |
| | level3 | baa | BAA | | ba |
| | level3 | x | X | | |
"""


def test_a_cascade_clears_the_levels_whose_choices_no_longer_hold_them(tmp_path):
    # JavaRosa drops a select answer that is no longer among its choices (Collect: when the choices
    # are next computed; FieldApp at once, so no finalized filling carries an impossible combination)
    session = session_from_md(tmp_path, CASCADE_MD)
    session.answer("/data/level1", "a")
    session.answer("/data/level2", "aa")
    session.answer("/data/level3", "aab")
    session.answer("/data/several", "x aab aaa")
    assert session.value("/data/picked") == "a/aa/aab"
    session.answer("/data/level1", "b")
    assert (session.value("/data/level2"), session.value("/data/level3")) == ("", "")
    assert session.value("/data/several") == "x"        # what is still offered stays, in its order
    assert session.value("/data/picked") == "b//"
    assert [(p.path, p.kind) for p in session.validate()] == [("/data/level2", "required"),
                                                              ("/data/level3", "required")]
    assert session.node("/data/level2").value == "" and "<level2/>" in session.to_xml()


def test_clearing_the_first_level_clears_the_cascade_and_keeps_the_order_of_a_multiple_choice(tmp_path):
    session = session_from_md(tmp_path, CASCADE_MD)
    session.answer("/data/level1", "a")
    session.answer("/data/level2", "aa")
    session.answer("/data/several", "aab x aaa")
    session.answer("/data/level2", "ab")
    assert session.value("/data/several") == "x"
    session.answer("/data/level2", "aa")
    session.answer("/data/several", "aab x aaa")
    session.answer("/data/level1", "")
    assert session.value("/data/level2") == "" and session.value("/data/several") == "x"


def test_a_body_ref_written_with_current_is_the_relative_ref(tmp_path):
    # JavaRosa's CurrentFieldRefTest: <input ref="current()/name"> inside <repeat nodeset="/data/my_group">
    form = _xform(tmp_path, """
        <instance><data id="relative-current-ref"><my_group><name/></my_group><meta><instanceID/></meta></data></instance>
        <bind nodeset="/data/my_group/name" type="string"/>""", """
        <group ref="/data/my_group"><label>Some label</label>
          <repeat nodeset="/data/my_group"><input ref="current()/name"><label>Name</label></input></repeat>
        </group>""")
    session = form.new_session()
    session.add_repeat("/data/my_group")
    session.answer("/data/my_group[1]/name", "Bob")
    session.answer("/data/my_group[2]/name", "Janet")
    assert session.value("/data/my_group[1]/name") == "Bob"
    assert session.value("/data/my_group[2]/name") == "Janet"


SETVALUE_INTO_REPEAT = """
    <instance><data id="setvalue-into-repeat"><source/><repeat><destination/></repeat></data></instance>"""


def test_a_setvalue_target_with_a_position_predicate_sets_that_instance(tmp_path):
    # SetValueActionTest.setvalueAtRoot_setsValueOfNodeInFirstRepeatInstance
    form = _xform(tmp_path, SETVALUE_INTO_REPEAT, """
        <input ref="/data/source"><label>Source</label>
          <setvalue event="xforms-value-changed" ref="/data/repeat[position()=1]/destination" value="/data/source"/>
        </input>
        <repeat nodeset="/data/repeat"><input ref="/data/repeat/destination"><label>D</label></input></repeat>""")
    session = form.new_session()
    for _ in range(3):
        session.add_repeat("/data/repeat")
    session.answer("/data/source", "foo")
    assert [session.value(f"/data/repeat[{i}]/destination") for i in (1, 2, 3, 4)] == ["foo", "", "", ""]
    assert session.expression_errors == []


def test_a_setvalue_target_matching_several_nodes_is_refused_as_an_expression_error(tmp_path):
    # SetValueActionTest.setValueAtRoot_throwsExpression_whenTargetIsUnboundReference: "has more than one node"
    form = _xform(tmp_path, SETVALUE_INTO_REPEAT, """
        <input ref="/data/source"><label>Source</label>
          <setvalue event="xforms-value-changed" ref="/data/repeat/destination" value="/data/source"/>
        </input>
        <repeat nodeset="/data/repeat"><input ref="/data/repeat/destination"><label>D</label></input></repeat>""")
    assert [w.code for w in form.warnings] == ["action_several_targets"]
    assert form.warnings[0].path == "/data/repeat/destination" and form.warnings[0].line
    session = form.new_session()
    for _ in range(3):
        session.add_repeat("/data/repeat")
    session.answer("/data/source", "foo")     # the interview goes on
    assert [session.value(f"/data/repeat[{i}]/destination") for i in (1, 2, 3, 4)] == ["", "", "", ""]
    assert len(session.expression_errors) == 1
    path, kind, reason = session.expression_errors[0]
    assert kind == "setvalue" and "more than one node" in reason and "/data/repeat/destination" in reason


def test_a_setvalue_into_a_single_repeat_instance_is_not_a_problem(tmp_path):
    # with one instance JavaRosa sets it; a setvalue inside the repeat targets its own instance
    form = _xform(tmp_path, SETVALUE_INTO_REPEAT, """
        <input ref="/data/source"><label>Source</label>
          <setvalue event="xforms-value-changed" ref="/data/repeat/destination" value="/data/source"/>
        </input>
        <repeat nodeset="/data/repeat"><input ref="/data/repeat/destination"><label>D</label></input></repeat>""")
    session = form.new_session()
    session.answer("/data/source", "foo")
    assert session.value("/data/repeat[1]/destination") == "foo" and session.expression_errors == []


def test_odk_new_repeat_on_a_model_level_setvalue_refuses_the_form(tmp_path):
    # XFormParser: "Actions triggered by odk-new-repeat must be nested in the repeat form control."
    problems = _refusal(tmp_path, """
        <instance><data id="new-repeat"><repeat><q/></repeat></data></instance>
        <setvalue event="odk-new-repeat" ref="/data/repeat/q" value="7"/>""", """
        <repeat nodeset="/data/repeat"><input ref="/data/repeat/q"><label>Q</label></input></repeat>""")
    assert [p.code for p in problems] == ["new_repeat_outside_repeat"]
    assert problems[0].line == 6 and problems[0].path == "/data/repeat/q"


def test_a_relative_count_on_a_nested_repeat_resolves_against_the_enclosing_repeat(tmp_path):
    # XFormParser: group.count = getAbsRef(new XPathReference(countRef), parent)
    form = _xform(tmp_path, """
        <instance><data id="nested-count"><outer_repeat jr:template=""><target_count/>
          <inner_repeat jr:template=""><q/></inner_repeat></outer_repeat></data></instance>
        <bind nodeset="/data/outer_repeat/target_count" type="int"/>""", """
        <repeat nodeset="/data/outer_repeat">
          <input ref="/data/outer_repeat/target_count"><label>Count</label></input>
          <repeat nodeset="/data/outer_repeat/inner_repeat" jr:count="target_count">
            <input ref="/data/outer_repeat/inner_repeat/q"><label>Q</label></input></repeat>
        </repeat>""")
    session = form.new_session()
    session.add_repeat("/data/outer_repeat")
    session.add_repeat("/data/outer_repeat")
    session.answer("/data/outer_repeat[1]/target_count", "3")
    session.answer("/data/outer_repeat[2]/target_count", "2")
    assert session.repeat_count("/data/outer_repeat[1]/inner_repeat") == 3
    assert session.repeat_count("/data/outer_repeat[2]/inner_repeat") == 2


def test_a_select_with_no_choices_refuses_the_form(tmp_path):
    # XFormParser: "Select question 'First' has no choices"
    problems = _refusal(tmp_path, """<instance><data id="no-choices"><first/></data></instance>""",
                        """<select1 ref="/data/first"><label>First</label></select1>""")
    assert [p.code for p in problems] == ["select_no_choices"]
    assert "First" in problems[0].message and problems[0].path == "/data/first" and problems[0].line == 6


def test_an_itemset_whose_label_or_value_is_not_in_the_first_item_refuses_the_form(tmp_path):
    # FormInstanceParser: "<label> node for itemset doesn't exist!" (first item only)
    model = """<instance><data id="itemset"><first/></data></instance>
        <instance id="choices"><root><item><foo>bar</foo></item><item><label>L</label><name>n</name></item></root></instance>"""
    problems = _refusal(tmp_path, model, """<select1 ref="/data/first"><label>First</label>
        <itemset nodeset="instance('choices')/root/item"><value ref="foo"/><label ref="label"/></itemset></select1>""")
    assert [p.code for p in problems] == ["itemset_label_missing"] and problems[0].path == "/data/first"
    problems = _refusal(tmp_path, model, """<select1 ref="/data/first"><label>First</label>
        <itemset nodeset="instance('choices')/root/item"><value ref="name"/><label ref="foo"/></itemset></select1>""")
    assert [p.code for p in problems] == ["itemset_value_missing"] and problems[0].line == 7
    _xform(tmp_path, model, """<select1 ref="/data/first"><label>First</label>
        <itemset nodeset="instance('choices')/root/item"><value ref="foo"/><label ref="foo"/></itemset></select1>""")
