"""The reads behind `stats` and `list` as SQL aggregates and plain rows, so both cost a few
queries at any size instead of a Report object (and its tags) per report counted in Python:
1.1-1.2 s at 20,000 reports (10^6 pages). Functions of the store's `db` (sqlite-utils'
Database or store/lite.py's), so a read-only Store runs them too."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Protocol

from .id_lists import ids_where

if TYPE_CHECKING:
    from ..models import Report

# reports, pages, words, bytes, failed pages: one pass over `reports`.
TOTALS_SQL = """select count(*), coalesce(sum(page_count), 0), coalesce(sum(word_count), 0),
    coalesce(sum(size_bytes), 0), coalesce(sum(failed_pages), 0) from reports"""
TOTAL_NAMES = ("reports", "pages", "words", "bytes", "failed_pages")
# Reports per tag as they stand (the effective_tags view, schema m006): a report holds a tag
# once, so count(*) counts reports; and per kind, how many reports hold any tag of it.
# Grouped by tag id without its index ("+"): reading the view in index order is the slower.
TAG_COUNTS_SQL = """select t.kind, t.name, c.reports from tags t join (
    select tag_id, count(*) as reports from effective_tags group by +tag_id) c on c.tag_id = t.id"""
TAGGED_SQL = "select kind, count(distinct report_id) from effective_tags group by kind"
# Reports per first four characters of `created` (the year, where they are digits).
YEAR_COUNTS_SQL = "select substr(created, 1, 4), count(*) from reports group by 1"
# A report's tags in order: by kind, within a kind the primary first, then by score, manual
# first (Store.effective_tags and the rows below alike).
TAG_ORDER = """order by report_id, kind, is_primary desc, coalesce(score, 0) desc,
             source = 'manual' desc, name"""
# Each report's tags as plain rows.
TAG_ROWS_SQL = "select report_id, kind, name from effective_tags {where} " + TAG_ORDER
# What choosing and ordering reports reads of each (views/browse.select), and its tags of the
# kinds a filter names.
BRIEF_SQL = """select id, title, created, page_count, size_bytes, author from reports
    order by title collate nocase, id"""
KIND_TAGS_SQL = """select report_id, kind, name from effective_tags
    where kind in (select value from json_each(?))"""
NAMES_SQL = "select id, title, coalesce(public_id, '') from reports"
PATH_ROWS_SQL = "select report_id, path from report_paths {where} order by report_id, path"


class Executes(Protocol):
    def execute(self, sql: str, parameters: Any = None, /) -> Any: ...


def report_totals(db: Executes) -> dict[str, int]:
    row = db.execute(TOTALS_SQL).fetchone()
    return {name: int(value) for name, value in zip(TOTAL_NAMES, row, strict=True)}


def tag_counts(db: Executes) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """(kind -> tag name -> reports holding it, kind -> reports holding any tag of it)."""
    counts: dict[str, dict[str, int]] = {}
    for kind, name, count in db.execute(TAG_COUNTS_SQL).fetchall():
        counts.setdefault(str(kind), {})[str(name)] = int(count)
    tagged = {str(kind): int(count) for kind, count in db.execute(TAGGED_SQL).fetchall()}
    return counts, tagged


def year_counts(db: Executes) -> dict[str | None, int]:
    """Reports by the first four characters of their date (None: undated)."""
    rows = db.execute(YEAR_COUNTS_SQL).fetchall()
    return {None if year is None else str(year): int(count) for year, count in rows}


def reports_in_order(db: Executes, ids: Iterable[int] | None = None) -> list[Report]:
    """Reports (all, or those of `ids`) by title, each with its paths and tag names: three
    queries, and each Report made from its row in field order (no dict per row)."""
    from ..models import Report

    names = [item.name for item in fields(Report)]
    # paths and tags come from their own queries; every other field is a reports column
    select = ", ".join("null" if name in ("paths", "tags") else f"r.{name}" for name in names)
    where, params = ids_where("r.id", ids)
    rows = db.execute(
        f"select {select} from reports r {where} order by r.title collate nocase, r.id", params
    ).fetchall()
    chosen = None if ids is None else [row[0] for row in rows]
    paths, tags = report_paths(db, chosen), report_tag_names(db, chosen)
    at_paths, at_tags, at_encrypted = (names.index(n) for n in ("paths", "tags", "encrypted"))
    reports = []
    for row in rows:
        values = list(row)
        values[at_paths] = paths.get(row[0], [])
        values[at_tags] = tags.get(row[0], {})
        values[at_encrypted] = bool(values[at_encrypted])
        reports.append(Report(*values))
    return reports


def report_paths(db: Executes, ids: list[int] | None) -> dict[int, list[str]]:
    where, params = ids_where("report_id", ids)
    paths: dict[int, list[str]] = {}
    for report_id, path in db.execute(PATH_ROWS_SQL.format(where=where), params).fetchall():
        paths.setdefault(report_id, []).append(path)
    return paths


def report_tag_names(db: Executes, ids: list[int] | None) -> dict[int, dict[str, list[str]]]:
    """Reports' tag names by kind (primary first), in one query."""
    where, params = ids_where("report_id", ids)
    tags: dict[int, dict[str, list[str]]] = {}
    for report_id, kind, name in db.execute(TAG_ROWS_SQL.format(where=where), params).fetchall():
        tags.setdefault(report_id, {}).setdefault(kind, []).append(name)
    return tags


def brief_rows(db: Executes) -> list[tuple[int, str, str | None, int, int, str | None]]:
    """(id, title, created, page_count, size_bytes, author) of every report, by title."""
    return [(int(a), str(b), c, int(d), int(e), f) for a, b, c, d, e, f in db.execute(BRIEF_SQL)]


def kind_tags(db: Executes, kinds: Iterable[str]) -> dict[int, dict[str, list[str]]]:
    """Each report's tag names of `kinds` (what a tag filter tests), by kind."""
    tags: dict[int, dict[str, list[str]]] = {}
    for report_id, kind, name in db.execute(KIND_TAGS_SQL, [json.dumps(list(kinds))]):
        tags.setdefault(report_id, {}).setdefault(kind, []).append(name)
    return tags


def report_names(db: Executes) -> dict[int, tuple[str, str]]:
    """Every report's (title, public id): what a release records of a report it prunes."""
    return {int(i): (str(title), str(public)) for i, title, public in db.execute(NAMES_SQL)}
