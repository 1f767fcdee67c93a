"""load_form(): any XLSForm (.xlsx/.xls/.md) or XForm (.xml) with its attachments -> an immutable, checked Form.

The pipeline: read the bytes, tell the real type by content, look in the
cache, convert XLSForms with pyxform, parse the XForm, attach external
instances, run our checks, and either return the Form or raise one FormError
listing every problem, placed on the survey sheet for XLSForms.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from fieldapp.xform.load import attachments as att
from fieldapp.xform.load import recordings as recorded
from fieldapp.xform.load.cache import FormCache, file_hash, form_key
from fieldapp.xform.load.checks import Finding, check_form, check_itemsets
from fieldapp.xform.model.errors import FormError, Problem
from fieldapp.xform.model.formdef import Form, FrozenMap
from fieldapp.xform.model.gcpause import collector_paused
from fieldapp.xform.load.workbook_limits import check_workbook
from fieldapp.xform.load.sniff import ENCRYPTED, MARKDOWN, XFORM, XLS, XLSX, sniff
from fieldapp.xform.load.xform_parser import parse_xform
from fieldapp.xform.messages import Code  # every problem by its code, with its English words
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language


XLSFORM_KINDS = (XLSX, XLS, MARKDOWN)

# The survey-sheet columns an XForm attribute comes from, most usual spelling first.
COLUMNS_FOR_ATTRIBUTE = {
    "relevant": ("relevant", "relevance", "bind::relevant"),
    "required": ("required", "bind::required"),
    "readonly": ("read_only", "readonly", "bind::readonly"),
    "constraint": ("constraint", "bind::constraint"),
    "calculate": ("calculation", "calculate", "bind::calculate"),
    "jr:count": ("repeat_count", "control::jr:count"),
    "itemset": ("choice_filter",),
    "default": ("default",),
    "trigger": ("trigger", "calculation"),
    "label": ("label",),
    "hint": ("hint",),
    "required_msg": ("required_message",),
    "constraint_msg": ("constraint_message",),
    "fieldapp:referral": ("bind::fieldapp:referral",),
    "parameters": ("parameters",),
    "nodeset": ("name",),
    "ref": ("name",),
}


class CompiledModels(Protocol):
    """What the cache keeps beside a Form, supplied from above: the engine's compiled model of it.

    load/ never imports the engine; `fieldapp.xform.load_form` hands the engine's in.
    """

    def build(self, form: Form) -> object | None:
        """The form's compiled model to store with it, or None when it cannot be built."""

    def adopt(self, model: object) -> None:
        """Take a model read back from the cache as the form's own."""


def load_form(path: str | os.PathLike, *, cache: bool = True, cache_folder: str | os.PathLike | None = None,
              models: CompiledModels | None = None) -> Form:
    """Load and check a form; raises FormError (with .problems, each placed) when it cannot work.

    `models` (the engine's, given by `fieldapp.xform.load_form`) lets the cache keep each form's compiled model.
    """
    source = str(path)
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise FormError([Problem(Code.FILE_MISSING, Code.FILE_MISSING.say(source=source), file=source)], file=source) from None
    except OSError as err:
        raise FormError([Problem(Code.FILE_UNREADABLE, Code.FILE_UNREADABLE.say(strerror=err.strerror), file=source)],
                        file=source) from None
    store = FormCache(cache_folder) if cache else None
    with collector_paused():
        if store is not None:
            key = form_key(data, source)
            cached, model = store.get_entry(key)
            if isinstance(cached, Form):
                if model is not None and models is not None:
                    models.adopt(model)
                return cached
        form, used_attachments = build_form(data, source)
        if store is not None:
            # The engine model goes into the cache too: the session opened next (here or in a new
            # process) then starts without compiling or ordering the form's expressions.
            store.put(key, form, used_attachments, models.build(form) if models is not None else None)
    return form


