"""The search package's reads, as named queries: FTS5 matches, BM25 and highlight() over
`report_search_fts` and `pages_fts`, the typo vocabulary and term stems. Each runs on the
connection `Store.index_reader` hands out (search/ keeps it for a search, so a query is one
plain function call; no SQL text lives in search/)."""

from __future__ import annotations

import json
import sqlite3

from .id_lists import in_ids
from .search_index import CHUNK_SPAN

CACHE_KIB = 64 * 1024  # a search reads index pages all over the file: more than the 2 MB default

# --- reports (report_search_fts: a row per 100 pages; rowid // CHUNK_SPAN names the report) -----

# One row back, the report ids as a JSON array: stepping a row per chunk into Python cost twice
# as much for a word in every report (20,000 rows at 10^6 pages), and json.loads reads the array
# in C (3.6 ms against 6.0 for group_concat's text split and converted in Python).
MATCH_SQL = f"""select json_group_array(rowid / {CHUNK_SPAN}) from report_search_fts
    where report_search_fts match ?"""
# A report's score is its best chunk's. Materialized: bm25() works only in the FTS5 query.
BEST_SQL = f"""with scored as materialized (
        select rowid / {CHUNK_SPAN} as report_id, bm25(report_search_fts, ?, ?, ?) as score
        from report_search_fts where report_search_fts match ?
            and rowid / {CHUNK_SPAN} in (select value from json_each(?)))
    select report_id, min(score) as best from scored group by report_id
    order by best, report_id desc limit ?"""
# The best `limit` chunks of every report the expression matches: when the reports wanted are most
# of those it matches, reading past the few that are not costs less than the id list's filter.
TOP_SQL = f"""select rowid / {CHUNK_SPAN}, bm25(report_search_fts, ?, ?, ?) as score
    from report_search_fts where report_search_fts match ? order by score, rowid desc limit ?"""
IN_REPORT_SQL = """select 1 from report_search_fts where report_search_fts match ?
    and rowid between ? and ? limit 1"""


def matching_report_ids(conn: sqlite3.Connection, expression: str) -> set[int]:
    """The reports with a chunk that matches the FTS5 `expression`."""
    return set(json.loads(conn.execute(MATCH_SQL, [expression]).fetchone()[0]))


def best_report_scores(
    conn: sqlite3.Connection,
    weights: tuple[float, float, float],
    expression: str,
    ids: set[int],
    wanted: int,
) -> list[tuple[int, float]]:
    """The best `wanted` of `ids` by BM25 (column `weights`) of their best chunk, best first."""
    rows = conn.execute(BEST_SQL, [*weights, expression, json.dumps(sorted(ids)), wanted])
    return [(int(report_id), float(score)) for report_id, score in rows]


def top_chunk_scores(
    conn: sqlite3.Connection, weights: tuple[float, float, float], expression: str, limit: int
) -> list[tuple[int, float]]:
    """(report id, BM25) of the best `limit` chunks the expression matches, best first (a
    report may come more than once: its best chunk first)."""
    rows = conn.execute(TOP_SQL, [*weights, expression, limit])
    return [(int(report_id), float(score)) for report_id, score in rows]


def report_matches(conn: sqlite3.Connection, report_id: int, expression: str) -> bool:
    """Whether any chunk of the report matches (its chunks' rowids are one range)."""
    span = [report_id * CHUNK_SPAN, (report_id + 1) * CHUNK_SPAN - 1]
    return conn.execute(IN_REPORT_SQL, [expression, *span]).fetchone() is not None


NEWEST_SQL = "select report_id, id from report_search where chunk = 0 order by id desc limit ?"
IN_NEWEST_SQL = f"""select json_group_array(rowid / {CHUNK_SPAN}) from report_search_fts
    where report_search_fts match ? and rowid >= ?"""


def newest_matching(
    conn: sqlite3.Connection, expression: str, reports: int
) -> tuple[set[int], set[int]]:
    """The newest `reports` reports, and those of them with a chunk that matches: FTS5 seeks
    to their rowids, so this costs in proportion to them, not to the index."""
    rows = conn.execute(NEWEST_SQL, [reports]).fetchall()
    if not rows:
        return set(), set()
    found = conn.execute(IN_NEWEST_SQL, [expression, min(i for _, i in rows)]).fetchone()[0]
    return {int(r) for r, _ in rows}, set(json.loads(found))


def matching_rows(conn: sqlite3.Connection, expression: str) -> int:
    """How many rows (chunks) match: counted in C, no id brought back."""
    sql = "select count(*) from report_search_fts where report_search_fts match ?"
    return int(conn.execute(sql, [expression]).fetchone()[0])


