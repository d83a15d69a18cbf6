"""Catalogue work off the event loop, on a few threads that each keep their own `Catalog`.

A SQLite connection belongs to the thread that opened it, and a catalogue keeps its typo
vocabulary between searches (reading it again per request would cost more than the search), so
each worker thread opens the catalogue once and keeps it. The connection reads in autocommit
mode: every query sees what an ingest has committed since, and the vocabulary is read again when
the index's generation changes, so new reports appear without a restart.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from ..catalog import Catalog

T = TypeVar("T")
DEFAULT_THREADS = 2  # the work is SQLite and Python under one GIL: more threads add memory


def open_read_only(path: str) -> Catalog:
    """The catalogue at `path`, opened read-only (SQLite's mode=ro): the web app can never
    change it, and an ingest can write while it reads (WAL)."""
    return Catalog(path, read_only=True)


class CatalogPool:
    """Runs `work(catalog)` on one of `threads` threads, each with its own open catalogue."""

    def __init__(self, path: str, threads: int = DEFAULT_THREADS) -> None:
        self.path = path
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="evalcatalog-web")

    def _catalog(self) -> Catalog:
        catalog: Catalog | None = getattr(self._local, "catalog", None)
        if catalog is None:
            catalog = open_read_only(self.path)
            self._local.catalog = catalog
        return catalog

    def _call(self, work: Callable[[Catalog], T]) -> T:
        return work(self._catalog())

    async def run(self, work: Callable[[Catalog], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(self._call, work))

    def close(self) -> None:
        """Stop the threads; each one's catalogue closes as its thread ends (a connection
        may only be closed by the thread that opened it)."""
        self._executor.shutdown(wait=True)
