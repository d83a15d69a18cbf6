"""SQL that old migrations run, copied here as it stood when each was written: never edit it.

m004 and m005 used to call search_index.refresh_all and refresh_vocabulary, so a change to
the live index code silently changed what upgrading an old catalogue did (and had to learn
which schema it ran under). Each migration now runs its own frozen statements, as simonw/llm's
migrations do; the live code in search_index.py is free to change with the schema.
"""

from __future__ import annotations

# --- m004_report_search -------------------------------------------------------------------

# A report's effective tag names as m004 and m005 knew them (m006 makes this a view).
_TAG_NAMES = """(select group_concat(name, ' ; ') from (
    select distinct t.name as name from report_tags rt join tags t on t.id = rt.tag_id
    where rt.report_id = r.id and rt.removed = 0 and (rt.source = 'manual' or not exists (
        select 1 from report_tags m
        where m.report_id = rt.report_id and m.tag_id = rt.tag_id and m.source = 'manual'))
    order by t.kind, t.name))"""


def _dirty(table: str, event: str, trigger: str, ids: tuple[str, ...]) -> str:
    marks = "\n".join(
        f"""insert into search_dirty (report_id) select {i}
      where not exists (select 1 from search_dirty where report_id = {i});"""
        for i in ids
    )
    name = f"{table}_search_dirty_{trigger}"
    return f"create trigger {name} after {event} on {table} begin\n{marks}\nend;"


# Triggers noting in search_dirty each report whose title, pages or tags change.
M004_DIRTY_TRIGGERS = "\n".join(
    [
        _dirty("reports", "insert", "insert", ("new.id",)),
        _dirty("reports", "update of title", "update", ("new.id",)),
        _dirty("reports", "delete", "delete", ("old.id",)),
        _dirty("pages", "insert", "insert", ("new.report_id",)),
        _dirty("pages", "update", "update", ("old.report_id", "new.report_id")),
        _dirty("pages", "delete", "delete", ("old.report_id",)),
        _dirty("report_tags", "insert", "insert", ("new.report_id",)),
        _dirty("report_tags", "update", "update", ("old.report_id", "new.report_id")),
        _dirty("report_tags", "delete", "delete", ("old.report_id",)),
        """create trigger tags_search_dirty_update after update of name on tags begin
  insert into search_dirty (report_id) select distinct rt.report_id from report_tags rt
    where rt.tag_id = new.id
      and not exists (select 1 from search_dirty d where d.report_id = rt.report_id);
end;
""",
    ]
)

# One row per report: its title, tag names and all its page text.
M004_REFRESH = (
    f"""insert into report_search (report_id, title, tags, body)
    select r.id, r.title, coalesce({_TAG_NAMES}, ''), coalesce((select group_concat(text,
        char(10)) from (select text from pages p where p.report_id = r.id order by p.page_no)), '')
    from reports r where true on conflict(report_id) do nothing""",
    "delete from search_dirty",
)

# The typo vocabulary from the report index (m004 and m005 alike), then marked current.
M004_VOCABULARY = (
    """create virtual table if not exists temp.report_search_vocab
    using fts5vocab(main, report_search_fts, row)""",
    "delete from vocabulary",
    "delete from vocabulary_buckets",
    "drop index if exists idx_vocabulary_rest",
    """insert into vocabulary (term, docs, rest)
           select term, doc, substr(term, 2) from temp.report_search_vocab""",
    'CREATE INDEX "idx_vocabulary_rest"\n    ON "vocabulary" ("rest")',
    """insert into vocabulary_buckets (first, length, terms, docs)
    select substr(term, 1, 1), length(term), group_concat(term, char(10)),
           group_concat(docs, ',')
    from (select term, docs from vocabulary where true order by term) group by 1, 2""",
    """insert into settings (key, value) values ('vocabulary_generation',
        coalesce((select nullif(value, '') from settings where key = 'search_generation'), '0'))
    on conflict(key) do update set value = excluded.value""",
)

# --- m005_report_search_chunks --------------------------------------------------------------

# A report's last chunk of 100 pages (0 for a report with no pages).
_LAST_CHUNK = """(select (coalesce(max(p.page_no), 1) - 1) / 100 from pages p
        where p.report_id = r.id)"""

# Every report's chunks (rowid report_id * 2^20 + chunk), from pages.text (no body column yet).
M005_REFRESH = (
    f"""with recursive chunks(report_id, chunk, last) as (
        select r.id, 0, {_LAST_CHUNK} from reports r where true
        union all select report_id, chunk + 1, last from chunks where chunk < last)
    insert into report_search (id, report_id, chunk, title, tags, body)
    select c.report_id * 1048576 + c.chunk, c.report_id, c.chunk,
        case when c.chunk = 0 then r.title else '' end,
        case when c.chunk = 0 then coalesce({_TAG_NAMES}, '') else '' end,
        coalesce((select group_concat(text, char(10)) from (
    select text from pages p where p.report_id = c.report_id
        and p.page_no > c.chunk * 100 and p.page_no <= (c.chunk + 1) * 100
    order by p.page_no)), '')
    from chunks c join reports r on r.id = c.report_id where true
    on conflict(id) do update set
        title = excluded.title, tags = excluded.tags, body = excluded.body
    where report_search.title is not excluded.title or report_search.tags is not excluded.tags
        or report_search.body is not excluded.body""",
    f"""delete from report_search where true and chunk > coalesce(
    (select {_LAST_CHUNK} from reports r where r.id = report_search.report_id), -1)""",
    "delete from search_dirty",
)
M005_VOCABULARY = M004_VOCABULARY

