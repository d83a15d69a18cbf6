"""The catalogue's own soundness, for `check`: indexes, report rows, SQLite's integrity check.
Read-only; a mixin of Store, kept apart so the store's reads and writes stay in view."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


class HealthChecks:
    db: Database

    def index_problems(self) -> list[str]:
        """The full-text indexes hold exactly the rows of their content tables."""
        problems = []
        for table in self.db.table_names(fts5=True):
            content = table.removesuffix("_fts")
            try:
                self.db.execute(f"insert into [{table}]([{table}]) values('integrity-check')")
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

    def integrity_check(self) -> list[str]:
        return [row[0] for row in self.db.execute("pragma integrity_check").fetchall()]
