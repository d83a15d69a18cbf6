"""Search on the shipped reports, as issue 17 tried it: the page a researcher wants first."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from evalcatalog import Catalog
from evalcatalog.cli import cli

FOOTER = re.compile(r"Page \d+ of \d+")  # what every page but the cover carries


@pytest.fixture(scope="module")
def catalog(shipped_db: str) -> Iterator[Catalog]:
    with Catalog(shipped_db, read_only=True) as opened:
        yield opened


def first_pages(catalog: Catalog, query: str, **filters: str) -> tuple[str, list[int]]:
    hit = catalog.search(query, **filters).hits[0]  # type: ignore[arg-type]
    return hit.title, [page.page for page in hit.pages]


def test_cost_in_the_tfei_report_lands_on_its_cost_chapter(catalog: Catalog) -> None:
    title, pages = first_pages(catalog, "cost", intervention="TFEI", type="Full technical report")
    assert title == "TFEI: Full technical report"
    assert all(48 <= page <= 55 for page in pages), pages  # "5. Cost effectiveness"
    hit = catalog.search("cost", intervention="TFEI", type="Full technical report").hits[0]
    assert hit.pages[0].section is not None and "Cost" in hit.pages[0].section


def test_algorithm_in_the_hhpu_report_lands_on_page_41(catalog: Catalog) -> None:
    title, pages = first_pages(catalog, "algorithm")
    assert (title, pages[0]) == ("HHPU: Full technical report", 41)


def test_a_report_matching_only_in_its_references_ranks_below_divert(catalog: Catalog) -> None:
    titles = [hit.title for hit in catalog.search("young -knife").hits]
    assert titles.index("DIVERT: Full technical report") < titles.index(
        "FSPs: Full technical report"
    )
    assert titles[-1] == "FSPs: Full technical report"


def test_word_forms_on_the_shipped_reports(catalog: Catalog) -> None:
    assert catalog.search("evaluate").total == 19  # evaluated, evaluation
    assert catalog.search("assess").total == catalog.search("assessment OR assessed").total


def test_policy_says_it_is_showing_police(shipped_db: str) -> None:
    result = CliRunner().invoke(cli, ["search", "--db", shipped_db, "policy", "--limit", "1"])
    assert result.output.splitlines()[0] == "No results for policy; showing police."


def test_no_running_header_or_footer_in_any_snippet(catalog: Catalog) -> None:
    for query in ("cost", "young", "college of policing", "page", "impact"):
        for hit in catalog.search(query, limit=19).hits:
            for page in hit.pages:
                assert not FOOTER.search(page.text), (query, hit.title, page)
