"""`evalcatalog stats`, `evalcatalog check` and `evalcatalog upgrade`."""

from __future__ import annotations

from typing import Any

import click

from ..errors import ExitStatus
from ..output import format_table, human_size, plural
from ..text import printable
from ..views.check import CheckReport
from .base import cli, db_option, open_catalog
from .ocr import unread_section
from .options import Listing, output_options

STATS_KINDS = ("theme", "intervention", "force", "type", "year")


@cli.command()
@db_option
@output_options
def stats(db_path: str, output: str | None) -> Listing:
    """Totals and counts per theme, intervention, force, type and year.

    Also lists the files that failed, with their reasons, and when the last ingest ran.
    --csv and --nl give the counts as rows (group, name, reports); --json everything.

    \b
    Examples:
      evalcatalog stats
      evalcatalog stats --json
      evalcatalog stats --csv > counts.csv
    """
    with open_catalog(db_path, read_only=True) as catalog:
        figures = catalog.stats()
    rows = [{"group": key, "name": name, "reports": count}
            for key, counts in figures["by"].items() for name, count in counts.items()]  # fmt: skip
    return Listing(rows, ("group", "name", "reports"), lambda: stats_text(figures), json=figures)


def stats_text(figures: dict[str, Any]) -> str:
    lines = [
        f"{figures['reports']} reports, {figures['pages']} pages, {figures['words']} words, "
        f"{human_size(figures['bytes'])}"
    ]
    for kind in STATS_KINDS:
        rows = [{kind: name, "reports": count} for name, count in figures["by"][kind].items()]
        lines += ["", format_table(rows, (kind, "reports"))]
    failed = figures["failed_files"]
    lines += ["", f"{len(failed)} failed files"]
    lines += [f"  {printable(row['path'])}: {printable(row['reason'])}" for row in failed]
    if figures["no_text_layer"]["pages"]:
        lines += ["", *unread_section(figures["no_text_layer"])]
    run = figures["last_ingest"]
    lines += ["", f"Last ingest: {run['finished_at'] or run['started_at']}" if run else
              "Last ingest: never"]  # fmt: skip
    return "\n".join(lines)


@cli.command()
@db_option
@output_options
def check(db_path: str, output: str | None) -> Listing:
    """Check the catalogue against the disk, and its own soundness.

    Looks for catalogued files missing from disk or changed since ingest, a search index out
    of step with the pages, and runs SQLite's integrity check. Exit code 1 with a list when
    something is off, 0 and one line when all is well. --csv and --nl list the problems.

    \b
    Examples:
      evalcatalog check
      evalcatalog check --json
    """
    with open_catalog(db_path, read_only=True) as catalog:
        report = catalog.check()
        unread = catalog.unread()  # not a problem, but what search cannot see: said after it
    status = ExitStatus.SUCCESS if report.ok else ExitStatus.ERROR
    rows = [problem.to_dict() for problem in [*report.problems, *report.new_files]]
    sections = [check_text(report), *new_files_section(report), *unread_section(unread)]
    text = lambda: "\n".join(sections)  # noqa: E731
    return Listing(rows, ("kind", "path", "detail"), text,
                   json=report.to_dict() | {"no_text_layer": unread}, status=status)  # fmt: skip


def check_text(report: CheckReport) -> str:
    if report.ok:
        return (f"OK: {report.reports} reports, {report.pages} pages, {report.files} files "
                "checked; search index and database sound")  # fmt: skip
    lines = [plural(len(report.problems), "problem") + ":"]
    for problem in report.problems:
        where = f"{printable(problem.path)}: " if problem.path else ""
        lines.append(f"  {problem.kind:<11}  {where}{printable(problem.detail)}")
    return "\n".join(lines)


def new_files_section(report: CheckReport) -> list[str]:
    if not report.new_files:
        return []
    count = len(report.new_files)
    plural = "s" if count > 1 else ""
    lines = [f"{count} PDF{plural} not in the catalogue yet (evalcatalog ingest):"]
    lines += [f"  {printable(problem.path or '')}" for problem in report.new_files]
    return lines


@cli.command()
@db_option
@click.option(
    "--compact",
    is_flag=True,
    help="Then compress pages stored uncompressed and give the space the file holds free back "
    "to the disk (VACUUM; needs the file's size free while it runs).",
)
def upgrade(db_path: str, compact: bool) -> None:
    """Bring a catalogue made by an earlier evalcatalog up to this version.

    The commands that only read (list, search, show, ...) never change a catalogue, so they
    refuse an older one and say to run this; ingest upgrades too, before it writes. A
    catalogue that is up to date is left as it is. Upgrading to m012 frees a copy of every
    page's text inside the file, and pages stored before m013 are kept uncompressed:
    --compact compresses them and hands the space freed back to the disk.

    \b
    Example:
      evalcatalog upgrade --db catalog.db --compact
    """
    with open_catalog(db_path) as catalog:
        applied = catalog.upgrade()
        if applied:
            click.echo(f"Upgraded {db_path}: {len(applied)} schema changes ({', '.join(applied)})")
        else:
            click.echo(f"{db_path} is up to date")
        if compact:
            before, after = catalog.compact()
            click.echo(f"Compacted {db_path}: {human_size(before)} -> {human_size(after)}")
