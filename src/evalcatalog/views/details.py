"""One report: finding it by what a user types (`show`, `tag`), and all `show` prints."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from ..models import Report
from ..store import Store
from ..text import fold

TITLE_WORD = re.compile(r"\w+")
WORD_CUTOFF = 80.0


def find_report_ids(refs: list[tuple[int, str, str]], ref: str) -> list[int]:
    """Reports whose id, path or file name is `ref`: an id, then a path (as stored, or the
    file it names from here), then a file name in any case, with or without ".pdf". Only when
    none of these match may words of a title (title_matches): an exact name always wins."""
    text = ref.strip()
    if text.isdigit():
        return sorted({id_ for id_, _, _ in refs if id_ == int(text)})
    paths = {text, os.path.abspath(text), os.path.realpath(text)}
    name = os.path.basename(text.rstrip(os.sep)).casefold()
    ids = sorted({id_ for id_, _, path in refs if path in paths})
    if not ids:
        ids = sorted({id_ for id_, file_name, path in refs if name in file_names(file_name, path)})
    return ids


def file_names(file_name: str, path: str) -> set[str]:
    """The names a file goes by, in any case, with and without ".pdf"."""
    names = {file_name.casefold(), os.path.basename(path).casefold()}
    return names | {os.path.splitext(name)[0] for name in names}


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
    from rapidfuzz import fuzz, process  # `show 1` (an id) never gets here

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
    details["engine"] = store.engine_of(report.id)
    details["ocr_pages"] = store.ocr_page_count(report.id)
    details["pages_without_text"] = store.unread_pages([report.id]).get(report.id, [])
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
