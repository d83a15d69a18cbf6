"""Search at scale's shortcuts give the answers the long way gives: a phrase of common words
checked in the best reports only (search/sampled.py, its total estimated and said to be),
BM25 read over every match and filtered (rank.body_scores), a word on every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.cli import cli
from evalcatalog.search import plan as plan_module
from evalcatalog.search import rank, sampled
from evalcatalog.search.plan import make_plan
from evalcatalog.search.query import parse_query
from evalcatalog.store import index_reads

REPORTS = 24  # r00..r23; those not a multiple of 4 say "in to" (18 of them)


def text(number: int) -> str:
    said = "they went in to town today" if number % 4 else "what to go in for"
    if number == 1:  # the phrase most often, in the oldest but one: BM25 would rank it first
        said += ", then in to the shop and in to the park, and in to the hall"
    rare = " and back to in time" if number == 5 else ""
    return f"Report {number} notes: {said}{rare}."


@pytest.fixture(scope="module")
def common(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Catalog, dict[int, int]]]:
    folder = tmp_path_factory.mktemp("common")
    for number in range(REPORTS):
        make_pdf(folder / "pdfs" / f"r{number:02d}.pdf", [text(number)], title=f"Notes {number}")
    with Catalog(str(folder / "c.db")) as catalog:
        catalog.ingest([str(folder / "pdfs")], IngestOptions(jobs=1))
        numbers = {report.id: int(report.file_name[1:3]) for report in catalog.reports()}
        yield catalog, numbers


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plans as in a large catalogue (words in half the rows filter but do not rank), with a
    sample of 8 reports."""
    monkeypatch.setattr(plan_module, "COMMON_RANKED_ROWS", 0)
    monkeypatch.setattr(sampled, "SAMPLE", 8)


def shown(catalog: Catalog, numbers: dict[int, int], query: str, **options: Any) -> list[int]:
    return [numbers[hit.report_id] for hit in catalog.search(query, **options).hits]


def test_a_common_phrase_is_loosened_to_its_words(
    common: tuple[Catalog, dict[int, int]], large: None
) -> None:
    plan = make_plan(parse_query('"in to"'), common[0].vocabulary(), {})
    assert plan.common_phrases == {"in to": 24}
    assert plan.rank_expression(0) == '"in to"'
    loose = plan.loosened()  # its words, anywhere in a row, and not ranked
    assert (loose.groups[0].expression(0), loose.rank_expression(0)) == ('(("in" AND "to"))', None)
    assert make_plan(parse_query('"what to"'), common[0].vocabulary(), {}).common_phrases == {}


def test_a_common_phrase_checks_the_newest_and_estimates_the_total(
    common: tuple[Catalog, dict[int, int]], large: None
) -> None:
    catalog, numbers = common
    result = catalog.search('"in to"', limit=5)
    # 6 of the 8 sampled (every third of the 24) say it: 18, said to be an estimate
    assert (result.total, result.total_is_estimate) == (18, True)
    assert shown(catalog, numbers, '"in to"', limit=5) == [23, 22, 21, 19, 18]
    assert all("in to" in hit.pages[0].snippet for hit in result.hits)
    # a search page's facets need every report found: counted exactly
    exact, matched = catalog.search_and_ids('"in to"', {}, limit=5)
    assert (exact.total, exact.total_is_estimate) == (18, False)
    assert {numbers[report_id] for report_id in matched} == {n for n in range(24) if n % 4}
    assert [hit.report_id for hit in exact.hits] == [hit.report_id for hit in result.hits]


