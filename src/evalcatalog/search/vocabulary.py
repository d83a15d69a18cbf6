"""Typo candidates from the catalogue's own vocabulary, as Meilisearch allows typos.

Words of 1-4 characters must match exactly, 5-8 allow one edit, 9 or more two; a wrong first
letter costs two; words with a digit are never corrected. An edit is an insertion, deletion,
substitution or a swap of two neighbouring letters (optimal string alignment, as Damerau
counted typos: "stalknig" is one edit from "stalking", where Levenshtein counts two). So a
candidate either shares the word's first letter and is within the allowance, or differs only
in its first letter (a 9+ word's whole allowance: replaced, missing, one too many, or swapped
with the second), which indexed lookups on the term and its tail find.

Same-first-letter candidates come from (first letter, length) buckets, one row each in
`vocabulary_buckets`, loaded on first use and kept for the life of the Vocabulary (one per
Catalog and index generation). One edit: the word's one-edit variants looked up in the buckets
(edits.py). Two: the buckets scanned with rapidfuzz (strings stored normalised,
processor=None, and a score_cutoff that lets it stop early).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..store import index_reads
from ..text import stem
from .edits import one_edit_variants

MAX_CANDIDATES = 8  # per word, closest then commonest: each one is a term in the FTS query
MAX_COMPLETIONS = 10  # a prefix matches its commonest completions (Typesense keeps 4)
MAX_FORMS = 12  # other forms of a word (evaluated, evaluation, ...), commonest first
# Answers kept per Vocabulary (one per index generation): people search the same words in new
# combinations, and a word's typo candidates cost ~1 ms to work out at 100,000 pages.
MAX_REMEMBERED = 20_000
# -vene/-vention: a close derivation Snowball leaves apart (intervene interven, intervention
# intervent; convene, prevent), and rare enough to join without joining unrelated words.
CLOSE_DERIVATIONS = (("ven", "vent"),)
T = TypeVar("T")


def typo_allowance(word: str) -> int:
    if any(char.isdigit() for char in word):
        return 0
    length = len(word)
    return 0 if length <= 4 else 1 if length <= 8 else 2


def suggestion_allowance(word: str) -> int:
    """Looser, for "did you mean" once a word found nothing: two edits of any kind from 4
    letters (a 3-letter word is two edits from most short words: one), none below."""
    if any(char.isdigit() for char in word) or len(word) <= 2:
        return 0
    return 1 if len(word) == 3 else 2


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
        # Rows, not reports (a long report has a row per 100 pages), BM25's mean title length,
        # and whether term_stems exists (schema m011 on); the connection's cache made larger.
        self.row_count, self.title_words, self.has_stems = index_reads.vocabulary_figures(conn)
        # (first letter, length) -> (terms, their report counts as text: most are never read)
        self._buckets: dict[tuple[str, int], tuple[list[str], list[str]]] = {}
        self._term_sets: dict[tuple[str, int], tuple[frozenset[str], str]] = {}  # and letters
        self._docs: dict[str, int] = {}
        self._answers: dict[tuple[str, str, int], Any] = {}  # (question, word, n) -> answer

    def _remembered(self, question: str, word: str, n: int, answer: Callable[[], T]) -> T:
        """`answer()`, asked once per generation for each word (the oldest forgotten first)."""
        key = (question, word, n)
        if key not in self._answers:
            if len(self._answers) >= MAX_REMEMBERED:
                del self._answers[next(iter(self._answers))]
            self._answers[key] = answer()
        found: T = self._answers[key]
        return found

    def long_reports(self) -> frozenset[int]:
        """Reports of more than one chunk in the report index, read once per generation."""
        found = lambda: frozenset(index_reads.long_report_ids(self.conn))  # noqa: E731
        return self._remembered("long reports", "", 0, found)

    def report_ids(self) -> frozenset[int]:
        """Every report in the report index, read once per generation."""
        found = lambda: frozenset(index_reads.indexed_report_ids(self.conn))  # noqa: E731
        return self._remembered("report ids", "", 0, found)

    def report_count(self) -> int:
        """Reports in the report index, read once per generation."""
        return self._remembered("reports", "", 0, lambda: index_reads.report_count(self.conn))

    def docs(self, term: str) -> int:
        """In how many reports `term` appears (0 if it is not in the vocabulary)."""
        if term not in self._docs:
            self._docs[term] = index_reads.term_docs(self.conn, term)
        return self._docs[term]

    def candidates(self, word: str, allowance: int | None = None) -> list[Candidate]:
        """Other terms within the word's typo allowance, closest and commonest first."""
        allowed = typo_allowance(word) if allowance is None else allowance
        if allowed <= 0 or not word:
            return []
        found = lambda: self._candidates(word, allowed)  # noqa: E731
        return list(self._remembered("typos", word, allowed, found))

    def _candidates(self, word: str, allowed: int) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for term, distance, docs in self._same_first_letter(word, allowed):
            found[term] = Candidate(term, distance, docs)
        if allowed >= 2:
            for term, docs in self._other_first_letter(word):
                found.setdefault(term, Candidate(term, 2, docs))
        ranked = sorted(found.values(), key=lambda c: (c.distance, -c.docs, c.term))
        return ranked[:MAX_CANDIDATES]

    def forms(self, word: str) -> list[tuple[str, int]]:
        """The catalogue's other forms of `word`: terms with its stem (or a close derivation
        of it) and their docs, commonest first."""
        if not self.has_stems or not word.isalpha():
            return []
        family = lambda: index_reads.terms_with_stems(  # noqa: E731
            self.conn, stem_family(stem(word)), word, MAX_FORMS
        )
        return list(self._remembered("forms", word, MAX_FORMS, family))

    def completions(self, prefix: str, limit: int = MAX_COMPLETIONS) -> list[tuple[str, int]]:
        """The commonest terms that start with `prefix` and are longer than it."""
        found = lambda: index_reads.completions(self.conn, prefix, limit)  # noqa: E731
        return list(self._remembered("completions", prefix, limit, found))

    def _same_first_letter(self, word: str, allowed: int) -> list[tuple[str, int, int]]:
        lengths = range(max(1, len(word) - allowed), len(word) + allowed + 1)
        self._load(word[0], lengths)
        if allowed == 1:
            return self._one_edit(word, lengths)
        from rapidfuzz import process  # only a word allowed two typos comes here
        from rapidfuzz.distance import OSA

        found = []
        for length in lengths:
            terms, docs = self._buckets[(word[0], length)]
            for term, distance, index in process.extract(
                word,
                terms,
                scorer=OSA.distance,
                processor=None,
                score_cutoff=allowed,
                limit=None,
            ):
                if distance:
                    found.append((term, int(distance), int(docs[index])))
        return found

    def _one_edit(self, word: str, lengths: range) -> list[tuple[str, int, int]]:
        """The bucketed terms one edit from `word` (what a scan with OSA.distance and
        score_cutoff=1 finds, tests/test_edits.py), by looking its variants up."""
        sets = [self._term_set(word[0], length) for length in lengths]
        alphabet = "".join(set("".join(letters for _, letters in sets)))
        found = []
        for variant in one_edit_variants(word, alphabet):
            length = len(variant)
            if length in lengths and variant in sets[length - lengths.start][0]:
                terms, docs = self._buckets[(word[0], length)]
                found.append((variant, 1, int(docs[terms.index(variant)])))
        return found

    def _term_set(self, first: str, length: int) -> tuple[frozenset[str], str]:
        """A loaded bucket's terms as a set, and the letters they use."""
        key = (first, length)
        if key not in self._term_sets:
            terms = self._buckets[key][0]
            self._term_sets[key] = (frozenset(terms), "".join(set("".join(terms))))
        return self._term_sets[key]

    def _other_first_letter(self, word: str) -> list[tuple[str, int]]:
        """Terms one edit away at the first letter only: replaced, missing, one too many, or
        swapped with the second letter."""
        swapped = word[1] + word[0] + word[2:] if len(word) > 1 else word
        rows = index_reads.first_letter_variants(self.conn, word[1:], word, swapped)
        return [(t, d) for t, d in rows if t != word and t[0] != word[0]]

    def _load(self, first: str, lengths: range) -> None:
        missing = [length for length in lengths if (first, length) not in self._buckets]
        if not missing:
            return
        for length in missing:
            self._buckets[(first, length)] = ([], [])
        rows = index_reads.vocabulary_buckets(self.conn, first, min(missing), max(missing))
        for length, terms, docs in rows:
            if length in missing:
                self._buckets[(first, length)] = (terms.split("\n"), docs.split(","))


def stem_family(root: str) -> list[str]:
    """A stem and those of its close derivations (CLOSE_DERIVATIONS), for stems of 6+."""
    family = [root]
    if len(root) >= 6:
        for short, long in CLOSE_DERIVATIONS:
            if root.endswith(short):
                family.append(root + long[len(short) :])
            elif root.endswith(long):
                family.append(root[: -len(long) + len(short)])
    return family
