"""A hit's best pages, ranked by BM25 over the report's pages, each with its snippet.

FTS5's bm25() counts, on every call, the rows of the whole table that hold each term: several
milliseconds per report for a word on most pages. So the report's matching pages are read
once, with highlight() marking every match (one statement, within the report's page rowids,
tokenised in C), and scored here: each query group's term frequency on the page (an exact form
counts 1, another form or a completion less, a typo less again), normalised by the page's
length against the report's mean page, plus HEADING_TF when the word is in a heading the page
is under (BM25F: fields weighted and normalised apart), in BM25's saturation, times the
group's IDF. Every word counts, common ones too, so `cost` lands on the cost chapter rather
than the contents page that names it. Body pages come before appendices, reference lists and
contents pages (pages.kind); then pages holding more of the query's groups; then the score.
The marked text gives the snippet.
"""

from __future__ import annotations

import bisect
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from ..models import PageHit
from ..store.index_reads import (
    highlighted_pages,
    matching_page_rowids,
    page_kinds,
    report_page_numbers,
)
from .plan import Derivation, Plan
from .query import tokens
from .rank import RankedReport
from .sections import HeadingsByPage
from .snippets import END, START, make_snippet, marked_texts

MAX_PAGES = 3
# Matching pages read per search: highlight() tokenises each page's text (~0.05 ms a page
# at 100,000 pages), and a common word matches every page. Each hit gets an equal share, at
# least MIN_SCORED_PAGES; past its share, the pages to read are chosen from the index alone
# (first_read). So a search that finds two reports reads 40 pages of each.
PAGE_BUDGET = 80
MIN_SCORED_PAGES = 4
K1, B = 1.2, 0.75  # BM25's usual constants
LEVEL_WEIGHTS = (1.0, 0.7, 0.5, 0.35)  # a match's weight by its derivation's level
# A query word in the headings a page is under counts as this many matches on the page (the
# headings as a field of the page, as BM25F weighs fields): "conclusions" lands in the
# Conclusions chapter rather than on the page that lists what each chapter covers.
HEADING_TF = 2.0
KIND_ORDER = {"body": 0, "appendix": 1, "references": 2, "contents": 3}


@dataclass
class PageMatches:
    """One page's matches: the marked text, its length, each group's weighted term frequency
    and the derivations found."""

    marked: str
    length: int = 0  # in characters
    counts: dict[int, float] = field(default_factory=dict)
    held: list[tuple[int, Derivation]] = field(default_factory=list)


@dataclass
class ReportPages:
    """A report's pages (rowid -> number), the matches on each, and the kinds of those."""

    numbers: dict[int, int]
    kinds: dict[int, str] = field(default_factory=dict)  # of the pages found; else body
    found: dict[int, PageMatches] = field(default_factory=dict)
    headings: HeadingsByPage = field(default_factory=HeadingsByPage)  # page number -> sections

    def pages_with(self, derivation: Derivation) -> list[int]:
        """Page numbers holding `derivation`, in order."""
        return sorted(
            self.numbers[rowid]
            for rowid, page in self.found.items()
            if any(d == derivation for _, d in page.held)
        )

    def has_body_match(self) -> bool:
        return any(KIND_ORDER.get(self.kinds.get(rowid, "body"), 0) == 0 for rowid in self.found)


def report_pages(conn: sqlite3.Connection, report_id: int) -> ReportPages:
    """Page rowid -> page number, from an index alone: a page's kind is stored after its
    text, so reading every page's would read the report's whole text."""
    return ReportPages(dict(report_page_numbers(conn, report_id)))


def text_derivations(plan: Plan, tier: int) -> dict[str, list[tuple[int, Derivation]]]:
    """Matched text (normalised) -> the (group, derivation) pairs it answers."""
    found: dict[str, list[tuple[int, Derivation]]] = {}
    for index, group in enumerate(plan.groups):
        for derivation in group.upto(tier, text_only=True):
            found.setdefault(derivation.term, []).append((index, derivation))
    return found


