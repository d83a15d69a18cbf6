"""`evalcatalog evidence` and Catalog.evidence on the shipped reports: the map of the nine
interventions exactly, and two interventions' sections and key sentences with their pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evalcatalog import Catalog
from evalcatalog.cli import cli
from evalcatalog.cli.evidence import intervention_text
from evalcatalog.evidence.results import (
    DimensionEvidence,
    DimensionInfo,
    InterventionEvidence,
    KeySentence,
)
from evalcatalog.tagging.dimensions import DimensionHeadings

DIMENSIONS = ["effect", "mechanism", "moderators", "implementation", "economic cost"]
INTERVENTIONS = [
    "DIVERT", "Community initiative to reduce violence (CIRV)", "Trusted adult workers (TAWs)",
    "Think family early intervention (TFEI)", "Family safety plans (FSPs)",
    "High harm perpetrator unit (HHPU)", "SAM / SARAv3 national pilot", "Op Divan", "Op Met Divan",
]  # fmt: skip
MAP = """\
intervention                                    reports  Effect      Mechanism   Moderators  Implementation  Economic cost
----------------------------------------------  -------  ----------  ----------  ----------  --------------  -------------
DIVERT                                                2  2 (15 pp.)  2 (13 pp.)  2 (16 pp.)  2 (15 pp.)      2 (8 pp.)
Community initiative to reduce violence (CIRV)        2  2 (13 pp.)  2 (10 pp.)  2 (12 pp.)  2 (12 pp.)      2 (7 pp.)
Trusted adult workers (TAWs)                          2  2 (12 pp.)  2 (9 pp.)   2 (11 pp.)  2 (10 pp.)      2 (6 pp.)
Think family early intervention (TFEI)                2  2 (18 pp.)  2 (15 pp.)  2 (18 pp.)  2 (18 pp.)      2 (10 pp.)
Family safety plans (FSPs)                            2  2 (16 pp.)  2 (12 pp.)  2 (13 pp.)  2 (14 pp.)      2 (7 pp.)
High harm perpetrator unit (HHPU)                     2  2 (14 pp.)  2 (9 pp.)   2 (13 pp.)  2 (11 pp.)      2 (6 pp.)
SAM / SARAv3 national pilot                           2  2 (9 pp.)   2 (7 pp.)   2 (9 pp.)   2 (9 pp.)       2 (5 pp.)
Op Divan                                              2  2 (9 pp.)   2 (5 pp.)   2 (6 pp.)   2 (6 pp.)       2 (4 pp.)
Op Met Divan                                          3  2 (9 pp.)   2 (7 pp.)   3 (11 pp.)  2 (8 pp.)       2 (5 pp.)

