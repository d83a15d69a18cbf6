"""Progress bars for long commands (ingest's files, OCR's pages): on a terminal only, never
when output goes to a file or a pipe, or when the command prints JSON."""

from __future__ import annotations

import sys
from typing import Any

import click


class ProgressDisplay:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(
        self, enabled: bool, label: str = "Ingesting", after: ProgressDisplay | None = None
    ) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.label = label
        self.after = after  # a bar that ends when this one starts (ingest's, before OCR's)
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.after is not None:
            self.after.finish()
        if self.enabled and total:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def advance(self, _done: object = None) -> None:
        """One more done (ingest: a file's outcome)."""
        self.advance_by(1)

    def advance_by(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
