"""Tagging: the shipped reports exactly, the hard cases on PDFs written here, and the matchers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.models import PageText, TagMatch
from evalcatalog.tagging.tagger import tag_report
from evalcatalog.tagging.taxonomy import Taxonomy, load_taxonomy

DASH = "\u2013"
THEMES = {
    1: f"Serious violence {DASH} diversion interventions",
    2: "Early intervention for vulnerable children",
    3: "Risk assessment and management",
    4: f"Knife crime {DASH} early intervention",
}
KEY, TECH, EXPLORE = (
    "Key findings and implications for practice",
    "Full technical report",
    "Exploratory analysis",
)
MET, HANTS = "Metropolitan Police", "Hampshire Constabulary"
SARA_FORCES = ["Cumbria Police", "Lancashire Constabulary", "West Midlands Police"]
CIRV = "Community initiative to reduce violence (CIRV)"
TAWS = "Trusted adult workers (TAWs)"
TFEI = "Think family early intervention (TFEI)"
FSPS = "Family safety plans (FSPs)"
HHPU = "High harm perpetrator unit (HHPU)"
SARA = "SAM / SARAv3 national pilot"

# file -> (theme, intervention, forces (sorted), type): reports/README.md, in our names
SHIPPED = {
    "divert-key-findings.pdf": (1, "DIVERT", [MET], KEY),
    "divert-technical-report.pdf": (1, "DIVERT", [MET], TECH),
    "cirv-key-findings.pdf": (1, CIRV, ["Northamptonshire Police"], KEY),
    "cirv-technical-report.pdf": (1, CIRV, ["Northamptonshire Police"], TECH),
    "taws-key-findings.pdf": (2, TAWS, [HANTS], KEY),
    "taws-technical-report.pdf": (2, TAWS, [HANTS], TECH),
    "tfei-key-findings.pdf": (2, TFEI, ["Avon and Somerset Police"], KEY),
    "tfei-technical-report.pdf": (2, TFEI, ["Avon and Somerset Police"], TECH),
    "fsps-key-findings.pdf": (2, FSPS, [HANTS], KEY),
    "fsps-technical-report.pdf": (2, FSPS, [HANTS], TECH),
    "hhpu-key-findings.pdf": (3, HHPU, ["Surrey Police"], KEY),
    "hhpu-technical-report.pdf": (3, HHPU, ["Surrey Police"], TECH),
    "sara-sam-key-findings.pdf": (3, SARA, SARA_FORCES, KEY),
    "sara-sam-technical-report.pdf": (3, SARA, SARA_FORCES, TECH),
    "op-divan-key-findings.pdf": (4, "Op Divan", ["North Yorkshire Police"], KEY),
    "op-divan-technical-report.pdf": (4, "Op Divan", ["North Yorkshire Police"], TECH),
    "op-met-divan-key-findings.pdf": (4, "Op Met Divan", [MET], KEY),
    "op-met-divan-technical-report.pdf": (4, "Op Met Divan", [MET], TECH),
    "op-met-divan-edges-of-knife-crime.pdf": (4, "Op Met Divan", [MET], EXPLORE),
}


@pytest.fixture(scope="module")
def shipped(shipped_catalogue: Path) -> dict[str, dict[str, list[str]]]:
    with Catalog(str(shipped_catalogue), read_only=True) as catalog:
        return {report.file_name: report.tags for report in catalog.reports()}


def test_every_shipped_report_is_catalogued(shipped: dict[str, dict[str, list[str]]]) -> None:
    assert sorted(shipped) == sorted(SHIPPED)


@pytest.mark.parametrize("file_name", sorted(SHIPPED))
def test_shipped_report_tags_are_exactly_right(
    shipped: dict[str, dict[str, list[str]]], file_name: str
) -> None:
    theme, intervention, forces, report_type = SHIPPED[file_name]
    tags = shipped[file_name]
    assert tags["theme"] == [THEMES[theme]]
    assert tags["intervention"] == [intervention]
    assert sorted(tags["force"]) == forces
    assert tags["type"] == [report_type]


def test_shipped_topics_follow_from_themes_and_interventions(
    shipped: dict[str, dict[str, list[str]]],
) -> None:
    assert shipped["op-met-divan-edges-of-knife-crime.pdf"]["topic"] == ["Knife crime"]
    assert shipped["sara-sam-key-findings.pdf"]["topic"] == ["Domestic violence", "Risk"]
    assert shipped["taws-key-findings.pdf"]["topic"] == ["Vulnerable people"]
    assert "topic" not in shipped["divert-key-findings.pdf"]


# --- the hard cases, on PDFs written here ---------------------------------------------------


def ingest_one(tmp_path: Path, name: str, pages: list[str], heading: str) -> list[TagMatch]:
    make_pdf(tmp_path / "in" / name, pages, heading=heading)
    with Catalog(str(tmp_path / "catalog.db")) as catalog:
        catalog.ingest([str(tmp_path / "in")], IngestOptions(jobs=1))
        return catalog.tags(name)


def named(tags: list[TagMatch], kind: str) -> list[str]:
    return [tag.name for tag in tags if tag.kind == kind]


def test_divert_the_verb_is_not_the_divert_programme(tmp_path: Path) -> None:
    tags = ingest_one(
        tmp_path,
        "cirv-summary.pdf",
        [
            "Delivered by Northamptonshire Police.",
            "CIRV works to divert young people away from gangs. Divert them early, said staff.",
            "The aim of CIRV was to divert young people away from gangs and serious violence.",
        ],
        heading="CIRV: Key findings and implications for practice",
    )
    assert named(tags, "intervention") == [CIRV]
    assert named(tags, "force") == ["Northamptonshire Police"]
    assert named(tags, "theme") == [THEMES[1]]


def test_op_met_divan_is_not_op_divan(tmp_path: Path) -> None:
    tags = ingest_one(
        tmp_path,
        "met-divan.pdf",
        [
            "Metropolitan Police Service",
            "Op Met Divan was a 'replication' of Op Divan. Op Divan was first run by North "
            "Yorkshire Police. The Met adapted Op Divan for London, where Op Divan was unknown.",
            "Op Met Divan officers made home visits.",
        ],
        heading="Op Met Divan: Full technical report",
    )
    assert named(tags, "intervention") == ["Op Met Divan"]
    assert named(tags, "force") == [MET]
    assert named(tags, "theme") == [THEMES[4]]
    assert named(tags, "type") == [TECH]
    intervention = next(tag for tag in tags if tag.kind == "intervention")
    assert intervention.reason == (
        "title contains 'Op Met Divan'; 'Op Met Divan' once on the first page; "
        "'Op Met Divan' twice in the body"
    )
    assert intervention.primary


@pytest.mark.parametrize(
    "heading",
    [
        "Piloting SARA v3 in three forces",
        "Piloting SARAv3 in three forces",
        "Piloting SARA version 3 in three forces",
        "Using the spousal assault risk assessment in three forces",
        "Using the Spousal Assault Risk-Assessment in three forces",
        "The SAM tool for stalking",
        "Stalking assessment and management in practice",
    ],
)
def test_every_spelling_of_sara_and_sam_finds_the_pilot(tmp_path: Path, heading: str) -> None:
    tags = ingest_one(tmp_path, "tools.pdf", ["An evaluation."], heading=heading)
    assert named(tags, "intervention") == [SARA]
    assert sorted(named(tags, "force")) == SARA_FORCES
    assert named(tags, "theme") == [THEMES[3]]


def test_sara_and_sam_must_be_acronyms(tmp_path: Path) -> None:
    tags = ingest_one(
        tmp_path, "interviews.pdf", ["Sara and Sam were interviewed.", "Sam said so."], "Sara"
    )
    assert named(tags, "intervention") == []


def test_plural_acronyms_are_the_same_intervention(tmp_path: Path) -> None:
    taws = ingest_one(
        tmp_path,
        "a.pdf",
        ["Hampshire", "Each TAW met the family. TAWs worked in schools. The TAWs said so."],
        heading="TAWs: Full technical report",
    )
    assert named(taws, "intervention") == [TAWS]
    reason = next(tag.reason for tag in taws if tag.kind == "intervention")
    assert reason == (
        "title contains 'TAWs'; 'TAWs' once on the first page; 'TAWs' / 'TAW' 3 times in the body"
    )
    fsps = ingest_one(
        tmp_path, "b.pdf", ["FSPs were agreed. Each FSP set goals."], heading="FSP evaluation"
    )
    assert named(fsps, "intervention") == [FSPS]


def test_theme_and_force_follow_from_the_intervention(tmp_path: Path) -> None:
    tags = ingest_one(
        tmp_path, "d.pdf", ["Coaches met young people in custody."], "DIVERT: Key findings"
    )
    force = next(tag for tag in tags if tag.kind == "force")
    theme = next(tag for tag in tags if tag.kind == "theme")
    assert (force.name, force.reason) == (MET, "follows from intervention 'DIVERT'")
    assert (theme.name, theme.reason) == (THEMES[1], "follows from intervention 'DIVERT'")
    assert named(tags, "type") == [KEY]


def test_a_report_that_says_otherwise_wins(tmp_path: Path) -> None:
    tags = ingest_one(
        tmp_path,
        "e.pdf",
        ["Delivered by West Midlands Police, following the DIVERT model.", "DIVERT in WMP."],
        heading="DIVERT in the West Midlands",
    )
    assert named(tags, "intervention") == ["DIVERT"]
    assert named(tags, "force") == ["West Midlands Police"]
    assert named(tags, "theme") == [THEMES[1]]


def test_a_passing_mention_is_not_a_tag(tmp_path: Path) -> None:
    tags = ingest_one(
        tmp_path,
        "f.pdf",
        [
            "North Yorkshire Police",
            "Op Divan visits.",
            "Op Divan worked. Unlike CIRV, it was cheap.",
        ],
        heading="Op Divan: Key findings and implications",
    )
    assert named(tags, "intervention") == ["Op Divan"]
    assert named(tags, "force") == ["North Yorkshire Police"]


# --- the matchers, on text given directly ------------------------------------------------------


def tag_text(
    taxonomy: Taxonomy, title: str, pages: list[str], file_name: str = "x.pdf"
) -> list[TagMatch]:
    page_texts = [PageText(number, text) for number, text in enumerate(pages, start=1)]
    return tag_report(title, file_name, page_texts, taxonomy)


def user_taxonomy(tmp_path: Path, text: str) -> Taxonomy:
    path = tmp_path / "mine.toml"
    path.write_text("extends = false\n" + text, encoding="utf-8")
    return load_taxonomy(str(path))


def test_each_match_kind(tmp_path: Path) -> None:
    taxonomy = user_taxonomy(
        tmp_path,
        """
