"""The master's profiles, the same in the app and on the command line: full, pseudonymized, publishable."""

from __future__ import annotations

import pytest

from fieldapp.exchange import layout
from fieldapp.exchange.export import pseudonym
from fieldapp.exchange.facts import from_form
from fieldapp.exchange.merge import merge
from fieldapp.exchange.problems import MergeError
from tests.exchange.test_merge import PW, as_dicts, book, child, read_master, summary_form

KEY = bytes(range(32))


@pytest.fixture(autouse=True)
def cheap_encryption(monkeypatch):
    from tests.exchange.devicebook import cheap_office_encryption
    cheap_office_encryption(monkeypatch)


def test_pseudonymized_master_codes_identifying_answers_as_the_laptops_do(tmp_path):
    form = summary_form(tmp_path)
    identifying = {q.column for q in from_form(form).questions.values() if q.pii}
    assert "name" in identifying
    a = book(tmp_path / "a.xlsx", [child("uuid:1", name="María López", members=["Rosa"]),
                                   child("uuid:2", name=layout.DECLINED),
                                   child("uuid:3", name=pseudonym(KEY, "Ana"))])     # coded on the laptop already
    result = merge([a], tmp_path / "m.xlsx", password=PW, profile="pseudonymized", form=form, pseudonym_key=KEY)
    assert result.encrypted and result.profile == "pseudonymized"
    sheets, _ = read_master(tmp_path / "m.xlsx")
    main = {r["_uuid"]: r for r in as_dicts(sheets["child_intake"])}
    assert main["uuid:1"]["name"] == pseudonym(KEY, "María López") == pseudonym(KEY, "  maría   LÓPEZ ")
    assert main["uuid:2"]["name"] == layout.DECLINED                        # a code stays a code
    assert main["uuid:3"]["name"] == pseudonym(KEY, "Ana")                 # not coded twice
    assert main["uuid:1"]["age"] == 12                                      # the rest as it was
    assert all("María" not in str(row) for rows in sheets.values() for row in rows)
    from fieldapp.exchange import kept
    assert not kept.kept_path(tmp_path / "m.xlsx").exists()


def test_pseudonymized_needs_the_form_and_the_key(tmp_path):
    a = book(tmp_path / "a.xlsx", [child("uuid:1")])
    with pytest.raises(MergeError) as err:
        merge([a], tmp_path / "m.xlsx", password=PW, profile="pseudonymized", pseudonym_key=KEY)
    assert err.value.code == "profile_needs_form"
    with pytest.raises(MergeError) as err:
        merge([a], tmp_path / "m.xlsx", password=PW, profile="pseudonymized", form=summary_form(tmp_path))
    assert err.value.code == "pseudonym_key_needed"


def test_the_app_offers_the_profiles_the_command_line_takes():
    import argparse

    from fieldapp.cli import merge as cli
    from fieldapp.ui.coordinator import coordinator_page
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers())
    action = next(a for a in parser._subparsers._group_actions[0].choices["merge"]._actions if a.dest == "profile")
    assert tuple(action.choices) == tuple(key for key, _ in coordinator_page.PROFILE_WORDS)
