"""`evalcatalog search` and `evalcatalog rebuild-index`, through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from search_corpus import build_catalog

from evalcatalog.cli import cli
from evalcatalog.cli.search import render
from evalcatalog.models import PageHit, SearchHit, SearchResult


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("cli-search")
    catalog, _ = build_catalog(folder)
    catalog.close()
    yield str(folder / "catalog.db")


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["search", "--db", db, *args])


def test_hits_with_tags_pages_and_marked_snippets(db: str) -> None:
    result = run(db, "custody")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "2 reports match:\n"
        "\n"
        " 1. DIVERT: custody coaches  (report 2)\n"
        "    intervention: DIVERT · theme: Serious violence \u2013 diversion interventions"
        " · type: Key findings and implications for practice\n"
        "    p. 1    Coaches meet young people in **custody** suites.\n"
        "\n"
        " 2. Op Met Divan: Key findings and implications for practice  (report 1)\n"
        "    intervention: Op Met Divan · theme: Knife crime \u2013 early intervention"
        " · type: Key findings and implications for practice\n"
        "    p. 3    A **custody** suite coach met young people.\n"
    )


def test_corrections_are_reported(db: str) -> None:
    result = run(db, "custdy", "--limit", "1")
    assert result.output.splitlines()[:4] == [
        "No results for custdy; showing custody.",
        "2 reports match, the best 1:",
        "",
        " 1. DIVERT: custody coaches  (report 2, 1 typo)",
    ]


def test_nothing_found_suggests(db: str) -> None:
    result = run(db, "young", "coch")
    assert result.exit_code == 0
    assert result.output == "No reports match 'young coch'.\nDid you mean: young coach?\n"


def test_words_after_a_minus_are_exclusions_not_options(db: str) -> None:
    result = run(db, "young", "-knife")
    assert result.output.splitlines()[0] == "1 report matches:"
    assert "DIVERT: custody coaches" in result.output
    alone = run(db, "-harm")  # -h is not --help here
    assert alone.exit_code == 2
    assert alone.output == (
        "Error: nothing to search for in '-harm': -word only leaves reports out; "
        "add a word or a filter such as theme:...\n"
    )


def test_filter_options_repeat(db: str) -> None:
    result = run(db, "young", "--intervention", "divert", "--intervention", "met divan",
                 "--year", "2020")  # fmt: skip
    assert result.output.splitlines()[:3] == [
        "1 report matches:",
        "",
        " 1. Op Met Divan: Key findings and implications for practice  (report 1)",
    ]


def test_json(db: str) -> None:
    result = run(db, "stalkng", "--json")
    data = json.loads(result.output)
    assert (data["query"], data["total"], data["corrections"]) == ("stalkng", 2, {})
    first = data["hits"][0]
    assert (first["report_id"], first["title"], first["typos"]) == (
        3, "Family safety plans: Full technical report", 0)  # fmt: skip
    assert first["path"].endswith("fsp.pdf")
    assert first["pages"] == [{"page": 2, "section": None, "highlights": [[19, 26]],
                               "snippet": "One page misspells stalkng on purpose."}]  # fmt: skip
    assert first["tags"]["intervention"] == ["Family safety plans (FSPs)"]
    assert data["hits"][1]["typos"] == 1
    assert json.loads(run(db, "custdy", "--json").output)["corrections"] == {"custdy": "custody"}


def test_csv(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(db, "stalking", "--csv").output)))
    assert [(row["rank"], row["title"], row["pages"], row["typos"]) for row in rows] == [
        ("1", "Stalking risk assessment: Full technical report", "2; 4", "0"),
        ("2", "Family safety plans: Full technical report", "2", "1"),
    ]
    assert rows[0]["intervention"] == "SAM / SARAv3 national pilot"
    assert rows[0]["snippet"] == (
        "Assessing the risk of stalking with structured professional judgement."
    )
    assert (rows[0]["highlights"], rows[0]["sections"]) == ("22-30", "; ")
    assert rows[0]["path"].endswith("stalking.pdf")


def test_explain(db: str) -> None:
    lines = run(db, "custdy", "coaches", "--explain", "--limit", "1").output.splitlines()
    assert lines[-4:] == [
        "    why: custdy → custody (1 edit) in title",
        "    why: custdy → custody (1 edit) in text, p. 1",
        "    why: coaches → coaches (exact) in title",
        "    why: coaches → coaches (exact) in text, p. 1",
    ]


def test_bold_on_a_terminal() -> None:
    result = SearchResult("x", 1, [SearchHit(1, "T", 1.0, pages=[PageHit(2, "a b c", [(2, 3)])])])
    assert render(result, explain=False, bold=True).splitlines()[-1] == (
        "    p. 2    a \x1b[1mb\x1b[0m c"
    )
    assert render(result, explain=False, bold=False).splitlines()[-1] == "    p. 2    a **b** c"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["!!!"], "Error: nothing to search for in '!!!': type a word, e.g. evalcatalog search"),
        (["young", "--theme", "nope"], "Error: no theme called 'nope': known themes are"),
        (["young", "year:soon"], "Error: year 'soon' is not a year: use year:2021"),
        (["young", "--lmit", "3"], "Error: no such option: --lmit"),
        (["young", "--theme", "\x1b[2Jevil"], "Error: no theme called '\\x1b[2Jevil'"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(db: str, args: list[str], message: str) -> None:
    result = run(db, *args)
    assert result.exit_code == 2
    assert result.output.startswith(message) or message in result.output
    assert result.output.count("\n") == 1
    assert "\x1b" not in result.output


def test_a_missing_catalogue_is_an_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.db"), "young")
    assert result.exit_code == 1
    assert "no catalogue at" in result.output


def test_rebuild_index(db: str) -> None:
    result = CliRunner().invoke(cli, ["rebuild-index", "--db", db])
    assert result.exit_code == 0
    assert result.output.startswith(f"Rebuilt the search index of {db}: 5 reports, 12 pages, ")
    assert run(db, "custody").output.splitlines()[0] == "2 reports match:"


@pytest.mark.parametrize("command", ["search", "rebuild-index"])
def test_help_has_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
