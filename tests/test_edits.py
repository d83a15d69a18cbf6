"""One-typo candidates spelt out (search/edits.py) find exactly what rapidfuzz's OSA scan
finds: over drawn words and terms, and over the shipped catalogue's own vocabulary."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

from evalcatalog import Catalog
from evalcatalog.search.edits import one_edit_variants
from evalcatalog.store import index_reads

# A few letters (and an accented one) so that drawn terms are often one edit apart.
WORDS = st.text(alphabet="abcé", min_size=1, max_size=7)


def scanned(word: str, terms: list[str]) -> set[str]:
    """What the vocabulary's two-typo path finds, at one typo."""
    found = process.extract(word, terms, scorer=OSA.distance, processor=None, score_cutoff=1,
                            limit=None)  # fmt: skip
    return {term for term, distance, _ in found if distance}


@settings(max_examples=400, deadline=None)
@given(WORDS, st.lists(WORDS, max_size=40))
def test_variants_find_what_an_osa_scan_finds(word: str, terms: list[str]) -> None:
    alphabet = "".join(set("".join(terms)))
    assert one_edit_variants(word, alphabet) & set(terms) == scanned(word, terms)


def test_variants_are_one_edit_each() -> None:
    assert one_edit_variants("ab", "ab") == {"a", "b", "ba", "aa", "bb", "aab", "bab", "abb",
                                             "aba"}  # fmt: skip
    assert "stalking" in one_edit_variants("stalknig", "g")  # a swap is one edit (OSA)


def test_the_vocabulary_finds_the_same_candidates_as_a_scan(shipped_catalogue: Path) -> None:
    """Every bucket word of 5-8 letters with a typo put in, against the buckets scanned."""
    with Catalog(str(shipped_catalogue), read_only=True) as catalog:
        vocabulary = catalog.vocabulary()
        conn = catalog.store.index_reader
        rows = [row for first in "abcdefghijklmnopqrstuvwxyz"
                for row in index_reads.vocabulary_buckets(conn, first, 4, 9)]  # fmt: skip
        buckets = {(terms[0], length): terms.split("\n") for length, terms, _ in rows}
        words = sorted(t for (_, n), terms in buckets.items() if 5 <= n <= 8 for t in terms)
        assert len(words) > 500  # the shipped reports' vocabulary
        chosen = random.Random(7).sample(words, 300)
        typed = [word[:2] + word[3] + word[2] + word[4:] for word in chosen]  # a swap
        checked = 0
        for word in chosen + typed:
            terms = [t for n in range(len(word) - 1, len(word) + 2)
                     for t in buckets.get((word[0], n), [])]  # fmt: skip
            expected = scanned(word, terms)
            found = vocabulary._same_first_letter(word, 1)  # the step that stopped scanning
            assert {term for term, _, _ in found} == expected
            assert all(distance == 1 for _, distance, _ in found)
            checked += bool(expected)
        assert checked > 50  # many of them had candidates
