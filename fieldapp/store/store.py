"""The Store: one unlocked data folder, and the interview lifecycle on top of it (the API the app codes against)."""

from __future__ import annotations

import json
import secrets
import uuid
import weakref
from typing import Callable, Iterable, Iterator

from fieldapp.store import attachments as files, audit, forms as form_records, submissions
from fieldapp.store.attachments import AttachmentRecord
from fieldapp.store.clock import bound, epoch_ms, stamp, utc_now
from fieldapp.store.database import StoreDatabase, open_database
from fieldapp.store.durable import DurableListener, instance_name
from fieldapp.store.errors import FinalizeRefused, FormNotRegistered, NotAFileQuestion, RekeyedElsewhere, WrongStatus
from fieldapp.store.forms import FormRecord
from fieldapp.store.submissions import SubmissionRecord
from fieldapp.xform.load import cache as form_cache


def open_store(data_dir, passphrase: str | None = None, *, recovery_code: str | None = None, create: bool = True,
               clock: Callable | None = None, session_class=None) -> "Store":
    """Unlock the data in `data_dir` (creating it on first use when `create`); see fieldapp.store.errors for refusals.

    `clock()` -> aware datetime and `session_class` (FormSession by default) are for tests.
    """
    for attempt in range(3):
        database = open_database(data_dir, passphrase, recovery_code=recovery_code, create=create)
        try:
            return Store(database, clock=clock, session_class=session_class)
        except RekeyedElsewhere:
            # Another process changed the passphrase in the moment between opening and the first read.
            database.close()
            if attempt == 2:
                raise


FORM_CACHE_KEY = "form_cache_key"     # setting: the key that seals the compiled-form cache (hex)

# Durability levels a coordinator may choose (setting "durability"): every answer survives a power cut
# (the default: an fsync per answer), or survives a crashed or killed app only (for very slow disks).
DURABILITY = {"power_cut": "FULL", "crash": "NORMAL"}


