"""parse -> filters and names -> derivations -> rank reports -> best pages -> SearchResult."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from ..errors import QueryError
from ..models import SearchResult
from ..store import Store
from .hits import EXTRA_CANDIDATES, HitOptions, make_hits
from .names import NameResolver, filter_report_ids, query_names
from .plan import MAX_TIER, Plan, make_plan
from .query import Query, Word, parse_query
from .rank import RankedReport, matching_ids, plan_ids, rank_reports
from .sampled import common_phrases, rank_sampled
from .sections import HeadingResolver, matching_sections, page_ranges
from .vocabulary import Vocabulary, suggestion_allowance

MAX_SUGGESTIONS = 3


def search(
    store: Store,
    vocabulary: Vocabulary,
    text: str,
    *,
    limit: int = 10,
    filters: Mapping[str, Sequence[str]] | None = None,
    taxonomy: NameResolver | None = None,
    explain: bool = False,
    headings: HeadingResolver | None = None,
    matched: set[int] | None = None,
) -> SearchResult:
    """Catalog.search's work: `filters` (kind -> values) add to the query's; `taxonomy`
    resolves names; `explain` fills each hit's matches; `headings`: what a section: value
    stands for; `matched`, if given, receives the ids of every report found (for facets)."""
    if limit < 1:
        raise QueryError(f"limit {limit} is too small: ask for 1 or more results")
    conn = store.index_reader  # FTS5 and vocabulary reads; other reads are Store's
    query = filtered_query(text, filters or {})
    result = SearchResult(text, filters={k: list(v) for k, v in query.filters.items() if v})
    options = HitOptions(explain, section_ranges(conn, query, headings))
    allowed = allowed_ids(store, query, taxonomy, options.ranges)
    found: set[int] = set() if matched is None else matched
    if not query.groups:
        ids = listing(store, query, allowed, vocabulary, text)
        found.update(ids)  # matched, if given
        result.total, ranked = len(ids), [RankedReport(i, 0.0, 0) for i in ids[:limit]]
        result.hits = make_hits(store, ranked, None, options, limit)
        return result
    plan = make_plan(query, vocabulary, query_names(query, taxonomy))
    ranked = ranked_reports(conn, plan, allowed, limit + EXTRA_CANDIDATES, result, matched)
    result.hits = make_hits(store, ranked, plan, options, limit)
    used = max((hit.typos for hit in result.hits), default=0)
    result.corrections = {w: b.term for w, b in plan.corrections.items() if b.distance <= used}
    if not result.total or unknown_words(plan):  # a word that found nothing in any form
        result.suggestions = suggestions(conn, plan, vocabulary, allowed)
    return result


def ranked_reports(
    conn: sqlite3.Connection,
    plan: Plan,
    allowed: set[int] | None,
    wanted: int,
    result: SearchResult,
    matched: set[int] | None,
) -> list[RankedReport]:
    """The best `wanted` reports; sets result.total (and whether it is an estimate, which a
    common phrase's may be, but not when `matched` must receive every report found). A
    common phrase ranks the same every way: not at all (sampled.py), rare or not (BM25 would
    count a rare one's rows by reading every position of its words: ~40 ms at 10^6 pages)."""
    holds = common_phrases(conn, plan)
    if holds is not None and matched is None:
        sampled = rank_sampled(conn, plan, allowed, wanted, holds)
        if sampled is not None:
            result.total, result.total_is_estimate = sampled.total, sampled.estimate
            return sampled.ranked
    if plan.common_phrases:
        plan = plan.loosened(exact=True)
    ranking = rank_reports(conn, plan, allowed, wanted, counted=matched is None)
    if matched is not None:
        matched.update(ranking.matches)
    result.total = ranking.total
    return ranking.ranked


def filtered_query(text: str, filters: Mapping[str, Sequence[str]]) -> Query:
    """The query parsed, with the keyword filters (kind -> values) added to its own."""
    query = parse_query(text)
    for kind, values in filters.items():
        query.filters.setdefault(kind, []).extend(v for v in values if v.strip())
    return query


def section_ranges(
    conn: sqlite3.Connection, query: Query, headings: HeadingResolver | None
) -> dict[int, list[tuple[int, int]]] | None:
    """section: values (taken out of the filters) -> the page ranges they allow per report;
    None when the query has none."""
    values = query.filters.pop("section", [])
    query.excluded_filters.pop("section", None)
    if not values:
        return None
    return page_ranges(matching_sections(conn, values, headings))


def allowed_ids(
    store: Store,
    query: Query,
    taxonomy: NameResolver | None,
    ranges: dict[int, list[tuple[int, int]]] | None = None,
) -> set[int] | None:
    allowed = filter_report_ids(store, query.filters, taxonomy)
    if ranges is not None:
        allowed = set(ranges) if allowed is None else allowed & set(ranges)
    barred = filter_report_ids(store, query.excluded_filters, taxonomy)
    if barred:
        if allowed is None:
            allowed = store.report_ids()
        allowed -= barred
    return allowed


def listing(
    store: Store,
    query: Query,
    allowed: set[int] | None,
    vocabulary: Vocabulary,
    text: str,
) -> list[int]:
    """A query of filters alone lists the reports they allow, by title."""
    if allowed is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        if query.excluded:
            raise QueryError(
                f"nothing to search for in {shown!r}: -word only leaves reports out; "
                "add a word or a filter such as theme:..."
            )
        raise QueryError(
            f"nothing to search for in {shown!r}: type a word, e.g. evalcatalog search stalking"
        )
    if query.excluded:
        plan = make_plan(query, vocabulary, {})
        excluded = plan.excluded_expression()
        allowed = allowed - matching_ids(store.index_reader, excluded) if excluded else allowed
    return [report_id for report_id in store.report_ids_by_title() if report_id in allowed]


def suggestions(
    conn: sqlite3.Connection, plan: Plan, vocabulary: Vocabulary, allowed: set[int] | None
) -> list[str]:
    """The query with its unknown words swapped for the closest words the catalogue has (two
    edits of any kind from 4 letters), each checked to find something."""
    found: list[str] = []
    for word in unknown_words(plan):
        for candidate in vocabulary.candidates(word.text, suggestion_allowance(word.text)):
            text = replace_word(plan.query.text, word.raw, candidate.term)
            if text not in found and finds_something(conn, text, vocabulary, allowed):
                found.append(text)
            if len(found) >= MAX_SUGGESTIONS:
                return found
    return found


def unknown_words(plan: Plan) -> list[Word]:
    """Words the catalogue has in no form, and no correction of."""
    return [
        term.term
        for group in plan.groups
        for term in group.terms
        if isinstance(term.term, Word)
        and len(term.derivations) == 1
        and not term.derivations[0].docs
    ]


def replace_word(text: str, raw: str, replacement: str) -> str:
    start = text.rfind(raw)
    return text if start < 0 else text[:start] + replacement + text[start + len(raw) :]


def finds_something(
    conn: sqlite3.Connection, text: str, vocabulary: Vocabulary, allowed: set[int] | None
) -> bool:
    plan = make_plan(parse_query(text), vocabulary, {})
    ids = plan_ids(conn, plan, MAX_TIER)
    if not ids:
        return False
    return bool(ids & allowed if allowed is not None else ids)
