"""The search page's model: hits with their years, facets with counts, chips, corrections."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from ..catalog import Catalog
from ..models import Report, SearchResult
from ..views.browse import NONE_LABEL, count_by
from .params import SearchParams
from .render import url

FACET_KINDS = ("theme", "intervention", "force", "type", "year")
FACET_LABELS = {"theme": "Theme", "intervention": "Intervention", "force": "Force",
                "type": "Report type", "year": "Year", "topic": "Topic"}  # fmt: skip
MAX_FACET_VALUES = 12
_cache = threading.local()  # per catalogue thread: (catalog, index generation, reports)
QUERY_WORD = re.compile(r'(?:^|\s)(-?)(?:\w+:(?:"[^"]*"|\S+)|"([^"]*)"|(\S+))')


@dataclass
class SearchPage:
    params: SearchParams
    result: SearchResult | None
    reports: dict[int, Report] = field(default_factory=dict)
    catalogue_size: int = 0

    @property
    def facets(self) -> list[dict[str, Any]]:
        return facet_groups(list(self.reports.values()), self.params)

    @property
    def chips(self) -> list[dict[str, str]]:
        return [
            {"label": FACET_LABELS.get(kind, kind), "value": value,
             "url": url("/", without(self.params, kind, value))}
            for kind, values in self.params.filters.items() for value in values
        ]  # fmt: skip

    def year(self, report_id: int) -> int | None:
        report = self.reports.get(report_id)
        return report.year if report else None

    @property
    def corrected(self) -> str:
        return corrected_query(self.params.q, self.result.corrections if self.result else {})

    @property
    def original_url(self) -> str:
        """The search for the words as typed: each corrected word quoted, so taken exactly."""
        corrections = self.result.corrections if self.result else {}
        state = self.params.state()
        state["q"] = quote_words(self.params.q, list(corrections))
        return url("/", state)

    @property
    def words(self) -> list[str]:
        """The words to highlight in the PDF viewer: the query's, as corrected."""
        return query_words(self.corrected)

    def suggestion_url(self, suggestion: str) -> str:
        return url("/", {**self.params.state(), "q": suggestion})

    def report_url(self, report_id: int, page: int | None = None) -> str:
        params: dict[str, str] = {"q": self.corrected}
        if page:
            params["page"] = str(page)
        return url(f"/reports/{report_id}", params) + (f"#page-{page}" if page else "")

    def download_url(self, fmt: str) -> str:
        return url(f"/search.{fmt}", self.params.state())

    @property
    def more_url(self) -> str | None:
        result = self.result
        if result is None or result.total <= len(result.hits) or self.params.limit >= 200:
            return None
        return url("/", {**self.params.state(), "limit": str(min(200, self.params.limit * 2))})


def load_search_page(catalog: Catalog, params: SearchParams) -> SearchPage:
    """Runs on a catalogue thread: the search (unless there is nothing to search for), then
    every report it matches, for the facets and each hit's year."""
    result = None
    if not params.empty:
        result = run_search(catalog, params)
    everything = all_reports(catalog)
    ids = catalog.matching_ids(params.q, params.filters)
    page = SearchPage(params, result, {id_: everything[id_] for id_ in ids if id_ in everything})
    if params.empty:
        page.catalogue_size = len(everything)
    return page


def all_reports(catalog: Catalog) -> dict[int, Report]:
    """Every report with its tags, read again only when the search index changes (an ingest,
    a retag): reading them per request would cost more than the search at 2,000 reports."""
    generation = catalog.vocabulary().generation
    cached = getattr(_cache, "reports", None)
    if cached is None or cached[0] is not catalog or cached[1] != generation:
        cached = (catalog, generation, {report.id: report for report in catalog.reports()})
        _cache.reports = cached
    reports: dict[int, Report] = cached[2]
    return reports


def run_search(catalog: Catalog, params: SearchParams) -> SearchResult:
    kinds = params.filters
    return catalog.search(
        params.q, limit=params.limit, theme=kinds.get("theme"),
        intervention=kinds.get("intervention"), force=kinds.get("force"),
        topic=kinds.get("topic"), type=kinds.get("type"), year=kinds.get("year"),
    )  # fmt: skip


def facet_groups(reports: list[Report], params: SearchParams) -> list[dict[str, Any]]:
    groups = []
    for kind in FACET_KINDS:
        active = {value.casefold() for value in params.filters.get(kind, [])}
        counts = [(name, count) for name, count in count_by(reports, kind).items()
                  if name != NONE_LABEL]  # fmt: skip
        if kind == "year":
            counts.sort(key=lambda item: item[0], reverse=True)
        values = [
            {"name": name, "count": count, "active": name.casefold() in active,
             "url": url("/", with_filter(params, kind, name))}
            for name, count in counts[:MAX_FACET_VALUES]
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
