"""FormSession: one filling of one form (instance tree, dependency graph, navigation).

API SKELETON: the signatures and docstrings below are the contract that the
store (fieldapp.store) and the UI (fieldapp.ui) code against. The engine
implementation replaces the bodies; it may add methods, never change these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from fieldapp.xform.formdef import Form
from fieldapp.xform.views import HierarchyItem, QuestionView, Screen, ValidationProblem


@dataclass
class Change:
    """What one user-level operation changed, handed to listeners after it is applied.

    kind: "answer", "decline", "add_repeat", "remove_repeat", "language", "position".
    values: positional path -> new value for every node whose value changed
    (the answered node, calculations, setvalue targets), "" for cleared.
    structural: True when repeat instances were added or removed: positions of
    later instances may have shifted, so a persister must save the whole dump().
    """
    kind: str
    path: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    old_value: str | None = None       # for "answer": the previous value of `path` (audit trail)
    structural: bool = False


class FormSession:
    """A filling of `form`. Create through `form.new_session()` or `FormSession.restore()`."""

    def __init__(self, form: Form, language: str | None = None, *, clock=None,
                 instance_id: str | None = None, properties: dict | None = None):
        """`clock()` -> aware datetime (defaults to now); `properties`: deviceid, username, email, phonenumber for preloads."""
        raise NotImplementedError

    # -- identity and state ------------------------------------------------
    form: Form
    instance_id: str          # "uuid:..." (meta/instanceID)
    language: str | None      # current questionnaire language (a name from form.languages)

    def add_listener(self, callback: Callable[["FormSession", Change], None]) -> None:
        """Call `callback(session, change)` after every state change. If it raises, the
        exception propagates out of the operation (e.g. the disk is full): the caller must know."""
        raise NotImplementedError

    def dump(self) -> dict:
        """The complete state as JSON-safe data: values (positional path -> value), declined
        paths, repeat structure, language, position, instance_id, deprecated_id. restore(dump) gives it back exactly."""
        raise NotImplementedError

    @classmethod
    def restore(cls, form: Form, state: dict, *, clock=None) -> "FormSession":
        """Rebuild a session from dump() without re-firing first-load events or re-running once()."""
        raise NotImplementedError

    # -- answers ---------------------------------------------------------
    def answer(self, path: str, value: str) -> list[ValidationProblem]:
        """Set a question's value (XForm string; "" clears). Raises AnswerError on an unknown
        path, a readonly/non-question node, or a value of the wrong type ("abc" for int, a
        non-ISO date). The value is kept even when it breaks the constraint: the returned
        list holds that question's problems (constraint message in the current language)."""
        raise NotImplementedError

    def value(self, path: str) -> str:
        raise NotImplementedError

    def relevant(self, path: str) -> bool:
        raise NotImplementedError

    def decline(self, path: str, declined: bool = True) -> None:
        """Mark "prefer not to answer": value emptied, satisfies required, remembered distinctly."""
        raise NotImplementedError

    def declined(self, path: str) -> bool:
        raise NotImplementedError

    def set_language(self, language: str) -> None:
        raise NotImplementedError

    # -- repeats -----------------------------------------------------------
    def add_repeat(self, path: str) -> int:
        """Append an instance of the repeat at `path` (positional parent path allowed). Returns its 1-based position."""
        raise NotImplementedError

    def remove_repeat(self, path: str, position: int) -> None:
        raise NotImplementedError

    def repeat_count(self, path: str) -> int:
        raise NotImplementedError

    # -- navigation (UI-free) -----------------------------------------------
    def current(self) -> Screen:
        """The screen at the current position (first screen for a new filling)."""
        raise NotImplementedError

    def next(self) -> Screen:
        """Move forward, skipping non-relevant questions/groups. Stays put (and returns the
        same screen with problems filled in) when the current screen has a required or
        constraint problem, as ODK Collect does."""
        raise NotImplementedError

    def previous(self) -> Screen:
        raise NotImplementedError

    def jump(self, path: str) -> Screen:
        """Go to the screen that shows `path` (a question, group or repeat instance)."""
        raise NotImplementedError

    def add_repeat_here(self) -> Screen:
        """On a repeat_prompt screen: add the instance and move into it."""
        raise NotImplementedError

    def question(self, path: str) -> QuestionView:
        raise NotImplementedError

    def hierarchy(self) -> list[HierarchyItem]:
        raise NotImplementedError

    def progress(self) -> tuple[int, int]:
        """(answered, relevant questions) for a progress bar."""
        raise NotImplementedError

    # -- finishing -----------------------------------------------------------
    def validate(self) -> list[ValidationProblem]:
        """Every required/constraint problem among relevant questions, in form order."""
        raise NotImplementedError

    def to_xml(self) -> str:
        """The instance as ODK submits it: non-relevant nodes left out, meta/instanceID
        (and meta/deprecatedID when edited), the form version on the root."""
        raise NotImplementedError

    def new_version(self) -> "FormSession":
        """A copy for editing a finalized filling: new instanceID, deprecatedID = the old one."""
        raise NotImplementedError
