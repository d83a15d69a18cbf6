"""workers.py: every file is parsed in a worker process under a time limit and a memory limit; a
file that fails, hangs or blows up costs only itself and the pool goes on with the next."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from signal import SIGKILL

import pytest
from pdfs import make_heavy_pdf, make_pdf, virtual_memory_mb

from evalcatalog.extract.pdf import extract_report, iter_extraction
from evalcatalog.ingest.workers import BATCH_CHARS, BATCH_PAGES, ParseJob, ParseResult, WorkerPool
from evalcatalog.models import PageText, PdfInfo, ReadSummary

GOOD_PAGES = ["first page text", "second page text"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workers")
    html = folder / "html.pdf"
    html.write_bytes(b"<html><body>404</body></html>")
    fifo = folder / "fifo.pdf"
    os.mkfifo(fifo)
    return {
        "good": make_pdf(folder / "good.pdf", GOOD_PAGES, title="Good"),
        "other": make_pdf(folder / "other.pdf", ["other text"]),
        "html": html,
        "fifo": fifo,
        # ~75 ms a page: 400 pages take far longer than any timeout used here.
        "slow": make_heavy_pdf(folder / "slow.pdf", page_count=400, words_per_page=5000),
        "slow2": make_heavy_pdf(folder / "slow2.pdf", page_count=400, words_per_page=5000),
        # 900,000 text operators on one page: parsing them needs hundreds of MB.
        "greedy": make_heavy_pdf(folder / "greedy.pdf", page_count=1, words_per_page=900_000),
    }


def run(pool: WorkerPool, *paths: Path) -> dict[str, ParseResult]:
    results = pool.run(ParseJob(path.name, str(path)) for path in paths)
    return {result.job.key: result for result in results}


def texts(result: ParseResult) -> list[str]:
    assert result.report is not None, result.error
    return [page.text for page in result.report.pages]


def test_results_for_every_job_with_pages_and_errors(files: dict[str, Path]) -> None:
    with WorkerPool(jobs=2, timeout=30, memory_mb=2048) as pool:
        results = run(pool, files["good"], files["html"], files["other"], files["fifo"])
    assert sorted(results) == ["fifo.pdf", "good.pdf", "html.pdf", "other.pdf"]
    assert texts(results["good.pdf"]) == GOOD_PAGES
    good = results["good.pdf"].report
    assert good is not None and good.info.title == "Good" and good.info.page_count == 2
    assert texts(results["other.pdf"]) == ["other text"]
    html = "not a PDF: an HTML page (was it downloaded correctly?)"
    assert (results["html.pdf"].report, results["html.pdf"].error) == (None, html)
    assert results["fifo.pdf"].error == "not a regular file"


def test_a_file_over_the_time_limit_is_stopped_and_the_next_one_is_read(
    files: dict[str, Path],
) -> None:
    started = time.monotonic()
    with WorkerPool(jobs=1, timeout=0.5, memory_mb=2048) as pool:
        results = run(pool, files["slow"], files["good"])
    assert results["slow.pdf"].error == "timed out after 0.5 s"
    assert results["slow.pdf"].report is None
    assert 0.5 <= results["slow.pdf"].seconds < 5
    assert texts(results["good.pdf"]) == GOOD_PAGES  # read by the worker that replaced it
    assert time.monotonic() - started < 20


def test_a_file_over_the_memory_limit_gets_a_reason_and_the_next_one_is_read(
    files: dict[str, Path],
) -> None:
    limit = virtual_memory_mb() + 60
    with WorkerPool(jobs=1, timeout=60, memory_mb=limit) as pool:
        results = run(pool, files["greedy"], files["good"])
    assert results["greedy.pdf"].error == f"too large: exceeded the memory limit of {limit} MB"
    assert texts(results["good.pdf"]) == GOOD_PAGES


def test_a_worker_that_dies_is_reported_and_replaced(files: dict[str, Path]) -> None:
    """A worker killed from outside (as the kernel's OOM killer would) costs only its file."""
    with WorkerPool(jobs=1, timeout=30, memory_mb=2048) as pool:
        killer = threading.Timer(0.5, lambda: os.kill(pool.slots[0].process.pid, SIGKILL))
        killer.start()
        results = run(pool, files["slow"], files["good"])
        killer.join()
    assert results["slow.pdf"].error == "the PDF reader crashed (SIGKILL)"
    assert texts(results["good.pdf"]) == GOOD_PAGES


def test_parallel_workers_run_at_once(files: dict[str, Path]) -> None:
    """Two slow files on two workers take one time limit, not two (4 s or more)."""
    started = time.monotonic()
    with WorkerPool(jobs=2, timeout=2, memory_mb=2048) as pool:
        results = run(pool, files["slow"], files["slow2"])
    assert [result.error for result in results.values()] == ["timed out after 2 s"] * 2
    assert time.monotonic() - started < 3.9


def test_closing_the_pool_ends_its_workers(files: dict[str, Path]) -> None:
    pool = WorkerPool(jobs=2, timeout=30, memory_mb=2048)
    run(pool, files["good"], files["other"])
    processes = [slot.process for slot in pool.slots]
    assert len(processes) == 2 and all(process.is_alive() for process in processes)
    pool.close()
    assert [process.is_alive() for process in processes] == [False, False]
    assert pool.slots == []


def test_an_empty_batch_starts_no_worker() -> None:
    with WorkerPool(jobs=4, timeout=30, memory_mb=2048) as pool:
        assert list(pool.run([])) == []
        assert pool.slots == []


def test_pages_come_back_whole_and_in_order_across_batches(tmp_path: Path) -> None:
    """Workers send pages in batches (BATCH_PAGES at most, or about BATCH_CHARS of text)."""
    long_pages = [f"long page {n} " + "word " * 800 for n in range(1, 21)]  # batches by size
    short_pages = [f"page {n} text" for n in range(21, BATCH_PAGES * 2 + 27)]  # by count
    pages = long_pages + short_pages
    pdf = make_pdf(tmp_path / "many.pdf", pages)
    with WorkerPool(jobs=1, timeout=30, memory_mb=2048) as pool:
        result = run(pool, pdf)["many.pdf"]
    assert result.report is not None
    assert result.report.pages == extract_report(str(pdf)).pages  # read in this process
    assert [page.number for page in result.report.pages] == list(range(1, len(pages) + 1))
    assert texts(result)[20:] == short_pages
    assert sum(len(text) for text in texts(result)[:20]) > 2 * BATCH_CHARS


def test_a_reader_that_yields_a_summary_gives_it_to_the_sink(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "two.pdf", ["one two", "three"])
    seen: list[object] = []

    class Sink:
        def info(self, job: ParseJob, info: PdfInfo) -> None:
            seen.append(("info", info.page_count))

        def page(self, job: ParseJob, page: PageText) -> None:
            seen.append(("page", page.number))

        def summary(self, job: ParseJob, summary: ReadSummary) -> None:
            seen.append(("summary", summary.word_count))

    def read(path: str) -> Iterator[PdfInfo | PageText | ReadSummary]:
        words = 0
        for item in iter_extraction(path):
            words += len(item.text.split()) if isinstance(item, PageText) else 0
            yield item
        yield ReadSummary(word_count=words)

    with WorkerPool(jobs=1, timeout=30, memory_mb=2048, sink=Sink(), read=read) as pool:
        result = run(pool, pdf)["two.pdf"]
    assert result.error is None
    assert seen == [("info", 2), ("page", 1), ("page", 2), ("summary", 3)]
