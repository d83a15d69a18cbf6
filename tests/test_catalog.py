"""catalog.py: the facade, over the session's catalogue of reports/ opened read-only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evalcatalog import Catalog
from evalcatalog.errors import NotFoundError, UsageError

CIRV = "Community initiative to reduce violence (CIRV)"


@pytest.fixture
def catalog(shipped_catalogue: Path) -> Iterator[Catalog]:
    with Catalog(str(shipped_catalogue), read_only=True) as catalog:
        yield catalog


def test_reports_and_their_filters(catalog: Catalog) -> None:
    reports = catalog.reports()
    assert len(reports) == 19
    cirv = catalog.reports(intervention="cirv")
    assert sorted(report.file_name for report in cirv) == [
        "cirv-key-findings.pdf", "cirv-technical-report.pdf",
    ]  # fmt: skip
    assert all(CIRV in report.tags["intervention"] for report in cirv)
    assert catalog.reports({"intervention": "cirv"}, type="full technical report") == [
        report for report in cirv if report.file_name == "cirv-technical-report.pdf"
    ]
    with pytest.raises(UsageError):
        catalog.reports(theme="no such theme at all")


def test_find_report_by_id_file_name_or_title_words(catalog: Catalog) -> None:
    report = catalog.find_report("cirv-technical-report.pdf")
    assert catalog.find_report(str(report.id)) == report
    assert report.title == "CIRV: Full technical report"
    with pytest.raises(NotFoundError, match="no report matches 'zzzz'"):
        catalog.find_report("zzzz")


def test_tags_stats_and_taxonomy_count_the_same_reports(catalog: Catalog) -> None:
    report = catalog.find_report("cirv-technical-report.pdf")
    tags = catalog.tags(str(report.id))
    assert [(m.kind, m.name) for m in tags if m.kind == "intervention"] == [("intervention", CIRV)]
    stats = catalog.stats()
    assert (stats["reports"], stats["pages"]) == (19, 511)
    assert stats["by"]["intervention"][CIRV] == 2
    counts = {node.name: node.reports for theme in catalog.taxonomy() for node in theme.children}
    assert counts[CIRV] == 2


def test_search_reads_without_writing(catalog: Catalog) -> None:
    result = catalog.search("knife", limit=3)
    assert result.total == 5 and len(result.hits) == 3
    assert catalog.read_only and catalog.upgrade() == []  # current: nothing to apply
