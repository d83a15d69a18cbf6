"""A hit's best pages, from `pages_fts`, within the report's page rowids.

FTS5's bm25() counts, on every call, the rows of the whole table that hold each term: several
milliseconds per query for a word on most pages, per report. So pages are scored here without
it: one rowid-range query per derivation (tens of microseconds), which also tells which words
each page holds. Pages holding more of the query's terms come first, then those whose words
are rarer and exact (a corrected word counts half). The top pages get an FTS5 snippet built
from the words they hold, marked.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field

from ..models import PageHit
from ..text import one_line
from .plan import Derivation, Plan
from .rank import RankedReport

MAX_PAGES = 3
SNIPPET_TOKENS = 16
START, END = "\x02", "\x03"  # control characters: clean_text keeps them out of page text
MARK = "**"
LONGEST_WORD = 60


@dataclass
class ReportPages:
    """A report's pages (rowid -> number) and the derivations found on each."""

    numbers: dict[int, int]
    found: dict[int, list[tuple[int, Derivation]]] = field(default_factory=dict)

    def pages_with(self, derivation: Derivation) -> list[int]:
        """Page numbers holding `derivation`, in order."""
        return sorted(
            self.numbers[rowid]
            for rowid, held in self.found.items()
            if any(d == derivation for _, d in held)
        )


def report_pages(conn: sqlite3.Connection, report_id: int) -> dict[int, int]:
    """Page rowid -> page number (an index-only read)."""
    rows = conn.execute("select id, page_no from pages where report_id = ?", [report_id])
    return {int(rowid): int(page_no) for rowid, page_no in rows.fetchall()}


def pages_with(conn: sqlite3.Connection, expression: str, pages: dict[int, int]) -> list[int]:
    """The report's page rowids that match: its pages are one rowid range, so FTS5 seeks
    straight to them (a report written in two goes is still checked page by page)."""
    if not pages:
        return []
    rows = conn.execute(
        "select rowid from pages_fts where pages_fts match ? and rowid between ? and ?",
        [expression, min(pages), max(pages)],
    )
    return [rowid for (rowid,) in rows if rowid in pages]


def find_pages(conn: sqlite3.Connection, plan: Plan, hit: RankedReport) -> ReportPages:
    report = ReportPages(report_pages(conn, hit.report_id))
    for index, group in enumerate(plan.groups):
        for derivation in group.upto(hit.tier, text_only=True):
            for rowid in pages_with(conn, derivation.expression(), report.numbers):
                report.found.setdefault(rowid, []).append((index, derivation))
    return report


def page_score(held: list[tuple[int, Derivation]], row_count: int) -> tuple[int, float]:
    best: dict[int, float] = {}
    for group, derivation in held:
        idf = math.log(1 + (row_count + 1) / (derivation.docs + 1))
        weight = idf if derivation.distance == 0 else idf / 2
        best[group] = max(best.get(group, 0.0), weight)
    return len(best), sum(best.values())


def page_hits(conn: sqlite3.Connection, plan: Plan, report: ReportPages) -> list[PageHit]:
    """The best pages, best first, each with a snippet."""
    scores = {rowid: page_score(held, plan.row_count) for rowid, held in report.found.items()}
    best = sorted(scores, key=lambda rowid: (-scores[rowid][0], -scores[rowid][1],
                                             report.numbers[rowid]))  # fmt: skip
    return [
        PageHit(report.numbers[rowid], snippet(conn, rowid, report.found[rowid]))
        for rowid in best[:MAX_PAGES]
    ]


def snippet(conn: sqlite3.Connection, rowid: int, held: list[tuple[int, Derivation]]) -> str:
    expression = " OR ".join(sorted({derivation.expression() for _, derivation in held}))
    row = conn.execute(
        """select snippet(pages_fts, 0, ?, ?, '…', ?) from pages_fts
           where pages_fts match ? and rowid = ?""",
        [START, END, SNIPPET_TOKENS, expression, rowid],
    ).fetchone()
    text = row[0] if row and row[0] else ""
    marked = one_line(text).replace(START, MARK).replace(END, MARK)
    return " ".join(shorten(word) for word in marked.split(" "))


def shorten(word: str) -> str:
    """A snippet shows words, not megabytes: a hostile PDF can hold a 2 MB 'word'."""
    if len(word) <= LONGEST_WORD:
        return word
    return word[:LONGEST_WORD] + "…" + (MARK if word.endswith(MARK) else "")
