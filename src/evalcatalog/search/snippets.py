"""A page's snippet: the passage with the densest matches, cut at word boundaries, as plain text
with the matched words' character offsets (`**marks**` are for text output, models.PageHit).

Built from the page text FTS5's highlight() returned with START/END around every match, so
what is marked is exactly what the index matched (phrases as one span). A window of
SNIPPET_WORDS words is slid over the page; the one holding the most of the query's groups,
then the most matches, wins, earliest first; it starts a few words before its first match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import one_line

START, END = "\x02", "\x03"  # control characters: clean_text keeps them out of page text
SNIPPET_WORDS = 18
LEAD = 3  # words shown before the first match in the window
LONGEST_WORD = 60  # a snippet shows words, not megabytes: a hostile PDF can hold a 2 MB word
ELLIPSIS = "…"
MARKED = re.compile(START + "(.*?)" + END, re.S)


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]


def marked_texts(marked: str) -> list[str]:
    """The text of each match in highlight()'s output, in order."""
    return MARKED.findall(marked)


def make_snippet(marked: str, span_groups: list[int]) -> Snippet:
    """`marked`: a page's text with START/END around matches; `span_groups`: the query group
    each marked span answers, in order."""
    words = one_line(marked).split(" ")
    groups = word_groups(words, span_groups)
    start, end = best_window(groups)
    text, highlights = unmark(words[start:end])
    if start > 0:
        text, highlights = ELLIPSIS + text, [(a + 1, b + 1) for a, b in highlights]
    if end < len(words):
        text += ELLIPSIS
    return Snippet(text, highlights)


def word_groups(words: list[str], span_groups: list[int]) -> list[int]:
    """For each word, the group of the marked span it is in (-1 for none): a phrase's match
    marks each of its words."""
    found: list[int] = []
    span, inside = -1, False
    for word in words:
        group = -1
        for char in word:
            if char == START:
                span, inside = span + 1, True
            elif char == END:
                inside = False
            if inside or char == END:
                group = span_groups[span] if 0 <= span < len(span_groups) else 0
        found.append(group)
    return found


def best_window(groups: list[int]) -> tuple[int, int]:
    """The [start, end) of the window of words with the most groups, then most matches."""
    marks = [index for index, group in enumerate(groups) if group >= 0]
    if not marks:
        return 0, min(len(groups), SNIPPET_WORDS)
    best, best_key = 0, (-1, -1)
    for mark in marks:
        start = max(0, min(mark - LEAD, len(groups) - SNIPPET_WORDS))
        window = [group for group in groups[start : start + SNIPPET_WORDS] if group >= 0]
        key = (len(set(window)), len(window))
        if key > best_key:
            best, best_key = start, key
    return best, min(len(groups), best + SNIPPET_WORDS)


def unmark(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The words joined, markers removed, each word cut to LONGEST_WORD; and the [start, end)
    offsets of what was marked (a phrase across words is one span)."""
    out: list[str] = []
    highlights: list[tuple[int, int]] = []
    length, opened = 0, -1
    for number, word in enumerate(words):
        if number:
            out.append(" ")
            length += 1
        kept = 0
        for char in word:
            if char == START:
                opened = length
            elif char == END:
                if opened >= 0 and length > opened:
                    highlights.append((opened, length))
                opened = -1
            elif kept < LONGEST_WORD:
                out.append(char)
                length, kept = length + 1, kept + 1
            elif kept == LONGEST_WORD:
                out.append(ELLIPSIS)
                length, kept = length + 1, kept + 1
    if opened >= 0 and length > opened:  # the window ended inside a phrase
        highlights.append((opened, length))
    return "".join(out), highlights
