"""Ranked reports -> SearchHits: title, tags, the file to open, and the best pages, each with
its section and snippet. A report whose matches are all in its contents pages, reference list
or appendices ranks below the reports of its tier that discuss the words in their body."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import SearchHit
from ..store import Store
from .explain import explain_hit
from .pages import MIN_SCORED_PAGES, PAGE_BUDGET, ReportPages, find_pages, page_hits
from .plan import Plan, typos_at
from .rank import RankedReport
from .sections import HeadingsByPage, report_sections, section_of

# Ranked past the limit, so a body-less report can give way to them; their pages are read only
# when one of the first `limit` turns out to have no match in its body.
EXTRA_CANDIDATES = 5


@dataclass
class HitOptions:
    """`ranges`: report id -> page ranges a section: filter allows (None: every page)."""

    explain: bool = False
    ranges: dict[int, list[tuple[int, int]]] | None = None
    share: int = PAGE_BUDGET  # pages of each hit to read and score (pages.PAGE_BUDGET)


def make_hits(
    store: Store, ranked: list[RankedReport], plan: Plan | None, options: HitOptions, limit: int
) -> list[SearchHit]:
    ids = [hit.report_id for hit in ranked]
    if not ids:
        return []
    titles = store.titles(ids)
    tags = store.effective_tags(ids)
    paths = store.present_files(ids)
    hits: list[tuple[int, bool, SearchHit]] = []
    options.share = max(MIN_SCORED_PAGES, PAGE_BUDGET // min(limit, len(ranked)))
    for ranked_hit in ranked:
        if sum(not body_less for _, body_less, _ in hits) >= limit:
            break  # the rest rank below these: their pages are never read
        hit = SearchHit(ranked_hit.report_id, titles.get(ranked_hit.report_id, ""),
                        ranked_hit.score, typos=typos_at(ranked_hit.tier),
                        path=paths.get(ranked_hit.report_id))  # fmt: skip
        for match in tags.get(hit.report_id, []):
            hit.tags.setdefault(match.kind, []).append(match.name)
        in_body = True
        if plan is not None:
            pages = hit_pages(store, plan, ranked_hit, hit, options)
            if options.ranges is not None and not pages.found:
                continue  # nothing under the sections asked for
            in_body = pages.has_body_match()
        hits.append((ranked_hit.tier, not in_body, hit))
    hits.sort(key=lambda entry: entry[:2])  # stable: score order within each
    return [hit for _, _, hit in hits[:limit]]


def hit_pages(
    store: Store, plan: Plan, ranked: RankedReport, hit: SearchHit, options: HitOptions
) -> ReportPages:
    """Fill the hit's pages (and matches, for --explain); return what was found."""
    conn = store.index_reader
    sections = report_sections(conn, ranked.report_id)
    pages = find_pages(conn, plan, ranked, HeadingsByPage(sections), options.share)
    if options.ranges is not None:
        allowed = options.ranges.get(ranked.report_id, [])
        pages.found = {rowid: page for rowid, page in pages.found.items()
                       if any(a <= pages.numbers[rowid] <= b for a, b in allowed)}  # fmt: skip
    hit.pages = page_hits(pages, plan, ranked.tier)
    for page in hit.pages:
        page.section = section_of(sections, page.page)
    if options.explain:
        best = [page.page for page in hit.pages]
        hit.matches = explain_hit(conn, plan, ranked, pages, best)
    return pages
