"""The `evalcatalog` command: click commands that parse, call one library function, and emit.

Every error a user can cause reaches them as one `Error: ...` line with a non-zero exit code;
`evalcatalog --debug ...` shows the traceback instead.
"""

from __future__ import annotations

from . import (  # noqa: F401  (registers the commands)
    browse,
    evidence,
    health,
    ingest,
    ocr,
    releases,
    report,
    search,
    serve,
    structure,
    tags,
)
from .base import cli


def main() -> None:
    cli(prog_name="evalcatalog")


__all__ = ["cli", "main"]
