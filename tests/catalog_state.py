"""Read a catalogue file back with plain sqlite3, to compare catalogues and check invariants."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from evalcatalog.store.page_text import register

REPORT_COLUMNS = (
    "title", "title_source", "file_name", "size_bytes", "page_count", "word_count", "pdf_version",
    "encrypted", "meta_title", "author", "subject", "keywords", "creator", "producer", "created",
    "modified", "metadata_source", "failed_pages", "warnings",
)  # fmt: skip


def connect(db: Path) -> sqlite3.Connection:
    """Read-only, with page_text(text) and page_body() for pages stored compressed (m013)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    register(conn)
    return conn


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def snapshot(db: Path) -> dict[str, Any]:
    """Everything a catalogue holds about its reports, keyed by content, free of ids and times."""
    with connect(db) as conn:
        reports: dict[str, Any] = {}
        columns = ", ".join(REPORT_COLUMNS)
        for report_id, sha256, *values in conn.execute(
            f"select id, sha256, {columns} from reports"
        ):
            paths = conn.execute(
                "select path, size_bytes, mtime_ns, missing_since is not null from report_paths"
                " where report_id = ? order by path",
                [report_id],
            ).fetchall()
            pages = conn.execute(
                """select page_no, page_text(text), error from pages where report_id = ?
                   order by page_no""",
                [report_id],
            ).fetchall()
            reports[sha256] = {
                **dict(zip(REPORT_COLUMNS, values, strict=True)),
                "paths": paths,
                "pages": pages,
            }
        failures = conn.execute("select path, reason from failures order by path").fetchall()
    return {"reports": reports, "failures": failures}


def integrity_problems(db: Path) -> list[str]:
    """What `PRAGMA integrity_check` and the catalogue's own invariants find wrong; [] if none."""
    with connect(db) as conn:
        problems = [row[0] for row in conn.execute("pragma integrity_check")]
        problems = [] if problems == ["ok"] else problems
        tables = {name for (name,) in conn.execute("select name from sqlite_master")}
        if "reports" not in tables:
            return problems  # created, not yet migrated: nothing else to check
        for report_id, page_count, pages in conn.execute(
            "select r.id, r.page_count, (select count(*) from pages p where p.report_id = r.id)"
            " from reports r"
        ):
            if pages != page_count:
                problems.append(f"report {report_id}: {pages} page rows, page_count {page_count}")
        for (report_id,) in conn.execute(
            "select id from reports r where not exists"
            " (select 1 from report_paths p where p.report_id = r.id)"
        ):
            problems.append(f"report {report_id} has no path")
        for (report_id,) in conn.execute(
            "select distinct report_id from report_paths p where not exists"
            " (select 1 from reports r where r.id = p.report_id)"
        ):
            problems.append(f"path points at missing report {report_id}")
        for (report_id,) in conn.execute(
            "select distinct report_id from pages p where not exists"
            " (select 1 from reports r where r.id = p.report_id)"
        ):
            problems.append(f"pages of missing report {report_id}")
        fts = conn.execute("select count(*) from pages_fts").fetchone()[0]
        pages_total = conn.execute("select count(*) from pages").fetchone()[0]
        if fts != pages_total:
            problems.append(f"pages_fts has {fts} rows for {pages_total} pages")
    return problems