[[topics]]
name = "Any"
rules = [{ match = "any", pattern = "knife blade" }]
[[topics]]
name = "All"
rules = [{ match = "all", pattern = "school visit" }]
[[topics]]
name = "Phrase"
rules = [{ match = "phrase", pattern = "home visit" }]
[[topics]]
name = "Regex"
rules = [{ match = "regex", pattern = 'op(eration)?\\s+\\d+' }]
[[topics]]
name = "Fuzzy"
rules = [{ match = "fuzzy", pattern = "adverse childhood experiences", cutoff = 85 }]
[[topics]]
name = "Cased"
rules = [{ match = "phrase", pattern = "NYP", case_sensitive = true }]
""",
    )
    title = "Blades, a visit to a school, home visits, Operation 7, adverse childhod experience"
    title += ", nyp"
    found = {tag.name: tag.reason for tag in tag_text(taxonomy, title, [title])}
    assert found == {
        "Any": "title contains 'Blades'; 'Blades' once on the first page",
        "All": "title contains 'visit' / 'school'; 'visit' / 'school' twice on the first page",
        "Phrase": "title contains 'home visits'; 'home visits' once on the first page",
        "Regex": "title contains 'Operation 7'; 'Operation 7' once on the first page",
        "Fuzzy": "title contains 'adverse childhod experience'; "
        "'adverse childhod experience' once on the first page",
    }


def test_a_hit_inside_a_longer_hit_of_another_entry_does_not_count(tmp_path: Path) -> None:
    taxonomy = user_taxonomy(
        tmp_path,
        """
[[interventions]]
name = "Divan"
[[interventions]]
name = "Met Divan"
""",
    )
    tags = tag_text(taxonomy, "Met Divan: summary", ["Met Divan", "Met Divan. Met Divan."])
    assert named(tags, "intervention") == ["Met Divan"]


def test_a_slug_file_name_has_lost_its_case(tmp_path: Path) -> None:
    taxonomy = load_taxonomy()
    by_slug = tag_text(taxonomy, "Summary", ["text"], file_name="divert-summary.pdf")
    assert named(by_slug, "intervention") == ["DIVERT"]
    by_name = tag_text(taxonomy, "Summary", ["text"], file_name="How-to-Divert.pdf")
    assert named(by_name, "intervention") == []


def test_a_catastrophic_regex_cannot_hang_tagging(tmp_path: Path) -> None:
    taxonomy = user_taxonomy(
        tmp_path,
        """
[[topics]]
name = "Slow"
rules = [{ match = "regex", pattern = '(a|aa)+$' }]
""",
    )
    started = time.monotonic()
    tags = tag_text(taxonomy, "a" * 40 + "!", ["a" * 40 + "!"] * 3)
    assert time.monotonic() - started < 5
    assert tags == []
