"""A section's own text, page by page, without running headers and footers, as sentences.

A section runs from its heading on its first page to the heading of the next section of the
same or a higher level (or the end of its last page). Pages are joined with a line break, so a
sentence that runs over a page break stays one sentence; it is cited at the page it starts on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..models import PageText
from .sentences import Sentence, normalise, split_sentences

EDGE_LINES = 4  # running headers and footers sit in the first or last few lines of a page
FURNITURE_SHARE = 0.5  # a line on at least this share of pages (3 or more) is furniture
PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d+(?:\s+of\s+\d+)?\s*$", re.IGNORECASE)


class SectionLike(Protocol):
    """What the evidence map needs of a section (models.Section, from issue 17)."""

    level: int
    title: str
    first_page: int
    last_page: int


@dataclass(frozen=True)
class PageSentence:
    """A sentence and the page (from 1) it starts on."""

    sentence: Sentence
    page: int


def page_texts(pages: Sequence[PageText]) -> dict[int, str]:
    """Stored pages as {number: text}, without the running header and footer that structure
    found at ingest (`PageText.furniture`), and without contents pages, whose headings would
    otherwise be taken for the sections they list."""
    texts = {}
    for page in pages:
        head, tail = page.furniture
        if page.kind != "contents":
            texts[page.number] = page.text[head : len(page.text) - tail]
    return texts


def line_key(line: str) -> str:
    """A line with its numbers blurred, so "Page 4 of 66" and "Page 5 of 66" are one line."""
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def furniture_keys(pages: dict[int, str]) -> set[str]:
    """Lines that repeat at the top or bottom of many pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for text in pages.values():
        lines = [line for line in text.splitlines() if line.strip()]
        edges = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
        seen.update({line_key(line) for line in edges})
    return {key for key, count in seen.items() if count >= max(3, FURNITURE_SHARE * len(pages))}


def body_text(text: str, furniture: set[str]) -> str:
    """A page without its furniture lines and bare page numbers (kept as empty lines, so that
    what remains joins up as it did)."""
    kept = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        edge = index < EDGE_LINES or index >= len(lines) - EDGE_LINES
        repeated = line_key(line) in furniture or bool(PAGE_NUMBER.match(line))
        if not (edge and line.strip() and repeated):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def body_pages(pages: dict[int, str]) -> dict[int, str]:
    furniture = furniture_keys(pages)
    return {number: body_text(text, furniture) for number, text in pages.items()}


def heading_at(text: str, title: str, start: int = 0) -> int | None:
    """Where the heading `title` starts in a page's text (spacing and line breaks aside)."""
    words = title.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.compile(pattern, re.IGNORECASE).search(text, start)
    return found.start() if found else None


def following(sections: Sequence[SectionLike], index: int) -> SectionLike | None:
    """The next section of the same or a higher level: where this one ends."""
    level = sections[index].level
    return next((s for s in sections[index + 1 :] if s.level <= level), None)


def section_pages(
    sections: Sequence[SectionLike], index: int, pages: dict[int, str]
) -> list[tuple[int, str]]:
    """The text of sections[index], page by page, from its heading to the next one's."""
    section, after = sections[index], following(sections, index)
    last = section.last_page
    if after is not None and section.first_page <= after.first_page < last:
        last = after.first_page
    parts = []
    for number in range(section.first_page, last + 1):
        text = pages.get(number, "")
        if number == section.first_page:
            begin = heading_at(text, section.title)
            text = text[begin:] if begin is not None else text
        if after is not None and number == after.first_page and number <= last:
            skip = len(section.title) if number == section.first_page else 0
            end = heading_at(text, after.title, skip)
            text = text[:end] if end is not None else text
        parts.append((number, text))
    return parts


def page_sentences(parts: list[tuple[int, str]]) -> list[PageSentence]:
    """The sentences of consecutive pages' text, each with the page it starts on."""
    joined, starts = "", []
    for number, text in parts:
        starts.append((len(joined), number))
        joined += normalise(text) + "\n"  # as split_sentences reads it, so offsets agree
    found = []
    for sentence in split_sentences(joined):
        page = next((n for offset, n in reversed(starts) if offset <= sentence.start), 0)
        found.append(PageSentence(sentence, page))
    return found
