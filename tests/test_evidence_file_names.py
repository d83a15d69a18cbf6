"""Content beats the file name: a file name that the title and text contradict adds no tag of
any kind (intervention, type, force, theme, topic); one they do not contradict still counts."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest
from conftest import REPORTS
from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.extract.pdf import extract_report
from evalcatalog.models import TagMatch
from evalcatalog.tagging.tagger import tag_report
from evalcatalog.tagging.taxonomy import load_taxonomy

DASH = "\u2013"
SERIOUS_VIOLENCE = f"Serious violence {DASH} diversion interventions"
KEY, TECH = "Key findings and implications for practice", "Full technical report"


@cache
def read(shipped: str) -> tuple[str, list]:  # type: ignore[type-arg]
    report = extract_report(str(REPORTS / shipped))
    return report.heading or "", report.pages


def tags_as(shipped: str, file_name: str) -> dict[str, list[str]]:
    """The tags of a shipped report's real text and title, stored under another file name."""
    title, pages = read(shipped)
    found: dict[str, list[str]] = {}
    for match in tag_report(title, file_name, pages, load_taxonomy()):
        found.setdefault(match.kind, []).append(match.name)
    return found


def test_the_shipped_reports_are_tagged_as_before_under_their_own_names() -> None:
    tags = tags_as("divert-key-findings.pdf", "divert-key-findings.pdf")
    assert tags == {"theme": [SERIOUS_VIOLENCE], "intervention": ["DIVERT"],
                    "force": ["Metropolitan Police"], "type": [KEY]}  # fmt: skip


@pytest.mark.parametrize(
    ("shipped", "file_name", "kind", "expected"),
    [
        # intervention: the issue's own case
        ("divert-key-findings.pdf", "cirv-key-findings.pdf", "intervention", ["DIVERT"]),
        ("op-divan-key-findings.pdf", "hhpu-key-findings.pdf", "intervention", ["Op Divan"]),
        # type: a summary filed as a technical report, and the other way round
        ("divert-key-findings.pdf", "divert-technical-report.pdf", "type", [KEY]),
        ("divert-technical-report.pdf", "divert-key-findings.pdf", "type", [TECH]),
        # force: named in the file name, never in the text
        ("divert-key-findings.pdf", "surrey-police-divert.pdf", "force", ["Metropolitan Police"]),
        ("tfei-key-findings.pdf", "north-yorkshire-police-tfei.pdf", "force",
         ["Avon and Somerset Police"]),
        # theme: the file name names the wrong seminar
        ("divert-key-findings.pdf", "risk-assessment-and-management-divert.pdf", "theme",
         [SERIOUS_VIOLENCE]),
        # topic: a subject the text never touches
        ("divert-key-findings.pdf", "domestic-violence-divert.pdf", "topic", []),
        ("hhpu-key-findings.pdf", "knife-crime-hhpu.pdf", "topic", ["Risk"]),
    ],
)  # fmt: skip
def test_a_file_name_the_content_contradicts_adds_no_tag(
    shipped: str, file_name: str, kind: str, expected: list[str]
) -> None:
    assert tags_as(shipped, file_name).get(kind, []) == expected


def test_a_file_name_is_still_evidence_when_nothing_contradicts_it() -> None:
    matches = tag_report("Summary", "divert-summary.pdf", [], load_taxonomy())
    assert [(m.kind, m.name, m.reason) for m in matches if m.kind == "intervention"] == [
        ("intervention", "DIVERT", "file name contains 'divert'")
    ]


def test_a_file_name_that_agrees_with_the_content_is_kept_in_the_reason() -> None:
    title, pages = read("divert-key-findings.pdf")
    matches = tag_report(title, "divert-key-findings.pdf", pages, load_taxonomy())
    reason = next(m.reason for m in matches if m.name == "DIVERT")
    assert reason.startswith("file name contains 'divert'; title contains 'DIVERT'")


def ingested_tags(tmp_path: Path, shipped: str, file_name: str) -> list[TagMatch]:
    (tmp_path / "in").mkdir()
    shutil.copy(REPORTS / shipped, tmp_path / "in" / file_name)
    with Catalog(str(tmp_path / "catalog.db")) as catalog:
        catalog.ingest([str(tmp_path / "in")], IngestOptions(jobs=1))
        return catalog.tags(file_name)


def test_ingest_tags_a_misnamed_report_by_its_content(tmp_path: Path) -> None:
    tags = ingested_tags(tmp_path, "divert-key-findings.pdf", "cirv-key-findings.pdf")
    assert [(t.kind, t.name) for t in tags] == [
        ("theme", SERIOUS_VIOLENCE),
        ("intervention", "DIVERT"),
        ("force", "Metropolitan Police"),
        ("type", KEY),
    ]


def test_a_title_made_from_the_file_name_is_not_more_evidence(tmp_path: Path) -> None:
    """No metadata title and no heading: the title comes from the file name, and must not
    give the file name's words a title's weight against the text."""
    text = ("DIVERT: Full technical report. This technical report sets out the evaluation of "
            "DIVERT, delivered in custody suites by the Metropolitan Police.")  # fmt: skip
    make_pdf(tmp_path / "in" / "divert-key-findings.pdf", [text, "More of the technical report."])
    with Catalog(str(tmp_path / "catalog.db")) as catalog:
        catalog.ingest([str(tmp_path / "in")], IngestOptions(jobs=1))
        report = catalog.reports()[0]
        assert (report.title, report.title_source) == ("Divert key findings", "file name")
        assert report.tags["type"] == [TECH]
        assert report.tags["intervention"] == ["DIVERT"]
