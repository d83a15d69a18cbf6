"""Opening a catalogue file: WAL mode, the busy timeout, migrations under the write lock, and
one-line errors for files that are missing, unwritable, damaged, not a catalogue at all, or
from a newer version. `open_read_only` opens one to read and never writes a byte to it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..errors import CatalogError, UsageError
from .database import Store
from .lite import LiteDatabase
from .migrations import KNOWN_MIGRATIONS, MIGRATION_SET, migrations
from .page_text import pack_plain_pages
from .page_text import register as register_page_text

if TYPE_CHECKING:  # imported where a catalogue is written: reading needs none (lite.py)
    from sqlite_utils import Database

    Readable = LiteDatabase | Database  # what the schema checks below read through

BUSY_TIMEOUT_MS = 60_000


def open_store(path: str, *, create: bool = True) -> Store:
    """Open (and create or migrate) the catalogue at `path`, with a one-line error if we can't."""
    check_not_folder(path)
    if not create and not os.path.exists(path):
        raise CatalogError(f"no catalogue at {path}: run `evalcatalog ingest` first, or pass --db")
    from sqlite_utils import Database

    try:
        conn = connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db = Database(conn)
        db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
        while_locked(lambda: prepare(db, path))
    except sqlite3.DatabaseError as exc:
        raise CatalogError(catalog_error_message(path, exc)) from exc
    return Store(db, path)


def open_read_only(path: str) -> Store:
    """The catalogue at `path` opened read-only (SQLite's mode=ro): never created, upgraded or
    changed. A missing file, a file that is no catalogue and an older schema are one-line
    errors saying what to run. ":memory:" is a new empty catalogue, as open_store makes it."""
    if path == ":memory:":
        return open_store(path)
    store = open_read_only_any_schema(path)
    try:
        check_not_older(store.db, path)
    except CatalogError:
        store.close()
        raise
    return store


def open_read_only_any_schema(path: str) -> Store:
    """open_read_only, whatever the schema's age (upgrade_store asks what it lacks)."""
    check_exists(path)
    # A WAL-mode reader needs the -wal and -shm files and makes them if they are missing; a
    # read-only connection cannot remove them when it closes, so ReadOnlyStore.close does.
    tidy = not any(os.path.exists(path + suffix) for suffix in WAL_FILES)
    store = None
    try:
        conn = connect(file_uri(path, "ro"), uri=True, isolation_level=None,
                       timeout=BUSY_TIMEOUT_MS / 1000)  # fmt: skip
        store = ReadOnlyStore(LiteDatabase(conn), path, tidy)
        store.db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
        check_is_catalogue(store.db, path, empty=False)
        check_not_newer(store.db, path)
    except (sqlite3.DatabaseError, CatalogError) as exc:
        if store is not None:
            store.close()
        if isinstance(exc, CatalogError):
            raise
        raise CatalogError(catalog_error_message(path, exc)) from exc
    return store


class ReadOnlyStore(Store):
    """A Store over a read-only connection (its writes fail: "attempt to write a readonly
    database"), which leaves no -wal or -shm file behind that was not there before."""

    def __init__(self, db: LiteDatabase, path: str, tidy: bool) -> None:
        super().__init__(cast("Database", db), path)  # it only reads: execute, conn, close
        self.tidy = tidy

    def close(self) -> None:
        super().close()
        remove_wal_files(self.path, self.tidy)

    @contextmanager
    def fts_checker(self) -> Iterator[sqlite3.Connection | None]:
        """A second connection, in a transaction always rolled back: FTS5's integrity-check
        is an insert that writes nothing, and a read-only one refuses it. None (the check is
        skipped) where the file cannot be opened for writing at all."""
        try:
            conn = connect(file_uri(self.path, "rw"), uri=True, isolation_level=None,
                           timeout=BUSY_TIMEOUT_MS / 1000)  # fmt: skip
            # immediate: take the write lock up front, waiting for an ingest's transaction;
            # a deferred one that reads first cannot upgrade past a writer (SQLITE_BUSY at once)
            conn.execute("begin immediate")
        except sqlite3.DatabaseError:
            yield None
            return
        try:
            yield conn
        finally:
            conn.execute("rollback")
            conn.close()


WAL_FILES = ("-wal", "-shm")


def remove_wal_files(path: str, tidy: bool) -> None:
    """Let SQLite remove the -wal and -shm files a read-only reader made: the last connection
    to close a WAL database checkpoints it (an empty WAL: nothing is written) and deletes
    both, under its locks, so files another process is using stay. mode=rw never creates."""
    if not tidy or not any(os.path.exists(path + suffix) for suffix in WAL_FILES):
        return
    try:
        with contextlib.closing(sqlite3.connect(file_uri(path, "rw"), uri=True)) as conn:
            conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        pass  # not ours to write (a read-only folder or file): they stay, as SQLite left them


def connect(target: str, **options: Any) -> sqlite3.Connection:
    """sqlite3.connect, with the SQL functions a page's stored text is read through
    (page_text.py): every connection that may read `pages.body` is made here."""
    conn: sqlite3.Connection = sqlite3.connect(target, **options)
    register_page_text(conn)
    return conn


def file_uri(path: str, mode: str) -> str:
    return Path(path).resolve().as_uri() + f"?mode={mode}"


def check_not_folder(path: str) -> None:
    """A folder for --db is bad usage (exit 2), whether the command reads or writes."""
    if os.path.isdir(path):
        raise UsageError(f"{path} is a folder: give a catalogue file, e.g. --db catalog.db")


def check_exists(path: str) -> None:
    check_not_folder(path)
    if not os.path.exists(path):
        raise CatalogError(f"no catalogue at {path}: run `evalcatalog ingest` first, or pass --db")
    if os.path.getsize(path) == 0:  # nobody's data, and maybe an ingest's first moment
        raise CatalogError(no_catalogue_yet(path, "the file is empty"))


