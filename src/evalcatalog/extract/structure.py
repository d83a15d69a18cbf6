"""A report's structure from its page texts (and its PDF bookmarks, when it has them): running
headers and footers (furniture), page kinds, the outline, and a date printed on its first
pages. Pure functions over text, run in the ingest workers as pages are read (`StructureFinder`
keeps a few lines per page, not the pages) and by `reindex` over stored pages.

- Furniture: a line among a page's first or last FURNITURE_LINES that recurs, digits aside, on
  at least max(3, a fifth of) the report's pages. A line with a number is furniture only where
  the number keeps step with the page ("Page 7 of 79") or the line is the same each time
  ("Annual report 2021"), so a table's last row is never taken for a page number.
- Kinds: contents (a "Contents" title, or dot leaders and page numbers), references (from a
  "References"/"Bibliography" heading while the pages read as citations), appendix (from an
  "Appendix"/"Annex" heading). Anything else is body.
- Sections: the bookmarks if any (headings.sections_from_outline), else the headings.
- Date: "6 July 2021" or "July 2021" alone on a line of the cover, or on a line saying
  "Published" on one of the first DATE_PAGES pages.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import PdfInfo, ReportStructure, Section
from .headings import (
    Candidate,
    full_line,
    in_sequence,
    page_candidates,
    sections_from_headings,
    sections_from_outline,
)

FURNITURE_LINES = 3  # lines at each end of a page that may be running header or footer
MIN_FURNITURE_PAGES = 3
FURNITURE_SHARE = 0.2
MIN_CITATIONS = 0.2  # share of a reference page's lines that cite (a year, "et al", a DOI)
KIND_LINES = 6  # a kind's heading ("References") opens the page within this many lines
MAX_LINE = 200  # a report with too few lines to tell its line length
DATE_PAGES = 3
_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"^[ivxlc]{1,7}$", re.IGNORECASE)
CONTENTS_TITLE = re.compile(r"^(table of )?contents( page)?$", re.IGNORECASE)
DOT_LEADER = re.compile(r"(?:(?:\.\s?){4,}|\u2026+)\s*\d+[ \t]*$", re.MULTILINE)
TOC_ENTRY = re.compile(r"^(\D.*\S\s+)?\d{1,4}$")  # "5. Cost effectiveness 48", or "48" alone
REFERENCES = re.compile(
    r"^(\d+\.?\s+)?(references|bibliography|reference list|list of references|works cited"
    r"|endnotes|notes and references|references and notes|sources|further reading)$",
    re.IGNORECASE,
)
# Any line that could open references or an appendix: the page is looked at line by line only
# if one does (most pages have none).
KIND_WORDS = re.compile(
    r"^\s*(\d+\.?\s+)?(reference|bibliograph|works cited|endnotes|notes and ref|sources"
    r"|further reading|append|annex)",
    re.IGNORECASE | re.MULTILINE,
)
APPENDIX = re.compile(r"^(appendix|appendices|annex|annexe|annexes)\b", re.IGNORECASE)
CITATION = re.compile(r"\((19|20)\d\d[a-z]?\)|\b(19|20)\d\d[a-z]?[.,]|et al|doi|https?:|pp\.? \d")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]  # fmt: skip
_MONTH = r"(" + "|".join(m.capitalize() for m in MONTHS) + r")"
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\s+((?:19|20)\d\d)\b")
MONTH_YEAR = re.compile(r"\b" + _MONTH + r"\s+((?:19|20)\d\d)\b")
PUBLISHED = re.compile(r"\bpublish", re.IGNORECASE)


Line = tuple[str, int, int]  # a stripped line, and its [start, end) in the page text


@dataclass
class PageLines:
    """What is kept of a page: its edge lines (text and where they end in the page text) for
    furniture, and the page's length."""

    number: int
    length: int
    line_count: int
    top: list[Line] = field(default_factory=list)
    bottom: list[Line] = field(default_factory=list)
    contents: bool = False
    kind_heading: tuple[str, bool] | None = None  # (kind, opens the page)
    citations: float = 0.0


def edge_lines(text: str, count: int) -> tuple[list[Line], list[Line]]:
    """The first and the last `count` non-empty lines of `text`, stripped, with their
    [start, end) in it (only the edges need offsets: a page has dozens of lines)."""
    top: list[Line] = []
    start = 0
    for raw in text.split("\n", 64):  # the head of the page suffices
        if len(top) == count:
            break
        stripped = raw.strip()
        if stripped:
            offset = start + len(raw) - len(raw.lstrip())
            top.append((stripped, offset, offset + len(stripped)))
        start += len(raw) + 1
    bottom: list[Line] = []
    end = len(text)
    for raw in reversed(text.rsplit("\n", 64)):
        if len(bottom) == count:
            break
        stripped = raw.strip()
        if stripped:
            offset = end - len(raw.lstrip())
            bottom.insert(0, (stripped, offset, offset + len(stripped)))
        end -= len(raw) + 1
    return top, bottom