# m011: stems of every vocabulary term (text.stems is Snowball English, a fixed algorithm).
M011_VOCABULARY_TERMS = (
    "select term from vocabulary where term not in (select term from term_stems)"
)
M011_INSERT_STEM = "insert into term_stems (term, stem) values (?, ?)"

# --- m012_report_text_once ------------------------------------------------------------------

# A chunk's text from the pages it covers, as the live index code wrote report_search.body.
_M012_BODY = """coalesce((select group_concat(body, char(10)) from (
    select body from pages p where p.report_id = s.report_id
        and p.page_no > s.chunk * 100 and p.page_no <= (s.chunk + 1) * 100
    order by p.page_no)), '')"""
_M012_UNINDEX_STEPS = """
  insert into vocabulary_removed (rowid, title, tags, body)
    select id, title, tags, body from report_search_text
    where report_id = {ref} and id not in (select id from vocabulary_added);
  delete from vocabulary_added where id in (select id from report_search where report_id = {ref});
  insert into report_search_fts (report_search_fts, rowid, title, tags, body)
    select 'delete', id, title, tags, body from report_search_text where report_id = {ref};
  delete from report_search where report_id = {ref};"""


def _m012_unindex(table: str, event: str, ref: str, name: str = "") -> str:
    """A trigger taking a report's chunks out of the index *before* its pages (or it) change,
    while the text they were indexed with can still be read from the pages."""
    steps = _M012_UNINDEX_STEPS.format(ref=ref)
    return f"""create trigger {table}_unindex_{name or event.split()[0]} before {event} on {table}
when exists (select 1 from report_search where report_id = {ref})
begin{steps}
end;"""


# What a chunk's text is made of (a page's kind, source or confidence is not).
_M012_PAGE_UPDATE = "update of report_id, page_no, text, furniture_head, furniture_tail"

M012_STATEMENTS = (
    # Reports whose chunks may not match their pages (a flush pending): out of the index now
    # (the old triggers delete with the stored text), indexed afresh by the next flush.
    f"""insert into search_dirty (report_id) select distinct s.report_id from report_search s
        where s.body is not {_M012_BODY}
          and s.report_id not in (select report_id from search_dirty)""",
    "delete from report_search where report_id in (select report_id from search_dirty)",
    "drop trigger if exists report_search_ai",
    "drop trigger if exists report_search_ad",
    "drop trigger if exists report_search_au",
    # The chunks without their text.
    """create table report_search_m012 (id integer primary key, report_id integer not null,
        chunk integer not null, title text, tags text)""",
    """insert into report_search_m012 (id, report_id, chunk, title, tags)
        select id, report_id, chunk, title, tags from report_search""",
    "drop table report_search",
    "alter table report_search_m012 rename to report_search",
    "create index idx_report_search_report_id on report_search (report_id)",
    f"""create view report_search_text as select s.id, s.report_id, s.chunk, s.title, s.tags,
        {_M012_BODY} as body from report_search s""",
    # The same FTS5 index over the view: its shadow tables copied, not rebuilt (the index is
    # the same whatever its content table is called).
    """create virtual table report_search_fts_m012 using fts5(title, tags, body,
        tokenize='unicode61 remove_diacritics 2', content='report_search_text',
        content_rowid='id')""",
    *(
        statement
        for shadow in ("data", "idx", "docsize", "config")
        for statement in (
            f"delete from report_search_fts_m012_{shadow}",
            f"insert into report_search_fts_m012_{shadow} select * from report_search_fts_{shadow}",
        )
    ),
    "drop table report_search_fts",
    "alter table report_search_fts_m012 rename to report_search_fts",
    # What the vocabulary has yet to take in: chunks indexed, and the text of chunks taken
    # out, since it was last brought up to date.
    "create table vocabulary_added (id integer primary key)",
    """create virtual table vocabulary_removed using fts5(title, tags, body,
        tokenize='unicode61 remove_diacritics 2', content='')""",
    _m012_unindex("pages", "insert", "new.report_id"),
    _m012_unindex("pages", _M012_PAGE_UPDATE, "old.report_id", "update_old"),
    _m012_unindex("pages", _M012_PAGE_UPDATE, "new.report_id", "update_new"),
    _m012_unindex("pages", "delete", "old.report_id"),
    _m012_unindex("reports", "delete", "old.id"),
    # The vocabulary can be brought up to date from these only if it was up to date now.
    """insert into settings (key, value) select 'vocabulary_tracked',
        case when (select value from settings where key = 'vocabulary_generation') is
                  (select value from settings where key = 'search_generation') then '1'
             else '0' end
    where true on conflict(key) do update set value = excluded.value""",
)

# m013: `body` from a page's text whether stored plain or packed (store/page_text.py). Plain
# rows keep m007's substr, so the index is deleted from with exactly the text it was given.
M013_BODY = """alter table pages add column body text generated always as (
    case when typeof(text) = 'blob' then page_body(text, furniture_head, furniture_tail)
         else substr(text, furniture_head + 1, length(text) - furniture_head - furniture_tail)
    end) virtual"""
# Views and triggers, in the order they were made: those naming `body` must go while it is
# replaced (SQLite checks the whole schema after an ALTER), and come back as they were.
M013_SCHEMA_OBJECTS = """select type, name, sql from sqlite_master
    where type in ('view', 'trigger') and sql is not null order by rowid"""
