"""`Catalog`: the library's public face. The CLI is a thin layer over it."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from .browse import catalog_stats
from .check import CheckReport, check_catalog
from .export import export_text
from .ingest import IngestOptions, ProgressCallback, ingest
from .models import IngestResult, Report
from .store import Store, open_store

DEFAULT_DB = "catalog.db"
DB_ENV_VAR = "EVALCATALOG_DB"


def default_db_path() -> str:
    return os.environ.get(DB_ENV_VAR) or DEFAULT_DB


class Catalog:
    """A catalogue of evaluation reports in one SQLite file.

    >>> catalog = Catalog("catalog.db")
    >>> result = catalog.ingest(["reports/"])
    >>> [report.title for report in catalog.reports()]
    """

    def __init__(self, path: str | None = None, *, create: bool = True) -> None:
        self.path = path or default_db_path()
        self._create = create
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.path, create=self._create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: list[str],
        options: IngestOptions | None = None,
        progress: ProgressCallback | None = None,
        on_plan: Callable[[int], None] | None = None,
    ) -> IngestResult:
        options = options or IngestOptions()
        if options.dry_run and not os.path.exists(self.path):
            # Plan against an empty catalogue without creating the file.
            with Catalog(":memory:") as scratch:
                return ingest(scratch.store, paths, options, progress, on_plan)
        return ingest(self.store, paths, options, progress, on_plan)

    def reports(self) -> list[Report]:
        return self.store.reports()

    def stats(self) -> dict[str, Any]:
        """Totals, counts per theme/intervention/force/topic/type/year, failures, last ingest."""
        return catalog_stats(self.store)

    def export(self, fmt: str) -> str:
        """The whole catalogue as csv, json, jsonl or a markdown index."""
        return export_text(self.reports(), fmt, self.theme_order())

    def theme_order(self) -> list[str]:
        return []

    def check(self) -> CheckReport:
        """Files on disk against the catalogue, the search index, and SQLite's integrity."""
        return check_catalog(self.store)
