"""Sections in search: each hit page's section, and `section:` / `--section` narrowing a search
to the pages under headings that match ("section:cost" -> "5. Cost effectiveness").

A heading matches a value when each of the value's words matches one of the heading's words:
the same word, another form of it (same stem), a word it begins ("effect" in "effectiveness"),
or a typo within the usual allowance (vocabulary.typo_allowance; optimal string alignment).
`HeadingResolver` is the hook for more: the evidence stage maps a value to the EMMIE dimension
headings it stands for ("section:effect" -> "6. Impact on crime and other outcomes").
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Protocol

from ..store.index_reads import has_sections, report_section_rows, section_rows
from ..text import stem
from .query import tokens
from .vocabulary import typo_allowance


class HeadingResolver(Protocol):
    """Extra headings a `section:` value stands for (EMMIE dimensions, issue 15)."""

    def headings_for(self, value: str) -> list[str]: ...


@dataclass(frozen=True)
class SectionRange:
    report_id: int
    title: str
    first_page: int
    last_page: int


def report_sections(conn: sqlite3.Connection, report_id: int) -> list[SectionRange]:
    return [SectionRange(report_id, *row) for row in report_section_rows(conn, report_id)]


def section_of(sections: list[SectionRange], page: int) -> str | None:
    """The innermost section holding `page`: the last to start at or before it that spans it
    (sections come in page order, a parent before its children)."""
    found = None
    for section in sections:
        if section.first_page > page:
            break
        if section.last_page >= page:
            found = section.title
    return found


def headings_over(sections: list[SectionRange], page: int) -> list[str]:
    """The titles of every section holding `page`: its chapter, and those within."""
    return [s.title for s in sections if s.first_page <= page <= s.last_page]


class HeadingsByPage(dict[int, list[str]]):
    """Page number -> headings_over it, worked out for the pages a search asks about only."""

    def __init__(self, sections: list[SectionRange] | None = None) -> None:
        super().__init__()
        self.sections = sections or []

    def __missing__(self, page: int) -> list[str]:
        found = self[page] = headings_over(self.sections, page)
        return found


def word_matches(wanted: str, word: str) -> bool:
    if word == wanted or word.startswith(wanted) or stem(word) == stem(wanted):
        return True
    from rapidfuzz.distance import OSA  # only section: values come here

    allowance = typo_allowance(wanted)
    return bool(allowance) and word[:1] == wanted[:1] and OSA.distance(
        wanted, word, score_cutoff=allowance) <= allowance  # fmt: skip


def heading_matches(value: str, title: str) -> bool:
    """Each word of `value` matches a word of `title`."""
    words = tokens(title)
    wanted = tokens(value)
    return bool(wanted) and all(any(word_matches(w, word) for word in words) for w in wanted)


def matching_sections(
    conn: sqlite3.Connection, values: list[str], resolver: HeadingResolver | None = None
) -> list[SectionRange]:
    """Sections of every report whose heading matches any of `values`. A value the resolver
    knows (an evidence dimension: "effect") stands for its headings, taken exactly, instead:
    section:effect is not "Cost effectiveness", though "effect" begins "effectiveness"."""
    if not values or not has_sections(conn):
        return []
    sections = [SectionRange(*row) for row in section_rows(conn)]
    named: set[str] = set()
    plain = []
    for value in values:
        headings = resolver.headings_for(value) if resolver is not None else []
        named.update(headings)
        plain += [] if headings else [value]
    titles = {s.title for s in sections}
    chosen = {title for title in titles
              if title in named or any(heading_matches(v, title) for v in plain)}  # fmt: skip
    return [section for section in sections if section.title in chosen]


def page_ranges(sections: list[SectionRange]) -> dict[int, list[tuple[int, int]]]:
    """Report id -> the page ranges of its matching sections."""
    ranges: dict[int, list[tuple[int, int]]] = {}
    for section in sections:
        ranges.setdefault(section.report_id, []).append((section.first_page, section.last_page))
    return ranges
