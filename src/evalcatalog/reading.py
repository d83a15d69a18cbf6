"""The parent's side of reading one file: pages go on as they arrive, counts stay.

A worker sends a file's info and then its pages one by one. Each page is tagged (tag.Tagger
keeps evidence as counts) and put in the catalogue's staging table (store/staging.py) at once,
so the parent's memory does not grow with the length of the PDF. When the file is done, what
is left is a `Received`: metadata, counts, tags, and where its pages wait.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .models import PageText, PdfInfo, TagMatch
from .store import Store, display_path
from .store.staging import StagedPages
from .tag import Tagger
from .taxonomy import Taxonomy
from .titles import choose_title
from .workers import ParseJob


@dataclass
class Received:
    """A parsed file, ready to store: its pages are in staging under `pages`."""

    info: PdfInfo
    pages: StagedPages
    tags: list[TagMatch]
    heading: str | None = None
    word_count: int = 0
    failed_pages: int = 0


@dataclass
class _Reading:
    info: PdfInfo
    pages: StagedPages
    tagger: Tagger
    path: str
    heading: str | None = None
    word_count: int = 0
    failed_pages: int = 0
    titled: bool = False

    def add_title(self) -> None:
        if not self.titled:  # the title may come from the first page's heading
            title, _ = choose_title(self.info.title, self.heading, display_path(self.path))
            self.tagger.add_title(title)
            self.titled = True


class PageReceiver:
    """A workers.PageSink for ingest: stages and tags pages as they arrive."""

    def __init__(self, store: Store, taxonomy: Taxonomy) -> None:
        self.store = store
        self.taxonomy = taxonomy
        self.reading: dict[Any, _Reading] = {}

    def info(self, job: ParseJob, info: PdfInfo) -> None:
        self.discard(job)  # a file read again after its worker was replaced starts afresh
        file_name = display_path(os.path.basename(job.path))
        tagger = Tagger(self.taxonomy, file_name)
        self.reading[job.key] = _Reading(info, self.store.staging.start(), tagger, job.path)

    def page(self, job: ParseJob, page: PageText) -> None:
        reading = self.reading[job.key]
        if not reading.titled:
            reading.heading = page.heading
            reading.add_title()
        reading.tagger.add_page(page)
        reading.word_count += len(page.text.split())
        reading.failed_pages += bool(page.error)
        self.store.staging.add(reading.pages, page)

    def finish(self, job: ParseJob) -> Received:
        """The file is read: what to store (its pages stay staged until `discard`)."""
        reading = self.reading[job.key]
        reading.add_title()
        return Received(
            reading.info,
            reading.pages,
            reading.tagger.tags(),
            reading.heading,
            reading.word_count,
            reading.failed_pages,
        )

    def discard(self, job: ParseJob) -> None:
        reading = self.reading.pop(job.key, None)
        if reading is not None:
            self.store.staging.drop(reading.pages)
