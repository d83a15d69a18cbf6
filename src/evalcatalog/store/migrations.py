"""The catalogue's schema, as numbered sqlite-utils migrations. Append; never edit an old one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import first_tables, frozen_sql

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "evalcatalog"
KNOWN_MIGRATIONS: list[str] = []
MIGRATION_FUNCTIONS: list[Callable[[Database], None]] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register a migration, remembering its name so a newer catalogue can be recognised."""
    KNOWN_MIGRATIONS.append(fn.__name__)
    MIGRATION_FUNCTIONS.append(fn)
    return fn


class LazyMigrations:
    """sqlite-utils' Migrations of MIGRATION_SET, built on first use: reading a catalogue
    checks its schema by the names alone (store/opening.py) and never imports sqlite-utils."""

    _real: Migrations | None = None

    def __getattr__(self, name: str) -> Any:
        if self._real is None:
            from sqlite_utils.migrations import Migrations

            real = Migrations(MIGRATION_SET)
            for fn in MIGRATION_FUNCTIONS:
                real()(fn)
            self._real = real
        return getattr(self._real, name)


migrations = LazyMigrations()  # .apply(db), .pending(db), .applied(db)


def run_frozen(db: Database, statements: tuple[str, ...]) -> None:
    """A migration's own statements (frozen_sql.py), never the live index code."""
    for sql in statements:
        db.execute(sql)


@migration
def m001_create_tables(db: Database) -> None:
    first_tables.reports(db)
    first_tables.paths_and_pages(db)
    first_tables.history_and_settings(db)


