"""views/stats.py: the counts `stats` makes in SQL agree with counting every report's tags and
year, as `list --group-by` does (views/browse.count_by), on the shipped catalogue and after
manual tags, removals and odd dates."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from evalcatalog import Catalog
from evalcatalog.views.browse import GROUP_KEYS, count_by


def counted_over_reports(catalog: Catalog) -> dict[str, object]:
    reports = catalog.reports()
    return {
        "reports": len(reports),
        "pages": sum(report.page_count for report in reports),
        "words": sum(report.word_count for report in reports),
        "bytes": sum(report.size_bytes for report in reports),
        "failed_pages": sum(report.failed_pages for report in reports),
        "by": {key: count_by(reports, key) for key in GROUP_KEYS},
    }


def agrees(catalog: Catalog) -> None:
    stats = catalog.stats()
    expected = counted_over_reports(catalog)
    assert {key: stats[key] for key in expected} == expected
    assert list(stats["by"]) == list(GROUP_KEYS)
    for key in GROUP_KEYS:  # the same order, not only the same counts
        assert list(stats["by"][key].items()) == list(expected["by"][key].items())  # type: ignore[index]


def test_stats_counts_as_the_reports_do(shipped_catalogue: Path) -> None:
    with Catalog(str(shipped_catalogue), read_only=True) as catalog:
        agrees(catalog)
        assert catalog.stats()["by"]["year"]


def test_stats_after_manual_tags_and_odd_dates(shipped_copy: Path) -> None:
    with Catalog(str(shipped_copy)) as catalog:
        first, second = catalog.reports()[:2]
        catalog.tag(str(first.id), add=["theme:Knife crime", "type:Key findings"])
        for kind, names in second.tags.items():
            catalog.tag(str(second.id), remove=[f"{kind}:{name}" for name in names])
    conn = sqlite3.connect(shipped_copy)
    with conn:
        conn.execute("update reports set created = null where id = ?", [first.id])
        conn.execute("update reports set created = '0000-01-01' where id = ?", [second.id])
        conn.execute("update reports set created = 'n.d.' where id = (select max(id) from reports)")
    conn.close()
    with Catalog(str(shipped_copy), read_only=True) as catalog:
        agrees(catalog)
        assert catalog.stats()["by"]["year"]["(none)"] >= 3


def test_stats_of_an_empty_catalogue(catalog: Catalog) -> None:
    stats = catalog.stats()
    assert {key: stats[key] for key in ("reports", "pages", "words", "bytes")} == {
        "reports": 0, "pages": 0, "words": 0, "bytes": 0,
    }  # fmt: skip
    assert stats["by"] == {key: {} for key in GROUP_KEYS}
