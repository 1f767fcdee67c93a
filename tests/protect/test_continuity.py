"""Continuity: a returning child's earlier intake found by case code; only what may be carried over is pre-filled.

Requirement: SG-11 sensitive items are never pre-filled; nor PII, nor this visit's own consent and checks.
"""

from __future__ import annotations

from fieldapp.protect import continuity

RETURNING = """
| survey |                  |              |                               |          |                      |                          |                    |                   |
|        | type             | name         | label                         | relevant | bind::fieldapp:role  | bind::fieldapp:sensitive | bind::fieldapp:pii | bind::fieldapp:prefill |
|        | begin group      | setting      | Interviewer and setting       |          |                      |                          |                    |                   |
|        | text             | place        | Place of the interview        |          |                      |                          |                    |                   |
|        | text             | case_code    | Case code                     |          | case-code            |                          |                    |                   |
|        | end group        |              |                               |          |                      |                          |                    |                   |
|        | begin group      | consent      | Consent                       |          |                      |                          |                    |                   |
|        | select_one yn    | agree        | Do you agree?                 |          | consent              |                          |                    |                   |
|        | text             | witness      | Witness                       |          |                      |                          |                    |                   |
|        | end group        |              |                               |          |                      |                          |                    |                   |
|        | text             | name         | First name                    |          | respondent-name      |                          | yes                |                   |
|        | select_one yn    | speaks       | Speaks Spanish?               |          |                      |                          |                    |                   |
|        | text             | school       | School name                   |          |                      |                          |                    |                   |
|        | text             | notes        | Notes for today               |          |                      |                          |                    | no                |
|        | select_one yn    | hurt         | Has anyone hurt you?          |          |                      | yes                      |                    |                   |
|        | begin group      | safety       | Safety                        |          |                      | yes                      |                    |                   |
|        | select_one yn    | safe_home    | Safe at home?                 |          |                      |                          |                    |                   |
|        | end group        |              |                               |          |                      |                          |                    |                   |
| choices |                 |              |                               |          |                      |                          |                    |                   |
|        | list_name        | name         | label                         |          |                      |                          |                    |                   |
|        | yn               | yes          | Yes                           |          |                      |                          |                    |                   |
|        | yn               | no           | No                            |          |                      |                          |                    |                   |
| settings |                |              |                               |          |                      |                          |                    |                   |
|        | form_title       | form_id      | namespaces                    |          |                      |                          |                    |                   |
|        | Returning        | returning    | fieldapp="urn:fieldapp:xforms" |         |                      |                          |                    |                   |
"""

EARLIER = {"/data/setting/place": "Tecún Umán", "/data/setting/case_code": "GT-0042", "/data/consent/agree": "yes",
           "/data/consent/witness": "Lucía", "/data/name": "Rosa", "/data/speaks": "yes", "/data/school": "Escuela 5",
           "/data/notes": "tired", "/data/hurt": "yes", "/data/safety/safe_home": "no"}


def test_only_answers_neither_sensitive_nor_identifying_nor_this_visit_s_own_may_be_carried_over(load_md):
    form = load_md(RETURNING)
    assert continuity.case_code_ref(form) == "/data/setting/case_code"
    assert continuity.prefill_refs(form) == ["/data/speaks", "/data/school"]
    assert continuity.prefill(form, EARLIER) == {"/data/speaks": "yes", "/data/school": "Escuela 5"}
    # an answer already given in this interview is never replaced
    assert continuity.prefill(form, EARLIER, {"/data/school": "Otra"}) == {"/data/speaks": "yes"}


def test_a_sensitive_item_is_never_pre_filled_even_when_nothing_else_is_marked(load_md):
    form = load_md(RETURNING)
    carried = continuity.prefill(form, EARLIER)
    assert "/data/hurt" not in carried and "/data/safety/safe_home" not in carried     # sensitive, and in a sensitive part
    assert "/data/name" not in carried                                                # PII
    assert not any(path.startswith(("/data/consent", "/data/setting")) for path in carried)   # this visit's own


def _finished(store, form, answers: dict[str, str], case_code: str):
    session = store.new_session(form)
    for path, value in answers.items():
        session.answer(path, value)
    continuity.remember_case_code(store, session, "/data/setting/case_code", case_code)
    store.finalize(session)
    return session.instance_id


def test_a_returning_child_is_found_by_case_code_and_the_pre_fill_is_audited_without_values(store, load_md):
    form = load_md(RETURNING)
    first = _finished(store, form, {**EARLIER, "/data/school": "Escuela 1"}, "GT-0042")
    latest = _finished(store, form, EARLIER, "GT-0042")
    _finished(store, form, {**EARLIER, "/data/school": "Not this child"}, "HN-0001")
    visit = store.new_session(form)
    visit.answer("/data/setting/case_code", "GT-0042")
    assert continuity.remember_case_code(store, visit, "/data/setting/case_code", "GT-0042")
    assert store.submission(visit.instance_id).case_code == "GT-0042"
    found = continuity.find_earlier(store, visit, "GT-0042")
    assert found is not None
    record, answers = found
    assert record.instance_id == latest != first           # the most recent finished one
    assert answers == {"/data/speaks": "yes", "/data/school": "Escuela 5"}
    assert continuity.carry_over(store, visit, record, answers) == 2
    assert visit.value("/data/school") == "Escuela 5" and visit.value("/data/speaks") == "yes"
    assert visit.value("/data/hurt") == "" and visit.value("/data/name") == "" and visit.value("/data/consent/agree") == ""
    events = [e for e in store.audit(visit.instance_id) if e.event == "prefill"]
    assert len(events) == 1 and events[0].details == {"count": 2, "previous_instance_id": latest}
    assert "Escuela" not in store.audit_csv(visit.instance_id)


def test_no_earlier_finished_interview_no_offer(store, load_md):
    form = load_md(RETURNING)
    draft = store.new_session(form)
    draft.answer("/data/school", "Escuela 5")
    continuity.remember_case_code(store, draft, "/data/setting/case_code", "GT-0042")
    visit = store.new_session(form)
    assert continuity.find_earlier(store, visit, "GT-0042") is None       # a draft is not built on
    assert continuity.find_earlier(store, visit, "  ") is None
    assert not continuity.remember_case_code(store, visit, "/data/school", "x")   # not the case-code question


def test_answers_of_a_repeat_are_not_carried_over():
    xml = ("<data><a>1</a><rep><q>x</q></rep><rep><q>y</q></rep><g><b>2</b><c/></g></data>")
    assert continuity.answers_in(xml) == {"/data/a": "1", "/data/g/b": "2"}
