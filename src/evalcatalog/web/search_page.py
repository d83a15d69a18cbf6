"""The search page's model: hits with their years, facets with counts, chips, corrections."""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..catalog import Catalog
from ..models import SearchResult
from ..views.browse import NONE_LABEL, group_values
from .params import NotFound, SearchParams
from .render import report_path, url

FACET_KINDS = ("theme", "intervention", "force", "type", "year")
SEARCH_KINDS = ("theme", "intervention", "force", "topic", "type", "year")  # run_search's
FACET_LABELS = {"theme": "Theme", "intervention": "Intervention", "force": "Force",
                "type": "Report type", "year": "Year", "topic": "Topic"}  # fmt: skip
MAX_FACET_VALUES = 12
PAGE_CACHE = 256  # search pages kept per catalogue thread (some 10-30 KB each)
_cache = threading.local()  # per catalogue thread: its catalogue's Summary
QUERY_WORD = re.compile(r'(?:^|\s)(-?)(?:\w+:(?:"[^"]*"|\S+)|"([^"]*)"|(\S+))')


@dataclass
class SearchPage:
    params: SearchParams
    result: SearchResult | None
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, name) -> reports
    years: dict[int, int | None] = field(default_factory=dict)
    catalogue_size: int = 0
    public: dict[int, str] = field(default_factory=dict)  # the hits' public ids
    unread: int = 0  # reports with scanned pages search cannot see (until `evalcatalog ocr`)

    def ref(self, report_id: int) -> int | str:
        """What a link names a hit by: its public id, its integer id if it has none."""
        return self.public.get(report_id) or report_id

    @cached_property
    def facets(self) -> list[dict[str, Any]]:
        return facet_groups(self.counts, self.params)

    @property
    def chips(self) -> list[dict[str, str]]:
        return [
            {"label": FACET_LABELS.get(kind, kind), "value": value,
             "url": url("/", without(self.params, kind, value))}
            for kind, values in self.params.filters.items() for value in values
        ]  # fmt: skip

    def year(self, report_id: int) -> int | None:
        return self.years.get(report_id)

    @cached_property
    def corrected(self) -> str:
        return corrected_query(self.params.q, self.result.corrections if self.result else {})

    @property
    def original_url(self) -> str:
        """The search for the words as typed: each corrected word quoted, so taken exactly."""
        corrections = self.result.corrections if self.result else {}
        state = self.params.state()
        state["q"] = quote_words(self.params.q, list(corrections))
        return url("/", state)

    @cached_property
    def words(self) -> list[str]:
        """The words to highlight in the PDF viewer: the query's, as corrected."""
        return query_words(self.corrected)

    def suggestion_url(self, suggestion: str) -> str:
        return url("/", {**self.params.state(), "q": suggestion})

    def report_url(self, report_id: int, page: int | None = None) -> str:
        params: dict[str, str] = {"q": self.corrected}
        if page:
            params["page"] = str(page)
        path = report_path(self.ref(report_id))
        return url(path, params) + (f"#page-{page}" if page else "")

    def download_url(self, fmt: str) -> str:
        return url(f"/search.{fmt}", self.params.state())

    @property
    def more_url(self) -> str | None:
        result = self.result
        if result is None or result.total <= len(result.hits) or self.params.limit >= 200:
            return None
        return url("/", {**self.params.state(), "limit": str(min(200, self.params.limit * 2))})


def cached_search_page(catalog: Catalog, params: SearchParams) -> SearchPage:
    """The search page's model, kept for the last PAGE_CACHE searches of this thread until the
    catalogue changes (its index generation moves on every ingest, tag and retag): back and
    forward, a shared link, or a popular search cost a dictionary look-up."""
    filters = tuple(sorted((kind, tuple(values)) for kind, values in params.filters.items()))
    key = (catalog.vocabulary().generation, params.q, filters, params.limit)
    pages: OrderedDict[tuple[Any, ...], SearchPage] | None = getattr(_cache, "pages", None)
    if pages is None or getattr(_cache, "pages_of", None) is not catalog:
        pages = _cache.pages = OrderedDict()
        _cache.pages_of = catalog
    if key in pages:
        pages.move_to_end(key)
        return pages[key]
    page = pages[key] = load_search_page(catalog, params)
    if len(pages) > PAGE_CACHE:
        pages.popitem(last=False)
    return page


def load_search_page(catalog: Catalog, params: SearchParams) -> SearchPage:
    """Runs on a catalogue thread: the search (unless there is nothing to search for), then
    the facets of every report it matches (handed over by the search, not asked again), and
    each hit's year."""
    result = None
    if params.empty:
        ids = catalog.matching_ids(params.q, params.filters)  # the whole catalogue
    else:
        kinds = {kind: params.filters[kind] for kind in SEARCH_KINDS if kind in params.filters}
        result, ids = catalog.search_and_ids(params.q, kinds, limit=params.limit)
    summary = catalogue_summary(catalog)
    hits = result.hits if result else []
    counts = facet_counts(summary, ids)
    years = {hit.report_id: summary.years.get(hit.report_id) for hit in hits}
    public = {hit.report_id: summary.public.get(hit.report_id, "") for hit in hits}
    size = len(summary.years) if params.empty else 0
    unread = summary.no_text_layer.get("reports", 0)
    return SearchPage(params, result, counts, years, size, public, unread)