def build_form(data: bytes, source: str) -> tuple[Form, list[tuple[str, str]]]:
    """Everything but the cache: returns the Form and the attachment files used (path, sha256; "" when missing)."""
    kind = _readable_kind(data, source)
    workbook = None
    warnings: list[Problem] = []
    if kind in XLSFORM_KINDS:
        from fieldapp.xform.load import xlsform  # pyxform is imported only for XLSForms

        if kind == XLSX:
            check_workbook(data, source)   # a zip bomb is refused before anything inflates it
        conversion = xlsform.convert(data, kind, Path(source).stem, file=source)
        xform_text, workbook = conversion.xform, conversion.workbook
        warnings += conversion.warnings
    else:
        xform_text = data
    try:
        parsed = _parse(xform_text, source, from_xlsform=workbook is not None)
    except FormError as err:
        if workbook is not None and any(p.code == "xml_too_deep" for p in err.problems):
            from fieldapp.xform.load import xlsform
            raise xlsform.groups_too_deep(workbook, kind, source) or err from None
        raise
    form = parsed.form
    problems = list(parsed.problems)
    warnings += parsed.warnings

    secondary, used = _attach_instances(parsed, source, problems, warnings, from_xlsform=workbook is not None)
    for uri, warning in _missing_media(form, source):
        warnings.append(warning)
        # The cached Form's warnings go stale when the file is added.
        used += [(str(folder / att.file_name_of(uri)), "") for folder in att.media_folders(source)]

    findings = [Finding(p, "parameters" if p.code == "range_parameter" else None) for p in problems]
    findings += check_form(form, parsed.instance_paths)
    findings += check_itemsets(form, secondary)
    warnings += [f.problem for f in findings if f.warning]
    findings = [f for f in findings if not f.warning]
    if workbook is not None and _read_as_empty(form, workbook, kind):
        findings.append(Finding(Problem(
            Code.SURVEY_UNREAD, Code.SURVEY_UNREAD.say(),
            sheet="survey", hint=_("Open the workbook in a spreadsheet program, save it again as .xlsx and retry."))))
    if findings:
        placed = _place_on_sheet(findings, workbook, kind, form.root_name) if workbook is not None else \
            [f.problem for f in findings]
        raise FormError([p if p.file else replace(p, file=source) for p in _unique(placed)], file=source)

    lost = {w.path for w in warnings if w.code == "control_unknown_node"}
    if lost:
        form = _without_controls(form, lost)
    content = hashlib.sha256(data)
    for _attachment, digest in used:
        content.update(digest.encode())
    # Recordings are read after the hash: a new take must not make the form a new version in the store.
    form, read = _with_recordings(form, source)
    used = used + read
    form = replace(
        form, secondary_instances=FrozenMap(secondary), source_path=source, media_dir=att.media_dir(source),
        content_hash=content.hexdigest(), warnings=tuple(replace(w, file=source) for w in warnings),
        xlsform_path=source if workbook is not None else None,
    )
    return form, used


DEFAULT_LANGUAGE = "default"   # pyxform's name for the words of a form that names no language


def _with_recordings(form: Form, source: str) -> tuple[Form, list[tuple[str, str]]]:
    """The form with the audio recorded for it, and the files read (for the cache).

    A language recorded but not written is added to the form's languages: its labels then fall back to the
    form's own words (the session's rule for a missing translation).
    """
    audio, used = recorded.recorded_audio(source)
    if not audio:
        return form, used
    languages = list(form.languages) or [DEFAULT_LANGUAGE]
    languages += [name for name in audio if name not in languages]
    words = recorded.recorded_texts(source)
    return replace(form, languages=tuple(languages),
                   recordings=FrozenMap({name: FrozenMap(files) for name, files in audio.items()}),
                   recorded_texts=FrozenMap({name: FrozenMap(texts) for name, texts in words.items()})), used


def _readable_kind(data: bytes, source: str) -> str:
    """The file's real kind, or a FormError for empty, password-protected and unknown files."""
    kind = sniff(data, source)
    if not data.strip():
        raise FormError([Problem(Code.FILE_EMPTY, Code.FILE_EMPTY.say(), file=source,
                                 hint=_("Save the form again from your spreadsheet program or download it again."))],
                        file=source)
    if kind == ENCRYPTED:
        raise FormError([Problem(Code.FILE_ENCRYPTED, Code.FILE_ENCRYPTED.say(), file=source,
                                 hint=_("Save a copy without a password and load that."))], file=source)
    if kind not in XLSFORM_KINDS and kind != XFORM:
        raise FormError([Problem(
            Code.FILE_TYPE_UNKNOWN, Code.FILE_TYPE_UNKNOWN.say(),
            file=source, hint=_("Open it in a spreadsheet program and save it as .xlsx, or download the form again."))],
            file=source)
    return kind


