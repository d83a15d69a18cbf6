"""`Store`: reads and writes over one open catalogue, each write inside `transaction()`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias

from ..models import TagMatch
from . import listing, search_index
from .health import HealthChecks
from .id_lists import ids_where
from .indexing import SearchIndexStore
from .page_text import forget, stored_form
from .records import (
    FileState,
    KnownFailure,
    KnownPath,
    ReportRecord,
    display_path,
    now_iso,
)
from .staging import PageStaging, StagedPages
from .structure import StructureStore
from .text_layer import TextLayerStore

if TYPE_CHECKING:  # sqlite-utils is imported where a write needs it (store/lite.py)
    from sqlite_utils import Database

    from ..models import PageText, Report

Pages: TypeAlias = "list[PageText] | StagedPages"  # a report's pages, at hand or waiting in staging


class Store(HealthChecks, StructureStore, SearchIndexStore, TextLayerStore):
    """An open catalogue. Use `open_store` to get one."""

    def __init__(self, db: Database, path: str) -> None:
        self.db = db
        self.path = path

    # --- transactions -------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, rollback: bool = False) -> Iterator[None]:
        """An immediate write transaction: takes the write lock up front, so it never has
        to upgrade a read lock (which fails at once under concurrency, busy timeout or not).
        `rollback=True` undoes it at the end: a dry run makes the same writes, then none."""
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            search_index.flush(conn)  # the search index commits with the rows it indexes
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            forget()  # the packed pages it remembered
        conn.execute("ROLLBACK" if rollback else "COMMIT")

    def close(self) -> None:
        self.db.close()

    # --- what is already known ---------------------------------------------------------

    def known_paths(self) -> dict[bytes, KnownPath]:
        rows = self.db.execute(
            "select path_key, report_id, size_bytes, mtime_ns, missing_since from report_paths"
        ).fetchall()
        return {bytes(key): KnownPath(*rest) for key, *rest in rows}

    def known_failures(self) -> dict[bytes, KnownFailure]:
        rows = self.db.execute("select path_key, size_bytes, mtime_ns, reason from failures")
        return {bytes(key): KnownFailure(*rest) for key, *rest in rows.fetchall()}

    def report_id_for_sha(self, sha256: str) -> int | None:
        row = self.db.execute("select id from reports where sha256 = ?", [sha256]).fetchone()
        return int(row[0]) if row else None

    def report_ids_by_sha(self) -> dict[str, int]:
        return dict(self.db.execute("select sha256, id from reports").fetchall())

    def report_id_for_path(self, key: bytes) -> int | None:
        sql = "select report_id from report_paths where path_key = ?"
        row = self.db.execute(sql, [key]).fetchone()
        return int(row[0]) if row else None

    def display_paths(self, keys: list[bytes]) -> dict[bytes, str]:
        rows = self.db.execute("select path_key, path from report_paths").fetchall()
        wanted = set(keys)
        return {bytes(key): path for key, path in rows if bytes(key) in wanted}

    def path_count(self, report_id: int) -> int:
        sql = "select count(*) from report_paths where report_id = ?"
        return int(self.db.execute(sql, [report_id]).fetchone()[0])

    # --- writes (each inside `transaction()`) ------------------------------------------------

    @property
    def staging(self) -> PageStaging:
        """Where pages of reports still being read wait (staging.py)."""
        if not hasattr(self, "_staging"):
            self._staging = PageStaging(self.db.conn)
        return self._staging

    def insert_report(self, record: ReportRecord, pages: Pages) -> int:
        now = now_iso()
        row = {**record.row(), "ingested_at": now, "updated_at": now}
        report_id = int(self.db.table("reports").insert(row).last_pk or 0)
        self._insert_pages(report_id, pages)
        return report_id

    def replace_report(
        self, report_id: int, record: ReportRecord, pages: Pages, keep_version: bool
    ) -> None:
        """New content (or a forced re-read) for an existing report, keeping its id and tags."""
        if keep_version:
            self.db.execute(
                """insert into report_versions
                   (report_id, sha256, size_bytes, mtime, page_count, title, ingested_at,
                    replaced_at)
                   select id, sha256, size_bytes, mtime, page_count, title, ingested_at, ?
                   from reports where id = ?""",
                [now_iso(), report_id],
            )
        self.db.table("reports").update(report_id, {**record.row(), "updated_at": now_iso()})
        self.db.execute("delete from pages where report_id = ?", [report_id])
        self._insert_pages(report_id, pages)

    def _insert_pages(self, report_id: int, pages: Pages) -> None:
        if isinstance(pages, StagedPages):
            self.staging.move_to(report_id, pages)
            return
        self.db.conn.executemany(
            """insert into pages (report_id, page_no, text, error, no_text_layer, source,
               confidence, kind, furniture_head, furniture_tail)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(report_id, page.number, stored_form(page.text, page.stored), page.error,
              int(page.no_text_layer),
              page.source, page.confidence, page.kind, *page.furniture) for page in pages],
        )  # fmt: skip

    def attach_path(self, report_id: int, state: FileState) -> None:
        """Point a path at a report (new path, duplicate, or content that changed)."""
        now = now_iso()
        self.db.execute(
            """insert into report_paths
               (path_key, path, report_id, size_bytes, mtime_ns, first_seen, last_seen)
               values (?, ?, ?, ?, ?, ?, ?)
               on conflict(path_key) do update set report_id = excluded.report_id,
                 size_bytes = excluded.size_bytes, mtime_ns = excluded.mtime_ns,
                 last_seen = excluded.last_seen, missing_since = null""",
            [state.key, display_path(state.path), report_id, state.size_bytes, state.mtime_ns,
             now, now],
        )  # fmt: skip
        self.db.execute("delete from failures where path_key = ?", [state.key])

    def delete_report_if_orphaned(self, report_id: int) -> bool:
        if self.path_count(report_id):
            return False
        for table in ("pages", "report_versions", "report_tags", "sections"):
            self.db.execute(f"delete from {table} where report_id = ?", [report_id])
        self.db.execute("delete from reports where id = ?", [report_id])
        return True

    def record_failure(self, state: FileState, reason: str) -> None:
        self.db.execute(
            """insert into failures
               (path_key, path, size_bytes, mtime_ns, sha256, reason, attempts, failed_at)
               values (?, ?, ?, ?, ?, ?, 1, ?)
               on conflict(path_key) do update set size_bytes = excluded.size_bytes,
                 mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256,
                 reason = excluded.reason, attempts = attempts + 1,
                 failed_at = excluded.failed_at""",
            [state.key, display_path(state.path), state.size_bytes, state.mtime_ns,
             state.sha256, reason, now_iso()],
        )  # fmt: skip

    def mark_missing(self, keys: Iterable[bytes]) -> None:
        self.db.conn.executemany(
            "update report_paths set missing_since = coalesce(missing_since, ?) where path_key = ?",
            [(now_iso(), key) for key in keys],
        )

    def remove_path(self, key: bytes) -> None:
        """Forget a path; a report left with no path goes too (what --prune asks for)."""
        row = self.db.execute(
            "select report_id from report_paths where path_key = ?", [key]
        ).fetchone()
        self.db.execute("delete from report_paths where path_key = ?", [key])
        self.db.execute("delete from failures where path_key = ?", [key])
        if row:
            self.delete_report_if_orphaned(int(row[0]))

    # sqlite-utils' insert and update open a deferred transaction, which cannot wait for the
    # write lock once it has read: under a concurrent ingest it fails at once with "database is
    # locked". An immediate transaction around them waits its turn instead.

    def start_run(self, roots: list[str]) -> int:
        table = self.db.table("ingest_runs")
        row = {"started_at": now_iso(), "roots": json.dumps(roots), "status": "running"}
        with self.transaction():
            return int(table.insert(row).last_pk or 0)

    def finish_run(self, run_id: int, summary: dict[str, int]) -> None:
        with self.transaction():
            self.db.table("ingest_runs").update(
                run_id,
                {"finished_at": now_iso(), "summary": json.dumps(summary), "status": "done"},
            )
        self.refresh_search()

    # --- tags and settings (writes inside `transaction()`) ------------------------------

    def tag_id(self, kind: str, name: str) -> int:
        self.db.execute(
            "insert into tags (kind, name) values (?, ?) on conflict(kind, name) do nothing",
            [kind, name],
        )
        sql = "select id from tags where kind = ? and name = ?"
        return int(self.db.execute(sql, [kind, name]).fetchone()[0])

    def replace_rule_tags(self, report_id: int, matches: Iterable[TagMatch]) -> None:
        """Put a report's rule tags in place of the old ones; manual rows stay as they are."""
        sql = "delete from report_tags where report_id = ? and source = 'rule'"
        self.db.execute(sql, [report_id])
        now = now_iso()
        rows = [
            (report_id, self.tag_id(m.kind, m.name), m.reason, m.score, int(m.primary), now)
            for m in matches
        ]
        self.db.conn.executemany(
            """insert into report_tags (report_id, tag_id, source, reason, score, is_primary,
               removed, tagged_at) values (?, ?, 'rule', ?, ?, ?, 0, ?)""",
            rows,
        )

    def set_manual_tag(
        self, report_id: int, kind: str, name: str, *, removed: bool, reason: str
    ) -> None:
        """A person's decision on one tag: it is on (removed=False) or off, whatever rules say.
        Update, else insert: an UPSERT's conflict policy would override the `insert or ignore`
        of triggers on report_tags."""
        tag_id, now = self.tag_id(kind, name), now_iso()
        cursor = self.db.execute(
            """update report_tags set reason = ?, removed = ?, tagged_at = ?
               where report_id = ? and tag_id = ? and source = 'manual'""",
            [reason, int(removed), now, report_id, tag_id],
        )
        if not cursor.rowcount:
            self.db.execute(
                """insert into report_tags (report_id, tag_id, source, reason, score,
                   is_primary, removed, tagged_at) values (?, ?, 'manual', ?, 0, 0, ?, ?)""",
                [report_id, tag_id, reason, int(removed), now],
            )

    def decide_tags(
        self,
        report_id: int,
        decisions: list[tuple[tuple[str, str], bool]],
        forget: list[tuple[str, str]],
    ) -> None:
        """In one transaction, a person's decisions ((kind, name), removed) on a report's tags,
        and the decisions on `forget` forgotten; typo search knows the new words at once."""
        with self.transaction():
            vocabulary_current = self.vocabulary_current()
            for (kind, name), removed in decisions:
                reason = "removed by hand" if removed else "added by hand"
                self.set_manual_tag(report_id, kind, name, removed=removed, reason=reason)
            for kind, name in forget:
                self.clear_manual_tag(report_id, kind, name)
            self.refresh_tag_terms(vocabulary_current)

    def clear_manual_tag(self, report_id: int, kind: str, name: str) -> bool:
        """Forget a person's decision on a tag, so rules decide again."""
        cursor = self.db.execute(
            """delete from report_tags where report_id = ? and source = 'manual' and tag_id =
               (select id from tags where kind = ? and name = ?)""",
            [report_id, kind, name],
        )
        return bool(cursor.rowcount)

    def get_setting(self, key: str) -> str | None:
        row = self.db.execute("select value from settings where key = ?", [key]).fetchone()
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str | None) -> None:
        if value is None:
            self.db.execute("delete from settings where key = ?", [key])
        else:
            self.db.execute(
                "insert into settings (key, value) values (?, ?) "
                "on conflict(key) do update set value = excluded.value",
                [key, value],
            )

    # --- reads ----------------------------------------------------------------------

    def reports(self, ids: Iterable[int] | None = None) -> list[Report]:
        """Reports (all, or those of `ids`) by title, with their paths and tag names."""
        return listing.reports_in_order(self.db, ids)

    def effective_tags(self, report_ids: Iterable[int] | None = None) -> dict[int, list[TagMatch]]:
        """Each report's tags as they stand (the effective_tags view, schema m006: a manual row
        settles its tag), within a kind the primary tag first, then by score, manual first."""
        where, params = ids_where("report_id", report_ids)
        rows = self.db.execute(
            f"""select report_id, kind, name, source, reason, score, is_primary
                from effective_tags {where} {listing.TAG_ORDER}""",
            params,
        ).fetchall()
        tags: dict[int, list[TagMatch]] = {}
        for report_id, kind, name, source, reason, score, primary in rows:
            match = TagMatch(kind, name, source, reason or "", score or 0.0, bool(primary))
            tags.setdefault(report_id, []).append(match)
        return tags

    def report_refs(self) -> list[tuple[int, str, str]]:
        """(id, file name, path) for every path of every report, to find one by name."""
        rows = self.db.execute(
            """select r.id, r.file_name, coalesce(p.path, '') from reports r
               left join report_paths p on p.report_id = r.id order by r.id"""
        )
        return [(int(id_), file_name, path) for id_, file_name, path in rows.fetchall()]

    def failures(self) -> list[dict[str, Any]]:
        columns = ("path", "reason", "attempts", "failed_at")
        rows = self.db.execute(f"select {', '.join(columns)} from failures order by path")
        return [dict(zip(columns, row, strict=True)) for row in rows.fetchall()]

    def versions(self, report_id: int) -> list[dict[str, Any]]:
        """Earlier contents of a report, newest first."""
        return self.dicts(
            """select sha256, size_bytes, mtime, page_count, title, ingested_at, replaced_at
               from report_versions where report_id = ? order by id desc""",
            [report_id],
        )

    def last_run(self) -> dict[str, Any] | None:
        rows = self.dicts("select * from ingest_runs order by id desc limit 1")
        return rows[0] if rows else None

    def dicts(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """The rows of `sql` as {column: value} dicts."""
        cursor = self.db.execute(sql, list(params))
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def counts(self) -> tuple[int, int]:
        reports = self.db.execute("select count(*) from reports").fetchone()[0]
        pages = self.db.execute("select count(*) from pages").fetchone()[0]
        return int(reports), int(pages)

    def path_rows(self) -> list[tuple[bytes, str, int, int]]:
        sql = "select path_key, path, size_bytes, mtime_ns from report_paths order by path"
        return [(bytes(key), *rest) for key, *rest in self.db.execute(sql).fetchall()]
