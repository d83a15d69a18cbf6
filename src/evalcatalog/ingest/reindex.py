"""`reindex`: work a catalogue's report structure out again (extract/structure.py), for
catalogues made before structure was found at ingest or by an older version of it.

It works from the page texts the catalogue holds, so it reads no PDF text again: furniture,
page kinds, headings and a date from the first pages need nothing else. Only bookmarks live
in the file alone, so they are read (not the text: a few milliseconds) from the first of the
report's catalogued paths that still exists; a report whose file is gone gets its outline
from its headings. Each report is one transaction, and only what differs is written (a page
whose furniture changes is indexed again, with its report's search row).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from ..extract.outline import read_outline
from ..extract.structure import find_structure
from ..models import Report
from ..store import Store


@dataclass
class ReindexResult:
    """What reindex changed (or, in a dry run, would change)."""

    dry_run: bool = False
    reports: int = 0
    changed: list[int] = field(default_factory=list)  # ids of reports with any change
    pages: int = 0  # pages whose kind or furniture changed
    sections: int = 0  # sections now stored, over every report
    outlines: int = 0  # reports whose outline came from the PDF's bookmarks
    dates: int = 0  # reports given a date from their text (or a different one)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def reindex(store: Store, *, dry_run: bool = False) -> ReindexResult:
    """Recompute every report's structure and store what changed."""
    result = ReindexResult(dry_run)
    for report in store.reports():
        result.reports += 1
        with store.transaction(rollback=dry_run):
            if reindex_report(store, report, result):
                result.changed.append(report.id)
    if result.changed and not dry_run:
        store.refresh_search()  # as an ingest run ends: segments merged, vocabulary current
    return result


def reindex_report(store: Store, report: Report, result: ReindexResult) -> bool:
    """One report's structure, from its stored pages and its file's bookmarks if it has one.
    Returns whether anything changed."""
    texts = [page.text for page in store.pages(report.id)]
    path = next((path for path in report.paths if os.path.isfile(path)), None)
    outline = read_outline(path) if path else None
    structure = find_structure(texts, outline)
    result.outlines += bool(outline)
    result.sections += len(structure.sections)
    pages = store.update_page_structure(report.id, structure)
    result.pages += pages
    changed = bool(pages)
    if store.sections(report.id) != structure.sections:
        store.replace_sections(report.id, structure.sections)
        changed = True
    if store.set_text_date(report.id, structure.date):
        result.dates += 1
        changed = True
    return changed