def find_pages(
    conn: sqlite3.Connection,
    plan: Plan,
    hit: RankedReport,
    headings: HeadingsByPage,
    share: int = PAGE_BUDGET,
) -> ReportPages:
    """The report's pages that match, each with its matches; `headings`: page number -> the
    headings it is under. Past `share` matching pages (a common word), only those first_read
    chooses are read and scored."""
    report = report_pages(conn, hit.report_id)
    report.headings = headings
    by_text = text_derivations(plan, hit.tier)
    if not report.numbers or not by_text:
        return report
    expression = " OR ".join(sorted({d.expression() for found in by_text.values()
                                     for _, d in found}))  # fmt: skip
    span = [min(report.numbers), max(report.numbers)]
    marks = (START, END)
    if len(plan.groups) == 1 and not under_query_headings(report, plan, hit.tier):
        # first_read's order is then page order: the first `share` pages, in one look-up
        rows = highlighted_pages(conn, marks, expression, span, limit=share)
    else:
        held = groups_held(conn, plan, hit.tier, span, report)
        chosen = first_read(held, report, plan, hit.tier)[:share] if len(held) > share else None
        rows = highlighted_pages(conn, marks, expression, span, chosen)
    seen: dict[str, list[tuple[int, Derivation]]] = {}
    for rowid, marked in rows:
        if rowid in report.numbers:  # the span is the report's pages, but to be sure
            report.found[rowid] = page_matches(marked, by_text, seen)
    report.kinds = page_kinds(conn, list(report.found))
    return report


def under_query_headings(report: ReportPages, plan: Plan, tier: int) -> bool:
    """Whether any page of the report is under a heading with a query word (first_read reads
    those first)."""
    sections = report.headings.sections
    if not sections:
        return False
    # The headings over a page change only where a section starts or has just ended: one page
    # of each such stretch that the report has stands for all of it.
    pages = sorted(report.numbers.values())
    starts = sorted({1, *(s.first_page for s in sections), *(s.last_page + 1 for s in sections)})
    titles: set[tuple[str, ...]] = set()
    for begin, end in zip(starts, [*starts[1:], pages[-1] + 1], strict=True):
        at = bisect.bisect_left(pages, begin)
        if at < len(pages) and pages[at] < end:
            titles.add(tuple(report.headings[begin]))
    return any(heading_counts(plan, tier, list(found)) for found in titles if found)


def groups_held(
    conn: sqlite3.Connection, plan: Plan, tier: int, span: list[int], report: ReportPages
) -> dict[int, list[int]]:
    """Matching page rowid -> the query groups it holds, one index look-up per group (their
    union is every matching page, and the groups each holds tell first_read what to read)."""
    held: dict[int, list[int]] = {}
    for index, group in enumerate(plan.groups):
        expression = group.expression(tier, text_only=True)
        for rowid in matching_page_rowids(conn, expression, span) if expression else []:
            if rowid in report.numbers:
                held.setdefault(rowid, []).append(index)
    return held


def first_read(held: dict[int, list[int]], report: ReportPages, plan: Plan, tier: int) -> list[int]:
    """The pages in the order to read them, by what an index-only look tells: those under
    headings with the query's words, then those holding more of its groups, then rarer
    ones, then in page order."""
    idfs = group_idfs(plan, tier)
    cache: dict[tuple[str, ...], int] = {}

    def heading_groups(rowid: int) -> int:
        titles = tuple(report.headings[report.numbers[rowid]])
        if titles not in cache:
            cache[titles] = len(heading_counts(plan, tier, list(titles))) if titles else 0
        return cache[titles]

    def key(rowid: int) -> tuple[int, int, float, int]:
        groups = held[rowid]
        return (-heading_groups(rowid), -len(groups), -sum(idfs[g] for g in groups), rowid)

    return sorted(held, key=key)


