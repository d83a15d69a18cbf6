"""A small catalogue for search tests: PDFs with known words on known pages, known tags."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pdfs import make_pdf

from evalcatalog import Catalog, IngestOptions
from evalcatalog.models import TagMatch

REPORTS: dict[str, tuple[str, datetime, list[str]]] = {
    "stalking.pdf": (
        "Stalking risk assessment: Full technical report",
        datetime(2021, 7, 21),
        [
            "Introduction to the national pilot evaluation.",
            "Assessing the risk of stalking with structured professional judgement.",
            "Appendix: the interview schedule and a safeguarding checklist.",
            "Stalking victims and perpetrators were interviewed in 123456 sessions.",
        ],
    ),
    "divan.pdf": (
        "Op Met Divan: Key findings and implications for practice",
        datetime(2020, 5, 1),
        [
            "Home visits and school visits for young people carrying knives.",
            "Knife crime fell in three boroughs.",
            "A custody suite coach met young people.",
        ],
    ),
    "fsp.pdf": (
        "Family safety plans: Full technical report",
        datetime(2019, 3, 1),
        ["Neglect cases were reviewed by social care.", "One page misspells stalkng on purpose."],
    ),
    "divert.pdf": (
        "DIVERT: custody coaches",
        datetime(2021, 7, 7),
        [
            "Coaches meet young people in custody suites.",
            "Vulnerability and safeguarding of young adults.",
        ],
    ),
    "taws.pdf": (
        "Early help in Hampshire",
        datetime(2018, 1, 1),
        ["Workers supported families facing adverse childhood experiences."],
    ),
}
TAGS = {
    "stalking.pdf": {
        "intervention": "SAM / SARAv3 national pilot",
        "theme": "Risk assessment and management",
        "force": "West Midlands Police",
        "topic": "Domestic violence",
        "type": "Full technical report",
    },
    "divan.pdf": {
        "intervention": "Op Met Divan",
        "theme": "Knife crime \u2013 early intervention",
        "force": "Metropolitan Police",
        "topic": "Knife crime",
        "type": "Key findings and implications for practice",
    },
    "fsp.pdf": {
        "intervention": "Family safety plans (FSPs)",
        "theme": "Early intervention for vulnerable children",
        "force": "Hampshire Constabulary",
        "type": "Full technical report",
    },
    "divert.pdf": {
        "intervention": "DIVERT",
        "theme": "Serious violence \u2013 diversion interventions",
        "force": "Metropolitan Police",
        "type": "Key findings and implications for practice",
    },
    "taws.pdf": {
        "intervention": "Trusted adult workers (TAWs)",
        "theme": "Early intervention for vulnerable children",
        "force": "Hampshire Constabulary",
    },
}


def build_catalog(folder: Path) -> tuple[Catalog, dict[str, int]]:
    """The reports above, ingested one at a time, with exactly the tags above."""
    for name, (title, created, pages) in REPORTS.items():
        make_pdf(folder / "pdfs" / name, pages, title=title, created=created)
    catalog = Catalog(str(folder / "catalog.db"))
    catalog.ingest([str(folder / "pdfs")], IngestOptions(jobs=1))
    ids = {report.file_name: report.id for report in catalog.reports()}
    store = catalog.store
    with store.transaction():
        for name, tags in TAGS.items():
            matches = [TagMatch(kind, tag, "rule", "test", 1.0, True) for kind, tag in tags.items()]
            store.replace_rule_tags(ids[name], matches)
    return catalog, ids
