"""The distress script: the form's own (per language) or the default in Spanish and English; coded choices.

Requirement: SG-7 distress protocol from the form's settings or a default, the choice recorded.
"""

from __future__ import annotations

import pytest

from fieldapp.protect import distress
from fieldapp.protect.errors import UnknownChoice
from tests.protect.safety_forms import SAFE_INTAKE, WITH_SCRIPT


def test_the_form_s_own_script_for_its_language(load_md):
    form = load_md(WITH_SCRIPT)
    assert distress.script(form, "English (en)") == "Breathe with the child. Call Lucía at the office."
    # no script of the form in Spanish: the default Spanish one
    assert distress.script(form, "Español (es)") == distress.default_script("es")


def test_the_default_script_follows_the_questionnaire_then_the_app_language(load_md):
    form = load_md(SAFE_INTAKE)
    assert distress.script(form, None, "en") == distress.DEFAULT_SCRIPT
    assert distress.script(form, "Español (es)", "en") == distress.default_script("es")
    assert "Tú decides" in distress.default_script("es")           # from the catalogue, in tú for the child
    assert distress.script(form, "K'iche' (quc)", "es") == distress.default_script("es")   # no catalogue: the app's


def test_one_script_for_every_language(load_md):
    form = load_md(WITH_SCRIPT.replace("distress-script-en", "distress-script"))
    assert distress.script(form, "Español (es)") == "Breathe with the child. Call Lucía at the office."


@pytest.mark.parametrize("name, code", [("Español (es)", "es"), ("English", "en"), ("en", "en"), (None, "")])
def test_language_codes(name, code):
    assert distress.language_code(name) == code


def test_only_the_three_choices():
    assert distress.check_choice("break") == "break"
    with pytest.raises(UnknownChoice):
        distress.check_choice("she said she was fine")
