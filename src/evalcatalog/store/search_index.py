"""The report-level search index and the typo vocabulary, kept in step with the catalogue.

`report_search` holds a report's text in chunks of CHUNK_PAGES pages, one row each (most
reports have one), with its own FTS5 index, so a search ranks a few thousand rows instead of a
hundred thousand pages. Chunk 0 also holds the title and tag names. Chunks, not one row per
report: FTS5 holds a row's whole term list in memory as it indexes it, so a 3,000-page report
as one row cost ~100 MB to write; a chunk costs the same at any report length. A chunk's rowid
is report_id * CHUNK_SPAN + chunk, so a search maps rowids to reports without a join and finds
a report's chunks as one rowid range. Triggers (schema m004) note in `search_dirty` each report
whose title, pages or tags change, whoever writes them; `flush` rewrites those reports' chunks
that differ before the transaction commits, so readers never see the index out of step.

`vocabulary` is the report index's term list (from fts5vocab, which takes seconds to read at
scale) with each term's tail precomputed, and `vocabulary_buckets` the same terms joined into
one row per first letter and length, so typo candidates are fetched a bucket at a time. Both
are rebuilt when an ingest run ends, if the index changed, after the FTS5 segments that run
left are merged (merge_segments).

Plain sqlite3: the sqlite-utils parts (enable_fts, rebuild_fts) stay in migrations.py and
database.py.
"""

from __future__ import annotations

import sqlite3

from ..text import stems

FTS_TABLES = ("pages_fts", "report_search_fts")
MAX_SEGMENTS = 4  # more, and an ingest run ends by merging them (merge_segments)
# More left after that, and everything is merged into one. Search on the bench catalogue with
# 9 + 6 segments answered within a millisecond of the fully merged one.
MAX_SEGMENTS_MERGED = 8
MERGE_PAGES = 2000  # work per FTS5 'merge' step, in leaf pages written
MAX_MERGE_STEPS = 1000  # a bound, never reached: each step merges or reports nothing to do
SEARCH_GENERATION = "search_generation"
VOCABULARY_GENERATION = "vocabulary_generation"

# A report's effective tag names (the effective_tags view, schema m006: a manual row settles
# its tag).
TAG_NAMES_SQL = """(select group_concat(name, ' ; ') from (
    select distinct e.name as name from effective_tags e where e.report_id = r.id
    order by e.kind, e.name))"""

CHUNK_PAGES = 100  # a chunk's text costs FTS5 ~5 MB to index; a 1,000-page row cost 35 MB
CHUNK_SPAN = 1 << 20  # rowids per report (chunks 0..CHUNK_SPAN-1): room for 100 million pages


def last_chunk_sql(report_id: str) -> str:
    """SQL for a report's last chunk number (0 for a report with no pages)."""
    return f"""(select (coalesce(max(p.page_no), 1) - 1) / {CHUNK_PAGES} from pages p
        where p.report_id = {report_id})"""


# One chunk's pages, in order: no statement ever holds more than a chunk of a report's text.
# A page's body: its text without running headers and footers (schema m007).
BODY_SQL = f"""(select group_concat(body, char(10)) from (
    select body from pages p where p.report_id = c.report_id
        and p.page_no > c.chunk * {CHUNK_PAGES} and p.page_no <= (c.chunk + 1) * {CHUNK_PAGES}
    order by p.page_no))"""

# Every chunk of the chosen reports, one row at a time; a row is rewritten only when it
# differs, so a retag that changes nothing reindexes nothing and one that does, one row.
REFRESH_SQL = f"""with recursive chunks(report_id, chunk, last) as (
        select r.id, 0, {last_chunk_sql("r.id")} from reports r where {{where}}
        union all select report_id, chunk + 1, last from chunks where chunk < last)
    insert into report_search (id, report_id, chunk, title, tags, body)
    select c.report_id * {CHUNK_SPAN} + c.chunk, c.report_id, c.chunk,
        case when c.chunk = 0 then r.title else '' end,
        case when c.chunk = 0 then coalesce({TAG_NAMES_SQL}, '') else '' end,
        coalesce({BODY_SQL}, '')
    from chunks c join reports r on r.id = c.report_id where true
    on conflict(id) do update set
        title = excluded.title, tags = excluded.tags, body = excluded.body
    where report_search.title is not excluded.title or report_search.tags is not excluded.tags
        or report_search.body is not excluded.body"""

