"""The parent's side of reading a file for ingest.

`PageReceiver` keeps a file's pages until the report is stored: in memory while they are few,
in the catalogue's staging table (store/staging.py) once they pass MAX_HELD_CHARS, so the
parent's memory does not grow with the length of the PDF. When the file is done, what is left
is a `Received`: metadata, counts, tags, and its pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models import PageText, PdfInfo, ReadSummary, ReportStructure, TagMatch
from ..store import Store
from ..store.database import Pages
from ..store.staging import StagedPages
from .workers import ParseJob

# Text of one report held in memory before its pages go to staging: most reports stay under it
# and skip staging's extra write and read; a long one is held to this much at most.
MAX_HELD_CHARS = 2_000_000


@dataclass
class Received:
    """A parsed file, ready to store."""

    info: PdfInfo
    pages: Pages
    tags: list[TagMatch]
    heading: str | None = None
    word_count: int = 0
    failed_pages: int = 0
    structure: ReportStructure | None = None  # found by the worker (extract/structure.py)


@dataclass
class _Held:
    info: PdfInfo
    pages: list[PageText] = field(default_factory=list)
    chars: int = 0
    staged: StagedPages | None = None  # once the pages went to staging
    summary: ReadSummary | None = None


class PageReceiver:
    """The parent's side, a workers.PageSink: holds or stages pages as they arrive."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.reading: dict[Any, _Held] = {}

    def info(self, job: ParseJob, info: PdfInfo) -> None:
        self.discard(job)  # a file read again after its worker was replaced starts afresh
        self.reading[job.key] = _Held(info)

    def page(self, job: ParseJob, page: PageText) -> None:
        held = self.reading[job.key]
        if held.staged is not None:
            self.store.staging.add(held.staged, page)
            return
        held.pages.append(page)
        held.chars += len(page.text)
        if held.chars > MAX_HELD_CHARS:
            held.staged = self.store.staging.start()
            for kept in held.pages:
                self.store.staging.add(held.staged, kept)
            held.pages = []

    def summary(self, job: ParseJob, summary: ReadSummary) -> None:
        self.reading[job.key].summary = summary

    def finish(self, job: ParseJob) -> Received:
        """The file is read: what to store (staged pages stay there until `discard`)."""
        held = self.reading[job.key]
        summary = held.summary or ReadSummary()
        if summary.structure is not None:  # kinds and furniture go in with the pages
            if held.staged is not None:
                self.store.staging.annotate(held.staged, summary.structure)
            for page in held.pages:
                summary.structure.apply(page)
        return Received(
            held.info,
            held.staged if held.staged is not None else held.pages,
            summary.tags,
            summary.heading,
            summary.word_count,
            summary.failed_pages,
            summary.structure,
        )

    def discard(self, job: ParseJob) -> None:
        held = self.reading.pop(job.key, None)
        if held is not None and held.staged is not None:
            self.store.staging.drop(held.staged)
