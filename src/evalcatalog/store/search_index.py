"""The report-level search index and the typo vocabulary, kept in step with the catalogue.

`report_search` holds a report's chunks of CHUNK_PAGES pages, one row each (most reports have
one), and `report_search_fts` indexes them, so a search ranks a few thousand rows instead of a
hundred thousand pages. Chunk 0 also holds the title and tag names. Chunks, not one row per
report: FTS5 holds a row's whole term list in memory as it indexes it, so a 3,000-page report
as one row cost ~100 MB to write; a chunk costs the same at any report length. A chunk's rowid
is report_id * CHUNK_SPAN + chunk, so a search maps rowids to reports without a join and finds
a report's chunks as one rowid range.

The text is stored once (schema m012): a chunk row keeps its title and tags, and the index's
content is the view `report_search_text`, which joins the chunk's pages as its body. FTS5
deletes a row by being given the text it indexed, so triggers take a report's chunks out of
the index *before* its pages change or it goes, while that text can still be read; triggers
(m004) also note in `search_dirty` each report whose title, pages or tags change, and `flush`
puts their chunks back (or rewrites chunk 0 in place if only its title or tags moved) before
the transaction commits, so readers never see the index out of step.

`vocabulary` is the report index's term list with each term's row count and tail, and
`vocabulary_buckets` the same terms joined into one row per first letter and length, so typo
candidates are fetched a bucket at a time. When an ingest run ends, if the index changed, the
FTS5 segments the run left are merged (merge_segments) and the vocabulary is updated by what
changed (update_vocabulary: `vocabulary_added` and `vocabulary_removed` say what), at a cost in
proportion to the change; rebuilding it from fts5vocab reads the whole index (23 s at 10^6
pages) and is kept for large changes and repairs.

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


# The chunk rows of the chosen reports (a chunk's title and tags; its text is the pages').
CHUNKS_SQL = f"""with recursive chunks(report_id, chunk, last) as (
        select r.id, 0, {last_chunk_sql("r.id")} from reports r where {{where}}
        union all select report_id, chunk + 1, last from chunks where chunk < last)
    insert into report_search (id, report_id, chunk, title, tags)
    select c.report_id * {CHUNK_SPAN} + c.chunk, c.report_id, c.chunk,
        case when c.chunk = 0 then r.title else '' end,
        case when c.chunk = 0 then coalesce({TAG_NAMES_SQL}, '') else '' end
    from chunks c join reports r on r.id = c.report_id"""

# Chunks of changed reports that are still indexed (their pages unchanged: had they changed,
# the m012 triggers would have taken the report out) whose title or tags moved.
MOVED_SQL = f"""insert into temp.search_moved (id)
    select s.id from report_search s join reports r on r.id = s.report_id
    where s.report_id in (select report_id from search_dirty) and s.chunk = 0
      and (s.title is not r.title or s.tags is not coalesce({TAG_NAMES_SQL}, ''))"""
MOVED_UPDATE_SQL = f"""update report_search as s set title = r.title,
        tags = coalesce({TAG_NAMES_SQL}, '')
    from reports r where r.id = s.report_id and s.id in (select id from temp.search_moved)"""
# Changed reports with no chunks in the index: new, or taken out when their pages changed.
FRESH_SQL = """insert into temp.search_fresh (report_id) select d.report_id from search_dirty d
    where exists (select 1 from reports r where r.id = d.report_id)
      and not exists (select 1 from report_search s where s.report_id = d.report_id)"""
# Chunks leaving the index: the vocabulary has to forget their terms (vocabulary_removed)
# unless it never took them in (vocabulary_added). Then the FTS5 delete, with the same text.
UNINDEX_SQL = (
    """insert into vocabulary_removed (rowid, title, tags, body)
        select id, title, tags, body from report_search_text
        where id in ({ids}) and id not in (select id from vocabulary_added)""",
    "delete from vocabulary_added where id in ({ids})",
    """insert into report_search_fts (report_search_fts, rowid, title, tags, body)
        select 'delete', id, title, tags, body from report_search_text where id in ({ids})""",
)
INDEX_SQL = (
    """insert into report_search_fts (rowid, title, tags, body)
        select id, title, tags, body from report_search_text where id in ({ids})""",
    "insert or ignore into vocabulary_added (id) select id from report_search where id in ({ids})",
)
SCRATCH_SQL = (
    "create temp table if not exists search_moved (id integer primary key)",
    "create temp table if not exists search_fresh (report_id integer primary key)",
    "delete from temp.search_moved",
    "delete from temp.search_fresh",
)


def refresh_all(conn: sqlite3.Connection) -> None:
    """Every report's chunks written afresh and the report index rebuilt from them; the
    vocabulary then wants a full rebuild (refresh_vocabulary). On the current schema only:
    migrations run their own frozen SQL (frozen_sql.py)."""
    conn.execute("delete from report_search")
    conn.execute(CHUNKS_SQL.format(where="true"))
    conn.execute("insert into report_search_fts (report_search_fts) values ('rebuild')")
    conn.execute("delete from search_dirty")


def flush(conn: sqlite3.Connection) -> int:
    """Index every report changed since the last flush: chunks whose title or tags moved are
    rewritten in place, reports out of the index (new, or their pages changed) get all their
    chunks. A retag that changes nothing rewrites nothing. Returns how many reports."""
    count = int(conn.execute("select count(*) from search_dirty").fetchone()[0])
    if not count:
        return 0
    for sql in SCRATCH_SQL:
        conn.execute(sql)
    conn.execute(MOVED_SQL)
    moved = "select id from temp.search_moved"
    for sql in UNINDEX_SQL:
        conn.execute(sql.format(ids=moved))
    conn.execute(MOVED_UPDATE_SQL)
    conn.execute(FRESH_SQL)
    conn.execute(CHUNKS_SQL.format(where="r.id in (select report_id from temp.search_fresh)"))
    fresh = f"{moved} union all select id from report_search where report_id in ({FRESH_IDS})"
    for sql in INDEX_SQL:
        conn.execute(sql.format(ids=fresh))
    conn.execute("delete from search_dirty")
    conn.execute(
        """insert into settings (key, value) values (?, '1') on conflict(key)
           do update set value = cast(value as integer) + 1""",
        [SEARCH_GENERATION],
    )
    keep_tracking(conn)
    return count


def keep_tracking(conn: sqlite3.Connection) -> None:
    """Once so much has changed that the vocabulary will be rebuilt (a reindex of everything,
    a first ingest), stop keeping what it lacks: vocabulary_removed would otherwise grow into
    an index of all the text taken out (2 GB for a reindex at 10^6 pages), to be thrown away."""
    if setting(conn, VOCABULARY_TRACKED) == "1" and not within_update(conn):
        set_setting(conn, VOCABULARY_TRACKED, "0")
    if setting(conn, VOCABULARY_TRACKED) != "1":
        conn.execute("delete from vocabulary_added")
        conn.execute("insert into vocabulary_removed (vocabulary_removed) values ('delete-all')")


def within_update(conn: sqlite3.Connection) -> bool:
    """Whether the chunks indexed since the vocabulary was current are few enough to update it
    by (update_vocabulary) rather than rebuild it."""
    added = int(conn.execute("select count(*) from vocabulary_added").fetchone()[0])
    rows = int(conn.execute("select count(*) from report_search").fetchone()[0])
    return added <= max(INCREMENTAL_CHUNKS, rows // 15)


FRESH_IDS = "select report_id from temp.search_fresh"


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
    """Rebuild `vocabulary` from the report index; returns the number of terms. Reads every
    term's row list back (23 s at 10^6 pages): update_vocabulary is the everyday way."""
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
    conn.execute("delete from vocabulary_added")
    conn.execute("insert into vocabulary_removed (vocabulary_removed) values ('delete-all')")
    set_setting(conn, VOCABULARY_TRACKED, "1")
    mark_vocabulary_current(conn)
    return int(conn.execute("select count(*) from vocabulary").fetchone()[0])


