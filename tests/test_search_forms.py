"""Word forms and typos people make: stems rank below the form as typed, a real word is not
turned into another, a swap of two letters is one typo (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions, TermMatch
from evalcatalog.cli import cli

REPORTS = {
    "evaluate.pdf": "We evaluate outcomes for families.",
    "evaluated.pdf": "The scheme was evaluated by the team.",
    "evaluation.pdf": "An evaluation of the scheme was published.",
    "policy.pdf": "The force policy on harassment was new.",
    "policies.pdf": "Local policies differ between forces.",
    "police.pdf": "The police visited families. Officers were policing the streets.",
    "assess.pdf": "Officers assess the risk of harm.",
    "assessment.pdf": "A risk assessment was completed.",
    "assessments.pdf": "Two assessments were made.",
    "intervene.pdf": "Officers intervene early.",
    "intervention.pdf": "The intervention worked for families.",
    "stalking.pdf": "Stalking and safeguarding of victims at risk.",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Catalog, dict[int, str]]]:
    folder = tmp_path_factory.mktemp("forms")
    for name, text in REPORTS.items():
        make_pdf(folder / "pdfs" / name, [text], title=name.removesuffix(".pdf"))
    catalog = Catalog(str(folder / "catalog.db"))
    catalog.ingest([str(folder / "pdfs")], IngestOptions(jobs=1))
    yield catalog, {report.id: report.file_name for report in catalog.reports()}
    catalog.close()


def found(built: tuple[Catalog, dict[int, str]], query: str) -> list[tuple[str, int]]:
    """(file name, typos) of each hit, in order."""
    catalog, names = built
    return [(names[hit.report_id], hit.typos) for hit in catalog.search(query).hits]


# --- word forms ----------------------------------------------------------------------------


def test_evaluate_finds_every_form_the_form_as_typed_first(
    built: tuple[Catalog, dict[int, str]],
) -> None:
    hits = found(built, "evaluate")
    assert hits[0] == ("evaluate.pdf", 0)
    assert sorted(hits[1:]) == [("evaluated.pdf", 0), ("evaluation.pdf", 0)]
    assert found(built, "evaluation")[0] == ("evaluation.pdf", 0)
    assert {name for name, _ in found(built, "evaluated")} == {
        "evaluate.pdf", "evaluated.pdf", "evaluation.pdf"}  # fmt: skip


def test_policy_is_not_turned_into_police_while_policies_exists(
    built: tuple[Catalog, dict[int, str]],
) -> None:
    result = built[0].search("policy")
    assert result.corrections == {}
    assert [built[1][hit.report_id] for hit in result.hits] == ["policy.pdf", "policies.pdf"]
    assert [name for name, _ in found(built, "policies")] == ["policies.pdf", "policy.pdf"]
    assert [name for name, _ in found(built, "police")] == ["police.pdf"]


def test_assess_and_its_derivations(built: tuple[Catalog, dict[int, str]]) -> None:
    names = [name for name, _ in found(built, "assess")]
    assert (names[0], sorted(names[1:])) == ("assess.pdf", ["assessment.pdf", "assessments.pdf"])
    assert found(built, "assessments")[0] == ("assessments.pdf", 0)


def test_intervene_and_intervention(built: tuple[Catalog, dict[int, str]]) -> None:
    assert [name for name, _ in found(built, "intervene")] == [
        "intervene.pdf", "intervention.pdf"]  # fmt: skip
    assert [name for name, _ in found(built, "intervention")] == [
        "intervention.pdf", "intervene.pdf"]  # fmt: skip


def test_explain_names_the_other_form(built: tuple[Catalog, dict[int, str]]) -> None:
    hit = built[0].search("intervene", explain=True).hits[1]
    assert hit.matches == [
        TermMatch("intervene", "intervention", 0, "title"),
        TermMatch("intervene", "intervention", 0, "text", 1),
    ]
    assert {match.kind for match in hit.matches} == {"form"}


# --- transpositions, by length class ---------------------------------------------------------


def test_five_to_eight_letters_one_swap_is_one_typo(
    built: tuple[Catalog, dict[int, str]],
) -> None:
    result = built[0].search("stalknig")
    assert result.corrections == {"stalknig": "stalking"}
    assert found(built, "stalknig") == [("stalking.pdf", 1)]
    assert found(built, "vicitms") == [("stalking.pdf", 1)]


def test_nine_or_more_letters_two_swaps_or_a_swap_and_another_typo(
    built: tuple[Catalog, dict[int, str]],
) -> None:
    assert found(built, "sfaeguadring") == [("stalking.pdf", 2)]  # two swaps
    assert found(built, "safegaurdng") == [("stalking.pdf", 2)]  # a swap and a letter missing
    assert found(built, "sfaegaurdnig") == []  # three


def test_one_to_four_letters_are_never_fuzzed_but_suggested(
    built: tuple[Catalog, dict[int, str]],
) -> None:
    result = built[0].search("rsik")
    assert (result.total, result.corrections, result.suggestions) == (0, {}, ["risk"])


def test_a_swap_of_the_first_two_letters_costs_two(
    built: tuple[Catalog, dict[int, str]],
) -> None:
    result = built[0].search("tsalking")  # eight letters: one typo allowed, this is two
    assert (result.total, result.suggestions) == (0, ["stalking"])
    assert found(built, "asfeguarding") == [("stalking.pdf", 2)]  # twelve: two allowed


def test_a_word_that_finds_nothing_gets_a_suggestion_within_two_edits(
    built: tuple[Catalog, dict[int, str]],
) -> None:
    result = built[0].search("harassment OR vcitmis")  # seven letters, two swaps: one too many
    assert result.total == 1
    assert result.suggestions == ["harassment OR victims"]
    assert built[0].search("sfatey").suggestions == []  # nothing within two edits


# --- what a correction says ----------------------------------------------------------------


def test_a_correction_says_plainly_what_it_replaced(tmp_path: Path) -> None:
    make_pdf(tmp_path / "pdfs" / "police.pdf", ["The police visited families."], title="Visits")
    catalog = Catalog(str(tmp_path / "catalog.db"))
    catalog.ingest([str(tmp_path / "pdfs")], IngestOptions(jobs=1))
    assert catalog.search("policy").corrections == {"policy": "police"}
    catalog.close()
    result = CliRunner().invoke(cli, ["search", "--db", str(tmp_path / "catalog.db"), "policy"])
    assert result.output.splitlines()[:2] == [
        "No results for policy; showing police.",
        "1 report matches:",
    ]
