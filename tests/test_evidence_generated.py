"""Generated reports with known sections and known finding sentences among distractors:
the sections map to the dimensions their headings name, and the key sentences found have
precision and recall of at least 0.9."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from evidence_pdfs import DISTRACTORS, FINDINGS, Generated, Section, write_report

from evalcatalog import Catalog, IngestOptions
from evalcatalog.evidence.build import intervention_evidence
from evalcatalog.extract.pdf import extract_report
from evalcatalog.models import Report
from evalcatalog.tagging.taxonomy import load_taxonomy

BULLETS = [
    "Reoffending among girls fell by 31% in the first year of the scheme.",
    "Delivery was planned for 2 sites in Phase 2 of the roll-out.",
]


def report_specs() -> list[tuple[str, str, bool, list[Section]]]:
    """(file name, title, bookmarks?, sections): three styles of heading."""
    F = FINDINGS
    numbered = [
        Section("1. Introduction", None),
        Section("2. Theory of change", "mechanism", F["mechanism"][:1]),
        Section("3. Process evaluation", "implementation", F["implementation"][:2]),
        Section("4. Context and conditions", "moderators", F["moderators"][:2]),
        Section("5. Value for money", "economic cost", F["economic cost"][:3]),
        Section("6. Outcomes", "effect", F["effect"][:4], BULLETS),
        Section("7. Conclusions", None),
    ]
    plain = [
        Section("Summary", None),
        Section("How it works", "mechanism", F["mechanism"][1:]),
        Section("Delivery", "implementation", F["implementation"][2:]),
        Section("What works for whom", "moderators", F["moderators"][2:]),
        Section("Cost-benefit analysis", "economic cost", F["economic cost"][3:]),
        Section("Results", "effect", F["effect"][4:]),
        Section("References", None),
    ]
    chapters = [
        Section("Chapter 1: Background", None),
        Section("Chapter 2: Logic model", "mechanism", F["mechanism"]),
        Section("Chapter 3: Implementation", "implementation", F["implementation"][::2]),
        Section("Chapter 4: Transferability", "moderators", F["moderators"][1:]),
        Section("Chapter 5: Economic evaluation", "economic cost", F["economic cost"][::2]),
        Section("Chapter 6: Impact", "effect", F["effect"][::3]),
    ]
    return [
        ("tfei-evaluation.pdf", "TFEI: Full technical report", True, numbered),
        ("hhpu-evaluation.pdf", "HHPU: Full technical report", False, plain),
        ("cirv-evaluation.pdf", "CIRV: Full technical report", False, chapters),
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Generated]:
    folder = tmp_path_factory.mktemp("evidence")
    return [write_report(folder / name, title, sections, marks)
            for name, title, marks, sections in report_specs()]  # fmt: skip


def words(text: str) -> str:
    """Sentences compared by their letters and digits (hyphenation and spacing aside)."""
    return "".join(re.findall(r"[a-z0-9]", text.lower()))


def expected_findings(report: Generated) -> set[str]:
    found = {words(text) for s in report.sections if s.dimension for text in s.findings}
    mapped_bullets = [s for s in report.sections if s.dimension and s.bullets]
    return found | {words(BULLETS[0]) for _ in mapped_bullets}


class KnownSection:
    def __init__(self, level: int, section: Section) -> None:
        self.level, self.title = level, section.heading
        self.first_page, self.last_page = section.first_page, section.last_page


def known_sections(report: Generated) -> list[KnownSection]:
    return [KnownSection(1, section) for section in report.sections]


def found_sentences(report: Generated) -> Iterator[tuple[str, str, int]]:
    """(dimension, sentence, page) as the evidence builder finds them, given the sections."""
    pages = {p.number: p.text for p in extract_report(str(report.path)).pages}
    record = Report(1, "", report.title, "metadata", report.path.name, [], 1, len(pages),
                    tags={"intervention": ["x"], "type": ["Full technical report"]})  # fmt: skip
    result = intervention_evidence("x", [record], lambda _: known_sections(report),
                                   lambda _: pages, load_taxonomy(), limit=100)  # fmt: skip
    for dimension in result.dimensions:
        for sentence in dimension.sentences:
            yield dimension.dimension.name, sentence.text, sentence.page


def test_known_sections_map_to_the_dimensions_their_headings_name(
    generated: list[Generated],
) -> None:
    for report in generated:
        pages = {p.number: p.text for p in extract_report(str(report.path)).pages}
        record = Report(1, "", report.title, "metadata", report.path.name, [], 1, len(pages),
                        tags={"intervention": ["x"]})  # fmt: skip
        sections, texts = sections_of(report), texts_of(pages)
        result = intervention_evidence("x", [record], sections, texts, load_taxonomy(), limit=0)
        mapped = {(s.heading, d.dimension.name) for d in result.dimensions for s in d.sections}
        wanted = {(s.heading, s.dimension) for s in report.sections if s.dimension}
        assert mapped == wanted


def test_finding_sentences_have_precision_and_recall_of_at_least_0_9(
    generated: list[Generated],
) -> None:
    true_positives = false_positives = expected_total = 0
    for report in generated:
        expected = expected_findings(report)
        found = {words(text) for _, text, _ in found_sentences(report)}
        true_positives += len(found & expected)
        false_positives += len(found - expected)
        expected_total += len(expected)
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / expected_total
    assert (precision, recall) >= (0.9, 0.9), (precision, recall)
    assert precision == 1.0 and recall == 1.0  # what the patterns reach on these reports


def test_no_distractor_is_taken_for_a_finding(generated: list[Generated]) -> None:
    distractors = {words(text) for text in DISTRACTORS} | {words(BULLETS[1])}
    for report in generated:
        assert not {words(text) for _, text, _ in found_sentences(report)} & distractors


def test_each_finding_is_cited_at_the_page_it_is_on(generated: list[Generated]) -> None:
    for report in generated:
        texts = {p.number: words(p.text) for p in extract_report(str(report.path)).pages}
        for _, text, page in found_sentences(report):
            assert words(text)[:25] in texts[page], (text, page)


@pytest.fixture(scope="module")
def catalogued(generated: list[Generated], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The generated reports ingested: sections found by the catalogue, not given."""
    db = str(tmp_path_factory.mktemp("evidence-db") / "catalog.db")
    with Catalog(db) as catalog:
        catalog.ingest([str(generated[0].path.parent)], IngestOptions(jobs=1))
    return db