# Chunks past a report's last (it shrank), and every chunk of a report that is gone.
STALE_SQL = f"""delete from report_search where {{where}} and chunk > coalesce(
    (select {last_chunk_sql("r.id")} from reports r where r.id = report_search.report_id), -1)"""


def refresh_all(conn: sqlite3.Connection) -> None:
    """Every report's chunks rewritten if they differ, and chunks no report has dropped.
    On the current schema only: migrations run their own frozen SQL (frozen_sql.py)."""
    conn.execute(REFRESH_SQL.format(where="true"))
    conn.execute(STALE_SQL.format(where="true"))
    conn.execute("delete from search_dirty")


def flush(conn: sqlite3.Connection) -> int:
    """Refresh the chunks of every report changed since the last flush; returns how many
    reports."""
    count = int(conn.execute("select count(*) from search_dirty").fetchone()[0])
    if not count:
        return 0
    conn.execute(REFRESH_SQL.format(where="r.id in (select report_id from search_dirty)"))
    conn.execute(STALE_SQL.format(where="report_id in (select report_id from search_dirty)"))
    conn.execute("delete from search_dirty")
    conn.execute(
        """insert into settings (key, value) values (?, '1') on conflict(key)
           do update set value = cast(value as integer) + 1""",
        [SEARCH_GENERATION],
    )
    return count


def is_dirty(conn: sqlite3.Connection) -> bool:
    return conn.execute("select 1 from search_dirty limit 1").fetchone() is not None


def generations(conn: sqlite3.Connection) -> tuple[str, str]:
    """(the index's generation, the one the vocabulary was built from)."""
    rows = dict(
        conn.execute(
            "select key, value from settings where key in (?, ?)",
            [SEARCH_GENERATION, VOCABULARY_GENERATION],
        ).fetchall()
    )
    return rows.get(SEARCH_GENERATION) or "0", rows.get(VOCABULARY_GENERATION) or "0"


def vocabulary_stale(conn: sqlite3.Connection) -> bool:
    index, vocabulary = generations(conn)
    return index != vocabulary


VOCAB_TABLE_SQL = """create virtual table if not exists temp.report_search_vocab
    using fts5vocab(main, report_search_fts, row)"""
TOKENIZER = "unicode61 remove_diacritics 2"  # both FTS5 indexes' (migrations.py)
# One row per (first letter, length) of the chosen terms: a typo lookup reads a few rows, not
# thousands.
BUCKETS_SQL = """insert into vocabulary_buckets (first, length, terms, docs)
    select substr(term, 1, 1), length(term), group_concat(term, char(10)),
           group_concat(docs, ',')
    from (select term, docs from vocabulary where {where} order by term) group by 1, 2"""
# As sqlite-utils wrote it (schema m004), so the schema reads the same after a refresh.
REST_INDEX_SQL = 'CREATE INDEX "idx_vocabulary_rest"\n    ON "vocabulary" ("rest")'


def refresh_vocabulary(conn: sqlite3.Connection) -> int:
    """Rebuild `vocabulary` from the report index; returns the number of terms."""
    conn.execute(VOCAB_TABLE_SQL)
    conn.execute("delete from vocabulary")
    conn.execute("delete from vocabulary_buckets")
    # Terms come in order, so the table's own index grows at its end, but the index on `rest`
    # would take them in random order: built afresh after the insert, it costs a third.
    conn.execute("drop index if exists idx_vocabulary_rest")
    conn.execute(
        """insert into vocabulary (term, docs, rest)
           select term, doc, substr(term, 2) from temp.report_search_vocab"""
    )
    conn.execute(REST_INDEX_SQL)
    conn.execute(BUCKETS_SQL.format(where="true"))
    refresh_stems(conn)
    mark_vocabulary_current(conn)
    return int(conn.execute("select count(*) from vocabulary").fetchone()[0])


