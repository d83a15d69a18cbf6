"""Every report a search matches, not only the best `limit`: what a search page's facets
count. The same parse, filters and tiers as `engine.search`, without ranking or snippets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..store import Store
from .engine import allowed_ids, filtered_query, listing, section_ranges
from .names import NameResolver, query_names
from .plan import make_plan
from .rank import plan_ids
from .sections import HeadingResolver
from .vocabulary import Vocabulary


def matching_report_ids(
    store: Store,
    vocabulary: Vocabulary,
    text: str,
    filters: Mapping[str, Sequence[str]],
    taxonomy: NameResolver | None,
    headings: HeadingResolver | None = None,
) -> set[int]:
    """The ids of every report `text` and `filters` match, at any typo tier (as search's
    total counts them). A query of nothing at all matches every report. `headings`: what a
    section: value stands for, as in search."""
    conn = store.index_reader
    query = filtered_query(text, filters)
    allowed = allowed_ids(store, query, taxonomy, section_ranges(conn, query, headings))
    if not query.groups:
        if allowed is None and not query.excluded:
            return store.report_ids()
        return set(listing(store, query, allowed, vocabulary, text))
    plan = make_plan(query, vocabulary, query_names(query, taxonomy))
    found: set[int] = set()
    for tier in plan.tiers():
        ids = plan_ids(conn, plan, tier)
        if ids:
            found |= ids if allowed is None else ids & allowed
    return found