def page_matches(
    marked: str,
    by_text: dict[str, list[tuple[int, Derivation]]],
    seen: dict[str, list[tuple[int, Derivation]]],
) -> PageMatches:
    """`seen`: matched text as it appears -> its entries, kept across a report's pages (a
    common word is marked hundreds of times, in a few spellings)."""
    page = PageMatches(marked, len(marked))  # BM25 needs lengths relative to the mean only
    for text, count in Counter(marked_texts(marked)).items():
        entries = matched_entries(text, by_text, seen)
        for group, derivation in entries:
            weight = LEVEL_WEIGHTS[min(derivation.level, len(LEVEL_WEIGHTS) - 1)]
            page.counts[group] = page.counts.get(group, 0.0) + weight * count
            if (group, derivation) not in page.held:
                page.held.append((group, derivation))
    return page


def matched_entries(
    text: str,
    by_text: dict[str, list[tuple[int, Derivation]]],
    seen: dict[str, list[tuple[int, Derivation]]],
) -> list[tuple[int, Derivation]]:
    """The (group, derivation) pairs a marked text answers: as a phrase, else word by word."""
    entries = seen.get(text)
    if entries is None:
        words = tokens(text)
        entries = by_text.get(" ".join(words)) or [e for w in words for e in by_text.get(w, [])]
        seen[text] = entries
    return entries


def group_idfs(plan: Plan, tier: int) -> list[float]:
    """Each group's IDF, BM25's (always positive), from its commonest derivation's rows."""
    idfs = []
    for group in plan.groups:
        docs = max((d.docs for d in group.upto(tier, text_only=True)), default=0)
        docs = min(docs, plan.row_count)
        idfs.append(math.log(1 + (plan.row_count - docs + 0.5) / (docs + 0.5)))
    return idfs


def heading_counts(plan: Plan, tier: int, titles: list[str]) -> dict[int, float]:
    """Group -> HEADING_TF for each query group with a word in `titles`."""
    words = " " + " ".join(" ".join(tokens(title)) for title in titles) + " "
    return {index: HEADING_TF for index, group in enumerate(plan.groups)
            if any(f" {d.term} " in words for d in group.upto(tier, text_only=True))}  # fmt: skip


def page_key(
    report: ReportPages, rowid: int, idfs: list[float], mean: float, plan: Plan, tier: int
) -> tuple[int, int, float, int]:
    page = report.found[rowid]
    norm = 1 - B + B * page.length / mean  # BM25F: each field's frequency normalised by its length
    counts = {group: tf / norm for group, tf in page.counts.items()}
    titles = report.headings[report.numbers[rowid]]
    for group, extra in (heading_counts(plan, tier, titles) if titles else {}).items():
        counts[group] = counts.get(group, 0.0) + extra  # headings are short: no normalising
    score = sum(idfs[g] * tf * (K1 + 1) / (tf + K1) for g, tf in counts.items())
    kind = KIND_ORDER.get(report.kinds.get(rowid, "body"), 0)
    return (kind, -len(page.counts), -score, report.numbers[rowid])


def best_pages(report: ReportPages, plan: Plan, tier: int) -> list[int]:
    """The report's matching page rowids, best first."""
    if not report.found:
        return []
    idfs = group_idfs(plan, tier)
    mean = max(1.0, sum(p.length for p in report.found.values()) / len(report.found))
    return sorted(report.found, key=lambda rowid: page_key(report, rowid, idfs, mean, plan, tier))


def page_hits(report: ReportPages, plan: Plan, tier: int) -> list[PageHit]:
    """The best pages, best first, each with a snippet."""
    hits = []
    by_text = text_derivations(plan, tier)
    seen: dict[str, list[tuple[int, Derivation]]] = {}
    for rowid in best_pages(report, plan, tier)[:MAX_PAGES]:
        page = report.found[rowid]
        answers = [matched_entries(t, by_text, seen) for t in marked_texts(page.marked)]
        span_groups = [entries[0][0] if entries else 0 for entries in answers]
        snippet = make_snippet(page.marked, span_groups)
        hits.append(PageHit(report.numbers[rowid], snippet.text, snippet.highlights))
    return hits
