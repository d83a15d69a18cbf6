"""A report's title, scored on its own: BM25 with the title's length normalised against the
catalogue's mean title (BM25's b per field, as BM25F does), so a short title about the query
beats a long one that mentions it; and a title that is the query (or its part before a colon
or dash: "Stalking risk assessment: Full technical report") ranks its report first in its tier.
"""

from __future__ import annotations

import math
import re
import sqlite3

from ..store.index_reads import matching_report_ids, report_titles
from .plan import Derivation, Plan, quote
from .query import tokens

K1, B = 1.2, 0.75
TITLE_WEIGHT = 3.0  # against the tags and body's FTS5 BM25
EXACT_TITLE = 50.0  # above any BM25 score a body gives: the title is the query
NEAR_TITLE = 25.0  # one word more than the query
MAX_TITLED = 100  # titles holding a query word, past which only a title that is the query counts
LEVEL_WEIGHTS = (1.0, 0.7, 0.5, 0.35)
MAIN_PART = re.compile(r"\s*(?::|\s[-–—|]\s)")


def title_scores(
    conn: sqlite3.Connection, plan: Plan, tier: int, ids: set[int], among: set[int] | None = None
) -> dict[int, float]:
    """Report id -> title score, for those of `ids` with a query word in their title; `among`:
    reports known to hold every such title (those with a query word in title or tags), read
    instead of looking the titles up when they are few."""
    derivations = {quote(d.term) for group in plan.groups for d in group.upto(tier)
                   if not d.columns}  # fmt: skip
    if not derivations or not ids:
        return {}
    if among is not None and len(among & ids) <= MAX_TITLED:
        found = report_titles(conn, among & ids) if among & ids else []
        return {report_id: score for report_id, title in found
                if (score := title_score(title, plan, tier))}  # fmt: skip
    expression = "{title} : (" + " OR ".join(sorted(derivations)) + ")"
    titled = matching_report_ids(conn, expression) & ids
    if not titled:
        return {}
    if len(titled) > MAX_TITLED:  # a word in that many titles tells them apart no better
        if len(plan.groups) > 1:  # a title that is the query holds every group
            titled &= matching_report_ids(conn, every_group(plan, tier))
        # only titles whose main part could be the query (title_score's first test) are read
        found = report_titles(conn, titled, max_spaces=len(plan.groups)) if titled else []
        return {report_id: bonus for report_id, title in found
                if (bonus := title_score(title, plan, tier, bonus_only=True))}  # fmt: skip
    found = report_titles(conn, titled)
    return {report_id: title_score(title, plan, tier) for report_id, title in found}


def every_group(plan: Plan, tier: int) -> str:
    """The FTS5 query for titles holding each group (some word of it; a group of names alone
    holds none): checked in C, not title by title (2,000 titles with `report` cost 16 ms)."""
    groups = [" OR ".join(quote(d.term) for d in group.upto(tier, text_only=True)) or '""'
              for group in plan.groups]  # fmt: skip
    return "{title} : (" + " AND ".join(f"({group})" for group in groups) + ")"


def occurrences(words: list[str], derivation: Derivation) -> int:
    wanted = derivation.term.split(" ")
    size = len(wanted)
    return sum(words[i : i + size] == wanted for i in range(len(words) - size + 1))


def title_score(title: str, plan: Plan, tier: int, *, bonus_only: bool = False) -> float:
    """TITLE_WEIGHT x BM25 of the title, plus EXACT_TITLE or NEAR_TITLE when its main part
    is the query; `bonus_only`: just the latter, for titles too many to score."""
    head = MAIN_PART.split(title, maxsplit=1)[0]
    if bonus_only and head.count(" ") > len(plan.groups):  # more words than a bonus allows
        return 0.0
    bonus = title_bonus(tokens(head), plan, tier)
    if bonus_only:
        return bonus
    words = tokens(title)
    norm = K1 * (1 - B + B * len(words) / max(1.0, plan.title_words))
    score = 0.0
    for group in plan.groups:
        derivations = group.upto(tier, text_only=True)
        tf = sum(LEVEL_WEIGHTS[min(d.level, 3)] * occurrences(words, d) for d in derivations)
        docs = min(plan.row_count, max((d.docs for d in derivations), default=0))
        idf = math.log(1 + (plan.row_count - docs + 0.5) / (docs + 0.5))
        score += idf * tf * (K1 + 1) / (tf + norm)
    return TITLE_WEIGHT * score + bonus


def title_bonus(main: list[str], plan: Plan, tier: int) -> float:
    """EXACT_TITLE when the title's main part (its words `main`) is the query, NEAR_TITLE when
    it has one word more, else 0 (a group not in it ends the look: most titles)."""
    covered = 0
    for group in plan.groups:
        derivations = group.upto(tier, text_only=True)
        in_main = [len(d.term.split(" ")) for d in derivations if occurrences(main, d)]
        if not in_main:
            return 0.0
        covered += max(in_main)
    if not main:
        return 0.0
    extra = len(main) - covered
    return EXACT_TITLE if extra <= 0 else NEAR_TITLE if extra == 1 else 0.0
