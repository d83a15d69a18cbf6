"""Group commit for ingest: parsed files are stored inside one transaction while more of them
are waiting, and it commits as soon as the parent would otherwise wait for its workers.

A transaction per file cost the parent, which every page passes through, a commit, an FTS5
segment for each of the two indexes and a pass of the report-level index's refresh per file.
When the workers are ahead (PDFium reads a page in ~2 ms), files queue up and a batch stores
them with those costs paid once; when the parent is ahead, each file still commits on its own
before the parent waits, so readers see reports as soon as they would have. A batch is bounded
(MAX_PAGES, MAX_SECONDS) so that readers, and a concurrent ingest waiting for the write lock,
never wait long, and a killed ingest loses at most a batch (its files are read again by the
next run, as an unfinished file is now).
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from types import TracebackType

from ..store import Store

MAX_PAGES = 2_000  # pages stored in one transaction at most
MAX_SECONDS = 1.0  # and for at most this long


class CommitBatch:
    """`begin()` before storing a file, `stored(pages)` after; `commit()` when the parent is
    about to wait (WorkerPool.idle). Leaving the `with` block commits, or rolls back on error."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.open: ExitStack | None = None
        self.pages = 0
        self.started = 0.0

    def __enter__(self) -> CommitBatch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        open_batch, self.open = self.open, None
        if open_batch is not None:
            open_batch.__exit__(kind, exc, tb)  # the transaction commits, or rolls back

    def begin(self) -> None:
        if self.open is None:
            batch = ExitStack()
            batch.enter_context(self.store.transaction())
            self.open, self.pages, self.started = batch, 0, time.monotonic()

    def stored(self, pages: int) -> None:
        self.pages += pages
        if self.pages >= MAX_PAGES or time.monotonic() - self.started >= MAX_SECONDS:
            self.commit()

    def commit(self) -> None:
        open_batch, self.open = self.open, None
        if open_batch is not None:
            open_batch.close()
