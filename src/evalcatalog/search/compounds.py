"""A compound's hyphenated, spaced and joined forms meet: anti-social, anti social, antisocial.

FTS5 indexes "anti-social" as the two words anti and social, and "antisocial" as one. So a
phrase joined by punctuation also matches its words joined ("antisocial", when the catalogue
has it); a word that starts with a common English prefix also matches the phrase of prefix and
rest ("anti social", when the rest is a catalogue word); and two words typed apart also match
the two joined. Splitting only at PREFIXES keeps "support" from becoming "sup port".
"""

from __future__ import annotations

from collections.abc import Iterable

from .query import Phrase, Word
from .vocabulary import Vocabulary

PREFIXES = ("anti", "co", "counter", "cross", "cyber", "inter", "multi", "non", "over",
            "post", "pre", "re", "self", "semi", "socio", "sub", "under")  # fmt: skip
MIN_PART = 3


def joined_form(term: Phrase, vocabulary: Vocabulary) -> tuple[str, int] | None:
    """anti-social -> antisocial and its docs, if the catalogue has it."""
    if not term.joined or len(term.tokens) != 2:
        return None
    joined = "".join(term.tokens)
    docs = vocabulary.docs(joined)
    return (joined, docs) if docs else None


def split_form(term: Word, vocabulary: Vocabulary) -> str | None:
    """antisocial -> "anti social" (as anti-social is indexed), if the rest is a word."""
    for prefix in PREFIXES:
        rest = term.text[len(prefix) :]
        wanted = term.text.startswith(prefix) and len(rest) >= MIN_PART and rest.isalpha()
        if wanted and vocabulary.docs(rest):
            return f"{prefix} {rest}"
    return None


def neighbours_joined(
    words: Iterable[tuple[Word | None, Word | None]], vocabulary: Vocabulary
) -> list[tuple[Word, Word, str, int]]:
    """For each pair of words typed one after the other, the two joined ("anti", "social"
    -> antisocial) when the catalogue has that word."""
    found = []
    for left, right in words:
        if left is None or right is None:
            continue
        joined = left.text + right.text
        docs = vocabulary.docs(joined) if joined.isalpha() else 0
        if docs:
            found.append((left, right, joined, docs))
    return found
