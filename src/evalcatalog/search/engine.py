"""parse -> filters and names -> derivations -> rank reports -> best pages -> SearchResult."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from ..errors import QueryError
from ..models import SearchHit, SearchResult
from ..store import Store
from .explain import explain_hit
from .names import NameResolver, filter_report_ids, query_names
from .pages import find_pages, page_hits
from .plan import MAX_TIER, Plan, make_plan
from .query import Query, Word, parse_query
from .rank import RankedReport, matching_ids, plan_ids, rank_reports
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
) -> SearchResult:
    """Catalog.search's work: `filters` are the keyword filters (kind -> values), added to
    those in the query; `taxonomy` resolves names; `explain` fills each hit's matches."""
    if limit < 1:
        raise QueryError(f"limit {limit} is too small: ask for 1 or more results")
    conn = store.db.conn
    query = parse_query(text)
    for kind, values in (filters or {}).items():
        query.filters.setdefault(kind, []).extend(v for v in values if v.strip())
    allowed = allowed_ids(conn, query, taxonomy)
    result = SearchResult(text, filters={k: list(v) for k, v in query.filters.items() if v})
    if not query.groups:
        ids = listing(conn, query, allowed, vocabulary, text)
        result.total, ranked = len(ids), [RankedReport(i, 0.0, 0) for i in ids[:limit]]
        result.hits = make_hits(store, ranked, None, explain)
        return result
    plan = make_plan(query, vocabulary, query_names(query, taxonomy))
    ranked, result.total = rank_reports(conn, plan, allowed, limit)
    result.hits = make_hits(store, ranked, plan, explain)
    used = max((hit.typos for hit in result.hits), default=0)
    result.corrections = {
        word: best.term for word, best in plan.corrections.items() if best.distance <= used
    }
    if not result.total:
        result.suggestions = suggestions(conn, plan, vocabulary, allowed)
    return result


def allowed_ids(
    conn: sqlite3.Connection, query: Query, taxonomy: NameResolver | None
) -> set[int] | None:
    allowed = filter_report_ids(conn, query.filters, taxonomy)
    barred = filter_report_ids(conn, query.excluded_filters, taxonomy)
    if barred:
        if allowed is None:
            allowed = {int(row[0]) for row in conn.execute("select id from reports")}
        allowed -= barred
    return allowed


def listing(
    conn: sqlite3.Connection,
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
        allowed = allowed - matching_ids(conn, excluded) if excluded else allowed
    rows = conn.execute("select id, title from reports order by title collate nocase, id")
    return [int(row[0]) for row in rows.fetchall() if int(row[0]) in allowed]


def make_hits(
    store: Store, ranked: list[RankedReport], plan: Plan | None, explain: bool
) -> list[SearchHit]:
    ids = [hit.report_id for hit in ranked]
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = store.db.execute(f"select id, title from reports where id in ({marks})", ids)
    titles = dict(rows.fetchall())
    tags = store.effective_tags(ids)
    hits = []
    for ranked_hit in ranked:
        hit = SearchHit(ranked_hit.report_id, titles.get(ranked_hit.report_id, ""),
                        ranked_hit.score, typos=ranked_hit.tier)  # fmt: skip
        for match in tags.get(hit.report_id, []):
            hit.tags.setdefault(match.kind, []).append(match.name)
        if plan is not None:
            pages = find_pages(store.db.conn, plan, ranked_hit)
            hit.pages = page_hits(store.db.conn, plan, pages)
            if explain:
                best = [page.page for page in hit.pages]
                hit.matches = explain_hit(store.db.conn, plan, ranked_hit, pages, best)
        hits.append(hit)
    return hits


def suggestions(
    conn: sqlite3.Connection, plan: Plan, vocabulary: Vocabulary, allowed: set[int] | None
) -> list[str]:
    """Nothing matched: the query with its unknown words swapped for the closest words the
    catalogue has (up to two edits, whatever their length), each checked to find something."""
    unknown = [
        term.term
        for group in plan.groups
        for term in group.terms
        if isinstance(term.term, Word)
        and len(term.derivations) == 1
        and not term.derivations[0].docs
    ]
    found: list[str] = []
    for word in unknown:
        for candidate in vocabulary.candidates(word.text, suggestion_allowance(word.text)):
            text = replace_word(plan.query.text, word.raw, candidate.term)
            if text not in found and finds_something(conn, text, vocabulary, allowed):
                found.append(text)
            if len(found) >= MAX_SUGGESTIONS:
                return found
    return found


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