@functools.lru_cache(maxsize=4096)  # running lines recur: each is keyed once per report
def furniture_key(line: str) -> str:
    """The line with its numbers blanked: "Page 7 of 79" -> "page # of #"."""
    if _ROMAN.match(line):
        return "r#"
    return _DIGITS.sub("#", " ".join(line.casefold().split()))


def numbers_offsets(line: str, page: int) -> set[int]:
    """How far each number on the line is from the page number."""
    return {int(n) - page for n in _DIGITS.findall(line) if len(n) <= 5}


class StructureFinder:
    """Fed each page's text in order (`add_page`), then `finish` gives the structure."""

    def __init__(self) -> None:
        self.pages: list[PageLines] = []
        self.candidates: list[Candidate] = []
        self.date_lines: list[tuple[int, str]] = []
        self.full_lines: list[int] = []  # each page's (with enough lines)
        self.references = False  # a references heading seen

    def add_page(self, number: int, text: str) -> None:
        texts = [line for line in map(str.strip, text.split("\n")) if line]
        # One line more than may be furniture: where the body starts or ends.
        kept = PageLines(number, len(text), len(texts), *edge_lines(text, FURNITURE_LINES + 1))
        previous = self.pages[-1].contents if self.pages else False
        kept.contents = is_contents(text, texts, previous)
        kept.kind_heading = kind_heading(texts) if KIND_WORDS.search(text) else None
        self.references |= kept.kind_heading is not None and kept.kind_heading[0] == "references"
        if self.references:  # only pages after a references heading need to be told apart
            kept.citations = sum(bool(CITATION.search(t)) for t in texts) / max(1, len(texts))
        self.pages.append(kept)
        if not kept.contents:  # the document's first line is its title, not a section
            self.candidates += [c for c in page_candidates(number, texts)
                                if c.number or (c.page, c.index) != (1, 0)]  # fmt: skip
        full = full_line(texts)
        if full is not None:
            self.full_lines.append(full)
        if number <= DATE_PAGES:
            self.date_lines += [(number, line) for line in texts]

    def finish(self, outline: list[tuple[int, str, int]] | None = None) -> ReportStructure:
        furniture = find_furniture(self.pages)
        structure = ReportStructure(
            kinds=page_kinds(self.pages),
            furniture={n: edges for n, edges in furniture.items() if edges != (0, 0)},
            date=text_date(self.date_lines),
        )
        page_count = self.pages[-1].number if self.pages else 0
        if outline:
            structure.sections = sections_from_outline(outline, page_count)
        else:
            structure.sections = self.heading_sections(furniture, page_count)
        return structure

    def heading_sections(
        self, furniture: dict[int, tuple[int, int]], page_count: int
    ) -> list[Section]:
        """Candidates that are not furniture, set apart from prose, in numbering order."""
        opening = {page.number: body_line_range(page, furniture) for page in self.pages}
        widths = sorted(self.full_lines) or [MAX_LINE]
        full = widths[len(widths) // 2]
        headings = []
        for candidate in self.candidates:
            if not candidate.set_apart(full):
                continue
            first, last = opening[candidate.page]
            if not first <= candidate.index < last - 1:
                continue  # a running header, or a line with only furniture after it
            if candidate.prev_ok or candidate.index == first:
                headings.append(candidate)
        kept = in_sequence(headings)
        return sections_from_headings(
            [(c, c.index == opening[c.page][0]) for c in kept], page_count
        )


def body_line_range(page: PageLines, furniture: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """[first, last) indexes of the page's non-empty lines that are not furniture, counted as
    the furniture's characters fall: lines wholly inside the head or the tail are out."""
    head, tail = furniture.get(page.number, (0, 0))
    first = sum(1 for _, start, _ in page.top if start < head)
    in_tail = sum(1 for _, _, end in page.bottom if end > page.length - tail)
    return first, page.line_count - in_tail


def is_contents(text: str, lines: list[str], previous: bool) -> bool:
    """A contents page: titled so, or full of dot leaders, or (after one) of numbered entries."""
    if any(CONTENTS_TITLE.match(line) for line in lines[:KIND_LINES]):
        return True
    leaders = "...." in text or ". . . ." in text or "\u2026" in text  # a quick look first
    if leaders and len(DOT_LEADER.findall(text)) >= 5:
        return True
    if not previous or len(lines) < 6:
        return False
    return sum(bool(TOC_ENTRY.match(line)) for line in lines) >= len(lines) / 2


def kind_heading(lines: list[str]) -> tuple[str, bool] | None:
    """("references" or "appendix", whether it opens the page) for a page with such a
    heading on a line of its own."""
    for index, line in enumerate(lines):
        if REFERENCES.match(line):
            return "references", index < KIND_LINES
        words = line.split()  # "Appendix A: Tables", not "Appendix 2 sets out the ..."
        short = len(words) <= 12 and not line.endswith(".")
        if APPENDIX.match(line) and short and (len(words) == 1 or not words[1][:1].islower()):
            return "appendix", index < KIND_LINES
    return None


def page_kinds(pages: list[PageLines]) -> dict[int, str]:
    """Page number -> kind for pages that are not body. A references heading starts reference
    pages, which last while pages read as citations; an appendix heading starts appendices."""
    kinds: dict[int, str] = {}
    state = "body"
    for page in pages:
        if page.contents:
            kinds[page.number] = "contents"
            continue
        heading = page.kind_heading
        if state == "references" and heading is None and page.citations < MIN_CITATIONS:
            state = "body"
        page_kind = heading[0] if heading and heading[1] else state
        state = heading[0] if heading else state  # one starting mid-page: from the next page
        if page_kind != "body":
            kinds[page.number] = page_kind
    return kinds


def find_furniture(pages: list[PageLines]) -> dict[int, tuple[int, int]]:
    """Page number -> (characters of running header, of running footer)."""
    with_text = [page for page in pages if page.top]
    threshold = max(MIN_FURNITURE_PAGES, math.ceil(FURNITURE_SHARE * len(with_text)))
    keys: Counter[str] = Counter()
    texts: Counter[tuple[str, str]] = Counter()
    offsets: Counter[tuple[str, int]] = Counter()
    for page in with_text:
        edges = page.top[:FURNITURE_LINES] + page.bottom[-FURNITURE_LINES:]
        edge = {line for line, _, _ in edges}
        page_keys = {furniture_key(line) for line in edge}
        keys.update(page_keys)
        texts.update({(furniture_key(line), line) for line in edge})
        offsets.update({(furniture_key(line), o) for line in edge
                        for o in numbers_offsets(line, page.number)})  # fmt: skip
    frequent = {key for key, count in keys.items() if count >= threshold}

    def is_furniture(line: str, page: int) -> bool:
        key = furniture_key(line)
        if key not in frequent:
            return False
        if "#" not in key or texts[(key, line)] >= threshold:
            return True
        return any(offsets[(key, o)] >= threshold for o in numbers_offsets(line, page))

    return {page.number: page_edges(page, is_furniture) for page in with_text}


def page_edges(page: PageLines, is_furniture: Callable[[str, int], bool]) -> tuple[int, int]:
    """(head, tail): the characters before the page's first line of body and after its last,
    its furniture lines at the top and bottom and the line breaks after and before them."""
    heads = 0
    for line, _, _ in page.top[:FURNITURE_LINES]:
        if not is_furniture(line, page.number):
            break
        heads += 1
    tails = 0
    for line, _, _ in reversed(page.bottom[-FURNITURE_LINES:]):
        if not is_furniture(line, page.number):
            break
        tails += 1
    if heads + tails >= page.line_count:  # nothing else: a page's only words are its body
        return 0, 0
    head = page.top[heads][1] if heads else 0
    tail = page.length - page.bottom[-1 - tails][2] if tails else 0
    return head, tail


def text_date(lines: list[tuple[int, str]]) -> str | None:
    """An ISO date ("2021-07-06" or "2021-07") from the first pages: a line saying when the
    report was published, else a date standing alone on a line of the cover (on later pages
    such a line is as likely a chart's axis or a table's column)."""
    published = [line for _, line in lines if PUBLISHED.search(line)]
    alone = [line for page, line in lines if page == 1 and len(line.split()) <= 4]
    for line in published + alone:
        found = iso_date(line)
        if found:
            return found
    return None


def iso_date(line: str) -> str | None:
    day = DAY_MONTH_YEAR.search(line)
    if day:
        month = MONTHS.index(day.group(2).lower()) + 1
        return f"{day.group(3)}-{month:02d}-{int(day.group(1)):02d}"
    month_year = MONTH_YEAR.search(line)
    if month_year:
        month = MONTHS.index(month_year.group(1).lower()) + 1
        return f"{month_year.group(2)}-{month:02d}"
    return None


def find_structure(
    texts: list[str], outline: list[tuple[int, str, int]] | None = None
) -> ReportStructure:
    """The structure of a report whose page texts (page 1 first) are at hand."""
    finder = StructureFinder()
    for number, text in enumerate(texts, start=1):
        finder.add_page(number, text)
    return finder.finish(outline)


def choose_date(info: PdfInfo, structure: ReportStructure | None) -> tuple[str | None, str | None]:
    """(date, source): the metadata's creation date (source "info" or "xmp"), else one printed
    on the first pages (source "text"), else none."""
    if info.created:
        return info.created, info.metadata_source
    if structure is not None and structure.date:
        return structure.date, "text"
    return None, None


def sections_of(structure: ReportStructure | None) -> list[Section]:
    return structure.sections if structure is not None else []
