"""`evalcatalog ingest`."""

from __future__ import annotations

import os

import click

from ..errors import ExitStatus
from ..extract.engines import DEFAULT_ENGINE, ENGINES
from ..ingest.settings import IngestOptions
from ..models import FileOutcome, IngestResult
from ..output import to_json
from ..text import printable
from .base import CliError, cli, db_option, open_catalog
from .ocr import OptionalOcrValue, ocr_option, unread_lines
from .progress import ProgressDisplay
from .tags import taxonomy_option

# Each file of these is named in the summary (issue 14: added and revised ones too).
DETAIL_STATUSES = ("added", "updated", "re-extracted", "duplicate", "failed", "skipped", "missing")


@cli.command(cls=OptionalOcrValue)
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="number of CPUs",
    help="Parse this many PDFs at once.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1),
    default=60,
    show_default=True,
    help="Seconds allowed to read one PDF.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(128),
    default=2048,
    show_default=True,
    metavar="MB",
    help="Memory allowed to a worker reading a PDF.",
)
@click.option("--force", is_flag=True, help="Re-extract every file, changed or not.")
@click.option("--dry-run", is_flag=True, help="Say what would happen; write nothing.")
@click.option("--prune", is_flag=True, help="Remove files gone from disk from the catalogue.")
@click.option("--retry-failed", is_flag=True, help="Try files that failed before again.")
@click.option(
    "--follow-symlinks", is_flag=True, help="Follow symlinks that lead outside the given folders."
)
@taxonomy_option
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help=f"Read PDFs with this engine from now on (default {DEFAULT_ENGINE}).",
)
@ocr_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(paths: tuple[str, ...], db_path: str, jobs: int, timeout: float, memory_limit: int,
           force: bool, dry_run: bool, prune: bool, retry_failed: bool, follow_symlinks: bool,
           taxonomy_path: str | None, engine: str | None, ocr: str | None,
           as_json: bool) -> None:  # fmt: skip
    """Add new and changed PDFs under PATHS (default: reports/) to the catalogue.

    Unchanged files cost a stat; the same content at two paths is one report; files that
    cannot be read are recorded with a reason and the rest go on. Exit code 1 when some
    files failed.

    \b
    Examples:
      evalcatalog ingest reports/
      evalcatalog ingest --dry-run new-release/
      evalcatalog ingest --prune --json reports/ > summary.json
    """
    options = IngestOptions(
        jobs=jobs, timeout=timeout, memory_mb=memory_limit, force=force, dry_run=dry_run,
        prune=prune, retry_failed=retry_failed, follow_symlinks=follow_symlinks,
        taxonomy=taxonomy_path, engine=engine, ocr=ocr,
    )  # fmt: skip
    progress = ProgressDisplay(enabled=not as_json)
    options.ocr_progress = ocr_bar = ProgressDisplay(not as_json, label="OCR", after=progress)
    with open_catalog(db_path, create=True) as catalog:
        try:
            result = catalog.ingest(
                list(paths) or ["reports"], options, progress.advance, progress.start
            )
        finally:
            progress.finish()
            ocr_bar.finish()
    click.echo(to_json(result.to_dict()) if as_json else summary_text(result, db_path, prune))
    failed = result.failed
    if failed:
        noun = "file" if len(failed) == 1 else "files"
        raise CliError(
            f"{len(failed)} {noun} failed (listed above): fix or remove them, "
            "then run again with --retry-failed",
            ExitStatus.ERROR,
        )


def summary_text(result: IngestResult, db_path: str, prune: bool = False) -> str:
    counts = result.to_dict()
    prefix = "Dry run, nothing written: would have" if result.dry_run else f"{db_path}:"
    line = (
        f"{prefix} {counts['added']} added, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['duplicates']} duplicates, "
        f"{counts['missing']} missing, {counts['failed']} failed"
    )
    if counts["skipped"]:
        line += f", {counts['skipped']} skipped"
    if counts["re_extracted"]:  # --force on unchanged bytes: read again, not a new version
        line += f", {counts['re_extracted']} re-extracted"
    lines = [f"{line} ({result.seconds:.1f} s)"]
    named = [outcome for outcome in result.files if outcome.status in DETAIL_STATUSES]
    named.sort(key=lambda outcome: (DETAIL_STATUSES.index(outcome.status), outcome.path))
    lines += ["  " + detail_line(outcome, result, prune) for outcome in named]
    return "\n".join(lines + unread_lines(result))


def detail_line(outcome: FileOutcome, result: IngestResult, prune: bool) -> str:
    path = printable(outcome.path)
    if outcome.status in ("failed", "skipped"):
        return f"{outcome.status:<9}  {path}: {printable(outcome.error or '')}"
    if outcome.status == "duplicate":
        return f"duplicate  {path} (same content as report {outcome.report_id})"
    if outcome.status == "missing":
        action = "use --prune to remove it"
        if prune:
            action = "would be removed" if result.dry_run else "removed"
        return f"missing    {path} ({action})"
    if outcome.status == "updated":
        return f"updated    {path} (revised: the old version is kept)"
    return f"{outcome.status:<9}  {path}"
