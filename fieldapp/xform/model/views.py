"""What a form session shows: screens, questions, choices and the hierarchy, as plain data.

These are the only objects the UI reads from a session (besides calling its
methods). They are snapshots: build a new one after every change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from fieldapp.xform.model import kinds
from fieldapp.xform.model.formdef import EMPTY, Control


@dataclass(frozen=True)
class Media:
    """Label media resolved for the current language: absolute file paths (None when absent/missing)."""
    image: str | None = None
    audio: str | None = None
    video: str | None = None
    big_image: str | None = None


@dataclass(frozen=True)
class ChoiceView:
    value: str
    label: str
    media: Media = Media()


@dataclass(frozen=True)
class QuestionView:
    """One question as the interviewer sees it now, in the current language, outputs filled in."""
    path: str                      # positional path: /data/rep[2]/q
    control: Control               # the body element (kind, appearance, attrs...)
    type: str                      # bind type (string, int, decimal, date, select1, ...)
    label: str
    hint: str
    guidance: str                  # guidance_hint: interviewer only
    media: Media
    value: str                     # current value as the XForm string ("" when empty or declined)
    choices: tuple[ChoiceView, ...]  # for select1/select/rank, filtered and in display order
    required: bool
    readonly: bool
    declined: bool
    problem: str | None            # constraint/required message to show next to it, None when fine
    extra: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # the bind's custom attributes (fieldapp:sensitive, fieldapp:pii, ...)
    waits_for: tuple[str, ...] = ()  # no choices yet: labels of the unanswered questions the choices depend on
    hint_media: Media = Media()    # the hint's own media (audio a speaker recorded for it, or the form's)

    @property
    def appearance(self) -> str:
        return self.control.appearance or ""

    @property
    def is_note(self) -> bool:
        """Only read out, never answered (see kinds.is_note): shown as a note, no answered/unanswered mark."""
        return kinds.is_note(self.control.kind, self.type, self.readonly)


@dataclass(frozen=True)
class GroupNote:
    """A group's hint and guidance, shown on the group's first screen (a field-list page: its header)."""
    label: str
    hint: str
    guidance: str                  # guidance_hint: interviewer only


@dataclass(frozen=True)
class Screen:
    """One step of navigation.

    kind: "question" (one question), "group" (a field-list group: several
    questions on one page), "repeat_prompt" (ask whether to add another
    instance of a repeat), "end" (the finalize screen).
    """
    kind: str
    path: str                                  # the question / group / repeat positional path ("" for end)
    questions: tuple[QuestionView, ...] = ()
    label: str = ""                            # group label / repeat label
    group_labels: tuple[str, ...] = ()         # labels of the enclosing groups, outermost first (breadcrumb)
    repeat_count: int = 0                      # repeat_prompt: how many instances exist now
    percent_through: int = 0                   # how far through the form this screen stands (0-100; the end: 100)
    # (repeat path, 1-based position) of the repeat instance this screen is in, when the interviewer may
    # remove it (not on the prompt, not in a repeat the form fixes with jr:count or noAddRemove); else None
    removable_repeat: tuple[str, int] | None = None
    notes: tuple[GroupNote, ...] = ()          # hints/guidance of the groups this is the first screen of, outermost first


@dataclass(frozen=True)
class HierarchyItem:
    """A node of the jump-to view: a question, group, repeat or repeat instance."""
    kind: str                                   # "question", "group", "repeat", "repeat_instance"
    path: str
    label: str
    value: str = ""
    status: str = "unanswered"                  # "answered", "unanswered", "problem", "declined" (questions)
    is_note: bool = False                       # a question only read out (kinds.is_note): it gets no status mark
    shown: str = ""                             # the answer as read: choice labels in the current language, else the value
    children: tuple["HierarchyItem", ...] = field(default=())


@dataclass(frozen=True)
class ValidationProblem:
    """A reason a filling cannot be finalized yet."""
    path: str
    kind: str          # "required", "constraint", "type"
    message: str
