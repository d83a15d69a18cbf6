"""`fetch PAGE`: read a release page and download its new PDFs (`download_release`); once the
catalogue has ingested them, record provenance, titles, page tags and the run as a release
(`record_release`: added, revised, withdrawn, restored)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from ..models import IngestResult
from ..store import Store, display_path, path_key
from ..store import releases as records
from ..tagging.taxonomy import Taxonomy
from .http import Downloaded, FetchError, FetchLimits, download, make_client, remove_leftovers
from .page import PageLink, ReleasePage
from .pagetags import page_tags
from .sources import load_page


@dataclass
class FetchOptions:
    into: str = "reports"
    dry_run: bool = False
    limits: FetchLimits = field(default_factory=FetchLimits)
    jobs: int = 1  # a release is a handful of PDFs: one worker reads them
    parse_timeout: float = 60.0


@dataclass
class LinkOutcome:
    """What happened to one link: fetched, unchanged, failed, ignored, would fetch, would
    check, or withdrawn; and the change it made to the catalogue, if any."""

    url: str
    title: str
    status: str
    path: str | None = None
    report_id: int | None = None
    public_id: str | None = None
    change: str | None = None  # added, revised, withdrawn, restored
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FetchResult:
    page_url: str
    page_status: str  # fetched, not modified, file
    dry_run: bool = False
    links: list[LinkOutcome] = field(default_factory=list)
    ingest: IngestResult | None = None
    release_id: int | None = None
    leftovers: int = 0  # temporary files an earlier, killed run left (removed)

    def named(self, change: str) -> list[LinkOutcome]:
        return [link for link in self.links if link.change == change]

    @property
    def failed(self) -> list[LinkOutcome]:
        return [link for link in self.links if link.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        summary = (self.ingest or IngestResult(dry_run=self.dry_run)).to_dict()
        counts = {status: sum(1 for link in self.links if link.status == status)
                  for status in ("fetched", "unchanged", "failed", "ignored")}  # fmt: skip
        changes = {change: [link.to_dict() for link in self.named(change)]
                   for change in records.CHANGES}  # fmt: skip
        return {"page": self.page_url, "page_status": self.page_status, "dry_run": self.dry_run,
                "release": self.release_id, "links": counts, **changes,
                "urls": [link.to_dict() for link in self.links], "ingest": summary}  # fmt: skip


def download_release(
    store: Store, page_ref: str, options: FetchOptions
) -> tuple[FetchResult, ReleasePage, list[LinkOutcome]]:
    """Read the release page `page_ref` (a URL or a saved file) and download the PDFs it
    lists that are new or changed; in a dry run, only say which would be fetched."""
    folder = Path(os.path.abspath(options.into))  # as ingest records paths
    with make_client(options.limits) as client:
        page, page_status = load_page(store, client, page_ref, options.limits, options.dry_run)
        result = FetchResult(page.url, page_status, options.dry_run)
        result.links += [LinkOutcome(item.href, item.text, "ignored", error=item.reason)
                         for item in page.ignored]  # fmt: skip
        taken: set[Path] = set()  # two links with one file name get two files
        if options.dry_run:
            result.links += [preview(store, folder, link, taken) for link in page.links]
            return result, page, []
        make_folder(folder)
        result.leftovers = len(remove_leftovers(folder))
        result.release_id = records.start_release(store, "fetch", page.url)
        outcomes = [fetch_link(store, client, target_path(store, folder, link, taken), link,
                               options.limits) for link in page.links]  # fmt: skip
    return result, page, outcomes


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"cannot create the folder {folder}: {exc.strerror or exc}") from exc


def record_release(
    store: Store,
    page: ReleasePage,
    outcomes: list[LinkOutcome],
    result: FetchResult,
    taxonomy: Taxonomy,
) -> None:
    """After the ingest of what was fetched (`result.ingest`): provenance, titles and tags
    from the page, withdrawn links, and the release with what it changed."""
    record_links(store, page, outcomes, result, taxonomy)
    finish(store, result)


def target_path(store: Store, folder: Path, link: PageLink, taken: set[Path]) -> Path:
    """Where a link's PDF lives: where it was put before, else its file name from the URL
    (made safe), with a short hash of the URL if another link already has that name."""
    for item in records.page_provenance_for_url(store, link.url):
        if item.file_path:
            taken.add(Path(item.file_path))
            return Path(item.file_path)
    name = unquote(os.path.basename(urlsplit(link.url).path)) or "report.pdf"
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-") or "report"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    path = folder / name
    if path in taken or records.provenance_for_file(store, display_path(str(path)), link.url):
        stem = hashlib.sha256(link.url.encode()).hexdigest()[:8]
        path = folder / f"{name[:-4]}-{stem}.pdf"
    taken.add(path)
    return path


def preview(store: Store, folder: Path, link: PageLink, taken: set[Path]) -> LinkOutcome:
    path = target_path(store, folder, link, taken)
    state = records.fetch_state(store, link.url)
    known = state is not None and state.sha256 is not None and path.is_file()
    status = "would check" if known else "would fetch"
    return LinkOutcome(link.url, link.title, status, display_path(str(path)))


def fetch_link(
    store: Store, client: httpx.Client, path: Path, link: PageLink, limits: FetchLimits
) -> LinkOutcome:
    outcome = LinkOutcome(link.url, link.title, "failed", display_path(str(path)))
    state = records.fetch_state(store, link.url)
    validators = (state.etag, state.last_modified) if state else (None, None)
    try:
        got: Downloaded = download(client, link.url, path, validators, limits)
    except FetchError as exc:
        outcome.error = str(exc)
        with store.transaction():
            records.save_fetch_error(store, link.url, outcome.error)
        return outcome
    outcome.status = got.status
    saved = records.FetchState(link.url, got.etag, got.last_modified,
                               got.sha256 or (state.sha256 if state else None))  # fmt: skip
    with store.transaction():
        records.save_fetch_ok(store, saved)
    return outcome


def paths_to_ingest(store: Store, outcomes: list[LinkOutcome]) -> list[str]:
    """What was fetched, and any file fetched before but not catalogued as it is: a run killed
    between the download and the ingest, or bytes that failed to ingest (tried again)."""
    failed = store.known_failures()
    return [
        outcome.path
        for outcome in outcomes
        if outcome.path and outcome.status != "failed"
        and (outcome.status == "fetched" or path_key(outcome.path) in failed
             or store.report_id_for_path(path_key(outcome.path)) is None)
    ]  # fmt: skip


def record_links(
    store: Store,
    page: ReleasePage,
    outcomes: list[LinkOutcome],
    result: FetchResult,
    taxonomy: Taxonomy,
) -> None:
    statuses = {item.path: item for item in (result.ingest.files if result.ingest else [])}
    before = {item.url: item for item in records.page_provenance(store, page.url)}
    with store.transaction():
        for link, outcome in zip(page.links, outcomes, strict=True):
            ingested = statuses.get(outcome.path or "")
            if ingested is not None and ingested.status == "failed":
                outcome.status, outcome.error = "failed", ingested.error
                records.save_fetch_error(store, link.url, f"ingest: {ingested.error}")
            if outcome.status != "failed":
                record_link(store, page.url, link, outcome, before.get(link.url), taxonomy)
                if ingested is not None and ingested.status in ("added", "updated"):
                    outcome.change = "added" if ingested.status == "added" else "revised"
        listed = {link.url for link in page.links}
        for url, item in before.items():
            if url not in listed and item.withdrawn_at is None:
                records.withdraw(store, url)
                result.links.append(LinkOutcome(url, item.title, "withdrawn", item.file_path,
                                                item.report_id, change="withdrawn"))  # fmt: skip
    result.links[:0] = outcomes


def record_link(
    store: Store,
    page_url: str,
    link: PageLink,
    outcome: LinkOutcome,
    before: records.Provenance | None,
    taxonomy: Taxonomy,
) -> None:
    """Provenance, title and page tags for one link whose file is in the catalogue."""
    report_id = store.report_id_for_path(path_key(outcome.path or ""))
    outcome.report_id = report_id
    if before is not None and before.withdrawn_at is not None:
        outcome.change = "restored"
    records.save_provenance(store, records.Provenance(
        link.url, report_id, page_url, link.text, link.title, link.listed_size,
        link.listed_bytes, link.headings, outcome.path,
    ))  # fmt: skip
    if report_id is not None:
        records.set_page_title(store, report_id, link.title)
        records.replace_page_tags(store, report_id, page_tags(link, taxonomy))


def finish(store: Store, result: FetchResult) -> None:
    ids = [link.report_id for link in result.links if link.report_id is not None]
    public = records.public_ids(store, ids)
    for link in result.links:
        link.public_id = public.get(link.report_id) if link.report_id is not None else None
    items = [
        records.ReleaseItem(link.report_id, link.public_id, link.title, link.change,
                            link.url if link.change != "revised" else f"new content at {link.url}")
        for link in result.links if link.change
    ]  # fmt: skip
    summary = {key: value for key, value in result.to_dict().items()
               if key in ("page", "links", "ingest")}  # fmt: skip
    summary["ingest"] = {k: v for k, v in summary["ingest"].items() if k != "files"}
    summary["failed_links"] = [{"url": link.url, "error": link.error} for link in result.failed]
    assert result.release_id is not None
    records.finish_release(store, result.release_id, items, summary)
    store.refresh_search()
