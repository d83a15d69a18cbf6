"""A report's outline from its headings (numbered headings, short lines set apart from prose)
or from its PDF bookmarks: turned into `Section`s with the pages each spans.

Works line by line on page texts, as extract/structure.py reads them; which lines are running
headers and footers is known only once every page is read, so a page's heading-shaped lines
are kept as `Candidate`s and judged then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Section

NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
MAX_HEADING_CHARS = 90
MAX_HEADING_WORDS = 14
MAX_PLAIN_WORDS = 9  # an unnumbered heading is shorter still: "Cost effectiveness"
MAX_PLAIN_CHARS = 70
PLAIN_SHARE = 0.75  # of the page's full line length, at most
# Lines shaped like headings that are captions, notes or sources, never headings.
NOT_HEADINGS = re.compile(
    r"^(table|figure|fig\.|chart|graph|box|note|notes|source|sources|base|key)\b[^a-z]*\d",
    re.IGNORECASE,
)
# Parts of a report that stand at its top level wherever they come.
TOP_LEVEL = re.compile(
    r"^(references|bibliography|appendix|appendices|annex|annexe|annexes|glossary|endnotes"
    r"|notes|acknowledgements|abstract|foreword|preface|index|executive summary|conclusions?)\b",
    re.IGNORECASE,
)
SENTENCE_END = (".", "!", "?", "\u201d", '"')


@dataclass
class Candidate:
    """A heading-shaped line: its page, its index among the page's lines, its text, its number
    ((3, 1) for "3.1 ...", () when unnumbered), and whether the line before it ends a
    sentence or starts the page (prev) and a line follows it (next), by index."""

    page: int
    index: int
    title: str
    number: tuple[int, ...]
    prev_ok: bool
    under: int = 0  # an unnumbered heading's depth below the numbered one before it

    def set_apart(self, full_line: float) -> bool:
        """A numbered heading is; an unnumbered one must be well short of the report's full
        lines of prose, as the first line of a paragraph is not."""
        return bool(self.number) or len(self.title) <= full_line * PLAIN_SHARE

    @property
    def level(self) -> int:
        return len(self.number) if self.number else 1 + self.under


def heading_shape(line: str) -> tuple[str, tuple[int, ...]] | None:
    """(title, number) if `line` could be a heading on its own, else None."""
    text = " ".join(line.split())
    if not text or len(text) > MAX_HEADING_CHARS or text.endswith((".", ",", ";", ":")):
        return None
    if text[-1].isdigit() or NOT_HEADINGS.match(text):
        return None  # a contents entry ("Impact 56"), a date, a table row, a caption
    numbered = NUMBERED.match(text)
    if numbered:
        title = numbered.group(2)
        if not title[0].isupper() or len(text.split()) > MAX_HEADING_WORDS:
            return None
        return text, tuple(int(part) for part in numbered.group(1).split("."))
    if not text[0].isupper() or len(text) > MAX_PLAIN_CHARS:
        return None
    if len(text.split()) > MAX_PLAIN_WORDS or sum(c.isalpha() for c in text) < 3:
        return None
    return text, ()


def full_line(lines: list[str]) -> int | None:
    """How long the page's full lines of prose are (its 90th percentile), if it has enough."""
    lengths = sorted(len(line) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if len(lengths) >= 8 else None


def page_candidates(page: int, lines: list[str]) -> list[Candidate]:
    """A page's heading-shaped lines followed by the start of a paragraph (not a lowercase
    continuation); lines are the page's non-empty lines, stripped."""
    found = []
    for index, line in enumerate(lines[:-1]):  # a heading has text after it
        if line[:1].islower() or lines[index + 1][:1].islower():
            continue
        shape = heading_shape(line)
        if shape is None:
            continue
        prev_ok = index == 0 or lines[index - 1].endswith(SENTENCE_END)
        found.append(Candidate(page, index, shape[0], shape[1], prev_ok))
    return found


def in_sequence(candidates: list[Candidate]) -> list[Candidate]:
    """Numbered headings that follow on from one another: 3, 3.1, 3.2, 4. A numbered list in
    the text ("1. Leadership" in chapter 3) does not, and is left out. An unnumbered heading
    after a numbered one sits under it, unless it is one of a report's own parts."""
    kept: list[Candidate] = []
    chapter = 0
    last: dict[int, tuple[int, ...]] = {}
    for candidate in candidates:
        number = candidate.number
        if not number:
            numbered = next((c for c in reversed(kept) if c.number), None)
            if numbered and not TOP_LEVEL.match(candidate.title):
                candidate.under = len(numbered.number)
            kept.append(candidate)
        elif len(number) == 1:
            if chapter < number[0] <= chapter + 2 or (not chapter and number[0] <= 3):
                chapter = number[0]
                last = {1: number}
                kept.append(candidate)
        elif (number[0] == chapter or not chapter) and number > last.get(len(number), ()):
            last[len(number)] = number
            kept.append(candidate)
    return kept


def sections_from_headings(
    headings: list[tuple[Candidate, bool]], page_count: int
) -> list[Section]:
    """Sections from headings in reading order, each with whether it opens its page: a
    section ends where the next one at its level or above begins (on the page before, if that
    one opens its page)."""
    sections = []
    for i, (heading, _) in enumerate(headings):
        last = page_count
        for after, at_top in headings[i + 1 :]:
            if after.level <= heading.level:
                last = after.page - 1 if at_top else after.page
                break
        level = heading.level
        sections.append(Section(level, heading.title, heading.page, max(heading.page, last),
                                "headings"))  # fmt: skip
    return sections


def sections_from_outline(entries: list[tuple[int, str, int]], page_count: int) -> list[Section]:
    """Sections from bookmarks (level, title, page), in the PDF's order: a section ends on the
    page before the next one at its level or above (its own page if they share it)."""
    sections = []
    for i, (level, title, page) in enumerate(entries):
        last = page_count
        for after_level, _, after_page in entries[i + 1 :]:
            if after_level <= level:
                last = after_page - 1
                break
        sections.append(Section(level, title, page, max(page, last), "outline"))
    return sections
