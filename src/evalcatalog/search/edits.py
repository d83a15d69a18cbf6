"""The words one typo from a word, spelt out: what a one-edit lookup needs without rapidfuzz.

Most query words (5-8 letters) are allowed one typo. Their candidates are the terms at
optimal-string-alignment distance exactly 1: one letter deleted, inserted, replaced, or two
neighbours swapped. Spelling those out (a few hundred strings) and looking them up in a bucket
finds the same terms as scanning the bucket with rapidfuzz's OSA, and spares a command-line
search importing rapidfuzz (~11 ms of its start-up). Two typos (9+ letters) still scan with it.
"""

from __future__ import annotations


def one_edit_variants(word: str, alphabet: str) -> set[str]:
    """Every string one edit from `word` whose inserted or replacing letters are in `alphabet`
    (a term can only be found through letters it has), `word` itself left out."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {head + tail[1:] for head, tail in splits if tail}
    variants |= {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    variants |= {head + char + tail[1:] for head, tail in splits if tail for char in alphabet}
    variants |= {head + char + tail for head, tail in splits for char in alphabet}
    variants.discard(word)
    return variants