def refresh_terms(conn: sqlite3.Connection, terms: set[str]) -> None:
    """The vocabulary's rows for `terms`, and their buckets, from the report index as it
    stands: for a change that can only have moved those terms (a manual tag's words), where
    a rebuild would read every term back (1.6 s at 100,000 pages)."""
    conn.execute(VOCAB_TABLE_SQL)
    for term in sorted(terms):
        sql = "select doc from temp.report_search_vocab where term = ?"
        row = conn.execute(sql, [term]).fetchone()
        if row is None:
            conn.execute("delete from vocabulary where term = ?", [term])
            continue
        conn.execute(
            """insert into vocabulary (term, docs, rest) values (?, ?, substr(?, 2))
               on conflict(term) do update set docs = excluded.docs""",
            [term, row[0], term],
        )
    refresh_stems(conn)
    for first, length in {(term[0], len(term)) for term in terms}:
        conn.execute(
            "delete from vocabulary_buckets where first = ? and length = ?", [first, length]
        )
        conn.execute(  # a bucket left empty gets no row at all
            BUCKETS_SQL.format(where="term >= ? and term < ? and length(term) = ?"),
            [first, chr(ord(first) + 1), length],
        )


def refresh_stems(conn: sqlite3.Connection) -> int:
    """Stems (`term_stems`, schema m011) for the vocabulary's terms that have none yet: a
    week's new terms, not the 382,000 of a 100,000-page catalogue. A term that leaves the
    vocabulary keeps its row, which costs nothing: searches join the two. Returns how many."""
    if not conn.execute("select 1 from sqlite_master where name = 'term_stems'").fetchone():
        return 0  # a migration before m011 rebuilding the vocabulary
    new = [str(term) for (term,) in conn.execute(
        "select term from vocabulary where term not in (select term from term_stems)")]  # fmt: skip
    conn.executemany(
        "insert into term_stems (term, stem) values (?, ?)", zip(new, stems(new), strict=True)
    )
    return len(new)


def terms_of(conn: sqlite3.Connection, texts: list[str]) -> set[str]:
    """The terms FTS5 makes of `texts`, by the report index's own tokenizer."""
    conn.execute(
        "create virtual table if not exists temp.term_scratch "
        f"using fts5(text, tokenize='{TOKENIZER}')"
    )
    conn.execute(
        "create virtual table if not exists temp.term_scratch_vocab "
        "using fts5vocab(temp, term_scratch, row)"
    )
    conn.execute("delete from temp.term_scratch")
    conn.executemany("insert into temp.term_scratch (text) values (?)", [[t] for t in texts])
    terms = {term for (term,) in conn.execute("select term from temp.term_scratch_vocab")}
    conn.execute("delete from temp.term_scratch")
    return terms


def mark_vocabulary_current(conn: sqlite3.Connection) -> None:
    index, _ = generations(conn)
    conn.execute(
        """insert into settings (key, value) values (?, ?)
           on conflict(key) do update set value = excluded.value""",
        [VOCABULARY_GENERATION, index],
    )


def merge_segments(conn: sqlite3.Connection) -> None:
    """FTS5 adds a b-tree segment per flush and merges them lazily, so a large ingest leaves a
    dozen or more; every term lookup seeks in each (at 100,000 pages, a 16-segment index
    answered page lookups six times slower than a merged one). When there are many, merge the
    segments of each level with one another ('merge' with usermerge 2): a week's new reports
    merge among themselves in milliseconds, where 'optimize' rewrote the whole index (3.4 s at
    100,000 pages). Only if that leaves more than MAX_SEGMENTS_MERGED (one per level: rare) is
    everything merged into one."""
    for table in FTS_TABLES:
        if segment_count(conn, table) <= MAX_SEGMENTS:
            continue
        conn.execute(f"insert into {table} ({table}, rank) values ('usermerge', 2)")
        for _ in range(MAX_MERGE_STEPS):
            before = conn.total_changes
            conn.execute(f"insert into {table} ({table}, rank) values ('merge', ?)", [MERGE_PAGES])
            if conn.total_changes - before < 2:  # FTS5's sign that there was nothing to merge
                break
        if segment_count(conn, table) > MAX_SEGMENTS_MERGED:
            conn.execute(f"insert into {table} ({table}) values ('optimize')")


def segment_count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"select count(distinct segid) from {table}_idx").fetchone()[0])
