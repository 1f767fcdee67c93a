"""The store with the real form engine: a markdown XLSForm filled, killed-in-spirit (reopened), resumed, finalized, edited.

Requirements: CONTRACT.md's store API; issue 3 lifecycle (resume exactly,
finalize refuses with problems, edit -> new instanceID + deprecatedID).
"""

import pytest

from fieldapp.store import FinalizeRefused, open_store
from fieldapp.xform import load_form
from tests.store.conftest import PASSPHRASE

KID_FORM = """
| survey   |              |         |                         |                    |          |             |
|          | type         | name    | label::English (en)     | label::Español (es) | required | calculation |
|          | text         | name    | Name                    | Nombre             | yes      |             |
|          | integer      | age     | Age                     | Edad               |          |             |
|          | calculate    | older   |                         |                    |          | ${age} + 1  |
|          | begin_repeat | member  | Member                  | Miembro            |          |             |
|          | text         | mname   | Member name             | Nombre del miembro |          |             |
|          | end_repeat   |         |                         |                    |          |             |
| settings |              |         |                         |                    |          |             |
|          | form_id      | version | instance_name           | default_language   |          |             |
|          | kid          | 2       | concat('Kid ', ${name}) | English (en)       |          |             |
"""


@pytest.fixture
def kid_form(tmp_path):
    path = tmp_path / "forms" / "kid.md"
    path.parent.mkdir()
    path.write_text(KID_FORM)
    return load_form(path, cache=False)


def test_fill_reopen_resume_finalize_edit(tmp_path, kid_form):
    data_dir = tmp_path / "data"
    store = open_store(data_dir, PASSPHRASE)
    session = store.new_session(kid_form, interviewer="ana", case_code="GT-1")
    session.answer("/data/age", "11")
    session.next()
    session.add_repeat("/data/member")
    session.answer("/data/member[2]/mname", "Luis")
    session.decline("/data/member[1]/mname")
    session.set_language("Español (es)")
    expected = session.dump()
    instance_id = session.instance_id

    # A second store (as after a restart): the form is rebuilt from the XForm kept in the database.
    other = open_store(data_dir, PASSPHRASE)
    resumed = other.resume(instance_id)
    assert resumed.dump() == expected
    assert resumed.current().path == session.current().path
    assert resumed.value("/data/older") == "12"
    assert resumed.declined("/data/member[1]/mname")
    with pytest.raises(FinalizeRefused) as caught:
        other.finalize(resumed)
    assert [p.path for p in caught.value.problems] == ["/data/name"]
    resumed.answer("/data/name", "Rosa")
    other.finalize(resumed)
    record = other.submission(instance_id)
    assert (record.status, record.title, record.form_version) == ("finalized", "Kid Rosa", "2")
    xml = other.instance_xml(instance_id)
    assert "<name>Rosa</name>" in xml and instance_id in xml

    edited = other.edit(instance_id)
    assert edited.instance_id != instance_id
    edited.answer("/data/age", "12")
    other.finalize(edited)
    xml = other.instance_xml(edited.instance_id)
    assert f"<deprecatedID>{instance_id}</deprecatedID>" in xml and "<age>12</age>" in xml
    assert other.submission(edited.instance_id).root_id == instance_id
    assert [f.form_id for f in other.forms()] == ["kid"]      # the rebuilt form is the same registration
    other.close()
    store.close()