def test_few_reports_holding_its_words_are_each_checked(
    common: tuple[Catalog, dict[int, int]], large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, numbers = common
    monkeypatch.setattr(sampled, "SAMPLE", 24)
    result = catalog.search('"in to"', limit=3)
    assert (result.total, result.total_is_estimate) == (18, False)
    assert shown(catalog, numbers, '"in to"', limit=3) == [23, 22, 21]
    result = catalog.search('"in to" notes 13', limit=3)
    assert (result.total, result.total_is_estimate, shown(catalog, numbers, '"in to" notes 13',
                                                          limit=3)) == (1, False, [13])  # fmt: skip


def test_a_rare_phrase_of_common_words_is_matched_exactly(
    common: tuple[Catalog, dict[int, int]], large: None
) -> None:
    catalog, numbers = common
    result = catalog.search('"to in"')  # in 1 of the newest 24: fewer than 1 in CHECKS
    assert (result.total, result.total_is_estimate) == (1, False)
    assert shown(catalog, numbers, '"to in"') == [5]


def test_a_small_catalogue_matches_and_ranks_every_phrase(
    common: tuple[Catalog, dict[int, int]],
) -> None:
    catalog, numbers = common
    result = catalog.search('"in to"')
    assert (result.total, result.total_is_estimate) == (18, False)
    assert shown(catalog, numbers, '"in to"', limit=2) == [1, 23]  # BM25: most often first


def test_a_word_on_every_page_finds_every_report(
    common: tuple[Catalog, dict[int, int]], large: None
) -> None:
    catalog, numbers = common
    result = catalog.search("notes")
    assert (result.total, result.total_is_estimate) == (24, False)
    assert shown(catalog, numbers, "notes", limit=3) == [23, 22, 21]


QUERIES = ["cost", "stalking risk", "evaluation", "polic", "stalkng", "victims support",
           "knife crime", "offender", "cost effectiveness", "abuse perpetrator"]  # fmt: skip


def outcomes(catalog: Catalog) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    for query in QUERIES:
        result = catalog.search(query)
        hits = [(h.report_id, h.score, [p.page for p in h.pages]) for h in result.hits]
        found.append((query, result.total, hits))
    return found


@pytest.mark.parametrize("rows", [500, 0])
def test_bm25_of_every_match_filtered_ranks_as_the_id_list_does(
    shipped_db: str, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    monkeypatch.setattr(plan_module, "COMMON_RANKED_ROWS", rows)
    with Catalog(shipped_db, read_only=True) as catalog:
        monkeypatch.setattr(rank, "TOP_SHARE", float("inf"))  # the id list's filter, always
        filtered = outcomes(catalog)
        monkeypatch.setattr(rank, "TOP_SHARE", 0.0)  # every match read, always
        assert outcomes(catalog) == filtered


@pytest.mark.parametrize("limit", [1, 10])
def test_a_total_counted_in_sql_is_the_reports_found(
    shipped_db: str, common: tuple[Catalog, dict[int, int]], limit: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Once a page is ranked, the last tier's matches are counted, not brought back (where
    a report is a row: the shipped reports have long ones, the generated none)."""
    counted: list[int | None] = []
    count = rank.TierMatcher.count

    def counting(matcher: rank.TierMatcher, tier: int) -> int | None:
        counted.append(count(matcher, tier))
        return counted[-1]

    monkeypatch.setattr(rank.TierMatcher, "count", counting)
    queries = [*QUERIES, "stalking -risk", "police year:2020-2024", "cos", "tow", "wnet", "notes"]
    with Catalog(shipped_db, read_only=True) as shipped:
        for catalog in (shipped, common[0]):
            for query in queries:
                result = catalog.search(query, limit=limit)
                exact, matched = catalog.search_and_ids(query, {}, limit=limit)
                assert (result.total, result.total_is_estimate) == (len(matched), False), query
                assert [h.report_id for h in result.hits] == [h.report_id for h in exact.hits]
    assert any(found is not None for found in counted)  # the shortcut was taken


def test_the_cli_says_an_estimated_total_is_about(
    common: tuple[Catalog, dict[int, int]], large: None
) -> None:
    path = common[0].path
    result = CliRunner().invoke(cli, ["search", "--db", str(path), '"in to"', "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "about 18 reports match, the best 2:" in result.output
    result = CliRunner().invoke(cli, ["search", "--db", str(path), "notes 13"])
    assert "1 report matches:" in result.output


def test_too_few_of_the_newest_holding_the_phrase_widens_the_look(
    common: tuple[Catalog, dict[int, int]], large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[int] = []

    def looking(conn: Any, expression: str, reports: int) -> tuple[set[int], set[int]]:
        looked.append(reports)
        return index_reads.newest_matching(conn, expression, reports)

    monkeypatch.setattr(sampled, "newest_matching", looking)
    monkeypatch.setattr(sampled, "WINDOW", 8)  # the newest 8 hold it 6 times: too few
    monkeypatch.setattr(sampled, "SAMPLE", 4)
    result = common[0].search('"in to"', limit=2)
    assert (result.total, result.total_is_estimate, looked) == (18, True, [8, 32])


def test_a_phrase_with_a_common_word_ranks_by_its_rarest_word(
    common: tuple[Catalog, dict[int, int]], large: None
) -> None:
    """BM25 of a phrase counts its rows over the whole index, reading every position of its
    common word; every report the phrase matches holds its rare word, which ranks instead."""
    catalog, numbers = common
    plan = make_plan(parse_query('"in time"'), catalog.vocabulary(), {})
    assert plan.phrase_anchors == {"in time": ("time", 1)} and plan.common_phrases == {}
    assert plan.groups[0].expression(0) == '("in time")'  # what it matches: the phrase
    assert plan.rank_expression(0) == '"time"'  # what ranks
    assert shown(catalog, numbers, '"in time"') == [5]
    assert make_plan(parse_query('"in time"'), catalog.vocabulary(), {}).rank_rows(0) == 1


def test_a_rare_phrase_of_common_words_filters_but_does_not_rank(
    common: tuple[Catalog, dict[int, int]], large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too rare among the newest to be checked report by report (as if: it is common here),
    it is matched exactly and, as a common phrase always is, not ranked by BM25 (that would
    count its rows over the whole index): newest first, where BM25 put report 1 first."""
    from evalcatalog.search import engine

    catalog, numbers = common
    monkeypatch.setattr(engine, "common_phrases", lambda conn, plan: None)
    scored: list[str] = []
    real = rank.body_scores

    def scoring(conn: Any, plan: Any, tier: int, ids: set[int], wanted: int) -> dict[int, float]:
        scored.append(plan.rank_expression(tier) or "")
        return real(conn, plan, tier, ids, wanted)

    monkeypatch.setattr(rank, "body_scores", scoring)
    result = catalog.search('"in to"', limit=3)
    assert (result.total, result.total_is_estimate) == (18, False)
    assert shown(catalog, numbers, '"in to"', limit=3) == [23, 22, 21]
    assert not any(scored)  # nothing for BM25
