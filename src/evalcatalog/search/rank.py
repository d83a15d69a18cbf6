"""Rank reports before pages: a row per report (per 100 pages of it) in `report_search_fts`.

Tier by tier (the query as typed, then with one-edit corrections, then two), each tier adds
the reports it matches that earlier tiers did not, so an exact match always ranks above a
corrected one. Within a tier, BM25 with title and tags weighted above body text. Matching is
a rowid scan with no ranking (cheap even for a word in every report); only the terms that
tell reports apart are ranked (see Plan.rank_expression), and reports those do not reach
follow, title and tag matches first, then the newest. A long report is several rows (chunks):
each query group is matched on its own and the reports intersected, so a report matches when
each group matches some chunk of it, and it ranks by its best chunk.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..store.index_reads import best_report_scores, matching_report_ids, report_matches
from .plan import Plan, quote
from .titles import title_scores

# title, tags, body: report_search_fts's column order. The title is scored apart (titles.py):
# FTS5 normalises a row's length over all its columns, so a long report's title match fades.
WEIGHTS = (0.0, 5.0, 1.0)


# Long reports (several chunks) not found with every group in one chunk: up to this many are
# checked a report at a time, more by matching each group on its own.
MAX_CHUNK_CHECKS = 8


@dataclass(frozen=True)
class RankedReport:
    report_id: int
    score: float
    tier: int


def rank_reports(
    conn: sqlite3.Connection, plan: Plan, allowed: set[int] | None, limit: int
) -> tuple[list[RankedReport], set[int]]:
    """The best `limit` reports, and the ids of every report that matches (what a search
    page's facets count, so they need not run the query again)."""
    ranked: list[RankedReport] = []
    seen: set[int] = set()
    matcher = TierMatcher(conn, plan)
    everything = len(allowed) if allowed is not None else plan.report_count
    for tier in plan.tiers():
        if everything and len(seen) >= everything:
            break  # every report is found: later tiers can add none (a common word's forms)
        ids = matcher.ids(tier)
        if ids is None:
            continue
        if allowed is not None:
            ids &= allowed
        new = ids - seen
        seen |= ids
        wanted = limit - len(ranked)
        if new and wanted > 0:
            best = best_of(conn, plan, tier, new, wanted)
            ranked += [RankedReport(report_id, score, tier) for report_id, score in best]
    return ranked, seen


def plan_ids(conn: sqlite3.Connection, plan: Plan, tier: int) -> set[int] | None:
    """The reports each group matches at this tier (in any of their chunks) and no -word
    does; None if some term can match nothing."""
    return TierMatcher(conn, plan).ids(tier)


class TierMatcher:
    """plan_ids tier after tier. Several groups are matched together (`together`); a single
    one keeps its reports: its expression at a tier ORs its derivations of every level up to
    it, so a tier looks up only those it adds (the word as typed is matched once, not again
    with each tier of corrections)."""

    def __init__(self, conn: sqlite3.Connection, plan: Plan) -> None:
        self.conn, self.plan = conn, plan
        self.found: list[set[int]] = [set() for _ in plan.groups]
        self.upto = [-1] * len(plan.groups)  # the tier each group's reports are matched to
        self.excluded: set[int] | None = None

    def ids(self, tier: int) -> set[int] | None:
        expressions = self.plan.group_expressions(tier)
        if expressions is None:
            return None
        if len(expressions) > 1 and self.plan.long_reports is not None:
            ids = self.together(tier, expressions, self.plan.long_reports)
        else:
            ids = self.group_by_group(tier)
        if ids and self.plan.excluded_expression():
            if self.excluded is None:
                self.excluded = matching_ids(self.conn, self.plan.excluded_expression() or "")
            ids -= self.excluded
        return ids

    def group_by_group(self, tier: int) -> set[int]:
        ids: set[int] | None = None
        for index in range(len(self.plan.groups)):
            group = self.group_ids(index, tier)
            ids = set(group) if ids is None else ids & group
            if not ids:
                break
        return ids or set()

    def together(self, tier: int, expressions: list[str], long: frozenset[int]) -> set[int]:
        """Reports with a chunk holding every group, in one FTS5 query (its doclists merged in
        C: ~14x cheaper than bringing back every report of two common words), and the long
        reports that hold the groups in different chunks, looked for apart."""
        found = matching_ids(self.conn, " AND ".join(expressions))
        rest = set(long) - found
        if len(rest) <= MAX_CHUNK_CHECKS:
            return found | {r for r in rest if all(report_matches(self.conn, r, e)
                                                   for e in expressions)}  # fmt: skip
        order = sorted(range(len(expressions)), key=lambda i: self.plan.groups[i].docs(tier))
        for index in order:  # rarest first: the fewest rows to bring back
            rest &= matching_ids(self.conn, expressions[index])
            if not rest:
                break
        return found | rest

    def group_ids(self, index: int, tier: int) -> set[int]:
        group = self.plan.groups[index]
        if self.upto[index] < tier:
            known = {d.expression() for d in group.upto(self.upto[index])}
            added = [e for d in group.upto(tier) if (e := d.expression()) not in known]
            if added:
                self.found[index] |= matching_ids(self.conn, " OR ".join(added))
            self.upto[index] = tier
        return self.found[index]


matching_ids = matching_report_ids  # the reports with a chunk that matches (store/index_reads)


def best_of(
    conn: sqlite3.Connection, plan: Plan, tier: int, ids: set[int], wanted: int
) -> list[tuple[int, float]]:
    """The top `wanted` of `ids` by BM25 over the informative terms in tags and body plus the
    title's own score, then, unscored, those with a query word in their title or tags,
    newest first."""
    titled = title_scores(conn, plan, tier, ids)
    scores = body_scores(conn, plan, tier, ids, wanted + len(titled))
    missing = set(titled) - set(scores)
    if missing:
        scores.update(body_scores(conn, plan, tier, missing, len(missing)))
    for report_id, score in titled.items():
        scores[report_id] = scores.get(report_id, 0.0) + score
    order = sorted(scores, key=lambda report_id: (-scores[report_id], -report_id))
    best = [(report_id, round(scores[report_id], 4)) for report_id in order[:wanted]]
    if len(best) < wanted:
        rest = ids.difference(report_id for report_id, _ in best)
        named = title_or_tag_ids(conn, plan, tier) & rest if rest else set()
        more = wanted - len(best)  # the newest named, then the newest
        # sorted in C: heapq.nlargest's Python loop took ~5 ms over 20,000 reports (10^6 pages)
        order = sorted(named, reverse=True)[:more] + sorted(rest - named, reverse=True)[:more]
        best += [(report_id, 0.0) for report_id in order[:more]]
    return best


def body_scores(
    conn: sqlite3.Connection, plan: Plan, tier: int, ids: set[int], wanted: int
) -> dict[int, float]:
    """BM25 (tags and body) of the best `wanted` of `ids`, by their best chunk."""
    rank_expression = plan.rank_expression(tier)
    if not rank_expression or not ids:
        return {}
    rows = best_report_scores(conn, WEIGHTS, rank_expression, ids, wanted)
    return {report_id: -score for report_id, score in rows}


def title_or_tag_ids(conn: sqlite3.Connection, plan: Plan, tier: int) -> set[int]:
    """Reports with a query word in their title or tags (for words too common to rank)."""
    derivations = {quote(d.term) for group in plan.groups for d in group.upto(tier)}
    if not derivations:
        return set()
    return matching_ids(conn, "{title tags} : (" + " OR ".join(sorted(derivations)) + ")")
