"""The distress protocol: the organisation's short script (from the form, else a default) and the recorded choice.

A form gives its own script with the settings sheet's `attribute::fieldapp:distress-script` column (one text
for every language) or `attribute::fieldapp:distress-script-es`, `...-en` (one per language code); pyxform
puts them on the instance's root element, where ODK and Kobo ignore them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from fieldapp import locale
from fieldapp.protect.errors import UnknownChoice

NAMESPACE = "urn:fieldapp:xforms"
# What the respondent chose after the script was read: go on, take a break, or stop the interview.
CHOICES = ("continue", "break", "stop")

# The default script in English; other languages are in the "protect" catalogue (protect.po).
DEFAULT_SCRIPT = (
    "1. Stop asking questions. Stay calm and close; speak slowly.\n"
    "2. Say: \"You don't have to talk about this. We can take a break, stop, or go on later. You decide.\"\n"
    "3. Offer water and a moment to breathe together: in slowly, out slowly, three times.\n"
    "4. Ask: \"Would you like to go on, take a break, or stop for today?\" Respect the answer.\n"
    "5. Offer support: the services for this area, or the on-call psychologist. If the child is in danger, "
    "call your supervisor now.")


def default_script(language: str | None) -> str | None:
    """The default script in `language` (a code); None when no catalogue has that language."""
    if language == locale.ENGLISH:
        return DEFAULT_SCRIPT
    if not language or locale.language_code(language) is None:
        return None
    return locale.gettext("protect", DEFAULT_SCRIPT, language)


def form_scripts(form) -> dict[str, str]:
    """The form's own scripts by language code ("" = for every language), read from the instance root."""
    try:
        root = ET.fromstring(form.instance_xml)
    except (ET.ParseError, TypeError, AttributeError):
        return {}
    scripts = {}
    for name, value in root.attrib.items():
        local = name.split("}", 1)[1] if name.startswith("{" + NAMESPACE + "}") else None
        if local is None and name.startswith("fieldapp:"):   # an undeclared prefix kept as typed
            local = name.split(":", 1)[1]
        if local and local.startswith("distress-script") and value.strip():
            code = local[len("distress-script"):].lstrip("-").lower()
            scripts[code] = value.replace("\\n", "\n").strip()
    return scripts


def language_code(language: str | None) -> str:
    """"Español (es)" -> "es"; "English" -> "en"; a bare code stays."""
    if not language:
        return ""
    found = re.search(r"\(([A-Za-z-]+)\)\s*$", language)
    if found:
        return found.group(1).lower()
    lowered = language.strip().lower()
    names = {"english": "en", "español": "es", "espanol": "es", "spanish": "es"}
    return names.get(lowered, lowered)


def script(form, questionnaire_language: str | None, app_language: str = "es") -> str:
    """The text the interviewer follows: the form's script for the questionnaire language, else the default."""
    own = form_scripts(form) if form is not None else {}
    code = language_code(questionnaire_language)
    if code in own:
        return own[code]
    if "" in own:
        return own[""]
    return default_script(code) or default_script(app_language) or DEFAULT_SCRIPT


def check_choice(choice: str) -> str:
    if choice not in CHOICES:
        raise UnknownChoice(choice)
    return choice
