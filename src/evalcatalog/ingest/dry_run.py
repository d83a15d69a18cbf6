"""The store an ingest dry run plans against: it never writes a byte, not even creating the
file or upgrading its schema (a missing catalogue: an empty one in memory; an older one: an
upgraded copy in memory)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..store import Store, needs_upgrade, open_snapshot, open_store


@contextmanager
def dry_run_store(
    path: str, opened: Store | None, open_existing: Callable[[], Store]
) -> Iterator[Store]:
    """`opened`: the store the catalogue already has open, if any (used as it is)."""
    if opened is not None:
        yield opened
        return
    if not os.path.exists(path):
        scratch = open_store(":memory:")
    elif needs_upgrade(path):
        scratch = open_snapshot(path)
    else:
        yield open_existing()
        return
    try:
        yield scratch
    finally:
        scratch.close()
