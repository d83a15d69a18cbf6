"""Releases as history: recording an ingest run as one, and reading them back."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..errors import NotFoundError, UsageError
from ..models import IngestResult
from ..store import Store
from ..store import releases as records

# An ingest outcome -> the change it makes to the catalogue ("updated" is new content at a
# path already catalogued; its old version is kept).
INGEST_CHANGES = {"added": "added", "updated": "revised", "re-extracted": "re-extracted"}


@dataclass
class Release:
    """One ingest or fetch run and what it changed."""

    id: int
    kind: str  # ingest or fetch
    source: list[str] | str  # the roots ingested, or the page fetched
    started_at: str
    finished_at: str | None
    summary: dict[str, Any] = field(default_factory=dict)
    items: list[records.ReleaseItem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {change: sum(1 for item in self.items if item.change == change)
                for change in records.CHANGES}  # fmt: skip

    def to_dict(self, with_items: bool = True) -> dict[str, Any]:
        data = {"id": self.id, "kind": self.kind, "source": self.source,
                "started_at": self.started_at, "finished_at": self.finished_at,
                "counts": self.counts()}  # fmt: skip
        if with_items:
            data["items"] = [item.to_dict() for item in self.items]
            data["failed_links"] = self.failed_links
        return data

    @property
    def failed_links(self) -> list[dict[str, str]]:
        """A fetch's links that failed, each with its one-line reason (tried again next run)."""
        return list(self.summary.get("failed_links", []))


def record_ingest(
    store: Store, roots: list[str], result: IngestResult, before: dict[int, tuple[str, str]]
) -> int:
    """Record an ingest run as a release; `before` holds (title, public id) of reports a
    prune may have removed, so a withdrawn item still names its report."""
    release_id = records.start_release(store, "ingest", json.dumps(roots, ensure_ascii=False))
    with store.transaction():
        records.reapply_page_titles(store)  # a re-read may have put the PDF's title back
    ids = [outcome.report_id for outcome in result.files
           if outcome.report_id is not None and outcome.status in INGEST_CHANGES]  # fmt: skip
    now = records.titles_and_public_ids(store, ids)  # not every unchanged report's row
    items = []
    for outcome in result.files:
        change = INGEST_CHANGES.get(outcome.status)
        if outcome.status == "missing" and result.pruned:
            change = "withdrawn"
        if change is None:
            continue
        title, public_id = now.get(outcome.report_id or -1) or before.get(
            outcome.report_id or -1, (os.path.basename(outcome.path), "")
        )
        items.append(records.ReleaseItem(outcome.report_id, public_id, title, change,
                                         outcome.path))  # fmt: skip
    summary = {key: value for key, value in result.to_dict().items() if key != "files"}
    records.finish_release(store, release_id, items, summary)
    store.refresh_search()
    return release_id


def list_releases(
    store: Store, number: int | None = None, latest: bool = False, since: str | None = None
) -> list[Release]:
    """Releases newest first; `number` or `latest` picks one (with every report named)."""
    if latest:
        number = records.latest_release_id(store)
        if number is None:
            raise NotFoundError("no releases yet: run `evalcatalog fetch URL` or `ingest` first")
    rows = records.release_rows(store, since=since, release_id=number)
    if number is not None and not rows:
        raise NotFoundError(f"no release {number}: see `evalcatalog releases` for their numbers")
    items = records.release_items(store, [row["id"] for row in rows])
    return [release_from_row(row, items.get(row["id"], [])) for row in rows]


def release_from_row(row: dict[str, Any], items: list[records.ReleaseItem]) -> Release:
    source: list[str] | str = row["source"] or ""
    if row["kind"] == "ingest":
        source = json.loads(row["source"] or "[]")
    return Release(row["id"], row["kind"], source, row["started_at"], row["finished_at"],
                   json.loads(row["summary"] or "{}"), items)  # fmt: skip


def check_since(since: str | None) -> str | None:
    """A --since value as an ISO date (YYYY-MM-DD, optionally with a time)."""
    if since is None:
        return None
    try:
        return datetime.fromisoformat(since.strip()).isoformat()
    except ValueError as exc:
        raise UsageError(f"--since {since!r} is not a date: use YYYY-MM-DD") from exc
