"""Report structure on real PDFs from ../shared/corpus (read in place): outlines follow the
bookmarks (as PDFium reads them, independently of pypdf), and furniture detection takes only
running lines from page edges, leaving every other word of every page searchable."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import CORPUS

from evalcatalog import Catalog, IngestResult
from evalcatalog.store import search_index
from evalcatalog.text import one_line

OUTLINED = [
    "policing/stop-search-london/stop-search-london.pdf",
    "policing/stop-search-london/2020_q2_2020-Q2.pdf",
    "policing/stop-search-london/2020_q4_stop-and-search-report-central-south-2020-q4.pdf",
    "policing/stop-search-london/2022_q1_2022_q1.pdf",
    "policing/gov-uk-adjacent/Main-statement-transcript-no-timestamps.pdf",
    "sample-files/009-pdflatex-geotopo/GeoTopo-komprimiert.pdf",
    "pdfjs/basicapi.pdf",
    "pdfjs/doc_3_3_pages.pdf",
]
WITHOUT_OUTLINE = ["policing/gov-uk-adjacent/Report1Response.pdf"]
pytestmark = pytest.mark.skipif(not (CORPUS / OUTLINED[0]).exists(), reason="no corpus")


@pytest.fixture(scope="module")
def catalogue(corpus_catalogue: tuple[Path, IngestResult, float]) -> Path:
    """The session's catalogue of the whole corpus (conftest), which holds these files."""
    db, result, _ = corpus_catalogue
    added = {outcome.path for outcome in result.files if outcome.status == "added"}
    assert {str(CORPUS / name) for name in OUTLINED + WITHOUT_OUTLINE} <= added
    return db


def bookmarks(path: Path) -> list[tuple[int, str, int]]:
    """(level from 1, title, page from 1) of each bookmark with a page, as PDFium reads them."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        entries = []
        for item in pdf.get_toc():
            dest = item.get_dest()
            if dest is not None and dest.get_index() is not None:
                entries.append((item.level + 1, one_line(item.get_title()), dest.get_index() + 1))
        return entries
    finally:
        pdf.close()


@pytest.mark.parametrize("name", OUTLINED)
def test_outline_follows_the_bookmarks(catalogue: Path, name: str) -> None:
    with Catalog(str(catalogue)) as catalog:
        sections = catalog.sections(str(CORPUS / name))
    expected = bookmarks(CORPUS / name)
    assert expected  # the file has bookmarks
    assert [(s.level, s.title, s.first_page) for s in sections] == expected
    assert {s.source for s in sections} == {"outline"}


def test_page_numbers_are_the_only_furniture_of_the_stop_search_reports(catalogue: Path) -> None:
    with Catalog(str(catalogue)) as catalog:
        for name in OUTLINED[:4]:
            report = catalog.find_report(str(CORPUS / name))
            for page in catalog.pages(report.id):
                head, tail = page.furniture
                cut = (page.text[:head] + page.text[len(page.text) - tail :]).split()
                assert cut in ([], [str(page.number)]), (name, page.number, cut)


def test_furniture_is_running_lines_and_every_other_word_is_searchable(
    catalogue: Path,
) -> None:
    with Catalog(str(catalogue)) as catalog:
        conn = catalog.store.db.conn
        conn.execute(
            "create virtual table temp.page_terms using fts5vocab(main, pages_fts, instance)"
        )
        for name in OUTLINED + WITHOUT_OUTLINE:  # the session catalogue holds the rest too
            report = catalog.find_report(str(CORPUS / name))
            pages = catalog.pages(report.id)
            cuts = {page.number: cut_lines(page.text, *page.furniture) for page in pages}
            recurring = Counter(key for lines in cuts.values() for key in {*map(blank, lines)})
            for page in pages:
                assert len(cuts[page.number]) <= 6
                assert all(recurring[blank(line)] >= 3 for line in cuts[page.number])
                assert_body_indexed(conn, report.id, page.number, page.text, page.furniture)


def cut_lines(text: str, head: int, tail: int) -> list[str]:
    cut = text[:head] + "\n" + text[len(text) - tail :]
    return [line.strip() for line in cut.splitlines() if line.strip()]


def blank(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.casefold().split()))


def assert_body_indexed(
    conn: sqlite3.Connection, report_id: int, number: int, text: str, edges: tuple[int, int]
) -> None:
    """The page's index terms are exactly the words of its body."""
    head, tail = edges
    body = text[head : len(text) - tail]
    rowid = conn.execute(
        "select id from pages where report_id = ? and page_no = ?", [report_id, number]
    ).fetchone()[0]
    indexed = {row[0] for row in conn.execute(
        "select term from temp.page_terms where doc = ?", [rowid])}  # fmt: skip
    assert indexed == (search_index.terms_of(conn, [body]) if body.strip() else set())
