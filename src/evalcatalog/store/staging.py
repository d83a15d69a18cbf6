"""Pages of reports still being read, held in a temporary table until each report is stored.

A worker sends a report's pages one at a time; keeping them in the parent until the report's
transaction would make ingest's memory grow with the length of the PDF (a 1,000-page report is
several megabytes of text, twice over once sqlite3 has cached each string's UTF-8 form). The
connection's temp database lives in a file and needs no lock on the catalogue, so pages go
there as they arrive and move to `pages` with one `insert ... select` inside the transaction.
Nothing here survives the connection: a killed ingest leaves no trace of a half-read report.
"""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .page_text import stored_form

if TYPE_CHECKING:
    from ..models import PageText, ReportStructure


@dataclass(frozen=True)
class StagedPages:
    """A report's pages, waiting in the staging table under `job`."""

    job: int


class PageStaging:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.jobs = itertools.count(1)
        conn.execute(
            """create temp table if not exists staged_pages (
                 job integer, page_no integer, text, error text,
                 no_text_layer integer, source text, confidence real,
                 kind text default 'body', furniture_head integer default 0,
                 furniture_tail integer default 0, primary key (job, page_no)) without rowid"""
        )

    def start(self) -> StagedPages:
        return StagedPages(next(self.jobs))

    def add(self, staged: StagedPages, page: PageText) -> None:
        row = (staged.job, page.number, stored_form(page.text, page.stored), page.error,
               int(page.no_text_layer), page.source, page.confidence)  # fmt: skip
        self.conn.execute(
            """insert or replace into temp.staged_pages (job, page_no, text, error,
               no_text_layer, source, confidence) values (?, ?, ?, ?, ?, ?, ?)""",
            row,
        )

    def move_to(self, report_id: int, staged: StagedPages) -> None:
        """Inside the report's transaction: its pages into `pages`, in order."""
        self.conn.execute(
            """insert into pages (report_id, page_no, text, error, no_text_layer, source,
                 confidence, kind, furniture_head, furniture_tail)
               select ?, page_no, text, error, no_text_layer, source, confidence, kind,
                 furniture_head, furniture_tail
               from temp.staged_pages where job = ?
               order by page_no""",
            [report_id, staged.job],
        )

    def annotate(self, staged: StagedPages, structure: ReportStructure) -> None:
        """The kinds and furniture found once the report was read, before its pages move
        (written here, they are indexed once, not twice)."""
        pages = set(structure.kinds) | set(structure.furniture)
        self.conn.executemany(
            """update temp.staged_pages set kind = ?, furniture_head = ?, furniture_tail = ?
               where job = ? and page_no = ?""",
            [(structure.kinds.get(n, "body"), *structure.furniture.get(n, (0, 0)), staged.job, n)
             for n in sorted(pages)],
        )  # fmt: skip

    def drop(self, staged: StagedPages) -> None:
        self.conn.execute("delete from temp.staged_pages where job = ?", [staged.job])
