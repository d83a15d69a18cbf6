"""Retag: apply a taxonomy to every stored report again; manual tags stay and still win."""

from __future__ import annotations

from ..models import Report, RetagResult, TagChange, TagMatch
from ..store import Store
from ..tagging.tagger import tag_report
from ..tagging.taxonomy import Taxonomy


def retag(store: Store, rules: Taxonomy, dry_run: bool) -> RetagResult:
    """Each report's rule tags from `rules` (rolled back if `dry_run`): the tags that change."""
    result = RetagResult(rules.source, dry_run)
    for report in store.reports():
        matches = tag_report(report.title, report.file_name, store.pages(report.id), rules)
        with store.transaction(rollback=dry_run):
            before = store.effective_tags([report.id]).get(report.id, [])
            store.replace_rule_tags(report.id, matches)
            after = store.effective_tags([report.id]).get(report.id, [])
        result.reports += 1
        change = tag_change(report, before, after)
        if change.added or change.removed:
            result.changes.append(change)
    if not dry_run:
        store.refresh_search()  # as an ingest run ends: the vocabulary, in one go
    return result


def tag_change(report: Report, before: list[TagMatch], after: list[TagMatch]) -> TagChange:
    old = {(match.kind, match.name) for match in before}
    new = {(match.kind, match.name) for match in after}
    return TagChange(
        report.id,
        report.title,
        added=[match for match in after if (match.kind, match.name) not in old],
        removed=[match for match in before if (match.kind, match.name) not in new],
    )