@migration
def m002_pages_fts(db: Database) -> None:
    # Diacritics folded so "Bélanger" and "Belanger" meet; no stemming, so the vocabulary
    # the typo corrector draws on holds the words as written.
    db.table("pages").enable_fts(
        ["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


@migration
def m003_tags(db: Database) -> None:
    db.table("tags").create(
        {"id": int, "kind": str, "name": str}, pk="id", not_null={"kind", "name"}
    )
    db.table("tags").create_index(["kind", "name"], unique=True)
    # source is "rule" or "manual"; a manual row with removed = 1 records `tag --remove`, so a
    # rule cannot put back a tag a person took off. is_primary marks the report's main tag of
    # its kind; score is the weighed evidence behind a rule tag.
    db.table("report_tags").create(
        {
            "report_id": int,
            "tag_id": int,
            "source": str,
            "reason": str,
            "score": float,
            "is_primary": int,
            "removed": int,
            "tagged_at": str,
        },
        pk=("report_id", "tag_id", "source"),
        not_null={"source"},
        defaults={"is_primary": 0, "removed": 0, "score": 0.0},
        foreign_keys=[("report_id", "reports", "id"), ("tag_id", "tags", "id")],
    )
    db.table("report_tags").create_index(["tag_id"])


@migration
def m004_report_search(db: Database) -> None:
    # One row per report (title, tag names, all its page text) with its own FTS5 index: a
    # search ranks reports here (thousands of rows) before it looks for their best pages.
    # Column order title, tags, body is relied on by the ranking weights in search/.
    db.table("report_search").create(
        {"report_id": int, "title": str, "tags": str, "body": str}, pk="report_id"
    )
    db.table("report_search").enable_fts(
        ["title", "tags", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    # Reports whose row needs rewriting; filled by triggers, emptied by search_index.flush.
    db.table("search_dirty").create({"report_id": int}, pk="report_id")
    db.executescript(frozen_sql.M004_DIRTY_TRIGGERS)
    # The typo corrector's candidates: every indexed term with the number of reports holding
    # it and its tail (the term without its first letter, for first-letter typos); and the
    # same terms as one row per first letter and length, newline-joined, docs comma-joined.
    db.table("vocabulary").create({"term": str, "docs": int, "rest": str}, pk="term")
    db.table("vocabulary").create_index(["rest"])
    db.table("vocabulary_buckets").create(
        {"first": str, "length": int, "terms": str, "docs": str}, pk=("first", "length")
    )
    run_frozen(db, frozen_sql.M004_REFRESH + frozen_sql.M004_VOCABULARY)


@migration
def m005_report_search_chunks(db: Database) -> None:
    # report_search becomes one row per 100 pages of a report (search_index.CHUNK_PAGES):
    # FTS5 holds a row's whole term list in memory while indexing it, so one row per report
    # cost ~35 MB per 1,000 pages to write. Chunk 0 holds the title and tags. The rowid is
    # report_id * CHUNK_SPAN + chunk; the column order title, tags, body is kept for search/.
    db.table("report_search").disable_fts()  # its FTS5 table and the triggers feeding it
    db.table("report_search").drop()
    db.table("report_search").create(
        {"id": int, "report_id": int, "chunk": int, "title": str, "tags": str, "body": str},
        pk="id",
        not_null={"report_id", "chunk"},
    )
    db.table("report_search").create_index(["report_id"])
    db.table("report_search").enable_fts(
        ["title", "tags", "body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    run_frozen(db, frozen_sql.M005_REFRESH + frozen_sql.M005_VOCABULARY)


@migration
def m009_engine_and_text_source(db: Database) -> None:
    # Which engine read each report (issue 16): every report so far was read by pypdf.
    db.execute("alter table reports add column engine text")
    db.execute("update reports set engine = 'pypdf'")
    # A page with images and no text is a scan ("no text layer"); OCR may read it later, and
    # its text then says where it came from (source 'ocr', null for the PDF's own text layer)
    # and how sure Tesseract was (mean word confidence, 0-100).
    db.execute("alter table pages add column no_text_layer integer not null default 0")
    db.execute("alter table pages add column source text")
    db.execute("alter table pages add column confidence real")
    # Scans are few: a partial index finds them without reading every page.
    db.execute("create index pages_no_text_layer on pages (report_id) where no_text_layer = 1")


@migration
def m007_report_structure(db: Database) -> None:
    # A report's structure (issue 17), found at ingest (extract/structure.py). A page's kind:
    # body, contents, references or appendix. Its running header and footer lines (furniture)
    # stay in `text`, verbatim; furniture_head and furniture_tail count the characters they
    # take at its start and end, and `body` (generated, so stored nowhere) is the text between,
    # which is what both full-text indexes hold and snippets are cut from. 0 and 0: all body.
    db.execute("alter table pages add column kind text not null default 'body'")
    db.execute("alter table pages add column furniture_head integer not null default 0")
    db.execute("alter table pages add column furniture_tail integer not null default 0")
    db.execute(
        """alter table pages add column body text generated always as (substr(text,
           furniture_head + 1, length(text) - furniture_head - furniture_tail)) virtual"""
    )
    db.table("pages").disable_fts()  # pages_fts indexed `text`: now `body`, same tokenizer
    db.table("pages").enable_fts(
        ["body"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    # The outline: PDF bookmarks where the file has them (source 'outline'), else headings
    # found in the text (source 'headings'). Pages from 1, last_page inclusive.
    db.table("sections").create(
        {"id": int, "report_id": int, "level": int, "title": str, "first_page": int,
         "last_page": int, "source": str},
        pk="id", not_null={"report_id", "level", "title", "first_page", "last_page", "source"},
        foreign_keys=[("report_id", "reports", "id")],
    )  # fmt: skip
    db.table("sections").create_index(["report_id", "first_page"])
    # Where `created` came from, as title_source says for the title: info, xmp, or text (a
    # date printed on the first pages, when the metadata holds none).
    db.execute("alter table reports add column date_source text")
    db.execute("update reports set date_source = metadata_source where created is not null")


@migration
def m006_effective_tags(db: Database) -> None:
    # "A manual tag beats a rule tag", said once (issue 13): each report's tags as they stand.
    # A person's row (source 'manual') settles its tag: shown if removed = 0, hidden (rule tag
    # and all) if removed = 1; a rule tag counts only where no person has decided. At most one
    # row per (report_id, tag_id), since report_tags' key is (report_id, tag_id, source).
    # Store.effective_tags, the search index's tag names and search filters all read this.
    db.execute(EFFECTIVE_TAGS_VIEW)


EFFECTIVE_TAGS_VIEW = """
create view effective_tags as
select rt.report_id, rt.tag_id, t.kind, t.name, rt.source, rt.reason, rt.score, rt.is_primary,
       rt.tagged_at
from report_tags rt join tags t on t.id = rt.tag_id
where rt.removed = 0 and (rt.source = 'manual' or not exists (
    select 1 from report_tags m
    where m.report_id = rt.report_id and m.tag_id = rt.tag_id and m.source = 'manual'))
"""


@migration
def m008_releases_and_provenance(db: Database) -> None:
    # Every ingest or fetch run is a release (issue 14): when, what kind, which roots or page,
    # and per report what it changed (added, revised, re-extracted, withdrawn, restored). Items
    # keep the title and public id as they were, since a pruned report's row goes.
    db.table("releases").create(
        {"id": int, "started_at": str, "finished_at": str, "kind": str, "source": str,
         "summary": str},
        pk="id", not_null={"started_at", "kind"},
    )  # fmt: skip
    db.table("release_items").create(
        {"id": int, "release_id": int, "report_id": int, "public_id": str, "title": str,
         "change": str, "detail": str},
        pk="id", not_null={"release_id", "change"},
        foreign_keys=[("release_id", "releases", "id")],
    )  # fmt: skip
    db.table("release_items").create_index(["release_id"])
    db.table("release_items").create_index(["report_id"])
    # Where a report came from on a release page, one row per link (source URL); a link gone
    # from the page is withdrawn, never deleted.
    db.table("provenance").create(
        {"url": str, "report_id": int, "page_url": str, "link_text": str, "title": str,
         "listed_size": str,
         "listed_bytes": int, "headings": str, "file_path": str, "first_seen": str,
         "last_seen": str, "withdrawn_at": str},
        pk="url", not_null={"page_url"},
    )  # fmt: skip
    db.table("provenance").create_index(["report_id"])
    # What the last request for a URL (a page or a PDF) left: validators for conditional
    # requests, the bytes' hash, and the last error with its one-line reason.
    db.table("fetch_state").create(
        {"url": str, "etag": str, "last_modified": str, "sha256": str, "checked_at": str,
         "error": str, "error_at": str, "attempts": int, "body": str},
        pk="url", defaults={"attempts": 0},
    )  # fmt: skip
    # A public id that two catalogues of the same files agree on: the first 12 hex digits of
    # the content hash the report was first stored with (kept when it is revised).
    db.execute("alter table reports add column public_id text")
    db.execute("update reports set public_id = substr(sha256, 1, 12)")
    db.execute("create index reports_public_id on reports (public_id)")
    db.executescript(PUBLIC_ID_TRIGGER)


PUBLIC_ID_TRIGGER = """
create trigger reports_public_id after insert on reports when new.public_id is null begin
  update reports set public_id = case
    when exists (select 1 from reports r where r.public_id = substr(new.sha256, 1, 12))
    then substr(new.sha256, 1, 12) || '-' || new.id else substr(new.sha256, 1, 12) end
  where id = new.id;
end;
"""


@migration
def m008b_effective_tags_with_release_pages(db: Database) -> None:
    # Issue 14: tags from a release page (source 'release page') sit between the two: a
    # person's manual row still settles its tag, and a page tag hides the rule tag of the same
    # name, so each tag shows once. (Part of m008, added after m006 so it can replace its view.)
    db.execute("drop view if exists effective_tags")
    db.execute(PAGE_EFFECTIVE_TAGS_VIEW)


PAGE_EFFECTIVE_TAGS_VIEW = """
create view effective_tags as
select rt.report_id, rt.tag_id, t.kind, t.name, rt.source, rt.reason, rt.score, rt.is_primary,
       rt.tagged_at
from report_tags rt join tags t on t.id = rt.tag_id
where rt.removed = 0 and (rt.source = 'manual' or not exists (
    select 1 from report_tags m
    where m.report_id = rt.report_id and m.tag_id = rt.tag_id
      and (m.source = 'manual' or (m.source = 'release page' and rt.source = 'rule'))))
"""


@migration
def m011_term_stems(db: Database) -> None:
    # Word forms (issue 17): each vocabulary term's Snowball English stem (text.stem), so a
    # search for "evaluate" also matches "evaluated" and "evaluation", ranked below the form as
    # typed (search/plan.py). Stems of the terms, not a second FTS5 index with the porter
    # tokenizer: that would index every page a third and fourth time at ingest (~0.4 ms a
    # page, which the throughput targets cannot spare), and a search would have to rank and
    # snippet two indexes; expanding a word to its forms' terms reuses the one index, tiers
    # and --explain ("evaluate -> evaluated"). Filled for new terms as the vocabulary is.
    db.table("term_stems").create({"term": str, "stem": str}, pk="term", not_null={"stem"})
    db.table("term_stems").create_index(["stem"])
    from ..text import stems  # Snowball English: a fixed algorithm, not our index code

    # Frozen here, not search_index.refresh_stems: the vocabulary's terms as they stand now.
    terms = [str(term) for (term,) in db.execute(frozen_sql.M011_VOCABULARY_TERMS)]
    db.conn.executemany(frozen_sql.M011_INSERT_STEM, zip(terms, stems(terms), strict=True))


@migration
def m012_report_text_once(db: Database) -> None:
    # The report index's text stored once (issue 16 §3): report_search kept a second copy of
    # every page's text (its `body`, a third of the catalogue at 10^6 pages). Now it keeps each
    # chunk's title and tags only, and report_search_fts is external content over the view
    # report_search_text, which joins a chunk's pages as `body` was. FTS5 deletes a row by
    # re-reading the text it indexed, so triggers take a report's chunks out of the index
    # *before* its pages change (search_index.flush puts them back); the index itself is
    # copied, not rebuilt. vocabulary_added / vocabulary_removed hold what the typo
    # vocabulary has yet to take in, so an ingest run updates it by what it changed instead of
    # reading every term of the index back (23 s at 10^6 pages).
    run_frozen(db, frozen_sql.M012_STATEMENTS)


@migration
def m013_page_text_packed(db: Database) -> None:
    # Page text compressed (issue 16 §3: the catalogue within 2x its raw text): `pages.text`
    # may now hold zlib-packed UTF-8 (store/page_text.py), so `body` reads it through
    # page_body(). Existing rows stay plain until `evalcatalog upgrade --compact` packs them;
    # only the generated column's definition changes here (no row is rewritten).
    objects = list(db.execute(frozen_sql.M013_SCHEMA_OBJECTS).fetchall())
    for kind, name, _ in reversed(objects):  # triggers may read views: triggers first
        db.execute(f'drop {kind} "{name}"')
    db.execute("alter table pages drop column body")
    db.execute(frozen_sql.M013_BODY)
    for _, _, sql in objects:
        db.execute(sql)