def indexed_report_ids(conn: sqlite3.Connection) -> list[int]:
    """Every report in the report index (each has a chunk 0)."""
    rows = conn.execute("select report_id from report_search where chunk = 0")
    return [int(report_id) for (report_id,) in rows.fetchall()]


def report_count(conn: sqlite3.Connection) -> int:
    """Reports in the report index (each has a chunk 0)."""
    return int(conn.execute("select count(*) from report_search where chunk = 0").fetchone()[0])


def long_report_ids(conn: sqlite3.Connection) -> list[int]:
    """Reports of more than one chunk (over CHUNK_PAGES pages)."""
    rows = conn.execute("select distinct report_id from report_search where chunk > 0")
    return [int(report_id) for (report_id,) in rows.fetchall()]


def report_titles(
    conn: sqlite3.Connection, ids: set[int], max_spaces: int | None = None
) -> list[tuple[int, str]]:
    """The reports' titles; `max_spaces`: only those with at most that many spaces or with a
    separator that can end a title's main part (search/titles.MAIN_PART: a colon, a dash or a
    bar), so a word in 20,000 titles reads the few that could be the query."""
    where, ids_param = in_ids("id", sorted(ids))
    params: list[object] = [*ids_param]
    if max_spaces is not None:
        where += """ and (length(title) - length(replace(title, ' ', '')) <= ?
                       or title glob '*[:|–—-]*')"""
        params.append(max_spaces)
    rows = conn.execute(f"select id, title from reports where {where}", params)
    return [(int(report_id), str(title)) for report_id, title in rows]


# --- pages (pages_fts: rowid = pages.id) --------------------------------------------------------

ROWIDS_SQL = "select rowid from pages_fts where pages_fts match ? and rowid between ? and ?"
# The rowid range lets FTS5 seek to the report's pages; the list picks those to mark, as a
# filter on the rows (+rowid): offered to FTS5 as rowid = ?, it would run the whole MATCH once
# per page listed (3x the time, more with many segments).
HIGHLIGHT_SQL = """select rowid, highlight(pages_fts, 0, ?, ?) from pages_fts
    where pages_fts match ? and rowid between ? and ?"""
HIGHLIGHT_SOME_SQL = HIGHLIGHT_SQL + " and +rowid in (select value from json_each(?))"


def report_page_numbers(conn: sqlite3.Connection, report_id: int) -> list[tuple[int, int]]:
    """(page rowid, page number) of a report's pages: read from the (report_id, page_no)
    index alone, not the pages' rows (their text)."""
    rows = conn.execute("select id, page_no from pages where report_id = ?", [report_id])
    return [(int(rowid), int(page_no)) for rowid, page_no in rows.fetchall()]


def page_kinds(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, str]:
    """Page rowid -> kind, for the pages given (none before schema m007: every page body)."""
    if not rowids or not has_kinds(conn):
        return {}
    rows = conn.execute(
        "select id, kind from pages where id in (select value from json_each(?))",
        [json.dumps(rowids)],
    )
    return {int(rowid): str(kind or "body") for rowid, kind in rows.fetchall()}


HAS_KINDS_SQL = "select 1 from pragma_table_info('pages') where name = 'kind'"
HAS_SECTIONS_SQL = "select 1 from sqlite_master where type = 'table' and name = 'sections'"


def has_kinds(conn: sqlite3.Connection) -> bool:
    """Whether pages has a `kind` column (schema m007, report structure)."""
    return schema_has(conn, HAS_KINDS_SQL)


def has_sections(conn: sqlite3.Connection) -> bool:
    """Whether the catalogue has the sections table (schema m007)."""
    return schema_has(conn, HAS_SECTIONS_SQL)


def schema_has(conn: sqlite3.Connection, sql: str) -> bool:
    """Whether `sql` finds a row: asked once per connection (an upgrade reopens it)."""
    known = SCHEMA_ANSWERS.get((id(conn), sql))
    if known is None or known[0] is not conn:
        known = SCHEMA_ANSWERS[(id(conn), sql)] = (conn, conn.execute(sql).fetchone() is not None)
    return known[1]


# (id(connection), question) -> (the connection, the answer): the connection is kept, so its
# id is never another's (a process opens a few)
SCHEMA_ANSWERS: dict[tuple[int, str], tuple[sqlite3.Connection, bool]] = {}


def report_section_rows(conn: sqlite3.Connection, report_id: int) -> list[tuple[str, int, int]]:
    """(title, first page, last page) of a report's sections, in page order, parents first."""
    if not has_sections(conn):
        return []
    rows = conn.execute(
        """select title, first_page, last_page from sections where report_id = ?
           order by first_page, level""",
        [report_id],
    )
    return [(str(title), int(first), int(last)) for title, first, last in rows.fetchall()]


