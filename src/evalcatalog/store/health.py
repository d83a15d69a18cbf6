"""The catalogue's own soundness, for `check`: indexes, report rows, SQLite's integrity check.
Read-only; a mixin of Store, kept apart so the store's reads and writes stay in view."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .page_text import damage

if TYPE_CHECKING:  # sqlite-utils is imported where a write needs it (store/lite.py)
    from sqlite_utils import Database


class HealthChecks:
    db: Database

    @contextmanager
    def fts_checker(self) -> Iterator[sqlite3.Connection | None]:
        """A connection FTS5's 'integrity-check' can run on: that command is an insert, which
        writes nothing but is refused on a read-only connection (ReadOnlyStore's differs)."""
        yield self.db.conn

    def index_problems(self) -> list[str]:
        """The full-text indexes hold exactly the rows of their content tables."""
        problems = []
        sql = "select name from sqlite_master where type = 'table' and sql like '%USING FTS5%'"
        for (table,) in self.db.execute(sql).fetchall():
            content = table.removesuffix("_fts")
            try:
                with self.fts_checker() as conn:
                    if conn is not None:
                        conn.execute(f"insert into [{table}]([{table}]) values('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{table}: {exc} (run evalcatalog rebuild-index)")
                continue
            indexed = self.db.execute(f"select count(*) from [{table}_docsize]").fetchone()[0]
            rows = self.db.execute(f"select count(*) from [{content}]").fetchone()[0]
            if indexed != rows:
                problems.append(
                    f"{table} indexes {indexed} rows but {content} has {rows} "
                    "(run evalcatalog rebuild-index)"
                )
        return problems

    def consistency_problems(self) -> list[str]:
        """Every report whole: its pages all there, at least one path, no orphaned rows."""
        checks = {
            "reports whose page rows do not match their page count": """select count(*) from
                reports r where page_count != (select count(*) from pages p
                where p.report_id = r.id)""",
            "reports with no path": """select count(*) from reports r where not exists
                (select 1 from report_paths p where p.report_id = r.id)""",
            "pages of no report": """select count(*) from pages p where not exists
                (select 1 from reports r where r.id = p.report_id)""",
            "paths of no report": """select count(*) from report_paths p where not exists
                (select 1 from reports r where r.id = p.report_id)""",
        }
        problems = []
        for label, sql in checks.items():
            count = self.db.execute(sql).fetchone()[0]
            if count:
                problems.append(f"{count} {label}")
        return problems

    def damaged_pages(self) -> list[str]:
        """Pages whose packed text no longer inflates (a damaged file: SQLite's own check
        cannot see inside a value). Reads every packed page: ~20 us each."""
        rows = self.db.execute(
            """select r.file_name, p.page_no, p.text from pages p
               join reports r on r.id = p.report_id where typeof(p.text) = 'blob'"""
        )
        return [
            f"{name} page {number}: its stored text is damaged ({reason}); read the file again "
            "with `evalcatalog ingest --force PATH`, then run `evalcatalog rebuild-index`"
            for name, number, stored in rows
            if (reason := damage(stored)) is not None
        ]

    def integrity_check(self) -> list[str]:
        return [row[0] for row in self.db.execute("pragma integrity_check").fetchall()]