INTERVENTIONS = {"tfei-evaluation.pdf": "tfei", "hhpu-evaluation.pdf": "hhpu",
                 "cirv-evaluation.pdf": "cirv"}  # fmt: skip


def test_ingest_finds_the_sections_in_bookmarks_and_in_text(
    generated: list[Generated], catalogued: str
) -> None:
    with Catalog(catalogued, read_only=True) as catalog:
        for report in generated:
            found = [(s.title, s.first_page, s.last_page) for s in
                     catalog.sections(report.path.name)]  # fmt: skip
            known = [(s.heading, s.first_page, s.last_page) for s in report.sections]
            assert found == known
            source = {s.source for s in catalog.sections(report.path.name)}
            assert source == {"outline" if report.bookmarks else "headings"}


def test_the_catalogue_finds_the_findings_with_precision_and_recall_of_0_9(
    generated: list[Generated], catalogued: str
) -> None:
    true_positives = false_positives = expected_total = 0
    with Catalog(catalogued, read_only=True) as catalog:
        for report in generated:
            evidence = catalog.intervention_evidence(INTERVENTIONS[report.path.name],
                                                     sentences=100)  # fmt: skip
            mapped = {(s.heading, d.dimension.name) for d in evidence.dimensions
                      for s in d.sections}  # fmt: skip
            assert mapped == {(s.heading, s.dimension) for s in report.sections if s.dimension}
            found = {words(s.text) for d in evidence.dimensions for s in d.sentences}
            expected = expected_findings(report)
            true_positives += len(found & expected)
            false_positives += len(found - expected)
            expected_total += len(expected)
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / expected_total
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def sections_of(report: Generated) -> Callable[[int], list[KnownSection]]:
    """The report's known sections, whatever report id is asked for."""
    return lambda _report_id: known_sections(report)


def texts_of(pages: dict[int, str]) -> Callable[[int], dict[int, str]]:
    return lambda _report_id: pages
