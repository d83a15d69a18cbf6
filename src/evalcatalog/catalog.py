"""`Catalog`: the library's public face. The CLI and the web app call only this; each method is
a call into the stage that does the work. Its surfaces live in facade/ (base, tags, releases,
evidence); this module joins them and holds ingest, browsing, search and upkeep."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .facade.base import DB_ENV_VAR, DEFAULT_DB, default_db_path
from .facade.evidence import EvidenceSurface
from .facade.releases import ReleasesSurface
from .facade.tags import TagsSurface
from .store import upgrade_store

# The stages are imported where they are used: a search or a listing loads no ingest machinery,
# PDF library, HTTP client or evidence code (issue 13: start-up time).
if TYPE_CHECKING:
    from .ingest.ocr import OcrProgress
    from .ingest.reindex import ReindexResult
    from .ingest.settings import IngestOptions, ProgressCallback
    from .models import IngestResult, OcrResult, PageText, Report, SearchResult, Section
    from .search import Vocabulary
    from .views.browse import FilterValues
    from .views.check import CheckReport

__all__ = ["DB_ENV_VAR", "DEFAULT_DB", "Catalog", "default_db_path"]


class Catalog(TagsSurface, ReleasesSurface, EvidenceSurface):
    """A catalogue of evaluation reports in one SQLite file.

    >>> catalog = Catalog("catalog.db")
    >>> result = catalog.ingest(["reports/"])
    >>> [report.title for report in catalog.reports()]
    """

    def ingest(
        self,
        paths: list[str],
        options: IngestOptions | None = None,
        progress: ProgressCallback | None = None,
        on_plan: Callable[[int], None] | None = None,
    ) -> IngestResult:
        from .ingest.discover import check_paths
        from .ingest.dry_run import dry_run_store
        from .ingest.run import ingest
        from .ingest.settings import IngestOptions
        from .releases import history as release_history

        options = options or IngestOptions()
        check_paths(paths)  # before the catalogue is opened: a typo must not create one
        if options.dry_run:  # plans without writing a byte, not even creating or upgrading
            with dry_run_store(self.path, self._store, lambda: self.store) as store:
                return ingest(store, paths, options, progress, on_plan)
        from .store.listing import report_names  # not every Report built: 0.6 s at 10^6 pages

        before = report_names(self.store.db) if options.prune else {}
        result = ingest(self.store, paths, options, progress, on_plan)
        result.release_id = release_history.record_ingest(self.store, paths, result, before)
        return result

    def grouped_reports(self, group: str, **filters: Any) -> dict[str, list[Report]]:
        """reports(**filters) in groups of `group` (a tag kind or "year"), largest first."""
        from .views.browse import group_by

        return group_by(self.reports(**filters), group)

    def report_details(self, ref: str) -> dict[str, Any]:
        """All `show` prints: fields, paths, tags with reasons, failed pages, earlier
        versions, and companions (the other documents of the same intervention)."""
        from .views.lookup import full_details

        return full_details(self.store, self.find_report(ref))

    def stats(self) -> dict[str, Any]:
        """Totals, counts per theme/intervention/force/topic/type/year, failures, last ingest."""
        from .views.stats import catalog_stats

        return catalog_stats(self.store)

    def export(self, fmt: str, **filters: Any) -> str:
        """The catalogue (or the reports `filters` allow, as reports() takes them) as csv,
        json, jsonl or a markdown index."""
        from .views.export import export_text

        return export_text(self.reports(**filters), fmt, self.theme_order())

    def theme_order(self) -> list[str]:
        return self.load_taxonomy().names("theme")

    def ocr(
        self,
        ref: str | None,
        *,
        every_page: bool = False,
        jobs: int = os.cpu_count() or 1,
        seconds_per_page: float = 60.0,
        memory_mb: int = 2048,
        progress: OcrProgress | None = None,
    ) -> OcrResult:
        """Read a report's scanned pages (`ref`; None: every report's) with Tesseract OCR, so
        search finds them; `every_page` reads the pages with a text layer too."""
        from .ingest.ocr import ocr_reports

        ids = None if ref is None else [self.find_report(ref).id]
        return ocr_reports(self.store, ids, every_page=every_page, jobs=jobs,
                           seconds_per_page=seconds_per_page, memory_mb=memory_mb,
                           taxonomy=self.load_taxonomy(), progress=progress)  # fmt: skip

    def unread(self) -> dict[str, Any]:
        """Pages search cannot see (no text layer, no OCR text yet), and their reports."""
        return self.store.unread_summary()

    def unread_counts(self) -> dict[str, int]:
        """{"pages", "reports"}: how many pages search cannot see, in how many reports."""
        return self.store.unread_counts()

    def check(self) -> CheckReport:
        """Files on disk against the catalogue, the search index, and SQLite's integrity."""
        from .views.check import check_catalog

        return check_catalog(self.store)

    def upgrade(self) -> list[str]:
        """Bring a catalogue made by an earlier version up to this one's schema, as `ingest`
        does before it writes: the migrations applied (none if it was current). Never creates
        a catalogue, nor writes into a file that is not one."""
        self.close()
        return upgrade_store(self.path)

    def compact(self) -> tuple[int, int]:
        """Give the space the catalogue's file holds free back to the disk (VACUUM: minutes at
        10^6 pages, and as much free disk as the file); its size in bytes before and after."""
        from .store.opening import compact_store

        self.close()
        return compact_store(self.path)

    # --- search -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        theme: FilterValues = None,
        intervention: FilterValues = None,
        force: FilterValues = None,
        topic: FilterValues = None,
        type: FilterValues = None,
        year: FilterValues = None,
        section: FilterValues = None,
        explain: bool = False,
    ) -> SearchResult:
        """Reports matching `query`, best first, each with its best pages.

        Words are ANDed, "a phrase" is exact, OR and -word work, the last word is also a
        prefix, and theme:/intervention:/force:/topic:/type:/year: filter (as do the keyword
        arguments: names, acronyms or aliases; several values of one kind mean any of them).
        Misspelt words are corrected from the catalogue's own words (`result.corrections`).
        section: (or `section`) keeps to pages under headings that match ("cost").

        >>> Catalog("catalog.db").search("stalkng risk", theme="risk assessment").hits[0].pages
        """
        filters = search_filters(theme=theme, intervention=intervention, force=force,
                                 topic=topic, type=type, year=year, section=section)  # fmt: skip
        return self._search(query, filters, limit, explain, None)

    def search_and_ids(
        self, query: str, filters: Mapping[str, Sequence[str]], *, limit: int = 10
    ) -> tuple[SearchResult, set[int]]:
        """`search` for a search page, its filters as `matching_ids` takes them (kind ->
        values), and with the result the ids of every report found, not only the best few:
        what the page's facets count, without running the query a second time."""
        matched: set[int] = set()
        values = search_filters(**{kind: list(found) for kind, found in filters.items()})
        return self._search(query, values, limit, False, matched), matched

    def _search(
        self, query: str, filters: dict[str, list[str]], limit: int, explain: bool,
        matched: set[int] | None,
    ) -> SearchResult:  # fmt: skip
        from .search import search as run_search
        from .tagging.dimensions import DimensionHeadings

        store = self.store
        if not self.read_only and store.search_index_dirty():  # written outside a transaction
            with store.transaction():  # catch up
                pass
        taxonomy = self.load_taxonomy()
        headings = DimensionHeadings(taxonomy.dimensions, store.section_titles)  # section:cost
        return run_search(store, self.vocabulary(), query, limit=limit, filters=filters,
                          taxonomy=taxonomy, explain=explain, headings=headings,
                          matched=matched)  # fmt: skip

    def matching_ids(self, query: str, filters: Mapping[str, Sequence[str]]) -> set[int]:
        """The ids of every report `query` and `filters` (kind -> values) match, not only the
        best few: what a search page's facets count. A query of nothing matches every report."""
        from .search.facets import matching_report_ids
        from .tagging.dimensions import DimensionHeadings

        taxonomy = self.load_taxonomy()
        headings = DimensionHeadings(taxonomy.dimensions, self.store.section_titles)
        return matching_report_ids(self.store, self.vocabulary(), query, filters, taxonomy,
                                   headings)  # fmt: skip

    def pages(self, report_id: int) -> list[PageText]:
        """A report's pages in order: each one's text, or why it could not be read."""
        return self.store.pages(report_id)

    def sections(self, ref: str) -> list[Section]:
        """A report's outline: its bookmarks, or the headings found in its text (issue 17)."""
        return self.store.sections(self.find_report(ref).id)

    def reindex(self, dry_run: bool = False) -> ReindexResult:
        """Work out every report's structure again from its stored pages (ingest/reindex.py)."""
        from .ingest.reindex import reindex

        return reindex(self.store, dry_run=dry_run)

    def report_files(self, report_id: int) -> list[tuple[str, int, int]]:
        """Where a report's file was catalogued: (path, size in bytes, mtime in ns) for each."""
        known = sorted(self.store.known_paths().items())
        return [(os.fsdecode(key), row.size_bytes, row.mtime_ns) for key, row in known
                if row.report_id == report_id]  # fmt: skip

    def vocabulary(self) -> Vocabulary:
        """The typo vocabulary, read once per index generation and kept between searches."""
        from .search import Vocabulary

        key = self.store.index_generation()
        if self._vocabulary is None or self._vocabulary.generation != key:
            self._vocabulary = Vocabulary(self.store.index_reader, key)
        return self._vocabulary

    def rebuild_index(self) -> dict[str, int]:
        """Rebuild the full-text indexes and the typo vocabulary from the catalogue's tables."""
        self._vocabulary = None
        return self.store.rebuild_search_index()


def search_filters(**values: FilterValues) -> dict[str, list[str]]:
    """Search's filters by kind, each value as `reports` reads it (a kind not given: [])."""
    from .views.browse import filter_values

    return {kind: filter_values({kind: value}).get(kind, []) for kind, value in values.items()}
