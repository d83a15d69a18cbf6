"""Listing reports (`list`, `export`, the web app): select by filters, sort, group and count.

Filter values are resolved by the one resolver (tagging/names.py), so `list`, `export`,
`search` and the library accept the same values and refuse the same ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..errors import UsageError
from ..models import TAG_KINDS, Report
from ..text import fold

if TYPE_CHECKING:  # the CLI imports this module for its filter names, before any listing
    from ..store import Store
    from ..tagging.taxonomy import Taxonomy

GROUP_KEYS = (*TAG_KINDS, "year")
SORT_KEYS = ("title", "date", "pages", "size")
FILTER_KINDS = (*TAG_KINDS, "year")
NONE_LABEL = "(none)"

FilterValues = str | int | Sequence[str | int] | None
DEFAULT_LIMIT = 1000  # `list` shows this many reports in a table unless told otherwise


class Listable(Protocol):
    """What choosing and ordering reads of a report: a Report, or a Brief."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def created(self) -> str | None: ...
    @property
    def page_count(self) -> int: ...
    @property
    def size_bytes(self) -> int: ...
    @property
    def author(self) -> str | None: ...
    @property
    def tags(self) -> dict[str, list[str]]: ...
    @property
    def year(self) -> int | None: ...


Item = TypeVar("Item", bound=Listable)


@dataclass(slots=True)
class Brief:
    """A report as far as select() and sort_reports() read it, with the tags of the kinds
    being filtered on: enough to choose a page of reports without building all of them."""

    id: int
    title: str
    created: str | None
    page_count: int
    size_bytes: int
    author: str | None
    tags: dict[str, list[str]]

    year = Report.year


class ReportPage(list[Report]):
    """The first `limit` reports a query chose, in its order; `total`: how many it chose."""

    total: int = 0


@dataclass
class ReportQuery:
    """Which reports, in what order: tag filters and years (kind -> values, any of a kind's
    values, every kind), an author's name in part, a least number of pages, a sort key."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    author: str | None = None
    min_pages: int | None = None
    sort: str = "title"
    reverse: bool = False

    def __post_init__(self) -> None:
        unknown = [kind for kind in self.filters if kind not in FILTER_KINDS]
        if unknown:
            raise UsageError(f"unknown filter {unknown[0]!r}: use one of "
                             f"{', '.join(FILTER_KINDS)}")  # fmt: skip
        if self.sort not in SORT_KEYS:
            raise UsageError(f"unknown sort {self.sort!r}: use one of {', '.join(SORT_KEYS)}")
        if self.min_pages is not None and self.min_pages < 0:
            raise UsageError(f"min_pages {self.min_pages} is negative: give 0 or more")


def filter_values(filters: Mapping[str, FilterValues]) -> dict[str, list[str]]:
    """kind -> a value or several (None or empty: no filter) as kind -> list of strings."""
    values: dict[str, list[str]] = {}
    for kind, value in filters.items():
        if isinstance(value, str | int):
            value = [value]
        texts = [str(item) for item in value or () if str(item).strip()]
        if texts:
            values[kind] = texts
    return values


def select(reports: Sequence[Item], query: ReportQuery, taxonomy: Taxonomy | None) -> list[Item]:
    """The reports `query` asks for, in its order. Tag values resolve against the taxonomy and
    the tags these reports hold; an unknown or ambiguous value is a UsageError."""
    from ..tagging.names import resolve_tags, year_range

    tag_filters = {kind: v for kind, v in query.filters.items() if kind in TAG_KINDS}
    held = {kind: {name for r in reports for name in r.tags.get(kind, [])} for kind in tag_filters}
    wanted = resolve_tags(taxonomy, tag_filters, held)
    years = [year_range(value) for value in query.filters.get("year", [])]
    author = fold(query.author) if query.author else None
    chosen = [
        report
        for report in reports
        if all(set(names) & set(report.tags.get(kind, [])) for kind, names in wanted.items())
        and (not years or in_years(report, years))
        and (author is None or author in fold(report.author or ""))
        and (query.min_pages is None or report.page_count >= query.min_pages)
    ]
    return sort_reports(chosen, query.sort, query.reverse)


def select_page(
    store: Store, query: ReportQuery, taxonomy: Taxonomy | None, limit: int
) -> ReportPage:
    """The first `limit` reports `query` chooses (select()'s choice and order), and how many
    it chose: chosen among Briefs (one light query, and the tags of filtered kinds only), so
    only the page's reports are built (20,000 Reports with their tags take 0.6 s)."""
    from ..store import listing

    kinds = [kind for kind in query.filters if kind in TAG_KINDS]
    tags = listing.kind_tags(store.db, kinds) if kinds else {}
    briefs = [Brief(*row, tags=tags.get(row[0], {})) for row in listing.brief_rows(store.db)]
    chosen = [brief.id for brief in select(briefs, query, taxonomy)]
    built = {report.id: report for report in store.reports(chosen[:limit])}
    page = ReportPage(built[report_id] for report_id in chosen[:limit])
    page.total = len(chosen)
    return page


def in_years(report: Listable, years: list[tuple[int, int]]) -> bool:
    return report.year is not None and any(first <= report.year <= last for first, last in years)


def sort_reports(reports: Iterable[Item], key: str, reverse: bool = False) -> list[Item]:
    """By title, date (created; undated last), pages or size; ties by title then id."""

    def order(report: Item) -> tuple[Any, ...]:
        title = (report.title.casefold(), report.id)
        if key == "date":
            return (report.created is None, report.created or "", *title)
        if key == "pages":
            return (report.page_count, *title)
        if key == "size":
            return (report.size_bytes, *title)
        return title

    ordered = sorted(reports, key=order)
    return ordered[::-1] if reverse else ordered


def group_values(report: Report, key: str) -> list[str]:
    """The groups a report falls in: each of its tags of that kind, or its year."""
    if key == "year":
        return [str(report.year)] if report.year else [NONE_LABEL]
    return list(report.tags.get(key) or [NONE_LABEL])


def group_order(item: tuple[str, int]) -> tuple[bool, int, str]:
    """Largest group first, then by name; reports with no value last."""
    name, count = item
    return (name == NONE_LABEL, -count, name.casefold())


def count_by(reports: Iterable[Report], key: str) -> dict[str, int]:
    """Reports per group; a report with two tags of the kind counts in both."""
    counts = Counter(value for report in reports for value in group_values(report, key))
    return dict(sorted(counts.items(), key=group_order))


def group_by(reports: Iterable[Report], key: str) -> dict[str, list[Report]]:
    """Groups of `key` (a tag kind or "year"), largest first; members keep their order."""
    if key not in GROUP_KEYS:
        raise UsageError(f"unknown group {key!r}: use one of {', '.join(GROUP_KEYS)}")
    groups: dict[str, list[Report]] = {}
    for report in reports:
        for value in group_values(report, key):
            groups.setdefault(value, []).append(report)
    order = sorted(((name, len(members)) for name, members in groups.items()), key=group_order)
    return {name: groups[name] for name, _ in order}