Each cell: reports (and their pages) with a section on it; \u2014: none. evalcatalog evidence --intervention NAME shows them.
"""  # noqa: E501


@pytest.fixture(scope="module")
def db(shipped_db: str) -> str:
    return shipped_db  # reports/ catalogued (conftest)


def run(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["evidence", "--db", db, *args])
    return result.exit_code, result.output


def test_the_map_of_the_nine_interventions(db: str) -> None:
    assert run(db) == (0, MAP)


def test_each_report_has_the_sections_its_headings_name(db: str) -> None:
    """Every technical report and summary has all five sections; the exploratory analysis
    only "5.2 Transferability to other areas and crime types"."""
    with Catalog(db, read_only=True) as catalog:
        for report in catalog.reports():
            found = catalog.evidence(intervention=report.tags["intervention"])
            assert [row.intervention for row in found.rows] == report.tags["intervention"]
            evidence = catalog.intervention_evidence(report.tags["intervention"][0])
            dimensions = {d.dimension.name for d in evidence.dimensions
                          for s in d.sections if s.report_id == report.id}  # fmt: skip
            expected = {"moderators"} if "edges" in report.file_name else set(DIMENSIONS)
            assert dimensions == expected, report.file_name


def test_the_map_as_json_and_csv(db: str) -> None:
    code, output = run(db, "--json")
    data = json.loads(output)
    assert code == 0
    assert [d["name"] for d in data["dimensions"]] == DIMENSIONS
    assert [row["intervention"] for row in data["rows"]] == INTERVENTIONS
    assert data["rows"][0]["cells"]["economic cost"] == {
        "dimension": "economic cost", "reports": 2, "pages": 8}  # fmt: skip
    code, output = run(db, "--csv", "--theme", "knife crime")
    assert output.splitlines() == [
        "intervention,reports,effect reports,effect pages,mechanism reports,mechanism pages,"
        "moderators reports,moderators pages,implementation reports,implementation pages,"
        "economic cost reports,economic cost pages",
        "Op Divan,2,2,9,2,5,2,6,2,6,2,4",
        "Op Met Divan,3,2,9,2,7,3,11,2,8,2,5",
    ]


DIVERT_SECTIONS = {
    "effect": [("DIVERT key findings", "Key findings", 2, 2),
               ("DIVERT key findings", "Impact on crime and other outcomes", 5, 5),
               ("DIVERT technical report", "Key findings", 5, 6),
               ("DIVERT technical report", "6. Impact on crime and other outcomes", 46, 54),
               ("DIVERT technical report", "8.1 Summary of findings", 60, 61)],
    "mechanism": [("DIVERT key findings", "Design and implementation", 2, 3),
                  ("DIVERT technical report", "3. Design and implementation", 21, 31)],
    "moderators": [
        ("DIVERT key findings", "Conditions needed to operate effectively", 3, 4),
        ("DIVERT key findings", "Transferability to other areas and crime types", 5, 6),
        ("DIVERT technical report", "4. Conditions needed to operate effectively", 32, 38),
        ("DIVERT technical report", "7. Transferability to other areas and crime types", 55, 59)],
    "implementation": [
        ("DIVERT key findings", "Design and implementation", 2, 3),
        ("DIVERT technical report", "3. Design and implementation", 21, 31),
        ("DIVERT technical report", "7.3 Considerations for implementation", 58, 59)],
    "economic cost": [("DIVERT key findings", "Cost effectiveness", 4, 4),
                      ("DIVERT technical report", "5. Cost effectiveness", 39, 45)],
}  # fmt: skip
DIVERT_SENTENCES = {
    "effect": [
        ("DIVERT key findings", 5, "For the primary outcome (re-arrested within 12 months), the "
         "rate was 39.8% in the intervention group and 43.8% in the matched comparison group."),
        ("DIVERT technical report", 51, "Compared with the matched comparison group, "
         "participants showed a reduction of 6 percentage points in re-arrest over 12 months.")],
    "mechanism": [
        ("DIVERT key findings", 3, "Implementation took longer than planned, largely because "
         "of the COVID-19 pandemic."),
        ("DIVERT technical report", 22, "Implementation took longer than planned, largely "
         "because of delays in receiving referrals.")],
    "moderators": [
        ("DIVERT key findings", 3, "A shared understanding of the aims and dedicated and "
         "ring-fenced funding were repeatedly described as essential."),
        ("DIVERT key findings", 4, "The personal qualities of the DIVERT coaches, including "
         "persistence and empathy, were seen as critical.")],
    "implementation": [
        ("DIVERT key findings", 3, "Implementation took longer than planned, largely because "
         "of the COVID-19 pandemic."),
        ("DIVERT technical report", 22, "Implementation took longer than planned, largely "
         "because of delays in receiving referrals.")],
    "economic cost": [
        ("DIVERT technical report", 39, "The findings suggest that DIVERT could be cost "
         "effective if even a small reduction in engagement with employment or training were "
         "achieved."),
        ("DIVERT technical report", 39, "A break-even analysis suggested that DIVERT would need "
         "to prevent around 6 violent offences a year to cover its costs.")],
}  # fmt: skip
CIRV_SENTENCES = {
    "effect": [
        ("CIRV key findings", 6, "For the primary outcome (violent reoffending within 12 "
         "months), the rate was 19.7% in the intervention group and 25.8% in the matched "
         "comparison group."),
        ("CIRV key findings", 6, "Compared with the matched comparison group, participants "
         "showed a small but statistically significant reduction in violent offending over 6 "
         "months.")],
    "economic cost": [
        ("CIRV key findings", 4, "The findings suggest that the CIRV programme could be cost "
         "effective if even a small reduction in gang-related offending were achieved."),
        ("CIRV key findings", 5, "A break-even analysis suggested that CIRV would need to "
         "prevent around 2 violent offences a year to cover its costs.")],
}  # fmt: skip


def test_divert_sections_and_key_sentences_with_their_pages(db: str) -> None:
    with Catalog(db, read_only=True) as catalog:
        evidence = catalog.intervention_evidence("divert", sentences=2)
    assert evidence.reports == [(evidence.reports[0][0], "DIVERT key findings"),
                                (evidence.reports[1][0], "DIVERT technical report")]  # fmt: skip
    sections = {d.dimension.name: [(s.citation, s.heading, s.first_page, s.last_page)
                                   for s in d.sections] for d in evidence.dimensions}  # fmt: skip
    assert sections == DIVERT_SECTIONS
    sentences = {d.dimension.name: [(s.citation, s.page, s.text) for s in d.sentences]
                 for d in evidence.dimensions}  # fmt: skip
    assert sentences == DIVERT_SENTENCES
    cost = evidence.dimensions[4]
    assert cost.sections[1].reason == "heading '5. Cost effectiveness' (pp. 39\u201345) says 'Cost'"
    assert cost.sentences[1].reason == (
        "number with outcome: '6' near 'violent'; cost or saving: 'break-even'"
    )


def test_cirv_key_sentences_with_their_pages(db: str) -> None:
    with Catalog(db, read_only=True) as catalog:
        evidence = catalog.intervention_evidence("CIRV", sentences=2)
    sentences = {d.dimension.name: [(s.citation, s.page, s.text) for s in d.sentences]
                 for d in evidence.dimensions if d.dimension.name in CIRV_SENTENCES}  # fmt: skip
    assert sentences == CIRV_SENTENCES


def test_an_intervention_in_text_json_and_csv(db: str) -> None:
    code, output = run(db, "--intervention", "op divan", "--sentences", "1")
    assert code == 0
    assert output.startswith("Op Divan: 2 reports: Op Divan key findings (id ")
    assert "Economic cost: the cost effectiveness of the intervention\n" in output
    assert "  Op Divan technical report: 5. Cost effectiveness, pp. 17\u201319\n" in output
    code, output = run(db, "--intervention", "op divan", "--json")
    data = json.loads(output)
    assert [d["name"] for d in data[0]["dimensions"]] == DIMENSIONS
    assert {s["page"] for d in data[0]["dimensions"] for s in d["sentences"]} <= set(range(1, 29))
    code, output = run(db, "--intervention", "op divan", "--csv")
    assert output.splitlines()[0] == (
        "intervention,dimension,item,report_id,report,pages,heading,text,reason"
    )


def test_the_briefing_cites_report_and_page(db: str) -> None:
    code, output = run(db, "--intervention", "divert", "--markdown", "--sentences", "2")
    assert code == 0
    assert output.startswith("# Evidence briefing: DIVERT\n")
    assert ("- \u201cA break-even analysis suggested that DIVERT would need to prevent around 6 "
            "violent offences a year to cover its costs.\u201d (DIVERT technical report, p. 39)"
            ) in output  # fmt: skip
    assert "### Economic cost (the cost effectiveness of the intervention)" in output
    code, whole = run(db, "--markdown", "--sentences", "1", "--theme", "knife crime")
    assert (
        "| Op Met Divan | 3 | 2 (9 pp.) | 2 (7 pp.) | 3 (11 pp.) | 2 (8 pp.) | 2 (5 pp.) |" in whole
    )
    assert "## Op Divan\n" in whole and "## Op Met Divan\n" in whole


def test_an_unknown_intervention_is_one_line_and_exit_2(db: str) -> None:
    result = CliRunner().invoke(cli, ["evidence", "--db", db, "--intervention", "nonsense"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: no intervention called 'nonsense'")


def test_no_catalogue_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["evidence", "--db", str(missing)])
    assert result.exit_code == 1 and not missing.exists()


def test_a_dimension_stands_for_the_headings_it_maps(db: str) -> None:
    with Catalog(db, read_only=True) as catalog:
        dimensions = catalog.load_taxonomy().dimensions
        headings = DimensionHeadings(dimensions, catalog.store.section_titles)
        assert headings.headings_for("cost") == [
            "2.4 Cost analysis", "5. Cost effectiveness", "5.2 Costs of delivery",
            "5.3 Cost per participant", "Cost effectiveness"]  # fmt: skip
        assert headings.headings_for("mechanism") == [
            "3. Design and implementation", "Design and implementation"]  # fmt: skip
        assert headings.headings_for("weather") == []


def test_search_section_takes_a_dimension(db: str) -> None:
    """section:economic matches no heading by its words; as a dimension it stands for the
    cost headings, and every page found lies in one of them."""
    with Catalog(db, read_only=True) as catalog:
        found = catalog.search('section:economic "break-even"', limit=50)
        assert found.total == 14
        assert catalog.matching_ids('section:economic "break-even"', {}) == {
            hit.report_id for hit in found.hits
        }  # what the web page's facets count
        cost = catalog.load_taxonomy().dimension("economic")
        assert cost is not None
        for hit in found.hits:
            spans = [(s.first_page, s.last_page) for s in catalog.sections(str(hit.report_id))
                     if cost.matches(s.title)]  # fmt: skip
            assert all(any(a <= p.page <= b for a, b in spans) for p in hit.pages), hit.title
        effect = catalog.search("section:effect reoffending", limit=50)
        assert effect.total == 11
        assert not [p.section for hit in effect.hits for p in hit.pages
                    if "cost" in (p.section or "").lower()]  # not "Cost effectiveness"  # fmt: skip
        mechanism = catalog.search("section:mechanism coaches", limit=5)
        assert [hit.title for hit in mechanism.hits] == [
            "DIVERT: Full technical report",
            "DIVERT: Key findings and implications for practice",
        ]


def test_text_from_pdfs_cannot_rewrite_the_terminal() -> None:
    evil = "Costs fell by 12%.\x1b[2J\u202e"
    dimension = DimensionEvidence(DimensionInfo("effect", "Effect"), [], [
        KeySentence(1, "Evil report", 3, "5. Cost\x1b[31m", "effect", evil, "r")])  # fmt: skip
    shown = intervention_text(InterventionEvidence("X", [(1, "Evil report")], [dimension]))
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "Costs fell by 12%.\\x1b[2J\\u202e" in shown
