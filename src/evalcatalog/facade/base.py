"""What every surface of Catalog stands on: the store, opened when first used, the taxonomy,
and finding reports."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Self

from ..models import TAG_KINDS
from ..store import Store, open_read_only, open_store

if TYPE_CHECKING:
    from ..models import Report
    from ..search import Vocabulary
    from ..tagging.taxonomy import Taxonomy
    from ..views.browse import FilterValues

DEFAULT_DB = "catalog.db"
DB_ENV_VAR = "EVALCATALOG_DB"


def default_db_path() -> str:
    return os.environ.get(DB_ENV_VAR) or DEFAULT_DB


class CatalogBase:
    def __init__(
        self, path: str | None = None, *, create: bool = True, read_only: bool = False
    ) -> None:
        """`read_only`: open the file read-only and never create, upgrade or change it (a
        missing, older or foreign file is a CatalogError saying what to do); the read commands
        and the web app open it so. `create=False`: open for writing, but only an existing file."""
        self.path = path or default_db_path()
        self._create = create
        self.read_only = read_only
        self._store: Store | None = None
        self._taxonomy: Taxonomy | None = None
        self._vocabulary: Vocabulary | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            if self.read_only:
                self._store = open_read_only(self.path)
            else:
                self._store = open_store(self.path, create=self._create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._vocabulary = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load_taxonomy(self) -> Taxonomy:
        """The taxonomy this catalogue tags with: the file it remembers, or the default."""
        from ..ingest.settings import catalog_taxonomy

        if self._taxonomy is None:
            self._taxonomy = catalog_taxonomy(self.store)
        return self._taxonomy

    def reports(
        self,
        tags: Mapping[str, FilterValues] | None = None,
        *,
        theme: FilterValues = None,
        intervention: FilterValues = None,
        force: FilterValues = None,
        topic: FilterValues = None,
        type: FilterValues = None,
        year: FilterValues = None,
        author: str | None = None,
        min_pages: int | None = None,
        sort: str = "title",
        reverse: bool = False,
        limit: int | None = None,
    ) -> list[Report]:
        """Every report, or those the filters allow, sorted (title, date, pages or size);
        with `limit`, the first `limit` of them as a views.browse.ReportPage, whose `total`
        says how many there were (only those are built: cheap at any size).

        Tag filters take a name, acronym or alias in any case, or words of one name, as
        `search` does; several values of one kind mean any of them; `year` takes 2021 or
        2019-2021; `author` is part of the author's name; `tags` holds filters by kind:
        `reports({"intervention": "cirv"}, type="key findings", year="2020-2021")`."""
        from ..views.browse import ReportQuery, filter_values, select, select_page

        named = {"theme": theme, "intervention": intervention, "force": force, "topic": topic,
                 "type": type, "year": year}  # fmt: skip
        filters = filter_values({**(tags or {}), **{k: v for k, v in named.items() if v}})
        query = ReportQuery(filters, author, min_pages, sort, reverse)
        # Only a tag filter needs the taxonomy (to resolve its values): a plain listing reads
        # no taxonomy file.
        taxonomy = self.load_taxonomy() if set(filters) & set(TAG_KINDS) else None
        if limit is not None:
            return select_page(self.store, query, taxonomy, limit)
        return select(self.store.reports(), query, taxonomy)

    def find_report(self, ref: str) -> Report:
        """One report by id, public id, file name, path or words of its title ("met divan
        technical"); NotFoundError (exit 2) listing the candidates if none or several match."""
        from ..views.lookup import find_report

        return find_report(self.store, ref, self.reports)
