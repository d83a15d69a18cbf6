"""The search index as Store methods (a mixin of Store, as health.py is): keeping it fresh, and
the named queries search/ and the Catalog use instead of SQL of their own."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from . import search_index
from .id_lists import in_ids

if TYPE_CHECKING:  # sqlite-utils is imported where a write needs it (store/lite.py)
    from sqlite_utils import Database


class SearchIndexStore:
    db: Database

    def transaction(self, *, rollback: bool = False) -> AbstractContextManager[None]:
        raise NotImplementedError  # Store's

    # --- keeping the index fresh -------------------------------------------------------------

    def refresh_search(self, *, force: bool = False) -> int | None:
        """If the index changed since the vocabulary was brought up to date: merge the FTS5
        segments an ingest left (each term lookup visits every segment) and update the
        vocabulary by what changed (a rebuild if `force`, or if much changed). Once per ingest
        run, not per report. Returns the term count."""
        conn = self.db.conn
        if not force and not search_index.vocabulary_stale(conn):
            return None
        with self.transaction():
            search_index.merge_segments(conn)
            if not force and search_index.update_vocabulary(conn):
                return int(conn.execute("select count(*) from vocabulary").fetchone()[0])
            return search_index.refresh_vocabulary(conn)

    def vocabulary_current(self) -> bool:
        return not search_index.vocabulary_stale(self.db.conn)

    def refresh_tag_terms(self, was_current: bool) -> None:
        """Inside a transaction that changed tags and nothing else: index the change now, and
        if the vocabulary was current before it, update it by the chunks that changed, so it
        stays current without a rebuild."""
        conn = self.db.conn
        search_index.flush(conn)
        if was_current:
            search_index.update_vocabulary(conn)

    def rebuild_search_index(self) -> dict[str, int]:
        """Recompute every report's search row and rebuild both FTS5 indexes from their
        tables, then the vocabulary: the cure for an index a crash or a bug left wrong."""
        with self.transaction():
            search_index.refresh_all(self.db.conn)  # the report index rebuilt with its rows
            self.db.table("pages").rebuild_fts()
            search_index.merge_segments(self.db.conn)
            terms = search_index.refresh_vocabulary(self.db.conn)
        sql = "select count(distinct report_id) from report_search"  # a row per 100 pages
        reports = self.db.execute(sql).fetchone()[0]
        pages = self.db.execute("select count(*) from pages").fetchone()[0]
        return {"reports": int(reports), "pages": int(pages), "terms": terms}

    def search_index_dirty(self) -> bool:
        """Whether rows were written outside a transaction, so the index has yet to catch up."""
        return search_index.is_dirty(self.db.conn)

    def index_generation(self) -> str:
        """Which state of the index and vocabulary this is: a kept Vocabulary is good while
        it stays the same."""
        return "/".join(search_index.generations(self.db.conn))

    # --- what search/ reads ------------------------------------------------------------------

    @property
    def index_reader(self) -> sqlite3.Connection:
        """The connection search/ runs its FTS5 and vocabulary queries on (reads only)."""
        return self.db.conn

    def report_ids(self) -> set[int]:
        return {int(row[0]) for row in self.db.execute("select id from reports")}

    def tag_names(self, kind: str) -> list[str]:
        """The names of the catalogue's tags of `kind` (a filter value may name one)."""
        rows = self.db.execute("select name from tags where kind = ?", [kind])
        return [str(name) for (name,) in rows.fetchall()]

    def tagged_report_ids(self, kind: str, names: list[str]) -> set[int]:
        """Reports whose effective tags (the view, schema m006) include one of `names`."""
        marks = ", ".join("?" for _ in names)
        rows = self.db.execute(
            f"select distinct report_id from effective_tags where kind = ? and name in ({marks})",
            [kind, *names],
        )
        return {int(report_id) for (report_id,) in rows.fetchall()}

    def report_ids_in_years(self, first: int, last: int) -> set[int]:
        """Reports dated (`created`) from year `first` to `last`, both included."""
        rows = self.db.execute(
            "select id from reports where substr(created, 1, 4) between ? and ?",
            [str(first), str(last)],
        )
        return {int(report_id) for (report_id,) in rows.fetchall()}

    def report_ids_by_title(self) -> list[int]:
        """Every report id in title order (as `list` shows them)."""
        rows = self.db.execute("select id from reports order by title collate nocase, id")
        return [int(row[0]) for row in rows.fetchall()]

    def titles(self, ids: list[int]) -> dict[int, str]:
        where, params = in_ids("id", ids)
        rows = self.db.execute(f"select id, title from reports where {where}", params)
        return {int(id_): str(title) for id_, title in rows.fetchall()}

    def present_files(self, ids: list[int]) -> dict[int, str]:
        """Each report's file: the first catalogued path that still exists (present ones
        first, then the most recently seen)."""
        found: dict[int, str] = {}
        for report_id, path in self._paths_by_recency(ids):
            if report_id not in found and os.path.exists(path):
                found[report_id] = path
        return found

    def _paths_by_recency(self, ids: list[int]) -> Iterator[tuple[int, str]]:
        where, params = in_ids("report_id", ids)
        rows = self.db.execute(
            f"""select report_id, path from report_paths where {where}
                order by missing_since is not null, last_seen desc, path""",
            params,
        )
        return ((int(report_id), str(path)) for report_id, path in rows.fetchall())
