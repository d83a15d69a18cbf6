"""The shipped reports' structure (issue 17): the five evaluation-question headings of every
technical report and summary, each with its page; contents, references and appendix pages;
running headers kept out of the index; a year for all 19."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPORTS

from evalcatalog import Catalog, IngestOptions
from evalcatalog.cli import cli

QUESTIONS = (
    "Design and implementation",
    "Conditions needed to operate effectively",
    "Cost effectiveness",
    "Impact on crime and other outcomes",
    "Transferability to other areas and crime types",
)
# The page each question's heading opens on (scripts/make_reports.py lays them out).
QUESTION_PAGES = {
    "cirv-key-findings.pdf": (2, 3, 4, 5, 6),
    "cirv-technical-report.pdf": (16, 24, 28, 33, 39),
    "divert-key-findings.pdf": (2, 3, 4, 5, 5),
    "divert-technical-report.pdf": (21, 32, 39, 46, 55),
    "fsps-key-findings.pdf": (2, 3, 4, 4, 5),
    "fsps-technical-report.pdf": (19, 29, 36, 42, 51),
    "hhpu-key-findings.pdf": (3, 3, 4, 4, 5),
    "hhpu-technical-report.pdf": (17, 25, 31, 36, 43),
    "op-divan-key-findings.pdf": (2, 3, 3, 3, 4),
    "op-divan-technical-report.pdf": (11, 15, 17, 20, 23),
    "op-met-divan-key-findings.pdf": (2, 3, 4, 5, 6),
    "op-met-divan-technical-report.pdf": (12, 17, 20, 23, 26),
    "sara-sam-key-findings.pdf": (2, 3, 4, 5, 6),
    "sara-sam-technical-report.pdf": (13, 18, 21, 24, 29),
    "taws-key-findings.pdf": (3, 4, 5, 6, 7),
    "taws-technical-report.pdf": (14, 21, 25, 29, 34),
    "tfei-key-findings.pdf": (3, 3, 4, 5, 6),
    "tfei-technical-report.pdf": (25, 39, 48, 56, 67),
}
CONTENTS_ENTRY = re.compile(r"^(.+?)\s*\n?\s*(\d+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if len(list(REPORTS.glob("*.pdf"))) != 19:
        pytest.skip("reports/ does not hold the 19 PDFs yet")
    db = tmp_path_factory.mktemp("structure") / "catalog.db"
    with Catalog(str(db)) as catalog:
        catalog.ingest([str(REPORTS)], IngestOptions(jobs=2))
    return db


def question_sections(catalog: Catalog, file_name: str) -> list[tuple[str, int]]:
    """(question, first page) of the report's sections titled as the questions are."""
    found = []
    for section in catalog.sections(file_name):
        title = re.sub(r"^\d+\.\s+", "", section.title)  # "5. Cost effectiveness"
        if title in QUESTIONS:
            found.append((title, section.first_page))
    return found


@pytest.mark.parametrize("file_name", sorted(QUESTION_PAGES))
def test_the_five_question_headings_with_their_pages(catalogue: Path, file_name: str) -> None:
    with Catalog(str(catalogue)) as catalog:
        found = question_sections(catalog, file_name)
        assert found == list(zip(QUESTIONS, QUESTION_PAGES[file_name], strict=True))
        pages = catalog.pages(catalog.find_report(file_name).id)
        for question, page in found:  # the heading is there, on a line of its own
            assert re.search(rf"^(\d\. )?{question}$", pages[page - 1].text, re.MULTILINE)


def test_technical_reports_chapters_open_where_their_contents_page_says(
    catalogue: Path,
) -> None:
    with Catalog(str(catalogue)) as catalog:
        for file_name in sorted(name for name in QUESTION_PAGES if "technical" in name):
            report = catalog.find_report(file_name)
            contents = catalog.pages(report.id)[1]
            assert contents.kind == "contents"
            listed = dict(CONTENTS_ENTRY.findall(contents.text[contents.furniture[0] :]))
            listed = {title: int(page) for title, page in listed.items() if title != "Contents"}
            sections = catalog.sections(file_name)
            chapters = {s.title: s.first_page for s in sections if s.title in listed}
            assert len(listed) == 11 and chapters == listed  # every entry, on its page
            last = report.page_count
            assert catalog.store.page_kinds(report.id) == {
                2: "contents", last - 1: "references", last: "appendix"}  # fmt: skip


def test_running_headers_are_not_indexed(catalogue: Path) -> None:
    with Catalog(str(catalogue)) as catalog:
        conn = catalog.store.db.conn
        # "Page 7 of 79" tops every page but the cover; no page's indexed body holds it.
        sql = "select count(*) from pages_fts where pages_fts match ?"
        assert conn.execute(sql, ['"page 7 of"']).fetchone()[0] == 0
        pages = conn.execute("select count(*), sum(furniture_head > 0) from pages").fetchone()
        assert pages == (511, 492)  # all but the 19 covers


def test_list_year_2021_finds_all_nineteen(catalogue: Path) -> None:
    result = CliRunner().invoke(cli, ["list", "--year", "2021", "--db", str(catalogue)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "19 reports"
    with Catalog(str(catalogue)) as catalog:
        sources = sorted((r.date_source or "", r.created or "") for r in catalog.reports())
    assert sources.count(("text", "2021-07")) == 5  # the five whose metadata holds no date
    assert all(source in ("info", "xmp", "text") for source, _ in sources)


def test_show_prints_the_outline(catalogue: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["show", "tfei-key-findings.pdf", "--db", str(catalogue)])
    assert result.exit_code == 0, result.output
    outline = result.output.split("Outline (from headings):\n")[1].split("\n\n")[0]
    assert outline.splitlines() == [
        "  About this summary  (p. 2)",
        "  Key findings  (p. 2)",
        "  Design and implementation  (p. 3)",
        "  Conditions needed to operate effectively  (pp. 3-4)",
        "  Cost effectiveness  (pp. 4-5)",
        "  Impact on crime and other outcomes  (p. 5)",
        "  Transferability to other areas and crime types  (p. 6)",
        "  Implications for practice  (p. 6)",
        "  Further information  (p. 6)",
    ]
    args = ["show", "tfei-technical-report.pdf", "--json", "--db", str(catalogue)]
    result = runner.invoke(cli, args)
    details = json.loads(result.output)
    assert details["page_kinds"] == {"appendix": [79], "contents": [2], "references": [78]}
    assert details["sections"][13] == {
        "level": 1, "title": "3. Design and implementation", "first_page": 25, "last_page": 38,
        "source": "headings"}  # fmt: skip
    assert (details["created"], details["date_source"]) == ("2021-07", "text")


def test_reindex_of_a_current_catalogue_changes_nothing(catalogue: Path) -> None:
    result = CliRunner().invoke(cli, ["reindex", "--dry-run", "--db", str(catalogue)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Would change 0 of 19 reports: 0 pages (kind or running header/footer), 0 dates from "
        "the text; 505 sections, 0 outlines from bookmarks\n"
    )
