"""The worker's side of reading a file for ingest.

`TaggingReader` reads the PDF (extract/) and tags each page as it goes (tagging.Tagger keeps
evidence as counts), so that work runs in parallel rather than in the one parent every page
passes through. It yields the file's info, its pages, and last a `ReadSummary` with the tags
and counts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..extract.engines import DEFAULT_ENGINE, extraction
from ..extract.outline import read_outline
from ..extract.structure import StructureFinder
from ..extract.titles import choose_title
from ..models import PageText, PdfInfo, ReadSummary
from ..store import display_path
from ..store.page_text import pack
from ..tagging.tagger import Tagger
from ..tagging.taxonomy import Taxonomy


class TaggingReader:
    """The worker's side: a file's info and pages as extract.iter_extraction reads them, then a
    ReadSummary. Picklable, so a pool on a platform without fork can send it to its workers."""

    def __init__(self, taxonomy: Taxonomy, engine: str = DEFAULT_ENGINE) -> None:
        self.taxonomy = taxonomy
        self.engine = engine
        extraction(engine)  # the engine's library imported here, before the workers fork

    def __call__(self, path: str) -> Iterator[PdfInfo | PageText | ReadSummary]:
        items = extraction(self.engine)(path)
        info = next(items)
        assert isinstance(info, PdfInfo)
        yield info
        summary = ReadSummary()
        tagger = Tagger(self.taxonomy, display_path(os.path.basename(path)))
        structure = StructureFinder()  # furniture, page kinds, headings, a date: issue 17

        def add_title(heading: str | None) -> None:  # as ingest.build_record will choose it
            tagger.add_title(choose_title(info.title, heading, display_path(path))[0])

        for page in items:
            assert isinstance(page, PageText)
            if tagger.page_count == 0:  # the title may come from the first page's heading
                summary.heading = page.heading
                add_title(page.heading)
            tagger.add_page(page)
            structure.add_page(page.number, page.text)
            page.stored = pack(page.text)
            summary.failed_pages += bool(page.error)
            yield page
        if tagger.page_count == 0:
            add_title(None)
        summary.tags = tagger.tags()
        summary.word_count = tagger.words  # counted as it tagged: each page split once
        summary.structure = structure.finish(read_outline(path))
        yield summary
