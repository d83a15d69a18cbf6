"""Read-only views of the catalogue: grouping and counting reports, and catalogue statistics."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .models import TAG_KINDS, Report
from .store import Store

GROUP_KEYS = (*TAG_KINDS, "year")
NONE_LABEL = "(none)"


def group_values(report: Report, key: str) -> list[str]:
    """The groups a report falls in: each of its tags of that kind, or its year."""
    if key == "year":
        return [str(report.year)] if report.year else [NONE_LABEL]
    return list(report.tags.get(key) or [NONE_LABEL])


def count_by(reports: Iterable[Report], key: str) -> dict[str, int]:
    """Reports per group, largest first then by name; a report with two tags counts in both."""
    counts = Counter(value for report in reports for value in group_values(report, key))
    return dict(sorted(counts.items(), key=lambda item: (item[0] == NONE_LABEL, -item[1], item[0])))


def group_by(reports: Iterable[Report], key: str) -> dict[str, list[Report]]:
    groups: dict[str, list[Report]] = {}
    for report in reports:
        for value in group_values(report, key):
            groups.setdefault(value, []).append(report)
    order = count_by([r for members in groups.values() for r in members], key)
    return {name: groups[name] for name in order}


def catalog_stats(store: Store) -> dict[str, Any]:
    reports = store.reports()
    last_run = store.last_run()
    return {
        "reports": len(reports),
        "pages": sum(report.page_count for report in reports),
        "words": sum(report.word_count for report in reports),
        "bytes": sum(report.size_bytes for report in reports),
        "failed_pages": sum(report.failed_pages for report in reports),
        "by": {key: count_by(reports, key) for key in GROUP_KEYS},
        "failed_files": store.failures(),
        "last_ingest": last_run
        and {
            "started_at": last_run["started_at"],
            "finished_at": last_run["finished_at"],
            "status": last_run["status"],
            "summary": json.loads(last_run["summary"] or "{}"),
        },
    }
