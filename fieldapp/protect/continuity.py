"""Continuity: a returning child's earlier interview, found by case code, and the answers it may pre-fill.

A child must never be made to tell their story again (SAFEGUARDING.md item 11), so the parts that do not
change between visits can be carried over from the most recent interview of the same form with the same
case code. Carried over are only answers that are:

* not `fieldapp:sensitive` and not `fieldapp:pii`, on the question or on any group around it;
* not in a self-interview part (`fieldapp:self`);
* not in a part that belongs to this visit: a group holding one of the interviewer's own questions
  (consent, assent, privacy check, case code...: consent is asked again at every visit);
* not read-only or calculated, not a note, an acknowledgement or a file, not inside a repeat;
* not forbidden by the form: `bind::fieldapp:prefill` = no on the question or a group around it.

FORMS.md names no attribute that allows pre-fill: what the rules above leave is allowed by default.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Iterable, Mapping

from fieldapp.protect import marks

PREFILL = "fieldapp:prefill"
CASE_CODE_ROLE = "case-code"
_NO = ("no", "false", "false()", "0")
_NOT_ANSWERS = ("trigger", "upload", "output")


def _extra(form, ref: str) -> Mapping[str, str]:
    bind = form.bind(ref)
    return bind.extra if bind is not None else {}


def _ancestors(ref: str) -> list[str]:
    """/data/a/b/q -> ["/data/a/b", "/data/a"] (the groups around a question, innermost first)."""
    steps = ref.split("/")
    return ["/".join(steps[:i]) for i in range(len(steps) - 1, 2, -1)]


def case_code_ref(form) -> str | None:
    """The question whose role is `case-code` (it finds a returning child's earlier interviews), if the form has one."""
    for ref, control in form.controls_by_ref.items():
        if not control.is_container and marks.role(_extra(form, ref)) == CASE_CODE_ROLE:
            return ref
    return None


def prefill_refs(form) -> list[str]:
    """The questions of `form` an earlier interview may pre-fill, in form order (see the module's rules)."""
    repeats = tuple(form.repeat_paths)
    questions = [(ref, control) for ref, control in form.controls_by_ref.items() if ref and not control.is_container]
    visit_own = set()   # groups that hold one of the interviewer's own questions belong to this visit
    for ref, _control in questions:
        if marks.role(_extra(form, ref)) in marks.INTERVIEWER_ROLES:
            visit_own.update(_ancestors(ref)[:1])
    allowed = []
    for ref, control in questions:
        if control.kind in _NOT_ANSWERS or any(ref == r or ref.startswith(r + "/") for r in repeats):
            continue
        bind = form.bind(ref)
        if bind is not None and (bind.calculate or _is_true(bind.readonly)):
            continue
        if marks.role(_extra(form, ref)) in marks.INTERVIEWER_ROLES:
            continue
        around = [ref, *_ancestors(ref)]
        if any(r in visit_own for r in around[1:]):
            continue
        if any(_closed(_extra(form, r)) for r in around):
            continue
        allowed.append(ref)
    return allowed


def _is_true(expression: str | None) -> bool:
    return str(expression or "").strip().lower() in ("true()", "true", "yes", "1")


def _closed(extra: Mapping[str, str]) -> bool:
    """Marks that keep an answer from being carried over to another interview."""
    return (marks.is_sensitive(extra) or marks.is_pii(extra) or marks.is_self(extra)
            or str(extra.get(PREFILL) or "").strip().lower() in _NO)


def answers_in(instance_xml: str) -> dict[str, str]:
    """Every answered leaf of an instance, by path (/data/group/question); repeated nodes are left out."""
    root = ElementTree.fromstring(instance_xml)
    found: dict[str, str] = {}
    repeated: set[str] = set()

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def visit(node, path: str) -> None:
        names = [local(child.tag) for child in node]
        for child in node:
            name = local(child.tag)
            child_path = f"{path}/{name}"
            if names.count(name) > 1:
                repeated.add(child_path)
            if len(child):
                visit(child, child_path)
            elif (child.text or "").strip():
                found[child_path] = child.text.strip()
    visit(root, "/" + local(root.tag))
    return {path: value for path, value in found.items()
            if not any(path == r or path.startswith(r + "/") for r in repeated)}


def prefill(form, earlier: Mapping[str, str], already: Mapping[str, str] | None = None) -> dict[str, str]:
    """The answers to carry over: those of `earlier` (path -> value) the rules allow, where this interview's
    answer (`already`, path -> value) is still empty. Pure: nothing is answered here."""
    already = already or {}
    return {ref: earlier[ref] for ref in prefill_refs(form) if earlier.get(ref) and not already.get(ref)}


def most_recent(records: Iterable, current_instance_id: str):
    """The latest finished earlier interview among `records` (SubmissionRecords of the same form and case code);
    drafts are left out (an interview stopped half-way is not a record to build on), and so are withdrawals."""
    earlier = [r for r in records if r.instance_id != current_instance_id and r.status == "finalized"
               and not getattr(r, "superseded_by", None)]
    return max(earlier, key=lambda r: (r.updated_at, r.created_at), default=None)


def apply(session, answers: Mapping[str, str]) -> int:
    """Answer `session` with `answers` in form order; an answer the form no longer accepts (a choice removed,
    a question not asked now) is left out. Returns how many were filled in."""
    filled = 0
    for path, value in answers.items():
        try:
            problems = session.answer(path, value)
        except Exception:   # not relevant here, or not a value this version of the form accepts
            continue
        if any(p.path == path for p in problems or ()):
            session.answer(path, "")   # the form refuses it now (a constraint): leave it for the interviewer
            continue
        filled += 1
    return filled


# -- with the store ---------------------------------------------------------------------------------------------

def remember_case_code(store, session, path: str, value: str) -> bool:
    """When `path` is the form's case-code question, keep its answer on the interview's record (the later visits
    find it by it). Returns whether it was the case code."""
    ref = case_code_ref(session.form)
    if ref is None or _generic(path) != ref:
        return False
    store.set_case_code(session.instance_id, value.strip() or None)
    return True


def find_earlier(store, session, case_code: str):
    """(the most recent earlier interview of this form with `case_code`, the answers it may pre-fill), or None
    when there is none, or nothing of it may be carried over."""
    if not case_code.strip():
        return None
    record = most_recent(store.submissions(form_id=session.form.form_id, case_code=case_code.strip()),
                         session.instance_id)
    xml = store.instance_xml(record.instance_id) if record is not None else None
    if not xml:
        return None
    current = {}
    for ref in prefill_refs(session.form):
        try:
            current[ref] = session.value(ref)
        except Exception:   # not in this interview (yet): empty
            current[ref] = ""
    answers = prefill(session.form, answers_in(xml), current)
    return (record, answers) if answers else None


def carry_over(store, session, record, answers: Mapping[str, str]) -> int:
    """Pre-fill `session` from `record`'s `answers` and record it in the audit trail (how many, never which values)."""
    filled = apply(session, answers)
    store.log_event(session.instance_id, "prefill", count=filled, previous_instance_id=record.instance_id)
    return filled


def _generic(path: str) -> str:
    return "/".join(step.split("[")[0] for step in path.split("/"))
