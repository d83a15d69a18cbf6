"""Which pages a search shows, and in which order, on generated reports of known structure
(issue 17): pages ranked by BM25 in the body, contents, references and appendices after the
body, furniture never in a snippet, sections on each page, section: narrowing; and, between
reports, body matches above reference-list ones and a short report titled as the query first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from search_pages_pdfs import COST_REVIEW, FILLER, HEADER, draw_report

from evalcatalog import Catalog, IngestOptions
from evalcatalog.cli import cli


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    folder = tmp_path_factory.mktemp("pages")
    draw_report(folder / "pdfs" / "cost-review.pdf", COST_REVIEW)
    catalog = Catalog(str(folder / "catalog.db"))
    catalog.ingest([str(folder / "pdfs")], IngestOptions(jobs=1))
    yield catalog
    catalog.close()


def pages(catalog: Catalog, query: str, **options: object) -> list[int]:
    [hit] = catalog.search(query, **options).hits  # type: ignore[arg-type]
    return [page.page for page in hit.pages]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cost", [4, 5, 1]),  # the chapter, then the cover's title; not contents or appendix
        ("young people", [7, 6, 8]),  # three times, once, then the reference list
        ("arrests", [6]),
        ("mentors", [7]),
        ("budget", [4]),
    ],
)
def test_the_best_pages_in_order(review: Catalog, query: str, expected: list[int]) -> None:
    assert pages(review, query) == expected


def test_the_running_header_is_never_in_a_snippet(review: Catalog) -> None:
    for query in ("cost", "review", "evaluation report", "young people"):
        for hit in review.search(query).hits:
            for page in hit.pages:
                assert HEADER not in page.text and "Page " not in page.text, page


def test_snippets_come_from_the_densest_passage_with_offsets(review: Catalog) -> None:
    [hit] = review.search("cost").hits
    first = hit.pages[0]
    assert first.text == (  # the three costs together, not the first one alone
        "…was the largest cost. The cost per participant was four hundred pounds. Overall"
        " cost was close to the…"
    )
    assert [first.text[a:b] for a, b in first.highlights] == ["cost", "cost", "cost"]
    assert first.section == "2. Cost effectiveness"


def test_section_narrows_to_pages_under_matching_headings(review: Catalog) -> None:
    assert pages(review, "young section:impact") == [7, 6]
    assert pages(review, "young section:imapct") == [7, 6]  # typo-tolerant, as names are
    assert pages(review, "young", section="impact") == [7, 6]
    assert pages(review, "cost", section="cost") == [4, 5]
    assert review.search("cost section:impact").hits == []


def test_text_output_shows_each_page_s_section(review: Catalog) -> None:
    result = CliRunner().invoke(cli, ["search", "--db", review.path, "budget"])
    assert result.output.splitlines()[-2:] == [
        "    p. 4 · 2. Cost effectiveness",
        "         …the largest cost. The cost per participant was four hundred pounds. Overall"
        " cost was close to the **budget**.",
    ]


# --- between reports -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Catalog, dict[int, str]]]:
    folder = tmp_path_factory.mktemp("shelf") / "pdfs"
    passing = "Knife crime came up in passing, as knife crime does in any review."
    reports = {
        "knife-crime.pdf": [["Knife crime", "A short note on the city."]],
        "youth-services.pdf": [["Youth services review"], *([passing, *FILLER] for _ in range(6))],
        "mentoring.pdf": [
            ["Mentoring study"],
            ["Mentors met weekly.", *FILLER],
            ["References", "Young adults (2019) Young people in custody. Young voices."],
        ],
        "coaching.pdf": [["Custody coaching"], [*FILLER, "Coaches met young adults.", *FILLER]],
        "antisocial.pdf": [["Orders"], ["Antisocial behaviour fell."]],
        "anti-social.pdf": [["Notices"], ["Anti-social behaviour rose."]],
    }
    for name, report in reports.items():
        draw_report(folder / name, report, header=None if name == "knife-crime.pdf" else HEADER)
    catalog = Catalog(str(folder.parent / "catalog.db"))
    catalog.ingest([str(folder)], IngestOptions(jobs=1))
    yield catalog, {report.id: report.file_name for report in catalog.reports()}
    catalog.close()


def found(shelf: tuple[Catalog, dict[int, str]], query: str) -> list[str]:
    catalog, names = shelf
    return [names[hit.report_id] for hit in catalog.search(query).hits]


def test_a_short_report_titled_as_the_query_ranks_first(
    shelf: tuple[Catalog, dict[int, str]],
) -> None:
    assert found(shelf, "knife crime") == ["knife-crime.pdf", "youth-services.pdf"]


def test_matches_only_in_a_reference_list_rank_below_the_body(
    shelf: tuple[Catalog, dict[int, str]],
) -> None:
    assert found(shelf, "young") == ["coaching.pdf", "mentoring.pdf"]


@pytest.mark.parametrize("query", ["antisocial", "anti-social", "anti social"])
def test_hyphenated_spaced_and_joined_forms_meet(
    shelf: tuple[Catalog, dict[int, str]], query: str
) -> None:
    assert sorted(found(shelf, query)) == ["anti-social.pdf", "antisocial.pdf"]