def _parse(xform_text: str | bytes, source: str, *, from_xlsform: bool):
    try:
        return parse_xform(xform_text, source_path=source)
    except FormError as err:
        problems = err.problems
        if from_xlsform:
            problems = _undeclared_prefixes(xform_text) or problems
        raise FormError([p if p.file else replace(p, file=source) for p in problems], file=source) from None


def _attach_instances(parsed, source: str, problems: list[Problem], warnings: list[Problem], *, from_xlsform: bool):
    """Read every external instance file; returns the secondary instances and the files used (adds problems)."""
    secondary = dict(parsed.form.secondary_instances)
    used: list[tuple[str, str]] = []
    for instance_id, src in parsed.external_instances.items():
        if not att.is_file_src(src):
            continue  # jr://instance/last-saved and the like are filled by the session, not from a file
        line = None if from_xlsform else parsed.instance_lines.get(instance_id)
        found = att.find_attachment(source, src)
        if found is None:
            # Remember where it was looked for: the cache entry is stale once the file appears.
            used += [(str(folder / att.file_name_of(src)), "") for folder in att.media_folders(source)]
            missing = replace(att.attach_problem(instance_id, src, source), file=source, line=line)
            # An XLSForm is often checked before its files are gathered (Central takes them later):
            # warn, and the instance stays empty. A downloaded XForm must come with its files.
            (warnings if from_xlsform else problems).append(missing)
            continue
        try:
            xml = att.load_instance_file(found)
        except (ValueError, OSError) as err:
            problems.append(replace(att.attach_problem(instance_id, src, source, str(err)), file=source, line=line))
            continue
        secondary[instance_id] = replace(secondary[instance_id], xml=xml, path=str(found))
        used.append((str(found), file_hash(found)))
    return secondary, used


def _read_as_empty(form: Form, workbook: bytes, kind: str) -> bool:
    """pyxform made a form with nothing but meta while the survey sheet holds rows: never return that."""
    from fieldapp.xform.load import xlsform

    meta = f"/{form.root_name}/meta/"
    if form.controls_by_ref or not all(path.startswith(meta) for path in form.binds):
        return False
    return xlsform.has_survey_rows(workbook, kind)


MEDIA_FORMS = ("image", "big-image", "audio", "video")
KNOWN_NAMESPACES = {"fieldapp": "urn:fieldapp:xforms"}


def _undeclared_prefixes(xform_text: str | bytes) -> list[Problem]:
    """pyxform writes `bind::x:attr` columns as x:attr even when the settings sheet never declared x."""
    text = xform_text.decode("utf-8", "replace") if isinstance(xform_text, bytes) else xform_text
    declared = set(re.findall(r"xmlns:([\w.-]+)=", text)) | {"xml", "xmlns"}
    used = set(re.findall(r"[\s<]([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*=", text))
    problems = []
    for prefix in sorted(used - declared):
        uri = KNOWN_NAMESPACES.get(prefix, f"urn:example:{prefix}")
        problems.append(Problem(
            Code.NAMESPACE_UNDECLARED,
            Code.NAMESPACE_UNDECLARED.say(
                prefix=prefix),
            sheet="settings", column="namespaces",
            hint=_("Add a 'namespaces' column to the settings sheet with {prefix}=\"{uri}\".")
                .format(prefix=prefix, uri=uri)))
    return problems


def _missing_media(form: Form, source: str) -> list[tuple[str, Problem]]:
    """A warning per image/audio/video file the labels name that is not next to the form (ODK shows none)."""
    missing: dict[str, str] = {}
    for language, entries in form.translations.items():
        for text_id, forms in entries.items():
            for name in MEDIA_FORMS:
                for part in forms.forms.get(name, ()):
                    if isinstance(part, str) and att.is_file_src(part) and part not in missing \
                            and att.find_attachment(source, part) is None:
                        missing[part] = text_id
    return [(uri, Problem(Code.MEDIA_MISSING, Code.MEDIA_MISSING.say(
                name=att.file_name_of(uri) or uri), path=text_id, file=source,
                hint=_("Put it in '{folder}'.").format(folder=att.media_folders(source)[0])))
            for uri, text_id in missing.items()]


