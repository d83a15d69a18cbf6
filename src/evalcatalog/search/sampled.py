"""A phrase of common words ("in to"), in a large catalogue: FTS5 matches a phrase by reading
every position of each of its words, and BM25 counts the phrase's rows the same way before it
scores one, so such a phrase cost ~110 ms to match and ~250 ms to rank at 10^6 pages, however
few reports were wanted. Its words carry no weight (BM25 clamps the IDF of a term in half the
rows or more), so here the phrase filters but does not rank, as a common word does: the reports
holding all its words (cheap to find: no positions compared) are ranked as for common words,
and the phrase is checked in the best of them one report at a time (FTS5 seeks to a report's
rowids) until enough hold it. The total is the share of an even sample of those reports that
hold the phrase times their number: an estimate, said so in `SearchResult.total_is_estimate`,
unless they are few enough to check every one. When too few of the best hold it, the search
goes the exact way (rank.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from itertools import islice

from ..store.index_reads import newest_matching, report_matches
from .plan import MAX_TIER, Plan
from .rank import RankedReport, rank_reports

SAMPLE = 100  # reports the phrase is checked in, to estimate the total
# The newest reports, the phrase checked in all of them in one FTS5 query: they tell whether it
# is common enough to check report by report (in one report in CHECKS or more), and, when they
# hold enough of the reports its words are in, its share of those.
WINDOW = 256
CHECKS = 16  # of the best reports by the phrase's words, up to this many per report wanted
# Fewer newest reports than this holding the phrase make a rough share (+-25% at 16): the
# window is widened WIDER times for the total ("neighbourhood the", 1 report in 15: +3 ms).
ENOUGH_HELD = 50
WIDER = 4


@dataclass
class Sampled:
    ranked: list[RankedReport]
    total: int
    estimate: bool  # total is an estimate (from a sample)


class Checker:
    """Whether a report holds the phrases' groups: known for the newest WINDOW reports, else
    asked report by report."""

    def __init__(
        self, conn: sqlite3.Connection, expressions: list[str], long: frozenset[int] | None
    ) -> None:
        self.conn, self.expressions, self.long = conn, expressions, long
        self.look(WINDOW)

    def look(self, reports: int) -> None:
        """Check the newest `reports` reports in one query."""
        expression = " AND ".join(self.expressions)
        self.newest, self.holding = newest_matching(self.conn, expression, reports)
        # several groups may hold in different chunks of a long report: those are asked
        if len(self.expressions) > 1:
            self.known = set() if self.long is None else self.newest - self.long
        else:
            self.known = self.newest

    def __call__(self, report_id: int) -> bool:
        if report_id in self.holding or report_id in self.known:
            return report_id in self.holding
        return all(report_matches(self.conn, report_id, e) for e in self.expressions)

    def share(self, candidates: set[int]) -> float:
        """The share of the candidates that hold the phrases: of those among the newest if
        enough are, else of an even sample."""
        known = candidates & self.known
        rough = len(known) >= SAMPLE and len(known & self.holding) < ENOUGH_HELD
        if rough and len(self.newest) == WINDOW:  # and there are more to look at
            self.look(WINDOW * WIDER)
            known = candidates & self.known
        if len(known) >= SAMPLE:
            return len(known & self.holding) / len(known)
        ordered = sorted(candidates)
        sample = [ordered[i * len(ordered) // SAMPLE] for i in range(SAMPLE)]
        return sum(map(self, sample)) / SAMPLE


def common_phrases(conn: sqlite3.Connection, plan: Plan) -> Checker | None:
    """A Checker for the plan's common phrases, if it has some and they are in one of the
    newest reports in CHECKS or more: then they filter but do not rank, whether the total is
    sampled or counted (a search page's facets need every report). None: rank them by BM25."""
    expressions = phrase_expressions(plan)
    if not expressions:
        return None
    holds = Checker(conn, expressions, plan.long_reports)
    if len(holds.holding) * CHECKS < len(holds.newest):
        return None  # rare enough that checking the best of its words' reports would not do
    return holds


def rank_sampled(
    conn: sqlite3.Connection, plan: Plan, allowed: set[int] | None, limit: int, holds: Checker
) -> Sampled | None:
    """The best `limit` reports and the total, or None: match the phrases exactly."""
    loose = plan.loosened()
    ranking = rank_reports(conn, loose, allowed, limit * CHECKS)
    best, candidates = ranking.ranked, ranking.matches
    if len(candidates) <= SAMPLE:  # few enough to check each: exact
        matched = set(filter(holds, candidates))
        first = rank_reports(conn, loose, matched, limit).ranked if matched else []
        return Sampled(first, len(matched), False)
    ranked = list(islice((hit for hit in best if holds(hit.report_id)), limit))
    if len(ranked) < limit:
        return None  # too few of the best hold the phrase
    total = rounded(holds.share(candidates) * len(candidates))
    return Sampled(ranked, max(limit, total), True)


def phrase_expressions(plan: Plan) -> list[str]:
    """The FTS5 query of each group holding a common phrase, or none if some such group would
    match differently at another tier (a word ORed with it has forms or typos)."""
    found = []
    for group in plan.groups:
        derivations = group.upto(MAX_TIER)
        if any(d.kind == "phrase" and d.term in plan.common_phrases for d in derivations):
            if len(derivations) != len(group.upto(0)):
                return []
            found.append(group.expression(MAX_TIER) or "")
    return found


def rounded(count: float) -> int:
    """An estimate to two significant figures (18461 -> 18000): no more is known."""
    digits = len(str(int(count)))
    return int(round(count, -max(0, digits - 2)))