VOCABULARY_TRACKED = "vocabulary_tracked"  # '1': vocabulary_added/_removed say what it lacks
INCREMENTAL_CHUNKS = 50  # up to this many new chunks (or a fifteenth of all) update in place
# Each term's change in rows: + for chunks indexed since the vocabulary was brought up to date
# (tokenized again in a scratch table), - for chunks taken out (vocabulary_removed).
DELTA_SQL = (
    "drop table if exists temp.vocabulary_delta",
    f"""create virtual table if not exists temp.vocabulary_scratch using fts5(title, tags,
        body, tokenize='{TOKENIZER}', content='')""",
    """create virtual table if not exists temp.vocabulary_scratch_terms
        using fts5vocab(temp, vocabulary_scratch, row)""",
    """create virtual table if not exists temp.vocabulary_removed_terms
        using fts5vocab(main, vocabulary_removed, row)""",
    "insert into temp.vocabulary_scratch (vocabulary_scratch) values ('delete-all')",
    """insert into temp.vocabulary_scratch (rowid, title, tags, body)
        select id, title, tags, body from report_search_text
        where id in (select id from vocabulary_added)""",
    """create temp table vocabulary_delta as select term, sum(doc) as docs from (
        select term, doc from temp.vocabulary_scratch_terms
        union all select term, -doc from temp.vocabulary_removed_terms)
        group by term having sum(doc) != 0""",
)
APPLY_DELTA_SQL = (
    """insert into vocabulary (term, docs, rest)
        select term, docs, substr(term, 2) from temp.vocabulary_delta where true
        on conflict(term) do update set docs = vocabulary.docs + excluded.docs""",
    """delete from vocabulary where docs <= 0
        and term in (select term from temp.vocabulary_delta)""",
    "delete from vocabulary_added",
    "insert into vocabulary_removed (vocabulary_removed) values ('delete-all')",
    "insert into temp.vocabulary_scratch (vocabulary_scratch) values ('delete-all')",
)