def check_is_catalogue(db: Readable, path: str, *, empty: bool) -> None:
    """Refuse a SQLite file that holds something other than a catalogue: never read it as one
    nor write our tables into it. An empty database passes only if `empty` (to be created)."""
    names = [name for (name,) in db.execute(
        "select name from sqlite_master where name not like 'sqlite_%' order by name")]  # fmt: skip
    if not names and empty:
        return
    applied = applied_migrations(db) if "_sqlite_migrations" in names else []
    if not applied:
        held = f"it holds {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}"
        if not names:
            raise CatalogError(no_catalogue_yet(path, "the file holds no tables"))
        raise CatalogError(not_a_catalogue(path, held))


def no_catalogue_yet(path: str, why: str) -> str:
    return f"no catalogue at {path} yet ({why}): run `evalcatalog ingest` first, or pass --db"


def not_a_catalogue(path: str, why: str) -> str:
    return f"{path} is not an evalcatalog catalogue ({why}): pass another --db"


def applied_migrations(db: Readable) -> list[str]:
    """The names of our migrations the file has had, read as sqlite-utils records them."""
    rows = db.execute(
        "select name from _sqlite_migrations where migration_set = ? order by rowid",
        [MIGRATION_SET],
    )
    return [str(name) for (name,) in rows.fetchall()]


def check_not_older(db: Readable, path: str) -> None:
    applied = set(applied_migrations(db))
    pending = [name for name in KNOWN_MIGRATIONS if name not in applied]
    if pending:
        raise CatalogError(
            f"{path} was made by an older evalcatalog (schema before {pending[0]}): run "
            "`evalcatalog upgrade` (or `evalcatalog ingest`) first"
        )


def open_snapshot(path: str) -> Store:
    """An up-to-date in-memory copy of the catalogue at `path`, which is left untouched: a
    dry run plans against it when the file's schema is older than this version's."""
    from sqlite_utils import Database

    try:
        source = sqlite3.connect(file_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        memory = connect(":memory:", isolation_level=None)
        with contextlib.closing(source):
            source.backup(memory)
        db = Database(memory)
        check_is_catalogue(db, path, empty=True)
        check_not_newer(db, path)
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise CatalogError(catalog_error_message(path, exc)) from exc
    return Store(db, path)


def needs_upgrade(path: str) -> bool:
    """Whether opening `path` normally would migrate its schema (read-only check)."""
    try:
        with contextlib.closing(sqlite3.connect(file_uri(path, "ro"), uri=True)) as conn:
            db = LiteDatabase(conn)
            applied = set(applied_migrations(db)) if has_migrations_table(db) else set()
            return any(name not in applied for name in KNOWN_MIGRATIONS)
    except sqlite3.DatabaseError as exc:
        raise CatalogError(catalog_error_message(path, exc)) from exc


def upgrade_store(path: str) -> list[str]:
    """Bring the catalogue at `path` up to this version's schema; the migrations applied
    (none if it was current). Never creates a catalogue, nor touches a file that is not one."""
    with contextlib.closing(open_read_only_any_schema(path)) as store:
        applied = set(applied_migrations(store.db))
        pending = [name for name in KNOWN_MIGRATIONS if name not in applied]
    if pending:
        open_store(path, create=False).close()
    return pending


def compact_store(path: str) -> tuple[int, int]:
    """Pack the pages stored before m013 (page_text.py), then rewrite the catalogue without
    its free pages (VACUUM); the file's size before and after. Space a change frees inside the
    file (m012 drops a copy of every page's text) is reused by later writes but given back to
    the disk only so. Needs the file's size again free."""
    before = os.path.getsize(path)
    with contextlib.closing(open_store(path, create=False)) as store:
        with store.transaction():
            pack_plain_pages(store.db.conn)
        store.db.conn.execute("vacuum")
        store.db.conn.execute("pragma wal_checkpoint(truncate)")
    return before, os.path.getsize(path)


def prepare(db: Database, path: str) -> None:
    """WAL mode and an up-to-date schema. Another process may be opening the same new file at
    this moment: the migrations run under the write lock, so one applies them and the others
    wait, then find nothing left to do (instead of "table reports already exists")."""
    check_is_catalogue(db, path, empty=True)  # before WAL mode, which rewrites the header
    check_not_newer(db, path)
    if db.execute("pragma journal_mode").fetchone()[0] != "wal":
        db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = normal")
    if not migrations.pending(db):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if migrations.pending(db):
            migrations.apply(db)  # each migration nests as a savepoint
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def while_locked(action: Callable[[], None]) -> None:
    """Run `action`, again while SQLite answers "database is locked" at once, as switching a new
    file to WAL mode does when another process holds it (the busy timeout covers the rest)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def has_migrations_table(db: Readable) -> bool:
    sql = "select 1 from sqlite_master where name = '_sqlite_migrations'"
    return db.execute(sql).fetchone() is not None


def check_not_newer(db: Readable, path: str) -> None:
    """Refuse a catalogue written by a later evalcatalog: its schema may mean other things."""
    if not has_migrations_table(db):
        return
    applied = applied_migrations(db)
    unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
    if unknown:
        raise CatalogError(
            f"{path} was written by a newer version of evalcatalog (schema {unknown[-1]}): "
            "upgrade evalcatalog to use it"
        )


def catalog_error_message(path: str, exc: sqlite3.DatabaseError) -> str:
    text = str(exc)
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return f"cannot write the catalogue {path}: check the folder exists and is writable"
    if "not a database" in text or "malformed" in text:
        return f"{path} is not an evalcatalog catalogue (or is damaged): pass another --db"
    return f"catalogue {path}: {text}"
