"""Every problem the form layer reports, by code, with its English words: one catalogue for the engine and the loader.

Modelled on pyxform's ErrorCode (a Detail(name, msg) per member): the code is
stable (tests, the command line's --json, scripts and the UI key on it), the
message is the English template people read, translated through forms.po. A
Code is also the plain string of its code (`Code.INT == "int"`), so stored and
exported problems keep their codes as text.

Answer problems are rendered at once in the questionnaire language with
message(); a form's problems keep their template (a Wording, `Code.X.say(...)`)
and are rendered later in the app language. A few problems are worded where
they are found (several wordings, or another program's message): their msg is
None.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from fieldapp import locale
from fieldapp.xform.wording import Wording, _


class Detail(NamedTuple):
    name: str          # the stable code
    msg: str | None    # the English template, or None when the words are written where the problem is found


class Code(StrEnum):
    """A problem's code; `.msg` its English template, `.say(**params)` the words to show."""

    def __new__(cls, code: str, msg: str | None = None):
        member = str.__new__(cls, code)
        member._value_ = code
        member.msg = msg
        return member

    @property
    def detail(self) -> Detail:
        return Detail(self.value, self.msg)

    def say(self, **params) -> Wording:
        """The template filled in (a Wording, so it can be rendered again in another language)."""
        if self.msg is None:
            raise ValueError(f"{self.name} has no template: its words are written where it is found")
        return self.msg.format(**params) if params else self.msg

    # -- answers: refused by the engine, or problems of a filling (rendered in the questionnaire language)
    REQUIRED = "required", _("Sorry, this response is required!")
    CONSTRAINT = "constraint", _("Sorry, this response is invalid!")
    CHECK_TOO_SLOW = "check_too_slow", _("This answer could not be checked: the form's check took too long. Shorten the "
                                         "answer or ask the form's author to simplify its pattern.")
    INT = "int", _("Enter a whole number (for example 12).")
    INT_RANGE = "int_range", _("This number is too large.")
    RANGE = "range", _("Choose a value from {low} to {high}.")
    RANGE_STEP = "range_step", _("Choose a value in steps of {step}.")
    DECIMAL = "decimal", _("Enter a number (for example 3.5).")
    DATE = "date", _("Enter a date as YYYY-MM-DD (for example 2024-03-15).")
    TIME = "time", _("Enter a time as HH:MM (for example 14:30).")
    DATETIME = "dateTime", _("Enter a date and time as YYYY-MM-DDTHH:MM (for example 2024-03-15T14:30).")
    BOOLEAN = "boolean", _("Answer true or false.")
    # no answer value in a message: AnswerError texts can reach logs and tracebacks
    CHOICE = "choice", _("This answer is not one of the question's choices.")
    SINGLE_CHOICE = "single_choice", _("Choose only one option.")
    GEOPOINT = "geopoint", _("Enter a location as 'latitude longitude [altitude accuracy]' (for example 14.6 -90.5).")
    GEOSHAPE = "geoshape", _("Enter points as 'lat lon; lat lon; ...'.")
    UNKNOWN_PATH = "unknown_path", _("There is no question at {path}.")
    NOT_SHOWN = "not_shown", _("{path} is not shown now (its conditions hide it).")
    READONLY = "readonly", _("This question cannot be changed.")
    NOT_QUESTION = "not_question", _("{path} is not a question that can be answered.")
    NO_REPEAT = "no_repeat", _("There is no repeat at {path}.")
    REPEAT_FIXED = "repeat_fixed", _("The number of entries of {path} is set by the form.")
    NO_LANGUAGE = "no_language", _("The form has no language '{name}'.")
    EXPRESSION = "expression", _("The form could not compute {path}: {detail}")

    # -- forms: problems found while loading and checking a form (rendered later in the app language)
    FILE_MISSING = "file_missing", _("There is no file '{source}'.")
    FILE_UNREADABLE = "file_unreadable", _("The file cannot be read: {strerror}.")
    SURVEY_UNREAD = "survey_unread", _("The survey sheet holds rows, but none could be read as questions.")
    FILE_EMPTY = "file_empty", _("The file is empty.")
    FILE_ENCRYPTED = "file_encrypted", _("The workbook is password-protected.")
    FILE_TYPE_UNKNOWN = "file_type_unknown", _("This file is not an XLSForm (.xlsx, .xls, .md) or an XForm (.xml); it may be damaged.")
    NAMESPACE_UNDECLARED = "namespace_undeclared", _("Columns such as 'bind::{prefix}:…' use the prefix '{prefix}', which the settings sheet does not declare.")
    MEDIA_MISSING = "media_missing", _("The media file '{name}' is not next to the form; it will not be shown.")
    ATTACHMENT_UNREADABLE = "attachment_unreadable", _("The attachment '{name}' for instance('{instance_id}') cannot be read: {reason}.")
    ATTACHMENT_MISSING = "attachment_missing", _("The attachment '{name}' for instance('{instance_id}') is missing.")
    XML_MALFORMED = "xml_malformed", _("The XML is not well formed: {reason} (column {column}).")
    XML_EMPTY = "xml_empty", _("The file holds no XML element.")
    XFORM_NO_HTML = "xform_no_html", _("The root element is <{name}>, not <h:html>: this is not an XForm.")
    XFORM_NO_MODEL = "xform_no_model", _("The XForm has no <model> in its <h:head>.")
    BODY_BEFORE_MODEL = "body_before_model", _("The <h:body> comes before the <h:head> with the model.")
    SECOND_MODEL = "second_model", _("Only the first <model> is used; the others are ignored.")
    INSTANCE_ROOT = "instance_root", _("The main <instance> must hold exactly one root element.")
    INSTANCE_NO_ID = "instance_no_id", _("A secondary <instance> has no id.")
    INSTANCE_DUPLICATE = "instance_duplicate", _("Two instances have the id '{inst_id}'.")
    NO_PRIMARY_INSTANCE = "no_primary_instance", _("The model has no main <instance>.")
    ITEXT_DUPLICATE_LANGUAGE = "itext_duplicate_language", _("The language '{lang}' is declared twice.")
    BIND_NO_NODESET = "bind_no_nodeset", _("A <bind> has no nodeset.")
    ACTION_NAMESPACE = "action_namespace"      # worded where found, naming the element
    ACTION_NO_REF = "action_no_ref"            # worded where found, naming the element
    ACTION_NO_EVENT = "action_no_event"        # worded where found, naming the element
    UNSUPPORTED_EVENT = "unsupported_event", _("Unsupported event(s) {events} on <{kind}>")
    UNKNOWN_CONTROL = "unknown_control", _("Unknown body element <{kind}> is ignored.")
    UNKNOWN_BIND_ID = "unknown_bind_id"        # worded where found, naming the element
    CONTROL_NO_REF = "control_no_ref", _("A <{kind}> question has no ref.")
    ITEMSET_NO_NODESET = "itemset_no_nodeset", _("An <itemset> has no nodeset.")
    RANGE_PARAMETER = "range_parameter"        # not a number, a step of 0, a step too large: worded where found
    BIND_UNKNOWN_NODE = "bind_unknown_node", _("A bind is for {path}, which is not in the form's instance")
    CONTROL_UNKNOWN_NODE = "control_unknown_node", _("The <{kind}> refers to {ref}, which is not in the form's instance; it is left out.")
    ACTION_UNKNOWN_NODE = "action_unknown_node", _("A <{kind}> sets {ref}, which is not in the form's instance.")
    EXPRESSION_SYNTAX = "expression_syntax", _("The {attribute} expression \"{shown}\" cannot be read{where}: {detail}.")
    EXPRESSION_UNSUPPORTED = "expression_unsupported", _("The {attribute} expression \"{shown}\" cannot be used: {reason}.")
    UNKNOWN_FUNCTION = "unknown_function", _("The {attribute} expression \"{shown}\" calls {name}(), which is not an ODK function.")
    UNKNOWN_INSTANCE = "unknown_instance", _("The {attribute} expression \"{shown}\" reads instance('{instance_id}'), which the form does not declare.")
    UNKNOWN_REFERENCE = "unknown_reference", _("The {attribute} expression \"{shown}\" refers to {node}, which does not exist")
    XML_TOO_DEEP = "xml_too_deep", _("The XML nests elements more than {limit} deep; FieldApp reads forms up to that depth.")
    NEW_REPEAT_OUTSIDE_REPEAT = "new_repeat_outside_repeat", _(
        "An action fired by odk-new-repeat must be inside the <repeat> it belongs to, not in the model.")
    SELECT_NO_CHOICES = "select_no_choices", _("The select question '{label}' has no choices.")
    ACTION_SEVERAL_TARGETS = "action_several_targets"  # worded where found (a setvalue into a repeat from outside it)
    GROUPS_TOO_DEEP = "groups_too_deep"        # worded where found, with the depth FieldApp reads
    CYCLE = "cycle"                            # one node reading itself, or several in a ring: worded where found
    XLSFORM_UNREADABLE = "xlsform_unreadable"  # the converter's own reason, quoted where found
    PYXFORM = "pyxform"                        # pyxform's own message (forms.po translates it by "pattern")
    PYXFORM_WARNING = "pyxform_warning"        # pyxform's own warning (forms.po translates it by "pattern")


_NAMES = {"english": "en", "español": "es", "espanol": "es", "spanish": "es"}


def language_code(language: str | None) -> str:
    """'Español (es)' -> 'es'; 'English' -> 'en'; a language without a catalogue -> 'en'."""
    if not language:
        return "en"
    code = locale.language_code(language)
    if code is None and "(" in language:
        code = locale.language_code(language[:language.rindex("(")].strip())
    if code is None:
        code = _NAMES.get(language.strip().lower().split("(")[0].strip())
    return code or "en"


def message(code: str, language: str | None = None, **params) -> str:
    """The message for `code` (a Code or its text) in the questionnaire language, parameters filled in."""
    try:
        english = Code(code).msg
    except ValueError:
        return str(code)
    if english is None:
        return str(code)
    for template in (locale.gettext("forms", english, language_code(language)), english):
        try:
            return str.format(template, **params)
        except (KeyError, IndexError, ValueError):   # a catalogue slip must never hide the message itself
            continue
    return str(english)
