"""Names of the things a speaker records for a form: each question's label and hint, each choice.

A recording is filed under one of these keys (in the form's media folder, see
`fieldapp.xform.load.recordings`), so it is found again whatever the form's
texts are (inline words, or itext in several languages): `label /data/age`,
`hint /data/age`, and `choice <list> <value>` where the list is the choices'
secondary instance (a list shared by many questions is recorded once) or, for
choices written inside the question, the question's path.
"""

from __future__ import annotations

import re

from fieldapp.xform.model.formdef import Control

_INSTANCE = re.compile(r"""^\s*instance\(\s*['"]([^'"]+)['"]\s*\)""")


def label_key(ref: str) -> str:
    return f"label {ref}"


def hint_key(ref: str) -> str:
    return f"hint {ref}"


def choice_list(control: Control) -> str:
    """The list a question's choices come from: the itemset's instance id, else the question's own path."""
    if control.itemset is not None:
        found = _INSTANCE.match(control.itemset.nodeset)
        if found:
            return found.group(1)
    return control.ref or ""


def choice_key(control: Control, value: str) -> str:
    return f"choice {choice_list(control)} {value}"
