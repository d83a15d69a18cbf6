"""`tag`, `retag`, `taxonomy`, `--taxonomy` and the `list` tag filters, on generated PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clirun import run
from pdfs import make_pdf

DASH = "\u2013"
CORPUS = {
    "cirv-summary.pdf": (
        "CIRV: Key findings and implications for practice",
        ["Northamptonshire Police", "CIRV helped. The aim of CIRV was to divert young people."],
    ),
    "met-divan-report.pdf": (
        "Op Met Divan: Full technical report",
        ["Metropolitan Police Service", "Op Met Divan replicated Op Divan in London. Knife crime."],
    ),
    "sara-pilot.pdf": (
        "SARA v3 and SAM: Key findings",
        [
            "West Midlands Police, Cumbria Police and Lancashire Constabulary",
            "The spousal assault risk assessment (SARA) version 3 helps with domestic abuse.",
        ],
    ),
    "taws-report.pdf": (
        "TAWs: Full technical report",
        ["Hampshire Constabulary", "Each TAW met a family. TAWs work in schools."],
    ),
}
POLICING = """
[[topics]]
name = "Policing"
rules = [{ match = "any", pattern = "Police Constabulary" }]
"""


@pytest.fixture
def pdfs(tmp_path: Path, isolated_catalog: Path) -> Path:
    folder = tmp_path / "in"
    for name, (heading, pages) in CORPUS.items():
        make_pdf(folder / name, pages, heading=heading)
    code, output = run("ingest", "-j", "1", str(folder))
    assert code == 0, output
    return folder


def listed(*args: str) -> list[str]:
    code, output = run("list", "--json", *args)
    assert code == 0, output
    return [report["file_name"] for report in json.loads(output)]


def tags_of(report: str) -> dict[tuple[str, str], str]:
    code, output = run("tag", report, "--json")
    assert code == 0, output
    return {(tag["kind"], tag["name"]): tag["source"] for tag in json.loads(output)}


def write_taxonomy(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--intervention", "cirv"], ["cirv-summary.pdf"]),
        (["--intervention", "Community initiative to reduce violence"], ["cirv-summary.pdf"]),
        (["--intervention", "sara v3"], ["sara-pilot.pdf"]),
        (["--intervention", "SARAv3"], ["sara-pilot.pdf"]),
        (["--intervention", "taw"], ["taws-report.pdf"]),
        (["--intervention", "Op Divan"], []),
        (["--intervention", "op met divan"], ["met-divan-report.pdf"]),
        (["--force", "the met"], ["met-divan-report.pdf"]),
        (["--force", "MPS"], ["met-divan-report.pdf"]),
        (["--theme", "session 3"], ["sara-pilot.pdf"]),
        (["--theme", "Knife crime - early intervention"], ["met-divan-report.pdf"]),
        (["--topic", "domestic abuse"], ["sara-pilot.pdf"]),
        (["--type", "technical report"], ["met-divan-report.pdf", "taws-report.pdf"]),
        (["--type", "KEY FINDINGS", "--force", "cumbria"], ["sara-pilot.pdf"]),
    ],
)
def test_list_filters_take_a_name_acronym_or_alias(
    pdfs: Path, args: list[str], expected: list[str]
) -> None:
    assert listed(*args) == expected


def test_an_unknown_filter_value_is_a_one_line_usage_error(pdfs: Path) -> None:
    code, output = run("list", "--intervention", "Op Divn")
    assert (code, output) == (
        2,
        "Error: no intervention called 'Op Divn': did you mean Op Divan or Op Met Divan?\n",
    )


def test_list_json_has_tags_primary_first(pdfs: Path) -> None:
    code, output = run("list", "--json", "--intervention", "sara")
    assert code == 0
    assert json.loads(output)[0]["tags"] == {
        "theme": ["Risk assessment and management"],
        "intervention": ["SAM / SARAv3 national pilot"],
        "force": ["West Midlands Police", "Cumbria Police", "Lancashire Constabulary"],
        "topic": ["Domestic violence", "Risk"],
        "type": ["Key findings and implications for practice"],
    }


def test_tag_shows_each_tag_with_its_source_and_reason(
    pdfs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code, output = run("tag", "met-divan-report.pdf")
    assert code == 0
    met = "follows from intervention 'Op Met Divan'"
    assert output.splitlines() == [
        "report 2: Op Met Divan: Full technical report (met-divan-report.pdf)",
        "kind          tag                               primary  source  score  reason",
        "------------  --------------------------------  -------  ------  -----  " + "-" * 101,
        f"theme         Knife crime {DASH} early intervention  yes      rule      0.0  {met}",
        "intervention  Op Met Divan                      yes      rule     12.0  title contains "
        "'Op Met Divan'; 'Op Met Divan' once on the first page; 'Op Met Divan' once in the body",
        f"force         Metropolitan Police               yes      rule      3.0  {met}; "
        "'Metropolitan Police' once on the first page",
        "topic         Knife crime                       yes      rule      1.0  follows from "
        f"theme 'Knife crime {DASH} early intervention'; 'Knife crime' once in the body",
        "type          Full technical report             yes      rule     11.0  title contains "
        "'technical report'; 'technical report' once on the first page",
    ]


def test_manual_tags_win_and_survive_retag_and_reingest(pdfs: Path) -> None:
    code, _ = run("tag", "2", "--add", "topic:evidence based policing", "--remove", "force:the met")
    assert code == 0
    expected = {
        ("theme", f"Knife crime {DASH} early intervention"): "rule",
        ("intervention", "Op Met Divan"): "rule",
        ("topic", "Knife crime"): "rule",
        ("topic", "Evidence-based policing"): "manual",
        ("type", "Full technical report"): "rule",
    }
    assert tags_of("met-divan-report.pdf") == expected
    assert listed("--force", "MPS") == []
    assert listed("--topic", "ebp") == ["met-divan-report.pdf"]
    code, output = run("retag")
    assert (code, output) == (
        0,
        "Retagged 4 reports with the default taxonomy: 0 tags added, 0 removed.\n",
    )
    assert tags_of("2") == expected
    code, output = run("ingest", "--force", "-j", "1", str(pdfs))
    assert code == 0, output
    assert tags_of("2") == expected


def test_reset_lets_the_rules_decide_again(pdfs: Path) -> None:
    run("tag", "2", "--remove", "force:the met")
    code, _ = run("tag", "2", "--reset", "force:metropolitan police")
    assert code == 0
    assert tags_of("2")[("force", "Metropolitan Police")] == "rule"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope.pdf"],
            "Error: no report matches 'nope.pdf': give an id, file name, path or words of its "
            "title (see evalcatalog list)",
        ),
        (
            ["99"],
            "Error: no report matches '99': give an id, file name, path or words of its title "
            "(see evalcatalog list)",
        ),
        (["1", "--add", "CIRV"], "Error: 'CIRV' is not KIND:NAME (e.g. intervention:CIRV)"),
        (
            ["1", "--add", "colour:red"],
            "Error: unknown tag kind 'colour' in 'colour:red': use one of theme, intervention, "
            "force, topic, type",
        ),
        (
            ["1", "--add", "force:Kent"],
            "Error: no force called 'Kent': known forces are Metropolitan Police, "
            "Northamptonshire Police, Hampshire Constabulary, Avon and Somerset Police, Surrey "
            "Police, West Midlands Police, Cumbria Police, Lancashire Constabulary, North "
            "Yorkshire Police",
        ),
    ],
)
def test_tag_errors_are_one_line_usage_errors(pdfs: Path, args: list[str], message: str) -> None:
    assert run("tag", *args) == (2, message + "\n")


def test_retag_with_a_new_taxonomy_says_what_it_adds_dry_run_first(
    pdfs: Path, tmp_path: Path
) -> None:
    mine = write_taxonomy(tmp_path, POLICING)
    code, output = run("retag", "--dry-run", "--taxonomy", mine)
    assert code == 0
    assert output.splitlines() == [
        "report 1: CIRV: Key findings and implications for practice",
        "  + topic: Policing  ('Police' once on the first page)",
        "report 2: Op Met Divan: Full technical report",
        "  + topic: Policing  ('Police' once on the first page)",
        "report 3: SARA v3 and SAM: Key findings",
        "  + topic: Policing  ('Police' / 'Constabulary' 3 times on the first page)",
        "report 4: TAWs: Full technical report",
        "  + topic: Policing  ('Constabulary' once on the first page)",
        f"Dry run, nothing written: retagging 4 reports with {mine} would add 4 tags and remove 0.",
    ]
    # The dry run remembered nothing: "policing" is still a word of Evidence-based policing.
    assert listed("--topic", "policing") == []
    code, output = run("retag", "--taxonomy", mine)
    assert output.splitlines()[-1] == f"Retagged 4 reports with {mine}: 4 tags added, 0 removed."
    assert len(listed("--topic", "policing")) == 4
    code, output = run("retag", "--taxonomy", "default", "--json")
    summary = json.loads(output)
    assert (summary["taxonomy"], summary["added"], summary["removed"]) == ("default", 0, 4)


def test_ingest_remembers_its_taxonomy(pdfs: Path, tmp_path: Path) -> None:
    mine = write_taxonomy(tmp_path, POLICING)
    code, output = run("ingest", "--taxonomy", mine, str(pdfs))
    assert code == 0, output
    make_pdf(pdfs / "later.pdf", ["Surrey Police"], heading="HHPU: Key findings")
    code, output = run("ingest", str(pdfs))  # no --taxonomy: the catalogue's own
    assert code == 0, output
    assert listed("--topic", "policing") == ["later.pdf"]
    assert listed("--intervention", "hhpu") == ["later.pdf"]


def test_a_broken_taxonomy_stops_ingest_with_the_line(pdfs: Path, tmp_path: Path) -> None:
    broken = write_taxonomy(tmp_path, "[[topics]]\nname = 'X'\nrules = [{ match = 'wordz' }]\n")
    code, output = run("ingest", "--taxonomy", broken, str(pdfs))
    assert (code, output) == (
        1,
        f"Error: {broken}, line 3: topic 'X': unknown match kind 'wordz' (use any, all, "
        "phrase, regex, fuzzy)\n",
    )
    code, output = run("retag", "--taxonomy", broken)
    assert code == 1
    assert tags_of("1")[("intervention", "Community initiative to reduce violence (CIRV)")]


def test_taxonomy_prints_the_tree_with_report_counts(pdfs: Path, tmp_path: Path) -> None:
    mine = write_taxonomy(
        tmp_path,
        """extends = false
