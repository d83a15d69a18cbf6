"""`evalcatalog stats` and `evalcatalog check`."""

from __future__ import annotations

from typing import Any

import click

from ..output import format_table, human_size, to_json
from ..text import printable
from .base import cli, db_option, open_catalog

STATS_KINDS = ("theme", "intervention", "force", "type", "year")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(db_path: str, as_json: bool) -> None:
    """Totals and counts per theme, intervention, force, type and year.

    Also lists the files that failed, with their reasons, and when the last ingest ran.

    \b
    Examples:
      evalcatalog stats
      evalcatalog stats --json
    """
    with open_catalog(db_path) as catalog:
        figures = catalog.stats()
    click.echo(to_json(figures) if as_json else stats_text(figures))


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
    run = figures["last_ingest"]
    lines += ["", f"Last ingest: {run['finished_at'] or run['started_at']}" if run else
              "Last ingest: never"]  # fmt: skip
    return "\n".join(lines)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def check(ctx: click.Context, db_path: str, as_json: bool) -> None:
    """Check the catalogue against the disk, and its own soundness.

    Looks for catalogued files missing from disk or changed since ingest, a search index out
    of step with the pages, and runs SQLite's integrity check. Exit code 1 with a list when
    something is off, 0 and one line when all is well.

    \b
    Examples:
      evalcatalog check
      evalcatalog check --json
    """
    with open_catalog(db_path) as catalog:
        report = catalog.check()
    if as_json:
        click.echo(to_json(report.to_dict()))
    elif report.ok:
        click.echo(
            f"OK: {report.reports} reports, {report.pages} pages, {report.files} files "
            "checked; search index and database sound"
        )
    else:
        click.echo(f"{len(report.problems)} problems:")
        for problem in report.problems:
            where = f"{printable(problem.path)}: " if problem.path else ""
            click.echo(f"  {problem.kind:<11}  {where}{printable(problem.detail)}")
    if not report.ok:
        ctx.exit(1)
