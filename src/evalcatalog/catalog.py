"""`Catalog`: the library's public face. The CLI is a thin layer over it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import NotFoundError, UsageError
from .models import (
    TAG_KINDS,
    IngestResult,
    OcrResult,
    PageText,
    Report,
    RetagResult,
    SearchResult,
    Section,
    TagChange,
    TagMatch,
    TaxonomyNode,
)
from .store import (
    Store,
    needs_upgrade,
    open_read_only,
    open_snapshot,
    open_store,
    upgrade_store,
)
from .store import releases as release_records

# The stages are imported where they are used: a search or a listing loads no ingest machinery,
# PDF library, HTTP client or evidence code (issue 13: start-up time).
if TYPE_CHECKING:
    from .evidence.results import EvidenceMap, InterventionEvidence
    from .ingest.reindex import ReindexResult
    from .ingest.settings import IngestOptions, ProgressCallback
    from .releases import history as release_history
    from .releases.fetch import FetchOptions, FetchResult
    from .search import Vocabulary
    from .tagging.taxonomy import Taxonomy
    from .views.browse import FilterValues
    from .views.check import CheckReport

DEFAULT_DB = "catalog.db"
DB_ENV_VAR = "EVALCATALOG_DB"


def default_db_path() -> str:
    return os.environ.get(DB_ENV_VAR) or DEFAULT_DB


class Catalog:
    """A catalogue of evaluation reports in one SQLite file.

    >>> catalog = Catalog("catalog.db")
    >>> result = catalog.ingest(["reports/"])
    >>> [report.title for report in catalog.reports()]
    """

    def __init__(
        self, path: str | None = None, *, create: bool = True, read_only: bool = False
    ) -> None:
        """`read_only`: open the file read-only and never create, upgrade or change it (a
        missing, older or foreign file is a CatalogError saying what to do); the read commands
        and the web app open it so. `create=False`: open for writing, but only an existing file."""
        self.path = path or default_db_path()
        self._create = create
        self.read_only = read_only
        self._store: Store | None = None
        self._taxonomy: Taxonomy | None = None
        self._vocabulary: Vocabulary | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            if self.read_only:
                self._store = open_read_only(self.path)
            else:
                self._store = open_store(self.path, create=self._create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._vocabulary = None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: list[str],
        options: IngestOptions | None = None,
        progress: ProgressCallback | None = None,
        on_plan: Callable[[int], None] | None = None,
    ) -> IngestResult:
        from .ingest.discover import check_paths
        from .ingest.run import ingest
        from .ingest.settings import IngestOptions
        from .releases import history as release_history

        options = options or IngestOptions()
        check_paths(paths)  # before the catalogue is opened: a typo must not create one
        if options.dry_run and self._store is None:
            return self._dry_run(paths, options, progress, on_plan)
        if options.dry_run:
            return ingest(self.store, paths, options, progress, on_plan)
        before = (
            {r.id: (r.title, r.public_id or "") for r in self.store.reports()}
            if options.prune
            else {}
        )
        result = ingest(self.store, paths, options, progress, on_plan)
        result.release_id = release_history.record_ingest(self.store, paths, result, before)
        return result

    def _dry_run(
        self,
        paths: list[str],
        options: IngestOptions,
        progress: ProgressCallback | None,
        on_plan: Callable[[int], None] | None,
    ) -> IngestResult:
        """Plan without writing a byte: not even creating the file or upgrading its schema."""
        from .ingest.run import ingest

        if not os.path.exists(self.path):
            with Catalog(":memory:") as scratch:
                return ingest(scratch.store, paths, options, progress, on_plan)
        snapshot = open_snapshot(self.path) if needs_upgrade(self.path) else None
        store = snapshot or self.store
        try:
            return ingest(store, paths, options, progress, on_plan)
        finally:
            if snapshot:
                snapshot.close()

    def reports(
        self,
        tags: Mapping[str, FilterValues] | None = None,
        *,
        theme: FilterValues = None,
        intervention: FilterValues = None,
        force: FilterValues = None,
        topic: FilterValues = None,
        type: FilterValues = None,
        year: FilterValues = None,
        author: str | None = None,
        min_pages: int | None = None,
        sort: str = "title",
        reverse: bool = False,
    ) -> list[Report]:
        """Every report, or those the filters allow, sorted (title, date, pages or size).

        Tag filters take a name, acronym or alias in any case, or words of one name, as
        `search` does; several values of one kind mean any of them; `year` takes 2021 or
        2019-2021; `author` is part of the author's name; `tags` holds filters by kind:
        `reports({"intervention": "cirv"}, type="key findings", year="2020-2021")`."""
        from .views.browse import ReportQuery, filter_values, select

        named = {"theme": theme, "intervention": intervention, "force": force, "topic": topic,
                 "type": type, "year": year}  # fmt: skip
        filters = filter_values({**(tags or {}), **{k: v for k, v in named.items() if v}})
        query = ReportQuery(filters, author, min_pages, sort, reverse)
        # Only a tag filter needs the taxonomy (to resolve its values): a plain listing reads
        # no taxonomy file.
        taxonomy = self.load_taxonomy() if set(filters) & set(TAG_KINDS) else None
        return select(self.store.reports(), query, taxonomy)

    def grouped_reports(self, group: str, **filters: Any) -> dict[str, list[Report]]:
        """reports(**filters) in groups of `group` (a tag kind or "year"), largest first."""
        from .views.browse import group_by

        return group_by(self.reports(**filters), group)

    def find_report(self, ref: str) -> Report:
        """One report by id, public id, file name, path or words of its title ("met divan
        technical"); NotFoundError (exit 2) listing the candidates if none or several match."""
        from .views.details import find_report_ids, title_matches

        public = release_records.report_id_for_public_id(self.store, ref)
        ids = [public] if public is not None else find_report_ids(self.store.report_refs(), ref)
        if len(ids) == 1:
            return self.store.reports(ids)[0]
        candidates = self.store.reports(ids) if ids else title_matches(self.reports(), ref)
        if not candidates:
            raise NotFoundError(
                f"no report matches {ref!r}: give an id, file name, path or words of its "
                "title (see evalcatalog list)"
            )
        if len(candidates) > 1:
            listed = "; ".join(f"{report.id}: {report.title}" for report in candidates[:8])
            raise NotFoundError(f"{ref!r} matches {len(candidates)} reports ({listed}): "
                                "give the id of one")  # fmt: skip
        return candidates[0]

    def report_details(self, ref: str) -> dict[str, Any]:
        """All `show` prints: fields, paths, tags with reasons, failed pages, earlier
        versions, and companions (the other documents of the same intervention)."""
        from .views.details import report_details

        report = self.find_report(ref)
        details = report_details(self.store, report)
        details["sections"] = [section.to_dict() for section in self.store.sections(report.id)]
        kinds = self.store.page_kinds(report.id)  # {"references": [78], ...}: not body
        details["page_kinds"] = {k: [n for n, kind in kinds.items() if kind == k]
                                 for k in sorted(set(kinds.values()))}  # fmt: skip
        details["provenance"] = [
            item.to_dict() for item in release_records.report_provenance(self.store, report.id)
        ]
        return details

    # --- releases ---------------------------------------------------------------------------

    def fetch(self, page: str, options: FetchOptions | None = None) -> FetchResult:
        """Take in the release page `page` (a URL or a saved HTML file): download its new and
        changed PDFs into `options.into`, ingest them, record provenance and a release."""
        from .ingest.run import ingest
        from .ingest.settings import IngestOptions
        from .releases.fetch import FetchOptions, download_release, paths_to_ingest, record_release

        options = options or FetchOptions()
        exists = self.path == ":memory:" or os.path.exists(self.path)
        if options.dry_run and self._store is None and not exists:
            with Catalog(":memory:") as scratch:  # a dry run creates no catalogue
                return scratch.fetch(page, options)
        taxonomy = self.load_taxonomy()
        result, listed, outcomes = download_release(self.store, page, options)
        if options.dry_run:
            return result
        paths = paths_to_ingest(self.store, outcomes)
        settings = IngestOptions(jobs=options.jobs, timeout=options.parse_timeout,
                                 retry_failed=True)  # fmt: skip
        result.ingest = ingest(self.store, paths, settings) if paths else IngestResult()
        record_release(self.store, listed, outcomes, result, taxonomy)
        return result

    def releases(
        self, number: int | None = None, *, latest: bool = False, since: str | None = None
    ) -> list[release_history.Release]:
        """Releases newest first (since the date `since`); one, with every report it names,
        for `number` or `latest`."""
        from .releases import history as release_history

        since = release_history.check_since(since)
        return release_history.list_releases(self.store, number, latest, since)

    def release_feed(self, fmt: str, since: str | None = None) -> str:
        """ "markdown": what's new since `since`, shaped like the release page; "atom": a feed
        of releases for a feed reader."""
        from .releases import feeds as release_feeds
        from .releases import history as release_history

        if fmt not in ("markdown", "atom"):
            raise UsageError(f"--since goes with --format markdown or atom, not {fmt}")
        releases = self.releases(since=since)
        if fmt == "atom":
            first = release_records.first_release_start(self.store)
            return release_feeds.atom_feed(releases, os.path.basename(self.path), first)
        ids = {item.report_id for release in releases for item in release.items
               if item.report_id is not None}  # fmt: skip
        reports = {report.id: report for report in self.store.reports(ids)}
        sources = release_records.source_urls(self.store, ids)
        return release_feeds.whats_new(releases, reports, sources, self.load_taxonomy(),
                                       release_history.check_since(since))  # fmt: skip

    # --- tags -------------------------------------------------------------------------------

    def load_taxonomy(self) -> Taxonomy:
        """The taxonomy this catalogue tags with: the file it remembers, or the default."""
        from .ingest.settings import catalog_taxonomy

        if self._taxonomy is None:
            self._taxonomy = catalog_taxonomy(self.store)
        return self._taxonomy

    def set_taxonomy(self, path: str) -> Taxonomy:
        """Check the taxonomy file `path`, then tag with it from now on ("default": ours)."""
        from .ingest.settings import catalog_taxonomy, remember_taxonomy

        taxonomy = catalog_taxonomy(self.store, path)
        remember_taxonomy(self.store, path)
        self._taxonomy = taxonomy
        return taxonomy

    def tags(self, report_ref: str) -> list[TagMatch]:
        """A report's tags as they stand, primary first in each kind, with source and reason."""
        return self._tags_of(self.find_report(report_ref).id)

    def tag(
        self,
        report_ref: str,
        add: Iterable[str] = (),
        remove: Iterable[str] = (),
        reset: Iterable[str] = (),
    ) -> list[TagMatch]:
        """Tag a report by hand with "KIND:NAME"s. Added and removed tags win over rules and
        survive re-ingest and retag; `reset` forgets a decision so rules decide again."""
        from .tagging.names import parse_tag

        report = self.find_report(report_ref)
        taxonomy = self.load_taxonomy()
        decisions = [(parse_tag(taxonomy, text, report.tags), False) for text in add]
        decisions += [(parse_tag(taxonomy, text, report.tags), True) for text in remove]
        forget = [parse_tag(taxonomy, text, report.tags) for text in reset]
        with self.store.transaction():
            vocabulary_current = self.store.vocabulary_current()
            for (kind, name), removed in decisions:
                reason = "removed by hand" if removed else "added by hand"
                self.store.set_manual_tag(report.id, kind, name, removed=removed, reason=reason)
            for kind, name in forget:
                self.store.clear_manual_tag(report.id, kind, name)
            self.store.refresh_tag_terms(vocabulary_current)  # typo search knows the new words
        return self._tags_of(report.id)

    def _tags_of(self, report_id: int) -> list[TagMatch]:
        matches = self.store.effective_tags([report_id]).get(report_id, [])
        return sorted(matches, key=lambda match: TAG_KINDS.index(match.kind))  # stable

    def retag(self, dry_run: bool = False, taxonomy: str | None = None) -> RetagResult:
        """Apply the taxonomy (or the file `taxonomy`, remembered from now on) to every report
        again. Manual tags stay and still win. Reports the tags that change."""
        from .ingest.settings import catalog_taxonomy
        from .tagging.tagger import tag_report

        rules = catalog_taxonomy(self.store, taxonomy)
        if taxonomy and not dry_run:
            self.set_taxonomy(taxonomy)
        result = RetagResult(rules.source, dry_run)
        for report in self.store.reports():
            pages = self.store.pages(report.id)
            matches = tag_report(report.title, report.file_name, pages, rules)
            with self.store.transaction(rollback=dry_run):
                before = self.store.effective_tags([report.id]).get(report.id, [])
                self.store.replace_rule_tags(report.id, matches)
                after = self.store.effective_tags([report.id]).get(report.id, [])
            result.reports += 1
            change = tag_change(report, before, after)
            if change.added or change.removed:
                result.changes.append(change)
        if not dry_run:
            self.store.refresh_search()  # as an ingest run ends: the vocabulary, in one go
        return result

    def taxonomy(self, path: str | None = None) -> list[TaxonomyNode]:
        """The taxonomy (or the file `path`, not remembered) as a tree with report counts:
        themes holding their interventions, then interventions without a theme, forces,
        topics and report types."""
        from .ingest.settings import catalog_taxonomy
        from .views.taxonomy import taxonomy_tree

        taxonomy = catalog_taxonomy(self.store, path) if path else self.load_taxonomy()
        return taxonomy_tree(taxonomy, self.store.effective_tags())

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
        progress: Callable[[Any], None] | None = None,
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

    # --- search -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        theme: str | Sequence[str] | None = None,
        intervention: str | Sequence[str] | None = None,
        force: str | Sequence[str] | None = None,
        topic: str | Sequence[str] | None = None,
        type: str | Sequence[str] | None = None,
        year: str | int | Sequence[str | int] | None = None,
        section: str | Sequence[str] | None = None,
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
        from .search import search as run_search
        from .tagging.dimensions import DimensionHeadings
        from .views.browse import filter_values

        filters = {
            kind: filter_values({kind: value}).get(kind, [])
            for kind, value in (("theme", theme), ("intervention", intervention),
                                ("force", force), ("topic", topic), ("type", type),
                                ("year", year), ("section", section))
        }  # fmt: skip
        store = self.store
        if not self.read_only and store.search_index_dirty():  # written outside a transaction
            with store.transaction():  # catch up
                pass
        taxonomy = self.load_taxonomy()
        headings = DimensionHeadings(taxonomy.dimensions, store.section_titles)  # section:cost
        return run_search(store, self.vocabulary(), query, limit=limit, filters=filters,
                          taxonomy=taxonomy, explain=explain, headings=headings)  # fmt: skip

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

    def evidence(self, **filters: Any) -> EvidenceMap:
        """The evidence map of the reports `filters` allow (as `reports` takes them): each
        intervention x EMMIE's dimensions, with how many reports and pages speak to each."""
        from .evidence.build import evidence_map

        return evidence_map(self.reports(**filters), self.store.sections, self.load_taxonomy())

    def intervention_evidence(
        self, intervention: str, *, sentences: int = 3, **filters: Any
    ) -> InterventionEvidence:
        """One intervention's sections per dimension, with up to `sentences` key sentences
        quoted from them, each with its report and page (evidence/)."""
        from .evidence.build import intervention_evidence
        from .evidence.passages import page_texts
        from .tagging.names import resolve_tag

        taxonomy, reports = self.load_taxonomy(), self.reports(**filters)
        held = {name for report in reports for name in report.tags.get("intervention", [])}
        name = resolve_tag(taxonomy, "intervention", intervention, held)
        pages = lambda report_id: page_texts(self.store.pages(report_id))  # noqa: E731
        return intervention_evidence(name, reports, self.store.sections, pages, taxonomy,
                                     sentences)  # fmt: skip

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


def tag_change(report: Report, before: list[TagMatch], after: list[TagMatch]) -> TagChange:
    old = {(match.kind, match.name) for match in before}
    new = {(match.kind, match.name) for match in after}
    return TagChange(
        report.id,
        report.title,
        added=[match for match in after if (match.kind, match.name) not in old],
        removed=[match for match in before if (match.kind, match.name) not in new],
    )
