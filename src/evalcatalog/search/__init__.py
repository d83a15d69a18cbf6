"""Ranked, typo-tolerant full-text search over the catalogue, with page numbers and snippets.

query.py       query text -> words, phrases, OR groups, exclusions, filters
vocabulary.py  typo candidates from the catalogue's own terms (Meilisearch's rules)
names.py       taxonomy names in queries; filter values -> report ids
plan.py        each term's derivations (exact, prefix, typo, name) -> FTS5 expressions
rank.py        reports ranked tier by tier (exact first) by weighted BM25
pages.py       each hit's best pages and snippets
explain.py     which query word matched which document word, where
engine.py      all of it -> SearchResult
"""

from .engine import search
from .vocabulary import Vocabulary

__all__ = ["Vocabulary", "search"]
