"""`evalcatalog list`."""

from __future__ import annotations

import click

from ..output import format_table, human_size, output_options, to_csv, to_json
from .base import cli, db_option, open_catalog
from .tags import tag_filter_options, tag_filters

LIST_COLUMNS = ("id", "title", "page_count", "size", "file_name")
LIST_HEADERS = ("id", "title", "pages", "size", "file")
CSV_COLUMNS = ("id", "title", "title_source", "page_count", "size_bytes", "author", "created",
               "file_name", "paths", "sha256")  # fmt: skip


@cli.command(name="list")
@db_option
@tag_filter_options
@output_options
def list_reports(db_path: str, as_json: bool, as_csv: bool, **filters: str | None) -> None:
    """List the reports in the catalogue, or those with the tags asked for.

    \b
    Examples:
      evalcatalog list
      evalcatalog list --intervention cirv --type "key findings"
      evalcatalog list --theme "knife crime" --json > reports.json
      evalcatalog list --csv > reports.csv
    """
    with open_catalog(db_path) as catalog:
        reports = catalog.reports(tag_filters(filters))
    rows = [report.to_dict() for report in reports]
    if as_json:
        click.echo(to_json(rows))
    elif as_csv:
        click.echo(to_csv(rows, CSV_COLUMNS), nl=False)
    else:
        for row in rows:
            row["size"] = human_size(row["size_bytes"])
        click.echo(format_table(rows, LIST_COLUMNS, LIST_HEADERS, flexible="title"))
        click.echo(f"{len(rows)} reports")
