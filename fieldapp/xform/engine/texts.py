"""Labels, hints and messages in the session's current language, with <output> values filled in, and media paths."""

from __future__ import annotations

import os

from fieldapp.xform.engine import exprs, state, validation
from fieldapp.xform.model.kinds import ANSWERABLE_KINDS
from fieldapp.xform.model.recorded import hint_key, label_key
from fieldapp.xform.model.formdef import Output, Text
from fieldapp.xform.messages import Code, message
from fieldapp.xform.model.views import Media, QuestionView

_MEDIA_FORMS = ("image", "audio", "video", "big-image")
# Body elements that take an answer (an <output> only shows one)


def translation(session, text_id: str):
    """The TextForms of `text_id` in the current language, falling back to the default, then any language."""
    translations = session.form.translations
    for language in (session.language, session.form.default_language):
        if language is not None:
            entry = translations.get(language, {}).get(text_id)
            if entry is not None:
                return entry
    for table in translations.values():
        entry = table.get(text_id)
        if entry is not None:
            return entry
    return None


def compiled(session, text: str):
    """The compiled expression of `text`, shared by the form's sessions."""
    return session.model.compiled.expression(text)


def render_parts(session, parts, node) -> str:
    """Literal parts joined with each <output> evaluated at `node` (errors leave the output blank)."""
    out = []
    for part in parts:
        if isinstance(part, Output):
            try:
                out.append(exprs.string(exprs.evaluate(compiled(session, part.value), node, session.env)))
            except exprs.EvaluationError:
                out.append("")
        else:
            out.append(part)
    return "".join(out)


def _text_id(session, text: Text, node) -> str | None:
    if text.itext_id is not None:
        return text.itext_id
    if text.itext_expr:
        try:
            return exprs.string(exprs.evaluate(compiled(session, text.itext_expr), node, session.env))
        except exprs.EvaluationError:
            return None
    return None


def render(session, text: Text | None, node, form: str = "long") -> str:
    """The text (one of its forms: long, short, guidance...) as the interviewer reads it now."""
    if text is None:
        return ""
    text_id = _text_id(session, text, node)
    if text_id is not None:
        entry = translation(session, text_id)
        if entry is not None:
            parts = entry.forms.get(form)
            if parts is None and form == "long":
                parts = entry.forms.get("short")
            if parts is not None:
                return render_parts(session, parts, node)
        if form != "long":
            return ""
    if form != "long":
        return ""
    return render_parts(session, text.parts, node)


def media(session, text: Text | None, node) -> Media:
    """Image/audio/video files of a label in the current language (None when the form names none or it is missing)."""
    if text is None:
        return Media()
    text_id = _text_id(session, text, node)
    entry = translation(session, text_id) if text_id else None
    if entry is None:
        return Media()
    found = {}
    for form in _MEDIA_FORMS:
        parts = entry.forms.get(form)
        if parts:
            found[form.replace("-", "_")] = media_path(session, "".join(p for p in parts if isinstance(p, str)))
    return Media(**found)


def with_recording(session, found: Media, key: str) -> Media:
    """`found` with the audio recorded for `key` in the session's language, when the form names no audio itself."""
    if found.audio is not None:
        return found
    recorded = session.form.recordings.get(session.language) if session.form.recordings else None
    path = recorded.get(key) if recorded else None
    if path is None:
        return found
    return Media(image=found.image, audio=path, video=found.video, big_image=found.big_image)


def spoken_words(session, key: str) -> str | None:
    """The words a speaker wrote for `key` in the session's language, when the form has none written in it."""
    written = session.form.recorded_texts.get(session.language) if session.form.recorded_texts else None
    if not written or session.language in session.form.translations:
        return None
    return written.get(key)


def media_path(session, uri: str) -> str | None:
    """jr://images/a.png -> the file next to the form, when it exists."""
    if not uri:
        return None
    name = uri.split("/")[-1] if uri.startswith("jr://") else uri
    form = session.form
    # The media folder, then the form's own folder: a `<form>-media/` folder made later (to keep recorded
    # audio) must not hide the pictures that sit beside the form.
    folders = [form.media_dir] + ([os.path.dirname(form.source_path)] if form.source_path else [])
    for folder in folders:
        if folder:
            path = os.path.join(folder, name)
            if os.path.exists(path):
                return path
    return None


