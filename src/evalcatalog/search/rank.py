"""Rank reports before pages: one row per report in `report_search_fts`.

Tier by tier (the query as typed, then with one-edit corrections, then two), each tier adds
the reports it matches that earlier tiers did not, so an exact match always ranks above a
corrected one. Within a tier, BM25 with title and tags weighted above body text. Matching is
a rowid scan with no ranking (cheap even for a word in every report); only the terms that
tell reports apart are ranked (see Plan.rank_expression), and reports those do not reach
follow, title and tag matches first, then the newest.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .plan import Plan, quote

WEIGHTS = (10.0, 5.0, 1.0)  # title, tags, body: report_search_fts's column order


@dataclass(frozen=True)
class RankedReport:
    report_id: int
    score: float
    tier: int


def rank_reports(
    conn: sqlite3.Connection, plan: Plan, allowed: set[int] | None, limit: int
) -> tuple[list[RankedReport], int]:
    """The best `limit` reports and how many match in all."""
    ranked: list[RankedReport] = []
    seen: set[int] = set()
    total = 0
    for tier in plan.tiers():
        expression = plan.expression(tier)
        if expression is None:
            continue
        ids = matching_ids(conn, expression)
        if allowed is not None:
            ids &= allowed
        new = ids - seen
        seen |= ids
        total += len(new)
        wanted = limit - len(ranked)
        if new and wanted > 0:
            best = best_of(conn, plan, tier, new, wanted)
            ranked += [RankedReport(report_id, score, tier) for report_id, score in best]
    return ranked, total


def matching_ids(conn: sqlite3.Connection, expression: str) -> set[int]:
    sql = "select rowid from report_search_fts where report_search_fts match ?"
    return {int(row[0]) for row in conn.execute(sql, [expression])}


def best_of(
    conn: sqlite3.Connection, plan: Plan, tier: int, ids: set[int], wanted: int
) -> list[tuple[int, float]]:
    """The top `wanted` of `ids` by BM25 over the informative terms (SQLite keeps the top rows
    as it goes), then, unscored, those with a query word in their title or tags, newest first."""
    best: list[tuple[int, float]] = []
    rank_expression = plan.rank_expression(tier)
    if rank_expression:
        rows = conn.execute(
            """select rowid, bm25(report_search_fts, ?, ?, ?) as score from report_search_fts
               where report_search_fts match ? and +rowid in (select value from json_each(?))
               order by score, rowid desc limit ?""",
            [*WEIGHTS, rank_expression, json.dumps(sorted(ids)), wanted],
        )
        best = [(int(rowid), round(-score, 4)) for rowid, score in rows]
    if len(best) < wanted:
        rest = ids.difference(rowid for rowid, _ in best)
        named = title_or_tag_ids(conn, plan, tier) if rest else set()
        order = sorted(rest, key=lambda rowid: (rowid not in named, -rowid))
        best += [(rowid, 0.0) for rowid in order[: wanted - len(best)]]
    return best


def title_or_tag_ids(conn: sqlite3.Connection, plan: Plan, tier: int) -> set[int]:
    """Reports with a query word in their title or tags (for words too common to rank)."""
    derivations = {quote(d.term) for group in plan.groups for d in group.upto(tier)}
    if not derivations:
        return set()
    return matching_ids(conn, "{title tags} : (" + " OR ".join(sorted(derivations)) + ")")
