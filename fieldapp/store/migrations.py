"""The database schema, created and upgraded by numbered sqlite_utils migrations, each in its own transaction.

Rules for adding one: append a new function `NNNN_what_it_does`, never edit an
applied one. `PRAGMA user_version` mirrors the number of migrations applied so
an older FieldApp can tell, without writing, that the data is newer than it.
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

from fieldapp.store.errors import NewerStoreVersion, NotAFieldAppFolder

MIGRATION_SET = "fieldapp.store"
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def initial(db):
    db.execute(f"PRAGMA application_id = {_application_id()}")
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["forms"].create({
        "id": int, "form_id": str, "version": str, "title": str, "languages": str,
        "content_hash": str, "xform": str, "source_path": str, "media_dir": str,
        "registered_at": str, "hidden": int,
    }, pk="id", not_null={"form_id", "xform", "registered_at"}, defaults={"hidden": 0, "version": ""})
    db["forms"].create_index(["form_id", "version", "content_hash"], unique=True)
    # One small row per submission for listing and search; the bulky state and XML live in submission_data,
    # so listing thousands reads a few hundred kilobytes, not the answers.
    db["submissions"].create({
        "instance_id": str, "root_id": str, "deprecated_id": str, "superseded_by": str,
        "form_ref": int, "form_id": str, "form_version": str, "status": str,
        "created_at": str, "updated_at": str, "finalized_at": str,
        "interviewer": str, "case_code": str, "title": str,
    }, pk="instance_id", not_null={"root_id", "form_id", "status", "created_at", "updated_at"},
        foreign_keys=[("form_ref", "forms", "id")])
    db.execute("""CREATE TABLE submission_data (
        instance_id TEXT PRIMARY KEY REFERENCES submissions(instance_id) ON DELETE CASCADE,
        state BLOB,     -- zlib-compressed JSON of FormSession.dump() (the base the draft_values overlay applies to)
        xml BLOB        -- zlib-compressed instance XML, set at finalize
    )""")
    # Listing and search filter on these, newest first: indexes, never scans of the state blobs.
    db["submissions"].create_index(["form_id", "status", "updated_at"])
    db["submissions"].create_index(["status", "updated_at"])
    db["submissions"].create_index(["updated_at"])
    db["submissions"].create_index(["interviewer", "updated_at"])
    db["submissions"].create_index(["case_code"])
    db["submissions"].create_index(["root_id"])
    # Answers given since the last full save of a draft, one row per node: the cheap per-answer write.
    db.execute("""CREATE TABLE draft_values (
        instance_id TEXT NOT NULL REFERENCES submissions(instance_id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (instance_id, path)) WITHOUT ROWID""")
    # The audit trail is the biggest table (two events per answered question), so it is kept compact:
    # submission ids, paths and event names are numbers into audit_terms, times are epoch milliseconds.
    db["audit_terms"].create({"id": int, "term": str}, pk="id", not_null={"term"})
    db["audit_terms"].create_index(["term"], unique=True)
    db.execute("""CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        subject INTEGER REFERENCES audit_terms(id),
        at INTEGER NOT NULL,
        event INTEGER NOT NULL REFERENCES audit_terms(id),
        path INTEGER REFERENCES audit_terms(id),
        old_value TEXT,
        new_value TEXT,
        details TEXT)""")
    db["audit"].create_index(["subject", "id"])


@migrations(name="0002_attachments")
def attachments(db):
    # Answers that are files (photos, recordings): the bytes live inside the encrypted database, never
    # beside it. The content column is last, so listing reads the small columns without the file's pages.
    db.execute("""CREATE TABLE attachments (
        instance_id TEXT NOT NULL REFERENCES submissions(instance_id) ON DELETE CASCADE,
        file_name TEXT NOT NULL,        -- the answer's value (a new name, never the name chosen on disk)
        path TEXT NOT NULL,             -- the question it answered when attached
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        added_at TEXT NOT NULL,
        content BLOB NOT NULL,
        PRIMARY KEY (instance_id, file_name))""")


@migrations(name="0003_submission_outcome")
def submission_outcome(db):
    # How an interview ended when that is not "finished": consent or assent refused, rescheduled because it
    # was not private. Shown in the Interviews list; NULL for an ordinary draft or finalized interview.
    db.execute("ALTER TABLE submissions ADD COLUMN outcome TEXT")


def _application_id() -> int:
    from fieldapp.store.database import APPLICATION_ID
    return APPLICATION_ID


def known_versions() -> int:
    return len(migrations._migrations)


def check_version(store) -> None:
    """Refuse, reading only, a database that is not ours or was written by a newer FieldApp."""
    conn = store.conn
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables and application_id != _application_id():
        raise NotAFieldAppFolder("another program's database")
    if user_version > known_versions():
        raise NewerStoreVersion()
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(store.db)}
    if applied - known:
        raise NewerStoreVersion()


def migrate(store) -> None:
    """Apply pending migrations, each in its own transaction together with the version it brings."""
    from fieldapp.store.database import translate_errors

    with store.lock, translate_errors():
        check_version(store)
        if not migrations.pending(store.db):
            return
        for number, migration in enumerate(migrations._migrations, start=1):
            if migration.name in {m.name for m in migrations.applied(store.db)}:
                continue
            with store.transaction():
                # Inside the transaction, so a crash never leaves a half-made database behind; asked again
                # under the write lock, as another process may have applied it while this one waited.
                if migration.name in {m.name for m in migrations.applied(store.db)}:
                    continue
                migrations.ensure_migrations_table(store.db)
                migration.fn(store.db)
                migrations._record_applied(store.db, migration.name)
                store.conn.execute(f"PRAGMA user_version = {number}")
