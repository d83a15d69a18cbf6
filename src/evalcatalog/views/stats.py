"""`stats`: totals and counts of the catalogue's reports, failures and the last ingest."""

from __future__ import annotations

import json
from typing import Any

from ..store import Store
from .browse import GROUP_KEYS, count_by


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
        "no_text_layer": store.unread_summary(),  # scans search cannot see until OCR
        "last_ingest": last_run
        and {
            "started_at": last_run["started_at"],
            "finished_at": last_run["finished_at"],
            "status": last_run["status"],
            "summary": json.loads(last_run["summary"] or "{}"),
        },
    }
