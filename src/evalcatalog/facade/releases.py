"""Catalog's releases surface: fetch a release page, the releases history, its feeds."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .base import CatalogBase

if TYPE_CHECKING:
    from ..releases import history as release_history
    from ..releases.fetch import FetchOptions, FetchResult


class ReleasesSurface(CatalogBase):
    def fetch(self, page: str, options: FetchOptions | None = None) -> FetchResult:
        """Take in the release page `page` (a URL or a saved HTML file): download its new and
        changed PDFs into `options.into`, ingest them, record provenance and a release."""
        from ..ingest.run import ingest
        from ..ingest.settings import IngestOptions
        from ..models import IngestResult
        from ..releases.fetch import FetchOptions, download_release, paths_to_ingest, record_release

        options = options or FetchOptions()
        exists = self.path == ":memory:" or os.path.exists(self.path)
        if options.dry_run and self._store is None and not exists:
            with type(self)(":memory:") as scratch:  # a dry run creates no catalogue
                return scratch.fetch(page, options)
        taxonomy = self.load_taxonomy()
        result, listed, outcomes = download_release(self.store, page, options)
        if options.dry_run:
            return result
        paths = paths_to_ingest(self.store, outcomes)
        settings = IngestOptions(jobs=options.jobs, timeout=options.parse_timeout,
                                 retry_failed=True)  # fmt: skip
        result.ingest = ingest(self.store, paths, settings) if paths else IngestResult()
        record_release(self.store, listed, outcomes, result, taxonomy)
        return result

    def releases(
        self, number: int | None = None, *, latest: bool = False, since: str | None = None
    ) -> list[release_history.Release]:
        """Releases newest first (since the date `since`); one, with every report it names,
        for `number` or `latest`."""
        from ..releases import history as release_history

        since = release_history.check_since(since)
        return release_history.list_releases(self.store, number, latest, since)

    def release_feed(self, fmt: str, since: str | None = None) -> str:
        """ "markdown": what's new since `since`, shaped like the release page; "atom": a feed
        of releases for a feed reader."""
        from ..releases.feeds import release_feed

        name = os.path.basename(self.path)
        return release_feed(self.store, fmt, since, name, self.load_taxonomy())