class Store:
    """Forms, drafts, finalized submissions, settings and the audit trail of one data folder."""

    def __init__(self, database: StoreDatabase, *, clock: Callable | None = None, session_class=None):
        self.database = database
        self._clock = clock or utc_now
        self._session_class = session_class
        self._forms: dict[int, object] = {}                 # forms.id -> Form, parsed once per process
        self._listeners: dict[str, DurableListener] = {}    # instance_id -> listener of the open session
        self._sessions: dict[str, weakref.ref] = {}         # instance_id -> the open session (for attach by id)
        if self.get_setting("device_id") is None:
            self.set_setting("device_id", "fieldapp:" + uuid.uuid4().hex)
        self._apply_durability(self.get_setting("durability", "power_cut"))
        # Compiled forms (with their attached lists) reach the disk cache only sealed with this store's own key.
        key = self.get_setting(FORM_CACHE_KEY)
        if key is None:
            key = secrets.token_hex(32)
            self.set_setting(FORM_CACHE_KEY, key)
        self._form_cache_key = bytes.fromhex(key)
        form_cache.set_sealing_key(self._form_cache_key)
        if database.unlocked_by_recovery_code:
            self.log_event(None, "unlock", by="recovery_code")

    # -- set-up and keys ---------------------------------------------------------
    @property
    def data_dir(self):
        return self.database.folder

    @property
    def unlocked_by_recovery_code(self) -> bool:
        """True after unlocking with the recovery code: ask for a new passphrase (change_passphrase)."""
        return self.database.unlocked_by_recovery_code

    @property
    def has_recovery_code(self) -> bool:
        return self.database.has_recovery_code

    def create_recovery_code(self) -> str:
        """A one-time recovery code (show it once, to be kept on paper); replaces any earlier code."""
        code = self.database.create_recovery_code()
        self.log_event(None, "recovery_code_created")
        return code

    def verify_passphrase(self, passphrase: str) -> bool:
        """True when `passphrase` unwraps this database's key (the idle lock's check; no second connection)."""
        return self.database.verify_passphrase(passphrase)

    def change_passphrase(self, new_passphrase: str) -> None:
        """Re-key the database under a new passphrase (the recovery code keeps working)."""
        self.database.change_passphrase(new_passphrase)
        self.log_event(None, "passphrase_changed")

    def set_durability(self, level: str) -> None:
        """"power_cut" (default) or "crash"; see DURABILITY."""
        if level not in DURABILITY:
            raise ValueError(f"durability must be one of {sorted(DURABILITY)}")
        self.set_setting("durability", level)
        self._apply_durability(level)

    def _apply_durability(self, level: str) -> None:
        self.database.execute(f"PRAGMA synchronous = {DURABILITY.get(level, 'FULL')}")

    def now(self) -> str:
        return stamp(self._clock())

    # -- settings -----------------------------------------------------------------
    def get_setting(self, key: str, default=None):
        rows = self.database.query("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value) -> None:
        text = json.dumps(value, ensure_ascii=False)
        with self.database.transaction():
            self.database.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, text))

    # -- forms --------------------------------------------------------------------
    def register_form(self, form) -> FormRecord:
        record = form_records.register(self.database, form, self.now())
        self._forms.setdefault(record.id, form)
        return record

    def forms(self, include_hidden: bool = True) -> list[FormRecord]:
        return form_records.list_forms(self.database, include_hidden)

    def hide_form(self, form_id: str, hidden: bool = True) -> None:
        form_records.set_hidden(self.database, form_id, hidden)

    def load_form(self, form_id: str, version: str | None = None):
        """The registered Form (the most recently registered version when `version` is None)."""
        return self._form_for(form_records.find(self.database, form_id, version))

    def form_source(self, form_id: str) -> str | None:
        """The file the newest version of a form was loaded from (its media, and recordings, live beside it)."""
        try:
            return form_records.find(self.database, form_id).get("source_path")
        except FormNotRegistered:
            return None

    def forget_loaded_forms(self) -> None:
        """Read forms again from their files next time (audio was recorded for one: its interviews must hear it)."""
        self._forms.clear()

    def _form_for(self, row: dict):
        if row["id"] not in self._forms:
            self._forms[row["id"]] = form_records.form_from_row(row)
        return self._forms[row["id"]]

    # -- the interview lifecycle ---------------------------------------------------------
    def new_session(self, form, *, interviewer: str | None = None, case_code: str | None = None,
                    language: str | None = None):
        """A new draft whose every change is committed before the operation returns."""
        record = self.register_form(form)
        properties = {"deviceid": self.get_setting("device_id"), "username": interviewer or ""}
        session = self._new_session(form, language, properties)
        state = session.dump()
        now = self.now()
        with self.database.transaction():
            submissions.insert(self.database, {
                "instance_id": session.instance_id, "root_id": session.instance_id, "deprecated_id": None,
                "form_ref": record.id, "form_id": record.form_id, "form_version": record.version,
                "status": "draft", "created_at": now, "updated_at": now, "interviewer": interviewer,
                "case_code": case_code, "title": _instance_name(state) or record.title}, submissions.pack(state))
            audit.insert(self.database, now, session.instance_id, "form_start",
                         details={"form_id": record.form_id, "form_version": record.version})
        return self._attach(session, state)

    def resume(self, instance_id: str):
        """The draft exactly as it was left (answers, repeats, declines, language, position)."""
        row = submissions.get_row(self.database, instance_id)
        if row["status"] != "draft":
            raise WrongStatus(f"{instance_id} is {row['status']}, not a draft")
        self._detach(instance_id)
        form = self._form_for(form_records.by_id(self.database, row["form_ref"]))
        state = submissions.draft_state(self.database, row)
        session = self._restore(form, state)
        with self.database.transaction():
            audit.insert(self.database, self.now(), instance_id, "form_resume")
        return self._attach(session, state)

    def save(self, session, event: str = "form_save", **details) -> None:
        """Write the whole state now and log `event` (form_save; "pause" and "form_exit" also save)."""
        listener = self._live_listener(session.instance_id)
        with self.database.transaction():
            listener.save(session)
            audit.insert(self.database, self.now(), session.instance_id, event, details=details or None)

    def pause(self, session, **details) -> None:
        self.save(session, "pause", **details)

    def exit(self, session) -> None:
        """Leave the interview (it stays a draft); the session object is no longer written."""
        self.save(session, "form_exit")
        self._detach(session.instance_id)

    def finalize(self, session) -> None:
        """Mark the filling finished; refuses with FinalizeRefused(problems) while session.validate() finds any."""
        listener = self._live_listener(session.instance_id)
        problems = list(session.validate())
        if problems:
            with self.database.transaction():
                audit.insert(self.database, self.now(), session.instance_id, "finalize_error",
                             details={"problems": len(problems)})
            raise FinalizeRefused(problems)
        # to_xml() stamps the `end` time in the session: dump after it, so the saved state and XML agree.
        xml = session.to_xml()
        state = session.dump()
        now = self.now()
        row = submissions.get_row(self.database, session.instance_id)
        with self.database.transaction():
            self.database.execute(
                "UPDATE submissions SET status = 'finalized', updated_at = ?, finalized_at = ?, title = ?"
                " WHERE instance_id = ?", (now, now, _instance_name(state) or row["title"], session.instance_id))
            submissions.set_data(self.database, session.instance_id,
                                 state=submissions.pack(state, submissions.FINAL_COMPRESSION),
                                 xml=submissions.pack_text(xml))
            self.database.execute("DELETE FROM draft_values WHERE instance_id = ?", (session.instance_id,))
            # Files no answer names any more (a removed repeat, a replaced answer) do not leave with the interview.
            files.keep_only(self.database, session.instance_id,
                            set((state.get(submissions.VALUES_KEY) or {}).values()))
            if row["deprecated_id"]:
                self.database.execute("UPDATE submissions SET superseded_by = ? WHERE instance_id = ?",
                                      (session.instance_id, row["deprecated_id"]))
            audit.insert(self.database, now, session.instance_id, "form_finalize")
        listener.active = False
        self._listeners.pop(session.instance_id, None)
        self._sessions.pop(session.instance_id, None)

    def edit(self, instance_id: str):
        """A finalized submission as a new draft version: new instanceID, deprecatedID = this one, same root."""
        row = submissions.get_row(self.database, instance_id)
        if row["status"] != "finalized":
            raise WrongStatus(f"{instance_id} is {row['status']}; only finalized interviews are edited")
        if row["superseded_by"]:
            raise WrongStatus(f"{instance_id} was replaced by {row['superseded_by']}; edit the latest version")
        form = self._form_for(form_records.by_id(self.database, row["form_ref"]))
        session = self._restore(form, submissions.unpack(row["state"])).new_version()
        state = session.dump()
        now = self.now()
        with self.database.transaction():
            submissions.insert(self.database, {
                "instance_id": session.instance_id, "root_id": row["root_id"], "deprecated_id": instance_id,
                "form_ref": row["form_ref"], "form_id": row["form_id"], "form_version": row["form_version"],
                "status": "draft", "created_at": now, "updated_at": now, "interviewer": row["interviewer"],
                "case_code": row["case_code"], "title": row["title"]}, submissions.pack(state))
            files.copy(self.database, instance_id, session.instance_id)
            audit.insert(self.database, now, session.instance_id, "edit",
                         details={"previous_instance_id": instance_id})
        return self._attach(session, state)

    def withdraw(self, instance_id: str, erase: bool = True) -> None:
        """The respondent withdrew: with `erase`, every answer of every version goes; an anonymous record remains."""
        row = submissions.get_row(self.database, instance_id)
        # Earlier and later versions of an edited interview hold the same person's answers.
        versions = [r.instance_id for r in submissions.search(self.database, root_id=row["root_id"],
                                                              include_superseded=True)] or [instance_id]
        now = self.now()
        for version in versions:
            self._detach(version)
        with self.database.transaction():
            for version in versions:
                if erase:
                    self.database.execute(
                        "UPDATE submissions SET status = 'withdrawn', case_code = NULL, title = ?, updated_at = ?"
                        " WHERE instance_id = ?", (row["form_id"], now, version))
                    submissions.set_data(self.database, version, state=None, xml=None)
                    self.database.execute("DELETE FROM draft_values WHERE instance_id = ?", (version,))
                else:
                    self.database.execute("UPDATE submissions SET status = 'withdrawn', updated_at = ? "
                                          "WHERE instance_id = ?", (now, version))
            if erase:
                files.delete_all(self.database, versions)
                audit.forget_values(self.database, versions)
            audit.insert(self.database, now, instance_id, "withdraw", details={"erase": erase, "count": len(versions)})
        if erase:
            self._flush_erased()

    def refuse(self, instance_id: str, keep: Iterable[str], outcome: str, observed_risk: str | None = None,
               **details) -> None:
        """Consent or assent was refused: the draft ends, and only the answers at the `keep` paths (the consent
        record) and the `outcome` stay. Every other answer, the files, the name and case code, and the answers
        in the audit trail are erased; the events themselves (codes only) stay.

        `observed_risk` ("yes"/"no") is the interviewer's own observation at that moment, not the child's
        answer: a child who says no but is visibly in danger must still leave a flag for the supervisor."""
        row = submissions.get_row(self.database, instance_id)
        if row["status"] != "draft":
            raise WrongStatus(f"{instance_id} is {row['status']}, not a draft")
        self._detach(instance_id)
        state = submissions.draft_state(self.database, row)
        wanted = set(keep)
        values = {path: value for path, value in (state.get(submissions.VALUES_KEY) or {}).items()
                  if value not in (None, "") and (path in wanted or _generic(path) in wanted)}
        record = {submissions.VALUES_KEY: values, "instance_id": instance_id, "outcome": outcome}
        if observed_risk is not None:
            record["observed_risk"] = observed_risk
            details["observed_risk"] = observed_risk
        title = next((form["title"] for form in self.database.query(
            "SELECT title FROM forms WHERE id = ?", (row["form_ref"],))), None) or row["form_id"]
        now = self.now()
        with self.database.transaction():
            self.database.execute(
                "UPDATE submissions SET status = 'refused', outcome = ?, case_code = NULL, title = ?, updated_at = ?,"
                " finalized_at = ? WHERE instance_id = ?", (outcome, title, now, now, instance_id))
            submissions.set_data(self.database, instance_id, state=submissions.pack(record), xml=None)
            self.database.execute("DELETE FROM draft_values WHERE instance_id = ?", (instance_id,))
            files.delete_all(self.database, [instance_id])
            audit.forget_values(self.database, [instance_id])
            audit.insert(self.database, now, instance_id, "consent",
                         details={"action": "refused", "outcome": outcome, **details})
        self._flush_erased()

    def consent_record(self, instance_id: str) -> dict:
        """What a refused interview keeps: {"values": consent answers, "outcome": code}."""
        row = submissions.get_row(self.database, instance_id)
        if row["status"] != "refused":
            raise WrongStatus(f"{instance_id} is {row['status']}, not refused")
        return submissions.unpack(row["state"]) or {}

    def set_outcome(self, instance_id: str, outcome: str | None) -> None:
        """Say how a draft stands for the Interviews list ("rescheduled"), or clear it (None)."""
        with self.database.transaction():
            self.database.execute("UPDATE submissions SET outcome = ? WHERE instance_id = ?", (outcome, instance_id))

    def purge(self, instance_ids: Iterable[str]) -> int:
        """Remove submissions the coordinator confirmed receiving (finalized or withdrawn) with their earlier
        versions; drafts are refused. Returns how many rows went."""
        ids = list(dict.fromkeys(instance_ids))
        rows = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for found in self.database.query(
                    "SELECT instance_id, status, root_id FROM submissions WHERE instance_id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                rows[found["instance_id"]] = found
        drafts = [i for i in ids if i in rows and rows[i]["status"] == "draft"]
        if drafts:
            raise WrongStatus(f"{len(drafts)} draft(s) cannot be purged: finalize or withdraw them first")
        present = [i for i in ids if i in rows]
        roots = sorted({rows[i]["root_id"] for i in present})
        for start in range(0, len(roots), 500):
            chunk = roots[start:start + 500]
            present += [found["instance_id"] for found in self.database.query(
                f"SELECT instance_id FROM submissions WHERE root_id IN ({','.join('?' * len(chunk))})"
                " AND superseded_by IS NOT NULL", chunk) if found["instance_id"] not in rows]
        now = self.now()
        with self.database.transaction():
            for start in range(0, len(present), 500):
                chunk = present[start:start + 500]
                self.database.execute(f"DELETE FROM submissions WHERE instance_id IN ({','.join('?' * len(chunk))})",
                                      chunk)
            files.delete_all(self.database, present)
            audit.forget_values(self.database, present)
            for instance_id in present:
                audit.insert(self.database, now, instance_id, "purge")
        self._flush_erased()
        return len(present)

    # -- answers that are files -------------------------------------------------------
    def attach(self, session_or_instance_id, path: str, source_file) -> str:
        """Answer the file question `path` with a copy of `source_file` kept encrypted in the database.

        Returns the answer's value: a new unique name (the file's own name may identify someone). A file
        attached before to the same question is dropped. Refuses with AttachmentTooLarge above the
        "max_attachment_mb" setting and AttachmentUnreadable when the file cannot be read.
        """
        session = self._open_session(session_or_instance_id)
        instance_id = session.instance_id
        self._live_listener(instance_id)
        if not _takes_files(session, path):
            raise NotAFileQuestion(path)
        content = files.read_source(source_file, self.max_attachment_bytes())
        source_name = files.source_name(source_file)
        previous = session.value(path)
        now = self.now()
        with self.database.transaction():
            name = files.new_file_name(self.database, instance_id, epoch_ms(self._clock()), source_name,
                                       files.media_type_of(source_name))
            record = files.describe(instance_id, name, path, content, source_name, now)
            files.insert(self.database, record, content)
            # The answer is written by the session's listener inside this transaction: file and answer go together.
            session.answer(path, name)
            if previous and previous != name:
                files.delete(self.database, instance_id, previous)
            audit.insert(self.database, now, instance_id, "attach", path=path,
                         details={"media_type": record.media_type, "size": record.size})
        return name

    def detach(self, session_or_instance_id, path: str) -> None:
        """Clear the file question `path` and delete the file it named."""
        session = self._open_session(session_or_instance_id)
        self._live_listener(session.instance_id)
        previous = session.value(path)
        with self.database.transaction():
            session.answer(path, "")
            if previous:
                files.delete(self.database, session.instance_id, previous)
            audit.insert(self.database, self.now(), session.instance_id, "detach", path=path)

    def attachment(self, instance_id: str, file_name: str) -> bytes:
        """The attached file's bytes, in memory (show them with QImage.fromData; never write them to disk)."""
        return files.content(self.database, instance_id, file_name)

    def attachment_info(self, instance_id: str, file_name: str) -> AttachmentRecord | None:
        """Name, question, media type, size and checksum of one attached file (None when not stored)."""
        return files.find(self.database, instance_id, file_name)

    def attachments(self, instance_id: str) -> list[AttachmentRecord]:
        """The submission's attached files (without their bytes), oldest first."""
        return files.listing(self.database, instance_id)

    def max_attachment_bytes(self) -> int:
        return files.max_bytes(self.get_setting(files.MAX_SETTING, files.DEFAULT_MAX_MB))

    # -- reading --------------------------------------------------------------------
    def submissions(self, form_id=None, status=None, interviewer=None, case_code=None, since=None, until=None,
                    text=None, limit=None, *, include_superseded: bool = False) -> list[SubmissionRecord]:
        """Submissions matching every filter given, most recently changed first; `since`/`until` on updated_at."""
        return submissions.search(self.database, form_id=form_id, status=status, interviewer=interviewer,
                                  case_code=case_code, since=bound(since), until=bound(until, end=True),
                                  text=text, limit=limit, include_superseded=include_superseded)

    def submission(self, instance_id: str) -> SubmissionRecord:
        return submissions.get_record(self.database, instance_id)

    def instance_xml(self, instance_id: str) -> str | None:
        """A finalized submission's instance XML as ODK submits it (None for drafts and erased withdrawals)."""
        return submissions.unpack_text(submissions.get_row(self.database, instance_id)["xml"])

    def finalized(self, form_id: str | None = None) -> Iterator[tuple[SubmissionRecord, str]]:
        """(record, instance XML) of every current finalized submission, oldest first, for exports."""
        records = self.submissions(form_id=form_id, status="finalized")
        for record in reversed(records):
            yield record, self.instance_xml(record.instance_id)

    def for_export(self, form_id: str, statuses=("finalized", "withdrawn")):
        """(record, instance XML or None, saved state or None) of every current submission of the form with one
        of `statuses`, oldest first, read in one pass (exports and sync; an erased withdrawal has neither)."""
        marks = ",".join("?" * len(statuses))
        ids = [row[0] for row in self.database.fetchall(
            f"SELECT instance_id FROM submissions WHERE form_id = ? AND status IN ({marks}) "
            f"AND superseded_by IS NULL ORDER BY created_at, instance_id", (form_id, *statuses))]
        # In chunks: memory holds a few hundred submissions at a time, however many the laptop has.
        for start in range(0, len(ids), 200):
            chunk = ids[start:start + 200]
            found = {row["instance_id"]: row for row in self.database.query(
                "SELECT s.*, d.state, d.xml FROM submissions s LEFT JOIN submission_data d USING (instance_id) "
                f"WHERE s.instance_id IN ({','.join('?' * len(chunk))})", chunk)}
            yield from self._export_rows([found[i] for i in chunk if i in found])

    def _export_rows(self, rows):
        for row in rows:
            record = SubmissionRecord(**{k: row[k] for k in SubmissionRecord._fields})
            xml = submissions.unpack_text(row["xml"])
            # A withdrawal kept without erasing was a draft: its answers since the last full save are in the overlay.
            state = (submissions.draft_state(self.database, row) if row["status"] == "withdrawn" and row["state"]
                     else submissions.unpack(row["state"]))
            yield record, xml, state

    def event_counts(self, event: str) -> dict[str, int]:
        """How many `event` events each submission has (referrals for exports), in one query."""
        return audit.count_by_subject(self.database, event)

    def set_case_code(self, instance_id: str, case_code: str | None) -> None:
        with self.database.transaction():
            self.database.execute("UPDATE submissions SET case_code = ? WHERE instance_id = ?",
                                  (case_code, instance_id))

    # -- audit ----------------------------------------------------------------------
    def log_event(self, instance_id: str | None, event: str, **details) -> None:
        """Record a safeguarding or app event (pause, privacy_screen, distress, referral, export, ...).

        `path=` names the question; other details are kept, but exports without values keep only
        the coded ones (outcome, reason_code, count, profile, ... see audit._SAFE_DETAIL_KEYS), never free text.
        """
        path = details.pop("path", None)
        with self.database.transaction():
            audit.insert(self.database, self.now(), instance_id, event, path=path, details=details or None)

    def audit(self, instance_id: str | None = None, include_values: bool = False) -> list[audit.AuditEvent]:
        return audit.events(self.database, instance_id, include_values)

    def audit_csv(self, instance_id: str | None = None, include_values: bool = False) -> str:
        """The audit trail as CSV text; without answers unless `include_values`."""
        return audit.to_csv(self.audit(instance_id, include_values))

    def close(self) -> None:
        if form_cache.sealing_key() == self._form_cache_key:
            form_cache.set_sealing_key(None)        # locked: no form is read from or written to disk any more
        for listener in self._listeners.values():
            listener.active = False
        self._listeners.clear()
        self.database.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- internals ---------------------------------------------------------------------
    def _session_type(self):
        if self._session_class is None:
            from fieldapp.xform.session import FormSession
            self._session_class = FormSession
        return self._session_class

    def _new_session(self, form, language, properties):
        if self._session_class is None:
            return form.new_session(language=language, properties=properties)
        return self._session_class(form, language=language, properties=properties)

    def _restore(self, form, state: dict):
        return self._session_type().restore(form, state)

    def _attach(self, session, state: dict):
        listener = DurableListener(self, session.instance_id, state)
        self._listeners[session.instance_id] = listener
        self._sessions[session.instance_id] = weakref.ref(session)
        session.add_listener(listener)
        return session

    def _detach(self, instance_id: str) -> None:
        listener = self._listeners.pop(instance_id, None)
        self._sessions.pop(instance_id, None)
        if listener:
            listener.active = False

    def _live_listener(self, instance_id: str) -> DurableListener:
        listener = self._listeners.get(instance_id)
        if listener is None or not listener.active:
            raise WrongStatus(f"{instance_id} is not an open draft (resume it first)")
        return listener

    def _open_session(self, session_or_instance_id):
        """The session itself, or the open session of that instance id (a draft must be resumed first)."""
        if not isinstance(session_or_instance_id, str):
            return session_or_instance_id
        ref = self._sessions.get(session_or_instance_id)
        session = ref() if ref is not None else None
        if session is None:
            raise WrongStatus(f"{session_or_instance_id} is not an open draft (resume it first)")
        return session

    def _flush_erased(self) -> None:
        """Push erased pages out of the write-ahead log into the (zeroed, secure_delete) database file."""
        with self.database.lock:
            self.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")



def _generic(path: str) -> str:
    """/data/rep[2]/q -> /data/rep/q"""
    return "/".join(step.split("[")[0] for step in path.split("/"))


def _instance_name(state: dict) -> str | None:
    return instance_name(state.get(submissions.VALUES_KEY) or {})


def _takes_files(session, path: str) -> bool:
    """Whether the question at `path` is answered by a file (binary bind: image, audio, video, file)."""
    question = getattr(session, "question", None)
    if question is None:        # a session without question views (test fakes) is taken at its word
        return True
    return question(path).type == "binary"