[[themes]]
name = "Risk"
session = 3
date = 2021-07-21
[[interventions]]
name = "SARA"
theme = "Risk"
forces = ["WMP"]
[[interventions]]
name = "TAW"
[[forces]]
name = "WMP"
[[types]]
name = "Summary"
""",
    )
    code, output = run("taxonomy", "--taxonomy", mine)
    assert code == 0
    assert output.splitlines() == [
        f"taxonomy: {mine}",
        "",
        "themes                          reports",
        "  Risk (session 3, 2021-07-21)        0",
        "    └─ SARA: WMP                      0",
        "",
        "interventions without a theme",
        "  TAW                                 0",
        "",
        "forces",
        "  WMP                                 0",
        "",
        "report types",
        "  Summary                             0",
    ]


def test_taxonomy_json_counts_the_catalogue(pdfs: Path) -> None:
    code, output = run("taxonomy", "--json")
    assert code == 0
    tree = json.loads(output)
    assert tree["taxonomy"] == "default"
    assert [(t["name"], t["reports"]) for t in tree["themes"]][2] == (
        "Risk assessment and management",
        1,
    )
    knife = tree["themes"][3]
    assert [(i["name"], i["reports"]) for i in knife["children"]] == [
        ("Op Divan", 0),
        ("Op Met Divan", 1),
    ]
    assert {f["name"]: f["reports"] for f in tree["forces"]}["Hampshire Constabulary"] == 1
    assert [(t["name"], t["reports"]) for t in tree["types"]] == [
        ("Key findings and implications for practice", 2),
        ("Full technical report", 2),
        ("Exploratory analysis", 0),
    ]


def test_a_remembered_taxonomy_that_vanished_says_how_to_recover(
    pdfs: Path, tmp_path: Path
) -> None:
    mine = Path(write_taxonomy(tmp_path, POLICING))
    assert run("retag", "--taxonomy", str(mine))[0] == 0
    mine.unlink()
    code, output = run("ingest", str(pdfs))
    assert (code, output) == (
        1,
        f"Error: cannot read taxonomy {mine}: No such file or directory (the catalogue tags "
        "with it: fix it, or pass --taxonomy FILE or --taxonomy default)\n",
    )
    assert run("retag", "--taxonomy", "default")[0] == 0
    assert run("ingest", str(pdfs))[0] == 0


def test_a_tag_the_taxonomy_no_longer_knows_can_still_be_used(pdfs: Path, tmp_path: Path) -> None:
    mine = write_taxonomy(tmp_path, POLICING)
    assert run("retag", "--taxonomy", mine)[0] == 0
    assert run("tag", "1", "--add", "topic:policing")[0] == 0  # manual: outlives the taxonomy
    assert run("retag", "--taxonomy", "default")[0] == 0
    assert listed("--topic", "POLICING") == ["cirv-summary.pdf"]
    assert run("tag", "1", "--remove", "topic:policing")[0] == 0
    assert listed("--topic", "domestic abuse") == ["sara-pilot.pdf"]
