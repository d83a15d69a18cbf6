"""OCR for catalogued reports: the pages without a text layer (or every page) of the reports
asked for are rendered and read by Tesseract in the workers (extract/ocr.py), under ingest's
memory limit and a time limit per page; their text replaces the page's, with source "ocr" and
its confidence, and is indexed; the report's rule tags are worked out again from its new text.

`ingest --ocr` runs it on the reports an ingest run added or changed; `ocr` on any.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..extract.ocr import OcrReader, tesseract_path
from ..models import FileOutcome, IngestResult, OcrResult, PageText, PdfInfo, ReadSummary
from ..store import Store
from ..tagging.tagger import tag_report
from ..tagging.taxonomy import Taxonomy
from .settings import IngestOptions
from .workers import ParseJob, ParseResult, WorkerPool

READ_STATUSES = ("added", "updated", "re-extracted")  # what a run read from its files


class OcrProgress(Protocol):
    """How OCR reports its progress, in pages (a page takes about a second): `start` once
    with how many pages there are to read, then `advance_by` with each few read (or given
    up). The CLI's progress bar is one."""

    def start(self, total: int) -> None: ...

    def advance_by(self, count: int) -> None: ...


class OcrPages:
    """A workers.PageSink: holds each report's OCR pages until it is stored, and advances the
    progress as they arrive (the workers send them at least every BATCH_SECONDS)."""

    def __init__(self, progress: OcrProgress | None) -> None:
        self.progress = progress
        self.pages: dict[Any, list[PageText]] = {}

    def info(self, job: ParseJob, info: PdfInfo) -> None:
        self.pages[job.key] = []

    def page(self, job: ParseJob, page: PageText) -> None:
        self.pages.setdefault(job.key, []).append(page)
        if self.progress:
            self.progress.advance_by(1)

    def summary(self, job: ParseJob, summary: ReadSummary) -> None:
        pass

    def take(self, job: ParseJob, expected: int) -> list[PageText]:
        """The report's pages; a report given up on counts as read for the progress."""
        pages = self.pages.pop(job.key, [])
        if self.progress and expected > len(pages):
            self.progress.advance_by(expected - len(pages))
        return pages


def ocr_reports(
    store: Store,
    report_ids: list[int] | None,
    *,
    every_page: bool,
    jobs: int,
    seconds_per_page: float,
    memory_mb: int,
    taxonomy: Taxonomy,
    progress: OcrProgress | None = None,
) -> OcrResult:
    """OCR the reports' pages without text (all pages if `every_page`); None: every report."""
    binary = tesseract_path()  # missing Tesseract: one clear error before any work
    started = time.monotonic()
    result = OcrResult()
    work = plan_ocr(store, report_ids, every_page, result)
    if progress:
        progress.start(sum(work.counts.values()))
    jobs_list = [ParseJob(key, path, timeout=seconds_per_page * max(1, work.counts[key]))
                 for key, path in work.paths.items()]  # fmt: skip
    read = OcrReader(work.pages, binary, seconds_per_page)
    sink = OcrPages(progress)
    with WorkerPool(jobs, seconds_per_page, memory_mb, sink, read) as pool:
        for parsed in pool.run(jobs_list):
            pages = sink.take(parsed.job, work.counts[int(parsed.job.key)])
            store_ocr(store, parsed, pages, result, taxonomy)
    if result.pages:
        store.refresh_search()
    result.seconds = time.monotonic() - started
    return result


@dataclass
class OcrWork:
    """What to OCR: each report's file, the pages wanted of each file (None: all), and how
    many pages each report has to read."""

    paths: dict[int, str] = field(default_factory=dict)
    pages: dict[str, list[int] | None] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)


def plan_ocr(
    store: Store, report_ids: list[int] | None, every_page: bool, result: OcrResult
) -> OcrWork:
    wanted = wanted_pages(store, report_ids, every_page)
    paths = store.paths_of(wanted)
    work = OcrWork()
    for report_id, numbers in wanted.items():
        path = next((p for p in paths.get(report_id, []) if os.path.isfile(p)), None)
        if path is None:
            result.failed.append(FileOutcome("", "failed", report_id, "no file on disk"))
            continue
        count = len(numbers) if numbers is not None else store.reports([report_id])[0].page_count
        work.paths[report_id], work.pages[path], work.counts[report_id] = path, numbers, count
    return work


def wanted_pages(
    store: Store, report_ids: list[int] | None, every_page: bool
) -> dict[int, list[int] | None]:
    """{report_id: page numbers to OCR, or None for all of them}."""
    if not every_page:
        return dict(store.unread_pages(report_ids))
    ids = report_ids if report_ids is not None else [r.id for r in store.reports()]
    return dict.fromkeys(ids)


def store_ocr(
    store: Store,
    parsed: ParseResult,
    pages: list[PageText],
    result: OcrResult,
    taxonomy: Taxonomy,
) -> FileOutcome:
    """One report's OCR text into the catalogue, with its rule tags worked out again."""
    report_id = int(parsed.job.key)
    if parsed.report is None:
        outcome = FileOutcome(parsed.job.path, "failed", report_id, parsed.error)
        result.failed.append(outcome)
        return outcome
    with store.transaction():
        result.words += store.set_ocr_text(report_id, pages)
        report = store.reports([report_id])[0]
        tags = tag_report(report.title, report.file_name, store.pages(report_id), taxonomy)
        store.replace_rule_tags(report_id, tags)
    result.reports += 1
    result.pages += len(pages)
    return FileOutcome(parsed.job.path, "ocr", report_id)


def after_ingest(
    store: Store, result: IngestResult, options: IngestOptions, taxonomy: Taxonomy
) -> None:
    """What ingest does once its files are stored: OCR if asked (--ocr), then count the pages
    of the run's new and changed reports that search still cannot see."""
    ids = sorted({f.report_id for f in result.files if f.status in READ_STATUSES
                  and f.report_id is not None})  # fmt: skip
    if options.ocr and ids:
        result.ocr = ocr_reports(
            store, ids, every_page=options.ocr == "all", jobs=options.jobs,
            seconds_per_page=options.timeout, memory_mb=options.memory_mb, taxonomy=taxonomy,
            progress=options.ocr_progress,
        )  # fmt: skip
    unread = store.unread_pages(ids) if ids else {}
    result.unread_pages = sum(map(len, unread.values()))
    result.unread_reports = len(unread)
