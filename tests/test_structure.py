"""A report's structure (extract/structure.py, issue 17): running headers and footers, page
kinds, the outline from headings or bookmarks, and a date from the text; over page texts, over
generated PDFs as ingest stores them, and through reindex."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from structure_pdfs import HEADER, PAGES, make_structured_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.extract.structure import find_structure
from evalcatalog.models import Section
from evalcatalog.store.search_index import FTS_TABLES, MAX_SEGMENTS, segment_count

BODY = "Officers met weekly with youth workers to plan their visits to the families."
SENTENCES = [f"The {word} team met the families and their schools each week." for word in
             ("first", "second", "third", "fourth", "fifth", "sixth", "last")]  # fmt: skip


def page(number: int, *lines: str, header: str = "Annual review 2021") -> str:
    return "\n".join([header, *lines, f"Page {number}"])


def test_running_header_and_page_numbers_are_furniture_and_nothing_else() -> None:
    texts = [page(n, SENTENCES[n], f"May {n * 3 + 10}") for n in range(1, 6)]
    structure = find_structure(texts)
    for number, text in enumerate(texts, start=1):
        head, tail = structure.furniture[number]
        assert text[:head] == "Annual review 2021\n"
        assert text[len(text) - tail :] == f"\nPage {number}"
    # A table's last row ending in a number is not a page number: it does not keep step.
    assert all(text[: len(text) - structure.furniture[n][1]].endswith(f"May {n * 3 + 10}")
               for n, text in enumerate(texts, start=1))  # fmt: skip


def test_lines_on_too_few_pages_are_body() -> None:
    texts = [page(1, SENTENCES[0]), page(2, SENTENCES[1]), *SENTENCES[2:], BODY]
    assert find_structure(texts).furniture == {}  # the header is on 2 of 8 pages: not enough


def test_page_number_offset_from_the_physical_page() -> None:
    texts = [f"{SENTENCES[n]}\n{n + 2}" for n in range(1, 7)]  # numbers 3..8 on pages 1..6
    structure = find_structure(texts)
    assert structure.furniture == {n: (0, len(str(n + 2)) + 1) for n in range(1, 7)}


def test_page_kinds() -> None:
    citation = "Smith J (2019) Knife crime and youth diversion. London: Home Office."
    texts = [
        "Cover page\n" + BODY,
        "Contents\nIntroduction 3\nMethod 4",
        "1. Introduction\n" + BODY,
        "\n".join(["Findings", *SENTENCES, "References", citation]),  # starting mid-page
        "\n".join([citation] * 4),
        "Appendix A: Survey\nQ1 How often?\n" + BODY,
        BODY,
    ]
    assert find_structure(texts).kinds == {
        2: "contents", 5: "references", 6: "appendix", 7: "appendix"}  # fmt: skip


def test_dot_leaders_make_a_contents_page_without_a_title() -> None:
    entries = [f"{n}. Chapter {n} ........ {n * 4}" for n in range(1, 7)]
    assert find_structure([BODY, "\n".join(entries), BODY]).kinds == {2: "contents"}


def test_references_end_where_citations_stop() -> None:
    citation = "Ward L et al. (2018) Evaluating mentoring. Journal of Crime, 10(1), pp 1-10."
    texts = [BODY, "References\n" + citation, citation + "\n" + citation, BODY + "\n" + BODY]
    assert find_structure(texts).kinds == {2: "references", 3: "references"}


def test_sections_from_headings() -> None:
    texts = [
        "Review of the pilot\nJuly 2021",
        "\n".join(["1. Introduction", SENTENCES[0], "Key findings", SENTENCES[1]]),
        "\n".join([SENTENCES[2], "1.1 Background", SENTENCES[3]]),
        # A numbered list inside chapter 1 is not a heading; a paragraph's first line is not.
        "\n".join(
            [
                SENTENCES[4],
                "1. Officers need time",
                "Training took two days.",
                "The team met the families",
                "of the pilot.",
                SENTENCES[5],
            ]
        ),
        "\n".join(["2. Method", SENTENCES[6]]),
    ]
    assert find_structure(texts).sections == [
        Section(1, "1. Introduction", 2, 4, "headings"),
        Section(2, "Key findings", 2, 3, "headings"),
        Section(2, "1.1 Background", 3, 4, "headings"),
        Section(1, "2. Method", 5, 5, "headings"),
    ]


def test_sections_from_an_outline_span_to_the_next_at_their_level() -> None:
    outline = [(1, "One", 2), (2, "One A", 3), (1, "Two", 5)]
    assert find_structure([BODY] * 6, outline).sections == [
        Section(1, "One", 2, 4, "outline"),
        Section(2, "One A", 3, 4, "outline"),
        Section(1, "Two", 5, 6, "outline"),
    ]


@pytest.mark.parametrize(
    ("texts", "date"),
    [
        (["Knife crime review\nJuly 2021", BODY], "2021-07"),
        (["Knife crime review", "About this report\nPublished 6 July 2021\n" + BODY], "2021-07-06"),
        (["Knife crime review", "March 2019\n" + BODY], None),  # alone, but not on the cover
        (["Knife crime review", BODY + " The pilot ran from May 2019."], None),  # in prose
    ],
)
def test_date_from_the_first_pages(texts: list[str], date: str | None) -> None:
    assert find_structure(texts).date == date


# --- generated PDFs, as ingest stores them -------------------------------------------------

EXPECTED_KINDS = {2: "contents", 7: "references", 8: "appendix"}


def ingest(path: Path, db: Path) -> Catalog:
    catalog = Catalog(str(db))
    catalog.ingest([str(path)])
    return catalog


def test_generated_report_without_bookmarks(tmp_path: Path) -> None:
    pdf = make_structured_pdf(tmp_path / "review.pdf")
    with ingest(pdf, tmp_path / "c.db") as catalog:
        assert catalog.sections("1") == [
            Section(1, "1. Introduction", 3, 3, "headings"),
            Section(1, "2. Method", 4, 4, "headings"),
            Section(1, "3. Findings", 5, 6, "headings"),
            Section(2, "3.1 Arrests", 5, 6, "headings"),
            Section(1, "References", 7, 7, "headings"),
            Section(1, "Appendix A: Survey questions", 8, 8, "headings"),
        ]
        assert catalog.store.page_kinds(1) == EXPECTED_KINDS
        report = catalog.find_report("1")
        assert (report.created, report.date_source, report.year) == ("2021-07-06", "text", 2021)


def test_generated_report_with_bookmarks(tmp_path: Path) -> None:
    pdf = make_structured_pdf(tmp_path / "review.pdf", bookmarks=True)
    with ingest(pdf, tmp_path / "c.db") as catalog:
        assert catalog.sections("review.pdf") == [
            Section(1, "Introduction", 3, 3, "outline"),
            Section(1, "Method", 4, 4, "outline"),
            Section(1, "Findings", 5, 6, "outline"),
            Section(2, "Arrests", 5, 6, "outline"),
            Section(1, "References", 7, 7, "outline"),
            Section(1, "Appendix A", 8, 8, "outline"),
        ]
        assert catalog.store.page_kinds(1) == EXPECTED_KINDS


def test_pages_keep_their_text_and_index_their_body(tmp_path: Path) -> None:
    pdf = make_structured_pdf(tmp_path / "review.pdf")
    with ingest(pdf, tmp_path / "c.db") as catalog:
        pages = catalog.pages(1)
        conn = catalog.store.db.conn
        for number, lines in enumerate(PAGES, start=1):
            text = pages[number - 1].text
            head, tail = pages[number - 1].furniture
            assert text[head : len(text) - tail] == "\n".join(lines)  # the body, exactly
            furniture = [HEADER, f"Page {number} of 8"] if number > 1 else []
            assert text == "\n".join([*furniture, *lines])  # the text, verbatim
        body = {row[0] for row in conn.execute("select body from pages")}
        assert body == {"\n".join(lines) for lines in PAGES}
        assert fts_pages(conn, '"evaluation report"') == []  # the running header's words
        assert fts_pages(conn, "visits") == [3, 4, 5, 6]
        assert fts_pages(conn, "knife") == [1]  # on the cover, where it is no header


def fts_pages(conn: sqlite3.Connection, query: str) -> list[int]:
    sql = """select p.page_no from pages_fts f join pages p on p.id = f.rowid
             where pages_fts match ? order by p.page_no"""
    return [row[0] for row in conn.execute(sql, [query])]


def test_reindex_restores_structure_a_catalogue_lacked(tmp_path: Path) -> None:
    pdf = make_structured_pdf(tmp_path / "review.pdf", bookmarks=True)
    with ingest(pdf, tmp_path / "c.db") as catalog:
        expected = catalog.sections("1")
        with catalog.store.transaction():  # as a catalogue made before m007 holds it
            catalog.store.db.execute(
                "update pages set kind = 'body', furniture_head = 0, furniture_tail = 0"
            )
            catalog.store.db.execute("delete from sections")
            catalog.store.db.execute("update reports set created = null, date_source = null")
        assert fts_pages(catalog.store.db.conn, '"evaluation report"') == [2, 3, 4, 5, 6, 7, 8]
        dry = catalog.reindex(dry_run=True)
        assert (dry.changed, dry.pages, dry.dates, catalog.sections("1")) == ([1], 7, 1, [])
        result = catalog.reindex()
        assert result.to_dict() == {"dry_run": False, "reports": 1, "changed": [1], "pages": 7,
                                    "sections": 6, "outlines": 1, "dates": 1}  # fmt: skip
        assert catalog.sections("1") == expected
        assert catalog.store.page_kinds(1) == EXPECTED_KINDS
        assert fts_pages(catalog.store.db.conn, '"evaluation report"') == []
        assert catalog.find_report("1").created == "2021-07-06"
        assert catalog.reindex().changed == []  # nothing left to change
        assert catalog.check().problems == []
        # it ends as an ingest run does: segments merged, the typo vocabulary current
        assert catalog.store.vocabulary_current()
        conn = catalog.store.db.conn
        assert max(segment_count(conn, table) for table in FTS_TABLES) <= MAX_SEGMENTS


def test_a_pruned_report_takes_its_sections_with_it(tmp_path: Path) -> None:
    (tmp_path / "pdfs").mkdir()
    pdf = make_structured_pdf(tmp_path / "pdfs" / "review.pdf")
    with ingest(pdf, tmp_path / "c.db") as catalog:
        assert len(catalog.sections("1")) == 6
        pdf.unlink()
        catalog.ingest([str(tmp_path / "pdfs")], IngestOptions(prune=True))
        assert catalog.store.db.execute("select count(*) from sections").fetchone() == (0,)


def test_pages_held_in_staging_get_their_structure_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long report's pages wait in the staging table: kinds and furniture reach them there."""
    from evalcatalog.ingest import receiver

    monkeypatch.setattr(receiver, "MAX_HELD_CHARS", 100)  # every report is staged
    pdf = make_structured_pdf(tmp_path / "review.pdf")
    with ingest(pdf, tmp_path / "c.db") as catalog:
        assert catalog.store.page_kinds(1) == EXPECTED_KINDS
        bodies = [row[0] for row in catalog.store.db.execute("select body from pages order by id")]
        assert bodies == ["\n".join(lines) for lines in PAGES]
