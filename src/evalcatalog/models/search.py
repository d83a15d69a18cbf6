"""What a search finds: reports, their best pages and why they matched."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

from . import TAG_KINDS


@dataclass
class PageHit:
    """A page of a search hit: its number (from 1), a snippet of its text (plain), where the
    matched words are in it ([start, end) character offsets), and the section it is in."""

    page: int
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    section: str | None = None

    @property
    def snippet(self) -> str:
        """The snippet with the matched words between ** marks, for text output."""
        parts, last = [], 0
        for start, end in self.highlights:
            parts += [self.text[last:start], "**", self.text[start:end], "**"]
            last = end
        return "".join(parts) + self.text[last:]

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "section": self.section, "snippet": self.text,
                "highlights": [list(span) for span in self.highlights]}  # fmt: skip


@dataclass
class TermMatch:
    """Why a hit matched (search --explain): query word -> document word, by how many edits,
    in which field (title, tags, text) and, in the text, on which page."""

    word: str
    term: str
    distance: int
    field: str
    page: int | None = None
    # exact, prefix, form, typo, phrase, name (`field` above hides dataclasses.field here)
    kind: str = dataclasses.field(default="exact", compare=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchHit:
    """One report found by a search, with its best pages. `typos` is the edit allowance the
    match needed (0: every word as typed); hits are ordered by typos, then score (BM25)."""

    report_id: int
    title: str
    score: float
    tags: dict[str, list[str]] = field(default_factory=dict)
    pages: list[PageHit] = field(default_factory=list)
    typos: int = 0
    matches: list[TermMatch] = field(default_factory=list)
    path: str | None = None  # the report's file: the first catalogued path that still exists

    def to_dict(self) -> dict[str, Any]:
        """Every field; tags with a list for each kind, pages as PageHit.to_dict has them."""
        return {**asdict(self), "tags": {kind: list(self.tags.get(kind, [])) for kind in TAG_KINDS},
                "pages": [page.to_dict() for page in self.pages]}  # fmt: skip


@dataclass
class SearchResult:
    """What a search found: `total` reports (the first `limit` in `hits`), the typos it
    corrected ({"stalkng": "stalking"}), and queries to try when it found nothing."""

    query: str
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    # `total` estimated from a sample (a phrase of words on most pages, in a large catalogue)
    total_is_estimate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "hits": [hit.to_dict() for hit in self.hits]}
