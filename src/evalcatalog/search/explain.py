"""search --explain: for a hit, which query word matched which document word, with the edit
distance, the field (title, tags, text) and, for text, the page. Asked of FTS5 itself, one
derivation and field at a time, so it says what the search did rather than guessing."""

from __future__ import annotations

import sqlite3

from ..models import TermMatch
from ..store.index_reads import report_matches
from .pages import ReportPages
from .plan import Derivation, Plan, quote
from .rank import RankedReport

FIELDS = (("title", "title"), ("tags", "tags"), ("body", "text"))


def explain_hit(
    conn: sqlite3.Connection, plan: Plan, hit: RankedReport, pages: ReportPages, best: list[int]
) -> list[TermMatch]:
    """`best`: the page numbers shown for the hit, named first when a word is on several."""
    found: list[TermMatch] = []
    for group in plan.groups:
        for term in group.terms:
            for derivation in term.upto(hit.tier):
                found += derivation_matches(conn, term.word, derivation, hit, pages, best)
    return found


def derivation_matches(
    conn: sqlite3.Connection,
    word: str,
    derivation: Derivation,
    hit: RankedReport,
    pages: ReportPages,
    best: list[int],
) -> list[TermMatch]:
    shown = derivation.shown or derivation.term
    found = []
    for column, field in FIELDS:
        if derivation.columns and column not in derivation.columns:
            continue
        if not in_column(conn, hit.report_id, column, derivation.term):
            continue
        page = None
        if column == "body":
            numbers = pages.pages_with(derivation)
            page = next((n for n in best if n in numbers), numbers[0] if numbers else None)
        found.append(TermMatch(word, shown, derivation.distance, field, page, derivation.kind))
    return found


def in_column(conn: sqlite3.Connection, report_id: int, column: str, text: str) -> bool:
    """In any chunk of the report."""
    return report_matches(conn, report_id, "{" + column + "} : " + quote(text))
