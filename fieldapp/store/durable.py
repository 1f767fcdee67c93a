"""The listener that makes a FormSession durable: every change is committed before the operation returns.

An answer upserts only the nodes it changed (the answered one, calculations,
setvalue targets) into the draft's overlay, with its audit event, in one
transaction. Anything that reshapes the filling (repeats added or removed, a
decline, a language or position change) saves the whole dump() instead,
because positional paths may have shifted or state outside values changed.
If the write fails (disk full) the error propagates out of answer(): the
interviewer must know the answer was not kept.
"""

from __future__ import annotations

from fieldapp.store import audit, submissions
from fieldapp.store.errors import WrongStatus

# Change kinds the overlay can hold; everything else is saved as a whole dump().
_OVERLAY_KINDS = {"answer"}
_AUDIT_EVENT_BY_KIND = {"add_repeat": "add_repeat", "remove_repeat": "delete_repeat",
                        "language": "language_change", "position": "question"}
_DECLINED_KEY = "declined"


class DurableListener:
    """Attached to one session through add_listener(); `store` gives the database and the clock."""

    def __init__(self, store, instance_id: str, state: dict | None = None):
        self.store = store
        self.instance_id = instance_id
        self.active = True
        self._declined = _declined_in(state)
        # After a failed write (disk full) the session holds a change the database does not:
        # the next write saves everything, so nothing the interviewer sees is missing from the disk.
        self._behind = False

    def __call__(self, session, change) -> None:
        if not self.active:
            raise WrongStatus(f"{self.instance_id} was closed (finalized, withdrawn or left); open it again")
        database = self.store.database
        now = self.store.now()
        try:
            with database.transaction():
                if (change.kind in _OVERLAY_KINDS and not change.structural and not self._behind
                        and change.path not in self._declined):
                    submissions.save_values(database, self.instance_id, change.values, now)
                else:
                    state = session.dump()
                    submissions.save_full(database, self.instance_id, state, now)
                    self._declined = _declined_in(state)
                title = instance_name(change.values)
                if title:
                    database.execute("UPDATE submissions SET title = ? WHERE instance_id = ?",
                                     (title, self.instance_id))
                self._audit(database, now, session, change)
        except BaseException:
            self._behind = True
            raise
        self._behind = False

    def save(self, session) -> dict:
        """Save the whole state now (pause, exit, explicit save); returns the dump written."""
        state = session.dump()
        submissions.save_full(self.store.database, self.instance_id, state, self.store.now())
        self._declined = _declined_in(state)
        self._behind = False
        return state

    def _audit(self, database, now: str, session, change) -> None:
        if change.kind == "answer":
            # An answer that repeats the current value changes nothing, so it is not in change.values.
            new_value = change.values[change.path] if change.path in change.values else session.value(change.path)
            audit.insert(database, now, self.instance_id, "answer_changed", path=change.path,
                         old_value=change.old_value, new_value=new_value)
        elif change.kind == "decline":
            # Called after the save above, so the declined set already says which way it went.
            event = "decline" if change.path in self._declined else "undecline"
            audit.insert(database, now, self.instance_id, event, path=change.path)
        elif change.kind in _AUDIT_EVENT_BY_KIND:
            audit.insert(database, now, self.instance_id, _AUDIT_EVENT_BY_KIND[change.kind], path=change.path)


def _declined_in(state: dict | None) -> set[str]:
    declined = (state or {}).get(_DECLINED_KEY) or ()
    return set(declined if not isinstance(declined, dict) else [p for p, flag in declined.items() if flag])


def instance_name(values: dict) -> str | None:
    """The filling's name when its meta/instanceName calculation changed (shown in lists instead of the form title)."""
    for path, value in values.items():
        if path.endswith("/meta/instanceName") and value:
            return value
    return None