def section_rows(conn: sqlite3.Connection) -> list[tuple[int, str, int, int]]:
    """(report id, title, first page, last page) of every report's sections."""
    if not has_sections(conn):
        return []
    rows = conn.execute("select report_id, title, first_page, last_page from sections")
    return [(int(r), str(t), int(f), int(la)) for r, t, f, la in rows.fetchall()]


def matching_page_rowids(conn: sqlite3.Connection, expression: str, span: list[int]) -> list[int]:
    """The rowids in `span` (first, last) of pages that match `expression`."""
    return [int(rowid) for (rowid,) in conn.execute(ROWIDS_SQL, [expression, *span])]


def highlighted_pages(
    conn: sqlite3.Connection,
    marks: tuple[str, str],
    expression: str,
    span: list[int],
    chosen: list[int] | None = None,
    limit: int = -1,
) -> list[tuple[int, str]]:
    """(rowid, text with each match between `marks`) of the pages in `span` that match, in
    page order; only those `chosen`, if given, else the first `limit` (-1: all)."""
    if chosen is None:
        rows = conn.execute(HIGHLIGHT_SQL + " limit ?", [*marks, expression, *span, limit])
    else:
        narrowed = [min(chosen), max(chosen)] if chosen else span
        rows = conn.execute(HIGHLIGHT_SOME_SQL, [*marks, expression, *narrowed, json.dumps(chosen)])
    return [(int(rowid), str(marked)) for rowid, marked in rows.fetchall()]


# --- the typo vocabulary (schema m004) and term stems (m011) ------------------------------------


def vocabulary_figures(conn: sqlite3.Connection) -> tuple[int, float, bool]:
    """Set the connection up for searches, and read what every search needs once: the report
    index's rows (not reports: a term's docs count rows, as FTS5's own document frequencies
    and so BM25's do), the mean title length in words, and whether term_stems exists."""
    conn.execute(f"pragma cache_size = -{CACHE_KIB}")
    rows = int(conn.execute("select count(*) from report_search").fetchone()[0])
    title_words = float(conn.execute(
        "select avg(length(title) - length(replace(title, ' ', '')) + 1) from reports"
    ).fetchone()[0] or 8.0)  # fmt: skip
    found = conn.execute("select 1 from sqlite_master where name = 'term_stems'")
    return rows, title_words, found.fetchone() is not None


def term_docs(conn: sqlite3.Connection, term: str) -> int:
    """In how many rows `term` appears (0 if it is not in the vocabulary)."""
    found = conn.execute("select docs from vocabulary where term = ?", [term]).fetchone()
    return int(found[0]) if found else 0


def terms_with_stems(
    conn: sqlite3.Connection, stems: list[str], word: str, limit: int
) -> list[tuple[str, int]]:
    """Terms other than `word` whose stem is one of `stems`, with their docs, commonest first."""
    marks = ", ".join("?" for _ in stems)
    rows = conn.execute(
        f"""select s.term, v.docs from term_stems s join vocabulary v on v.term = s.term
            where s.stem in ({marks}) and s.term != ? order by v.docs desc, s.term limit ?""",
        [*stems, word, limit],
    )
    return [(str(term), int(docs)) for term, docs in rows.fetchall()]


def completions(conn: sqlite3.Connection, prefix: str, limit: int) -> list[tuple[str, int]]:
    """The commonest terms that start with `prefix` and are longer than it."""
    rows = conn.execute(
        """select term, docs from vocabulary where term > ? and term < ?
           order by docs desc, term limit ?""",
        [prefix, prefix + "\U0010ffff", limit],
    )
    return [(term, int(docs)) for term, docs in rows.fetchall()]


def first_letter_variants(
    conn: sqlite3.Connection, rest: str, word: str, swapped: str
) -> list[tuple[str, int]]:
    """Terms whose letters after the first are `rest`, or that are `word` or `swapped`."""
    rows = conn.execute(
        "select term, docs from vocabulary where rest in (?1, ?2) or term in (?1, ?3)",
        [rest, word, swapped],
    )
    return [(t, int(d)) for t, d in rows.fetchall()]


def vocabulary_buckets(
    conn: sqlite3.Connection, first: str, shortest: int, longest: int
) -> list[tuple[int, str, str]]:
    """(length, terms joined by newlines, their docs joined by commas) of the buckets of terms
    that start with `first`, from `shortest` to `longest` letters."""
    rows = conn.execute(
        """select length, terms, docs from vocabulary_buckets
           where first = ? and length between ? and ?""",
        [first, shortest, longest],
    )
    return [(int(length), str(terms), str(docs)) for length, terms, docs in rows.fetchall()]