@dataclass
class Summary:
    """Each report's facet values and year, read again only when the search index changes
    (an ingest, a retag): reading 2,000 reports per request would cost more than the search."""

    catalog: Catalog
    generation: str
    pairs: dict[int, tuple[tuple[str, str], ...]]
    years: dict[int, int | None]
    public: dict[int, str]  # report id -> public id
    ids: dict[str, int]  # and back
    totals: Counter[tuple[str, str]] = field(default_factory=Counter)  # over every report
    # Pages search cannot see (scans not yet OCR'd), and their reports: {"pages", "reports"}.
    no_text_layer: dict[str, int] = field(default_factory=dict)


def catalogue_summary(catalog: Catalog) -> Summary:
    generation = catalog.vocabulary().generation
    cached: Summary | None = getattr(_cache, "summary", None)
    if cached is None or cached.catalog is not catalog or cached.generation != generation:
        reports = catalog.reports()
        pairs = {
            report.id: tuple((kind, value) for kind in FACET_KINDS
                             for value in group_values(report, kind) if value != NONE_LABEL)
            for report in reports
        }  # fmt: skip
        years = {report.id: report.year for report in reports}
        public = {report.id: report.public_id for report in reports if report.public_id}
        ids = {public_id: id_ for id_, public_id in public.items()}
        totals = Counter(pair for values in pairs.values() for pair in values)
        unread = catalog.unread_counts()
        cached = _cache.summary = Summary(
            catalog, generation, pairs, years, public, ids, totals, unread
        )
    return cached


def facet_counts(summary: Summary, ids: set[int]) -> Counter[tuple[str, str]]:
    """How many of `ids` have each facet value. A common word matches most reports: then the
    whole catalogue's counts less those of the reports it does not match (the same counts;
    Counter's minus drops what falls to zero) touch far fewer reports."""
    if len(ids) * 2 <= len(summary.pairs):
        return Counter(pair for id_ in ids for pair in summary.pairs.get(id_, ()))
    rest = summary.pairs.keys() - ids
    return summary.totals - Counter(pair for id_ in rest for pair in summary.pairs[id_])


def resolve_report(catalog: Catalog, ref: int | str) -> int:
    """The integer id of the report a path names by its id or its public id."""
    if isinstance(ref, int):
        return ref
    found = catalogue_summary(catalog).ids.get(ref)
    if found is None:
        raise NotFound(f"there is no report {ref} in the catalogue (it may have been pruned): "
                       "search or browse for it")  # fmt: skip
    return found


def public_ref(catalog: Catalog, report_id: int) -> int | str:
    """What links name a report by: its public id, else its integer id."""
    return catalogue_summary(catalog).public.get(report_id) or report_id


def run_search(catalog: Catalog, params: SearchParams) -> SearchResult:
    kinds = params.filters
    return catalog.search(
        params.q, limit=params.limit, theme=kinds.get("theme"),
        intervention=kinds.get("intervention"), force=kinds.get("force"),
        topic=kinds.get("topic"), type=kinds.get("type"), year=kinds.get("year"),
    )  # fmt: skip


def facet_groups(counts: Counter[tuple[str, str]], params: SearchParams) -> list[dict[str, Any]]:
    """Per kind, its values with their counts: largest first (years newest first)."""
    groups = []
    for kind in FACET_KINDS:
        active = {value.casefold() for value in params.filters.get(kind, [])}
        found = [(name, count) for (of, name), count in counts.items() if of == kind]
        if kind == "year":
            found.sort(key=lambda item: item[0], reverse=True)
        else:
            found.sort(key=lambda item: (-item[1], item[0].casefold(), item[0]))
        values = [
            {"name": name, "count": count, "active": name.casefold() in active,
             "url": url("/", with_filter(params, kind, name))}
            for name, count in found[:MAX_FACET_VALUES]
        ]  # fmt: skip
        if values:
            groups.append({"kind": kind, "label": FACET_LABELS[kind], "values": values})
    return groups


def with_filter(params: SearchParams, kind: str, value: str) -> dict[str, Any]:
    state = params.state()
    state.pop("limit", None)  # a narrower search starts again from its first results
    current = list(params.filters.get(kind, []))
    if value.casefold() not in {item.casefold() for item in current}:
        current.append(value)
    state[kind] = current
    return state


def without(params: SearchParams, kind: str, value: str) -> dict[str, Any]:
    state = params.state()
    state[kind] = [item for item in params.filters.get(kind, []) if item != value]
    return state


def corrected_query(text: str, corrections: dict[str, str]) -> str:
    for word, term in corrections.items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", term, text, flags=re.IGNORECASE)
    return text


def quote_words(text: str, words: list[str]) -> str:
    for word in words:
        text = re.sub(rf'(?<![\w"]){re.escape(word)}(?![\w"])', f'"{word}"', text,
                      flags=re.IGNORECASE)  # fmt: skip
    return text


def query_words(q: str) -> list[str]:
    """The words a query looks for, to highlight: not -words, filters or OR."""
    words = []
    for found in QUERY_WORD.finditer(q):
        negated, phrase, word = found.groups()
        if negated or (phrase is None and word is None) or word == "OR":
            continue
        words += re.findall(r"\w+", phrase if phrase is not None else word)
    return words
