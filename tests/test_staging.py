"""reading.py: workers tag pages as they read them; the parent holds a report's pages while
they are few and stages them once they are many, so its memory stays flat."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPORTS
from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.extract.pdf import extract_report
from evalcatalog.extract.titles import choose_title
from evalcatalog.ingest import receiver as reading
from evalcatalog.ingest.reader import TaggingReader
from evalcatalog.ingest.receiver import PageReceiver
from evalcatalog.ingest.workers import ParseJob
from evalcatalog.models import PageText, PdfInfo, ReadSummary
from evalcatalog.store import open_store
from evalcatalog.store.page_text import pack, unpack
from evalcatalog.tagging.tagger import Tagger, tag_report
from evalcatalog.tagging.taxonomy import load_taxonomy


def staged_count(catalog: Catalog) -> int:
    sql = "select count(*) from sqlite_temp_master where name = 'staged_pages'"
    if not catalog.store.db.execute(sql).fetchone()[0]:
        return 0
    return int(catalog.store.db.execute("select count(*) from temp.staged_pages").fetchone()[0])


@pytest.mark.parametrize("held_chars", [reading.MAX_HELD_CHARS, 100], ids=["held", "staged"])
def test_pages_arrive_in_order_and_nothing_stays_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_chars: int
) -> None:
    monkeypatch.setattr(reading, "MAX_HELD_CHARS", held_chars)
    texts = [f"page {n} about custody and diversion" for n in range(1, 41)]  # two batches
    pdf = make_pdf(tmp_path / "forty.pdf", texts, heading="Forty pages")
    db = tmp_path / "catalog.db"
    with Catalog(str(db)) as catalog:
        result = catalog.ingest([str(pdf)], IngestOptions(jobs=1))
        assert result.count("added") == 1
        sql = "select page_no, page_text(text) from pages order by id"
        stored = catalog.store.db.execute(sql).fetchall()
        expected = [(n, text) for n, text in enumerate(texts, 1)]
        expected[0] = (1, "Forty pages\n" + texts[0])  # the heading is page 1's text too
        assert stored == expected
        report = catalog.reports()[0]
        assert (report.title, report.page_count, report.word_count) == ("Forty pages", 40, 242)
        assert staged_count(catalog) == 0


def test_a_file_that_fails_half_read_leaves_nothing_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_HELD_CHARS", 100)
    store = open_store(str(tmp_path / "catalog.db"))
    receiver = PageReceiver(store)
    job = ParseJob(b"key", str(REPORTS / "divert-key-findings.pdf"))
    items = list(extract_report(job.path).pages)
    receiver.info(job, extract_report(job.path).info)
    for page in items[:3]:
        receiver.page(job, page)
    count = "select count(*) from temp.staged_pages"
    assert store.db.execute(count).fetchone()[0] == 3
    receiver.discard(job)  # the worker timed out, say
    assert store.db.execute(count).fetchone()[0] == 0


def test_tagging_page_by_page_equals_tagging_the_whole_report() -> None:
    taxonomy = load_taxonomy(None)
    for name in ("op-met-divan-technical-report.pdf", "sara-sam-key-findings.pdf"):
        report = extract_report(str(REPORTS / name))
        whole = tag_report("A title", name, report.pages, taxonomy)
        tagger = Tagger(taxonomy, name)
        tagger.add_title("A title")
        for page in report.pages:
            tagger.add_page(PageText(page.number, page.text))
        assert tagger.tags() == whole
        assert {match.kind for match in whole} >= {"intervention", "theme", "force", "type"}


def test_the_workers_summary_holds_what_the_parent_used_to_work_out() -> None:
    taxonomy = load_taxonomy(None)
    for name in ("sara-sam-technical-report.pdf", "divert-key-findings.pdf"):
        path = str(REPORTS / name)
        items = list(TaggingReader(taxonomy, "pypdf")(path))  # as extract_report reads it
        info, pages, summary = items[0], items[1:-1], items[-1]
        assert isinstance(info, PdfInfo) and isinstance(summary, ReadSummary)
        report = extract_report(path)
        read = [page for page in pages if isinstance(page, PageText)]
        assert [unpack(page.stored) for page in read] == [page.text for page in read]
        assert pages == [replace(page, stored=pack(page.text)) for page in report.pages]
        assert summary.heading == report.heading
        assert (summary.word_count, summary.failed_pages) == (report.word_count, 0)
        title = choose_title(info.title, report.heading, path)[0]
        assert summary.tags == tag_report(title, name, report.pages, taxonomy)


def test_ingest_reads_and_tags_the_same_where_workers_are_spawned_not_forked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Off Linux, workers start with spawn: the reader, taxonomy and all, is pickled to them."""
    import multiprocessing

    from evalcatalog.ingest import workers

    path = str(REPORTS / "sara-sam-key-findings.pdf")
    reader = TaggingReader(load_taxonomy(None))
    expected = list(reader(path))
    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context("spawn"))
    seen: list[object] = []

    class Sink:
        def info(self, job: ParseJob, info: PdfInfo) -> None:
            seen.append(info)

        def page(self, job: ParseJob, page: PageText) -> None:
            seen.append(page)

        def summary(self, job: ParseJob, summary: ReadSummary) -> None:
            seen.append(summary)

    with workers.WorkerPool(1, 60, 2048, Sink(), reader) as pool:
        [result] = list(pool.run([ParseJob("key", path)]))
    assert result.error is None
    assert seen == expected
