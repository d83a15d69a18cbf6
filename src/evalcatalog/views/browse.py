"""Read-only views of the catalogue: grouping and counting reports, and catalogue statistics."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from ..models import TAG_KINDS, Report
from ..store import Store
from ..text import fold

GROUP_KEYS = (*TAG_KINDS, "year")
NONE_LABEL = "(none)"
TITLE_WORD = re.compile(r"\w+")
WORD_CUTOFF = 80.0


def group_values(report: Report, key: str) -> list[str]:
    """The groups a report falls in: each of its tags of that kind, or its year."""
    if key == "year":
        return [str(report.year)] if report.year else [NONE_LABEL]
    return list(report.tags.get(key) or [NONE_LABEL])


def group_order(item: tuple[str, int]) -> tuple[bool, int, str]:
    """Largest group first, then by name; reports with no value last."""
    name, count = item
    return (name == NONE_LABEL, -count, name.casefold())


def count_by(reports: Iterable[Report], key: str) -> dict[str, int]:
    """Reports per group; a report with two tags of the kind counts in both."""
    counts = Counter(value for report in reports for value in group_values(report, key))
    return dict(sorted(counts.items(), key=group_order))


def group_by(reports: Iterable[Report], key: str) -> dict[str, list[Report]]:
    groups: dict[str, list[Report]] = {}
    for report in reports:
        for value in group_values(report, key):
            groups.setdefault(value, []).append(report)
    order = sorted(((name, len(members)) for name, members in groups.items()), key=group_order)
    return {name: groups[name] for name, _ in order}


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


def title_matches(reports: Sequence[Report], query: str) -> list[Report]:
    """Reports whose title holds every word of `query`, each exactly or with a small typo
    ("met divan technical" -> "Op Met Divan: Full technical report"), best first."""
    words = [fold(word) for word in TITLE_WORD.findall(query)]
    if not words:
        return []
    scored = []
    for report in reports:
        title_words = [fold(word) for word in TITLE_WORD.findall(report.title)]
        scores = [best_word_score(word, title_words) for word in words]
        if min(scores) >= WORD_CUTOFF:
            scored.append((sum(scores) / len(scores), -len(title_words), report))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2].id))
    return [report for _, _, report in scored]


def best_word_score(word: str, title_words: list[str]) -> float:
    if word in title_words:
        return 100.0
    if len(word) < 5:  # short words must be exact, or a prefix of a longer title word
        return 95.0 if any(candidate.startswith(word) for candidate in title_words) else 0.0
    found = process.extractOne(word, title_words, scorer=fuzz.ratio, processor=None)
    return float(found[1]) if found else 0.0


def report_details(store: Store, report: Report) -> dict[str, Any]:
    """Everything `show` prints: fields, paths, tags with reasons, pages, versions, companions."""
    pages = store.pages(report.id)
    details = report.to_dict()
    details["tag_reasons"] = [
        {"kind": m.kind, "name": m.name, "source": m.source, "reason": m.reason,
         "primary": m.primary}
        for m in store.effective_tags([report.id]).get(report.id, [])
    ]  # fmt: skip
    details["failed_page_list"] = [
        {"page": page.number, "error": page.error} for page in pages if page.error
    ]
    details["versions"] = store.versions(report.id)
    details["companions"] = [
        {"id": other.id, "title": other.title, "type": other.tags.get("type", [])}
        for other in companions(store.reports(), report)
    ]
    return details


def companions(reports: Sequence[Report], report: Report) -> list[Report]:
    """The other documents of the same primary intervention (a summary and its full report)."""
    interventions = report.tags.get("intervention", [])[:1]
    if not interventions:
        return []
    return [
        other
        for other in reports
        if other.id != report.id and other.tags.get("intervention", [])[:1] == interventions
    ]


SORT_KEYS = ("title", "date", "pages", "size")


def select_reports(
    reports: Iterable[Report],
    year: int | None = None,
    author: str | None = None,
    min_pages: int | None = None,
) -> list[Report]:
    """Filters on report fields (tag filters are the catalogue's, by name or alias)."""
    wanted_author = fold(author) if author else None
    return [
        report
        for report in reports
        if (year is None or report.year == year)
        and (wanted_author is None or wanted_author in fold(report.author or ""))
        and (min_pages is None or report.page_count >= min_pages)
    ]


def sort_reports(reports: Iterable[Report], key: str, reverse: bool = False) -> list[Report]:
    """By title, date (created; undated last), pages or size; ties by title then id."""

    def order(report: Report) -> tuple[Any, ...]:
        title = (report.title.casefold(), report.id)
        if key == "date":
            return (report.created is None, report.created or "", *title)
        if key == "pages":
            return (report.page_count, *title)
        if key == "size":
            return (report.size_bytes, *title)
        return title

    ordered = sorted(reports, key=order)
    return ordered[::-1] if reverse else ordered
