"""m001's tables, in the order m001_create_tables makes them: frozen, as a migration is
(never edit; a later change to a table is a new migration in migrations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def reports(db: Database) -> None:
    db.table("reports").create(
        {
            "id": int,
            "sha256": str,
            "title": str,
            "title_source": str,
            "file_name": str,
            "size_bytes": int,
            "mtime": str,
            "page_count": int,
            "word_count": int,
            "pdf_version": str,
            "encrypted": int,
            "meta_title": str,
            "author": str,
            "subject": str,
            "keywords": str,
            "creator": str,
            "producer": str,
            "created": str,
            "modified": str,
            "metadata_source": str,
            "failed_pages": int,
            "warnings": str,
            "ingested_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"sha256", "title", "title_source", "file_name", "size_bytes", "page_count"},
        defaults={"word_count": 0, "encrypted": 0, "failed_pages": 0},
    )
    db.table("reports").create_index(["sha256"], unique=True)


def paths_and_pages(db: Database) -> None:
    # path_key is the path's bytes (os.fsencode): names need not be valid UTF-8 to be catalogued.
    db.table("report_paths").create(
        {
            "path_key": bytes,
            "path": str,
            "report_id": int,
            "size_bytes": int,
            "mtime_ns": int,
            "first_seen": str,
            "last_seen": str,
            "missing_since": str,
        },
        pk="path_key",
        not_null={"path", "report_id"},
        foreign_keys=[("report_id", "reports", "id")],
    )
    db.table("report_paths").create_index(["report_id"])
    db.table("pages").create(
        {"id": int, "report_id": int, "page_no": int, "text": str, "error": str},
        pk="id",
        not_null={"report_id", "page_no", "text"},
        foreign_keys=[("report_id", "reports", "id")],
    )
    db.table("pages").create_index(["report_id", "page_no"], unique=True)


def history_and_settings(db: Database) -> None:
    db.table("report_versions").create(
        {
            "id": int,
            "report_id": int,
            "sha256": str,
            "size_bytes": int,
            "mtime": str,
            "page_count": int,
            "title": str,
            "ingested_at": str,
            "replaced_at": str,
        },
        pk="id",
        foreign_keys=[("report_id", "reports", "id")],
    )
    db.table("report_versions").create_index(["report_id"])
    failures_runs_and_settings(db)


def failures_runs_and_settings(db: Database) -> None:
    db.table("failures").create(
        {
            "path_key": bytes,
            "path": str,
            "size_bytes": int,
            "mtime_ns": int,
            "sha256": str,
            "reason": str,
            "attempts": int,
            "failed_at": str,
        },
        pk="path_key",
    )
    db.table("ingest_runs").create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "roots": str,
            "summary": str,
            "status": str,
        },
        pk="id",
    )
    db.table("settings").create({"key": str, "value": str}, pk="key")
