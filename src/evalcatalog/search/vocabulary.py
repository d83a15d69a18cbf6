"""Typo candidates from the catalogue's own vocabulary, as Meilisearch allows typos.

Words of 1-4 characters must match exactly, 5-8 allow one edit, 9 or more two; a wrong first
letter costs two; words with a digit are never corrected. So a candidate either shares the
word's first letter and is within the allowance (Levenshtein), or differs only in its first
letter (a 9+ word's whole allowance), which three indexed lookups on the term's tail find.

Same-first-letter candidates come from (first letter, length) buckets, one row each in
`vocabulary_buckets`, loaded on first use and kept for the life of the Vocabulary (one per
Catalog and index generation), and scanned with rapidfuzz: strings stored normalised,
processor=None, and a score_cutoff that lets it stop early.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

CACHE_KIB = 64 * 1024
MAX_CANDIDATES = 8  # per word, closest then commonest: each one is a term in the FTS query
MAX_COMPLETIONS = 10  # a prefix matches its commonest completions (Typesense keeps 4)


def typo_allowance(word: str) -> int:
    if any(char.isdigit() for char in word):
        return 0
    length = len(word)
    return 0 if length <= 4 else 1 if length <= 8 else 2


def suggestion_allowance(word: str) -> int:
    """Looser, for "did you mean" once nothing matched: short words get one edit too."""
    if any(char.isdigit() for char in word) or len(word) <= 2:
        return 0
    return 1 if len(word) <= 5 else 2


@dataclass(frozen=True)
class Candidate:
    term: str
    distance: int
    docs: int


class Vocabulary:
    """The catalogue's terms, read lazily by bucket and cached."""

    def __init__(self, conn: sqlite3.Connection, generation: str) -> None:
        self.conn = conn
        self.generation = generation
        # A search reads index pages all over the file: keep more of them than the 2 MB default.
        conn.execute(f"pragma cache_size = -{CACHE_KIB}")
        # Rows, not reports (a long report has a row per 100 pages): a term's docs count rows,
        # as FTS5's own document frequencies (and so BM25's) do.
        self.row_count = int(conn.execute("select count(*) from report_search").fetchone()[0])
        # (first letter, length) -> (terms, their report counts as text: most are never read)
        self._buckets: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
        self._docs: dict[str, int] = {}

    def docs(self, term: str) -> int:
        """In how many reports `term` appears (0 if it is not in the vocabulary)."""
        if term not in self._docs:
            row = self.conn.execute("select docs from vocabulary where term = ?", [term])
            found = row.fetchone()
            self._docs[term] = int(found[0]) if found else 0
        return self._docs[term]

    def candidates(self, word: str, allowance: int | None = None) -> list[Candidate]:
        """Other terms within the word's typo allowance, closest and commonest first."""
        allowed = typo_allowance(word) if allowance is None else allowance
        if allowed <= 0 or not word:
            return []
        found: dict[str, Candidate] = {}
        for term, distance, docs in self._same_first_letter(word, allowed):
            found[term] = Candidate(term, distance, docs)
        if allowed >= 2:
            for term, docs in self._other_first_letter(word):
                found.setdefault(term, Candidate(term, 2, docs))
        ranked = sorted(found.values(), key=lambda c: (c.distance, -c.docs, c.term))
        return ranked[:MAX_CANDIDATES]

    def completions(self, prefix: str, limit: int = MAX_COMPLETIONS) -> list[tuple[str, int]]:
        """The commonest terms that start with `prefix` and are longer than it."""
        rows = self.conn.execute(
            """select term, docs from vocabulary where term > ? and term < ?
               order by docs desc, term limit ?""",
            [prefix, prefix + "\U0010ffff", limit],
        )
        return [(term, int(docs)) for term, docs in rows.fetchall()]

    def _same_first_letter(self, word: str, allowed: int) -> list[tuple[str, int, int]]:
        lengths = range(max(1, len(word) - allowed), len(word) + allowed + 1)
        self._load(word[0], lengths)
        found = []
        for length in lengths:
            terms, docs = self._buckets[(word[0], length)]
            for term, distance, index in process.extract(
                word,
                terms,
                scorer=Levenshtein.distance,
                processor=None,
                score_cutoff=allowed,
                limit=None,
            ):
                if distance:
                    found.append((term, int(distance), int(docs[index])))
        return found

    def _other_first_letter(self, word: str) -> list[tuple[str, int]]:
        """Terms one edit away at the first letter only: replaced, missing, or one too many."""
        rows = self.conn.execute(
            """select term, docs from vocabulary
               where rest in (?1, ?2) or term = ?1""",
            [word[1:], word],
        )
        return [(t, int(d)) for t, d in rows.fetchall() if t != word and t[0] != word[0]]

    def _load(self, first: str, lengths: range) -> None:
        missing = [length for length in lengths if (first, length) not in self._buckets]
        if not missing:
            return
        for length in missing:
            self._buckets[(first, length)] = ([], [])
        rows = self.conn.execute(
            """select length, terms, docs from vocabulary_buckets
               where first = ? and length between ? and ?""",
            [first, min(missing), max(missing)],
        )
        for length, terms, docs in rows.fetchall():
            if length in missing:
                self._buckets[(first, length)] = (terms.split("\n"), docs.split(","))