def _without_controls(form: Form, refs: set[str]) -> Form:
    """The form without the questions whose node is missing (they could hold no answer)."""
    def keep(controls):
        return tuple(replace(c, children=keep(c.children)) if c.children else c
                     for c in controls if c.is_container or c.ref not in refs)

    body = keep(form.body)
    by_ref = {}
    stack = list(body)
    while stack:
        control = stack.pop(0)
        if control.ref and (control.kind != "group" or control.ref not in by_ref):
            by_ref[control.ref] = control
        stack[:0] = control.children
    return replace(form, body=body, controls_by_ref=FrozenMap(by_ref))


def _unique(problems: list[Problem]) -> list[Problem]:
    seen = set()
    out = []
    for problem in problems:
        key = (problem.code, problem.message, problem.path, problem.row, problem.line)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def _place_on_sheet(findings: list[Finding], workbook: bytes, kind: str, root_name: str) -> list[Problem]:
    """Give each finding the survey row (found by the question's path) and the column its attribute came from."""
    from fieldapp.xform.load import xlsform

    try:
        headers, rows = xlsform.survey_rows(workbook, kind)
    except Exception:  # placing is a courtesy: an unreadable sheet leaves the node path as the place
        headers, rows = [], []
    by_path = {}
    for row in rows:
        if row.path and row.path not in by_path:
            by_path[row.path] = row
    placed = []
    for finding in findings:
        problem = finding.problem
        if problem.sheet or not problem.path:
            placed.append(problem)
            continue
        relative = problem.path[len(root_name) + 2:] if problem.path.startswith(f"/{root_name}/") else None
        row = by_path.get(relative) if relative else None
        attribute = finding.attribute
        if row is None and relative and relative.endswith("_count") and relative[:-6] in by_path:
            # pyxform moves a computed repeat_count into a hidden "<repeat>_count" calculate.
            row, attribute = by_path[relative[:-6]], "jr:count"
        if row is None:
            placed.append(replace(problem, line=None))  # a line of the generated XForm means nothing to the author
            continue
        column = _column_for(attribute, headers, row)
        problem = replace(problem, sheet="survey", row=row.number, column=column, line=None)
        placed.append(_in_authors_words(problem, finding, row.cells.get(column or "", "")))
    return placed


def _in_authors_words(problem: Problem, finding: Finding, cell: str) -> Problem:
    """Quote the cell as the author wrote it (`${age} > 3`), not pyxform's XForm rewrite (` /data/age  > 3`)."""
    if not finding.expression or not cell.strip():
        return problem
    from fieldapp.xform.load.checks import shown_expression

    generated = f'"{shown_expression(finding.expression)}"'
    if generated not in problem.message:
        return problem
    if problem.code == "expression_syntax":
        from fieldapp.xform.load.checks import syntax_error_in

        found = syntax_error_in(cell)
        if found is not None:
            position, reason = found
            return replace(problem, message=_("The {column} expression \"{cell}\" cannot be read at position {position}: {reason}.")
                .format(
                column=problem.column, cell=_quoted(cell), position=position, reason=reason))
    return replace(problem, message=problem.message.replace(generated, f'"{_quoted(cell)}"'))


def _quoted(cell: str) -> str:
    """The author's cell as a message quotes it: only its start when it is very long."""
    cell = cell.strip()
    return cell if len(cell) <= 300 else cell[:300] + "…"


def _column_for(attribute: str | None, headers: list[str], row) -> str | None:
    if not attribute:
        return None
    candidates = COLUMNS_FOR_ATTRIBUTE.get(attribute, (attribute,))
    lowered = {h.lower(): h for h in headers if h}
    for name in candidates:
        if name in lowered and row.cells.get(lowered[name]):
            return lowered[name]
    for name in candidates:  # translated columns: "label::Español (es)"
        for header in headers:
            if header and header.lower().startswith(name + "::") and row.cells.get(header):
                return header
    for name in candidates:
        if name in lowered:
            return lowered[name]
    return candidates[0]