def itext_plain(session, text_id: str) -> str | None:
    """jr:itext('id') in an expression: the long text in the current language, outputs left out."""
    entry = translation(session, text_id)
    if entry is None:
        return None
    parts = entry.forms.get("long") or entry.forms.get("short") or ()
    return "".join(p for p in parts if isinstance(p, str))


def required_message(session, node) -> str:
    return _bind_message(session, node, Code.REQUIRED)


def constraint_message(session, node) -> str:
    return _bind_message(session, node, Code.CONSTRAINT)


def _bind_message(session, node, kind: str) -> str:
    """The form's own required/constraint message in the current language, else ODK's default one."""
    bind = node.state.bind
    own = getattr(bind.bind, f"{kind}_msg") if bind is not None and bind.bind is not None else None
    text = render(session, own, node) if own is not None else ""
    return text or message(kind, session.language)


# FORMS.md: these `fieldapp:` marks go on a question or on a group, and a group's mark covers every question in it.
GROUP_FLAGS = ("fieldapp:sensitive", "fieldapp:self")
_YES = ("yes", "true", "true()", "1")


def with_group_flags(form, gpath: str, extra):
    """The bind's custom attributes plus the group marks (sensitive, self) of the groups around `gpath`."""
    inherited = {}
    path = gpath.rsplit("/", 1)[0]
    while path.count("/") >= 1:
        group = form.bind(path)
        for flag in GROUP_FLAGS:
            value = group.extra.get(flag) if group is not None else None
            if flag not in inherited and value is not None and str(value).strip().lower() in _YES:
                inherited[flag] = value
        path = path.rsplit("/", 1)[0]
    missing = {flag: value for flag, value in inherited.items()
               if str(extra.get(flag, "")).strip().lower() not in _YES}
    return {**extra, **missing} if missing else extra


def question_view(session, node, with_problem: bool = False) -> QuestionView:
    """A snapshot of one question for the UI."""
    from fieldapp.xform.engine import itemsets
    st = node.state
    bind = st.bind
    control = bind.control if bind is not None else None
    if control is None:
        from fieldapp.xform.model.formdef import Control
        control = Control("input", st.gpath)
    choices = tuple(itemsets.choice_views(session, node)) if control.kind in ("select1", "select", "rank") else ()
    problem = None
    if with_problem:
        problems = validation.problems_of(session, node)
        problem = problems[0].message if problems else None
    elif node.value and not st.valid and state.relevant(node):
        problem = constraint_message(session, node)
    extra = with_group_flags(session.form, st.gpath, bind.bind.extra if bind is not None and bind.bind is not None else {})
    return QuestionView(
        path=session.path_of(node),
        control=control,
        type=bind.type if bind is not None else "string",
        label=spoken_words(session, label_key(st.gpath)) or render(session, control.label, node),
        hint=spoken_words(session, hint_key(st.gpath)) or render(session, control.hint, node),
        guidance=render(session, control.hint, node, "guidance") or render(session, control.label, node, "guidance"),
        media=with_recording(session, media(session, control.label, node), label_key(st.gpath)),
        hint_media=with_recording(session, media(session, control.hint, node), hint_key(st.gpath)),
        value=node.value,
        choices=choices,
        required=st.required,
        readonly=state.readonly(node) or control.kind not in ANSWERABLE_KINDS,
        declined=st.declined,
        problem=problem,
        extra=extra,
        waits_for=_waits_for(session, node, control) if control.itemset is not None and not choices else (),
    )


def _waits_for(session, node, control) -> tuple[str, ...]:
    """Labels of the unanswered questions a (now empty) list of choices is filtered by: "Country" for Department."""
    from fieldapp.xform.engine import exprs
    labels = []
    for ref in sorted(exprs.references(compiled(session, control.itemset.nodeset), node.state.gpath)):
        other = session.form.controls_by_ref.get(ref)
        if other is None or other.is_container or ref == node.state.gpath:
            continue
        ancestor = node.parent   # the same repeat instance as the question, or the document
        while ancestor is not None and ancestor.state is not None and not ref.startswith(ancestor.state.gpath + "/"):
            ancestor = ancestor.parent
        if ancestor is None:
            continue
        base = ancestor.state.gpath if ancestor.state is not None else ""
        found = ancestor
        for name in ref[len(base):].strip("/").split("/")[(0 if ancestor.state is not None else 1):]:
            children = found.children_by_name.get(name) if found is not None else None
            found = children[0] if children else None
        if found is not None and not found.value and other.label is not None:
            labels.append(render(session, other.label, found))
    return tuple(label for label in labels if label)
