"""Opening a catalogue file: WAL mode, the busy timeout, migrations under the write lock, and
one-line errors for files that are missing, unwritable, damaged or from a newer version."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from ..errors import CatalogError
from .database import Store
from .migrations import KNOWN_MIGRATIONS, migrations

BUSY_TIMEOUT_MS = 60_000


def open_store(path: str, *, create: bool = True) -> Store:
    """Open (and create or migrate) the catalogue at `path`, with a one-line error if we can't."""
    if not create and not os.path.exists(path):
        raise CatalogError(f"no catalogue at {path}: run `evalcatalog ingest` first, or pass --db")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db = Database(conn)
        db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
        while_locked(lambda: prepare(db, path))
    except sqlite3.DatabaseError as exc:
        raise CatalogError(catalog_error_message(path, exc)) from exc
    return Store(db, path)


def open_snapshot(path: str) -> Store:
    """An up-to-date in-memory copy of the catalogue at `path`, which is left untouched: a
    dry run plans against it when the file's schema is older than this version's."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        source = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        memory = sqlite3.connect(":memory:", isolation_level=None)
        with contextlib.closing(source):
            source.backup(memory)
        db = Database(memory)
        check_not_newer(db, path)
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise CatalogError(catalog_error_message(path, exc)) from exc
    return Store(db, path)


def needs_upgrade(path: str) -> bool:
    """Whether opening `path` normally would migrate its schema (read-only check)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            return bool(migrations.pending(Database(conn)))
    except sqlite3.DatabaseError as exc:
        raise CatalogError(catalog_error_message(path, exc)) from exc


def prepare(db: Database, path: str) -> None:
    """WAL mode and an up-to-date schema. Another process may be opening the same new file at
    this moment: the migrations run under the write lock, so one applies them and the others
    wait, then find nothing left to do (instead of "table reports already exists")."""
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


def check_not_newer(db: Database, path: str) -> None:
    """Refuse a catalogue written by a later evalcatalog: its schema may mean other things."""
    if not db.table("_sqlite_migrations").exists():
        return
    applied = [migration.name for migration in migrations.applied(db)]
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
