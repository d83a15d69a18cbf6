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
WINDOW_CHARS = SNIPPET_WORDS * 7  # about a window of words, for choosing the region
REGION_CHARS = 300  # kept either side of the densest run of matches
MARKED = re.compile(START + "(.*?)" + END, re.S)
SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]


def marked_texts(marked: str) -> list[str]:
    """The text of each match in highlight()'s output, in order."""
    return MARKED.findall(marked)


def make_snippet(marked: str, span_groups: list[int]) -> Snippet:
    """`marked`: a page's text with START/END around matches; `span_groups`: the query group
    each marked span answers, in order. The words are weighed only around the densest run of
    matches (a page may hold hundreds of a common word's)."""
    begin, end = region(marked, span_groups)
    skipped = marked.count(START, 0, begin)
    words = one_line(marked[begin:end]).split(" ")
    groups = word_groups(words, span_groups[skipped:])
    first, last = best_window(groups)
    snippet, highlights = unmark(words[first:last])
    if first > 0 or begin > 0:
        snippet, highlights = ELLIPSIS + snippet, [(a + 1, b + 1) for a, b in highlights]
    if last < len(words) or end < len(marked):
        snippet += ELLIPSIS
    return Snippet(snippet, highlights)


def region(text: str, span_groups: list[int]) -> tuple[int, int]:
    """[begin, end) of the text around the run of WINDOW_CHARS with the most groups, then
    most matches, cut at white space; the whole text when it is short."""
    if len(text) <= 2 * REGION_CHARS:
        return 0, len(text)
    starts = [found.start() for found in MARKED.finditer(text)]
    best, best_key, last = 0, (-1, -1), 0
    for index, start in enumerate(starts):
        last = max(last, index)
        while last + 1 < len(starts) and starts[last + 1] < start + WINDOW_CHARS:
            last += 1
        groups = {span_groups[i] if i < len(span_groups) else 0 for i in range(index, last + 1)}
        key = (len(groups), last + 1 - index)
        if key > best_key:
            best, best_key = start, key
    before = SPACE.search(text[max(0, best - REGION_CHARS) : best])
    begin = max(0, best - REGION_CHARS) + before.end() if before and best > REGION_CHARS else 0
    after = SPACE.search(text, best + WINDOW_CHARS + REGION_CHARS)
    return begin, after.start() if after else len(text)


def word_groups(words: list[str], span_groups: list[int]) -> list[int]:
    """For each word, the group of the marked span it is in (-1 for none): a phrase's match
    marks each of its words. Only the words holding a mark are walked character by character
    (a page's region has ~100 words and a few marks)."""
    found = [-1] * len(words)
    span, inside, last = -1, False, -1
    for index in [i for i, word in enumerate(words) if START in word or END in word]:
        if inside:  # the words since the last mark are within a phrase's match
            found[last + 1 : index] = [span_group(span, span_groups)] * (index - last - 1)
        group = -1
        for char in words[index]:
            if char == START:
                span, inside = span + 1, True
            elif char == END:
                inside = False
            if inside or char == END:
                group = span_group(span, span_groups)
        found[index], last = group, index
    if inside:
        found[last + 1 :] = [span_group(span, span_groups)] * (len(words) - last - 1)
    return found


def span_group(span: int, span_groups: list[int]) -> int:
    return span_groups[span] if 0 <= span < len(span_groups) else 0


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
        if len(word) <= LONGEST_WORD and START not in word and END not in word:
            out.append(word)  # most words: nothing to take out or cut
            length += len(word)
            continue
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