def update_vocabulary(conn: sqlite3.Connection) -> bool:
    """Bring the vocabulary up to date by what changed since it last was (the terms of the
    chunks indexed and taken out since), at a cost in proportion to that change, not to the
    index; False (nothing done) where only a rebuild will do: tracking began with the
    vocabulary out of date, or so much changed that reading the index back is cheaper."""
    if setting(conn, VOCABULARY_TRACKED) != "1" or not within_update(conn):
        return False
    for sql in DELTA_SQL:
        conn.execute(sql)
    patch_buckets(conn)  # before the apply: it reads the delta's terms' docs as they end up
    for sql in APPLY_DELTA_SQL:
        conn.execute(sql)
    refresh_stems(conn, "term in (select term from temp.vocabulary_delta)")
    mark_vocabulary_current(conn)
    return True


def patch_buckets(conn: sqlite3.Connection) -> None:
    """The buckets holding the delta's terms, each patched in place with its terms' new row
    counts (a term at 0 leaves, a new one joins, in term order as BUCKETS_SQL makes them):
    regrouping the whole vocabulary costs 0.8 s at 10^6 pages, and a week's change touches
    nearly every bucket."""
    changed: dict[tuple[str, int], dict[str, int]] = {}
    rows = conn.execute(
        """select d.term, coalesce(v.docs, 0) + d.docs from temp.vocabulary_delta d
           left join vocabulary v on v.term = d.term"""
    )
    for term, docs in rows:
        changed.setdefault((term[0], len(term)), {})[term] = int(docs)
    for (first, length), terms in changed.items():
        key = [first, length]
        row = conn.execute(BUCKET_SQL, key).fetchone()
        held = (
            dict(zip(row[0].split("\n"), map(int, row[1].split(",")), strict=True)) if row else {}
        )
        held.update(terms)
        kept = sorted(term for term, docs in held.items() if docs > 0)
        conn.execute("delete from vocabulary_buckets where first = ? and length = ?", key)
        if kept:  # a bucket left empty gets no row at all
            conn.execute(
                "insert into vocabulary_buckets (first, length, terms, docs) values (?, ?, ?, ?)",
                [*key, "\n".join(kept), ",".join(str(held[term]) for term in kept)],
            )


BUCKET_SQL = "select terms, docs from vocabulary_buckets where first = ? and length = ?"


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("select value from settings where key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        """insert into settings (key, value) values (?, ?)
           on conflict(key) do update set value = excluded.value""",
        [key, value],
    )


def refresh_stems(conn: sqlite3.Connection, where: str = "true") -> int:
    """Stems (`term_stems`, schema m011) for the vocabulary's terms that have none yet: a
    week's new terms, not the 382,000 of a 100,000-page catalogue. A term that leaves the
    vocabulary keeps its row, which costs nothing: searches join the two. Returns how many."""
    if not conn.execute("select 1 from sqlite_master where name = 'term_stems'").fetchone():
        return 0  # a migration before m011 rebuilding the vocabulary
    new = [str(term) for (term,) in conn.execute(
        f"select term from vocabulary where {where} and term not in "
        "(select term from term_stems)")]  # fmt: skip
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
    set_setting(conn, VOCABULARY_GENERATION, index)


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
