"""Rank reports before pages: a row per report (per 100 pages of it) in `report_search_fts`.

Tier by tier (the query as typed, then with one-edit corrections, then two), each tier adds the
reports it matches that earlier tiers did not, so an exact match always ranks above a corrected
one (a tier's matches hold those of the tiers before, so once enough reports are ranked, the
last tier alone gives the rest of the total). Within a tier, BM25 with title and tags weighted
above body text. Matching is a rowid scan with no ranking (cheap even for a word in every
report); only the terms that tell reports apart are ranked (see Plan.rank_expression), and
reports those do not reach follow, title and tag matches first, then the newest. A long report
is several rows (chunks): each query group is matched on its own and the reports intersected,
so a report matches when each group matches some chunk of it, and it ranks by its best chunk.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..store.index_reads import (
    best_report_scores,
    matching_report_ids,
    matching_rows,
    report_matches,
    top_chunk_scores,
)
from .plan import Derivation, Plan, quote
from .titles import title_scores

# title, tags, body: report_search_fts's column order. The title is scored apart (titles.py):
# FTS5 normalises a row's length over all its columns, so a long report's title match fades.
WEIGHTS = (0.0, 5.0, 1.0)


# body_scores reads the best chunks of all the expression matches, skipping those not asked
# for, when those asked for are at least this share of its rows (by the derivations' docs).
TOP_SHARE = 0.25

# Long reports (several chunks) not found with every group in one chunk: up to this many are
# checked a report at a time, more by matching each group on its own.
MAX_CHUNK_CHECKS = 8


@dataclass(frozen=True)
class RankedReport:
    report_id: int
    score: float
    tier: int


@dataclass
class Ranking:
    """The best reports, the ids of every report found (unless only counted), and how many."""

    ranked: list[RankedReport]
    matches: set[int]
    total: int


def rank_reports(
    conn: sqlite3.Connection,
    plan: Plan,
    allowed: set[int] | None,
    limit: int,
    *,
    counted: bool = False,
) -> Ranking:
    """The best `limit` reports, and the ids of every report that matches (what a search
    page's facets count, so they need not run the query again); `counted`: the last tier's
    matches, once enough are ranked, may be counted in SQL instead (~4 ms less at 20,000)."""
    ranked: list[RankedReport] = []
    seen: set[int] = set()
    matcher = TierMatcher(conn, plan)
    everything = len(allowed) if allowed is not None else plan.report_count
    tiers = plan.tiers()
    for tier in tiers:
        if everything and len(seen) >= everything:
            break  # every report is found: later tiers can add none (a common word's forms)
        if len(ranked) >= limit:
            if tier != tiers[-1]:
                continue  # only the total is left, and the last tier matches all
            total = matcher.count(tier) if counted and allowed is None else None
            if total is not None:  # what the tiers before found is among them
                return Ranking(ranked, seen, max(total, len(seen)))
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
    return Ranking(ranked, seen, len(seen))


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

    def count(self, tier: int) -> int | None:
        """How many reports match at the tier, when counting rows in SQL says (~3x cheaper
        than bringing their ids back): no -words and no long reports (a row a report). None
        otherwise, or when a group matched before need only look up a few more rows."""
        plan = self.plan
        expressions = plan.group_expressions(tier)
        if not expressions or plan.excluded_expression() or plan.long_reports != frozenset():
            return None
        if len(expressions) == 1 and self.upto[0] >= 0:
            before = plan.groups[0].docs(self.upto[0])
            if 4 * (plan.groups[0].docs(tier) - before) < before:
                return None  # group_ids adds the few rows of the derivations it lacks
        return matching_rows(self.conn, " AND ".join(expressions))

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
            added = [d for d in group.upto(tier) if d.expression() not in known]
            if added:
                everywhere = self.everywhere(added)
                expression = " OR ".join(d.expression() for d in added)
                self.found[index] |= everywhere or matching_ids(self.conn, expression)
            self.upto[index] = tier
        return self.found[index]

    def everywhere(self, derivations: list[Derivation]) -> set[int] | None:
        """Every report, if one of the derivations is in every row (a word on every page, as
        its docs say and a count confirms): counting costs less than bringing back 20,000
        ids (~4 ms at 10^6 pages). None otherwise."""
        plan = self.plan
        common = [d for d in derivations if d.docs >= plan.row_count]
        if not common or plan.every_report is None:
            return None
        if matching_rows(self.conn, common[0].expression()) < plan.row_count:
            return None
        return set(plan.every_report())


matching_ids = matching_report_ids  # the reports with a chunk that matches (store/index_reads)


def best_of(
    conn: sqlite3.Connection, plan: Plan, tier: int, ids: set[int], wanted: int
) -> list[tuple[int, float]]:
    """The top `wanted` of `ids` by BM25 over the informative terms in tags and body plus the
    title's own score, then, unscored, those with a query word in their title or tags,
    newest first."""
    # nothing for BM25 (common words): the reports named in title or tags are needed anyway,
    # and the titles scored are among them, so one look-up serves both
    named_all = title_or_tag_ids(conn, plan, tier) if not plan.rank_expression(tier) else None
    titled = title_scores(conn, plan, tier, ids, named_all)
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
        named = set()
        if rest:
            named = (title_or_tag_ids(conn, plan, tier) if named_all is None else named_all) & rest
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
    rows = plan.rank_rows(tier)
    if len(ids) >= TOP_SHARE * rows:  # most of what it matches: the best overall, filtered here
        # the id list's filter over 17,000 rows cost as much as their BM25 (~15 ms at 10^6 pages)
        limit = 2 * wanted * -(-rows // len(ids)) + 16
        found = top_chunk_scores(conn, WEIGHTS, rank_expression, limit)
        scores: dict[int, float] = {}
        for report_id, score in found:
            if report_id in ids and report_id not in scores:  # its best chunk comes first
                scores[report_id] = -score
                if len(scores) == wanted:
                    return scores
        if len(found) < limit:  # every row read: these are all there are
            return scores
    found = best_report_scores(conn, WEIGHTS, rank_expression, ids, wanted)
    return {report_id: -score for report_id, score in found}


def title_or_tag_ids(conn: sqlite3.Connection, plan: Plan, tier: int) -> set[int]:
    """Reports with a query word in their title or tags (for words too common to rank)."""
    derivations = {quote(d.term) for group in plan.groups for d in group.upto(tier)}
    if not derivations:
        return set()
    return matching_ids(conn, "{title tags} : (" + " OR ".join(sorted(derivations)) + ")")
