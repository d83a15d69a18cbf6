"""`evalcatalog list`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..models import TAG_KINDS, Report
from ..output import format_table, human_size, output_options, to_csv, to_json
from ..views.browse import GROUP_KEYS, SORT_KEYS, group_by, select_reports, sort_reports
from ..views.export import flatten
from .base import CliError, cli, db_option, open_catalog
from .tags import tag_filter_options, tag_filters


def tag_column(kind: str) -> Callable[[Report], str]:
    return lambda report: "; ".join(report.tags.get(kind, []))


COLUMNS: dict[str, tuple[str, Callable[[Report], Any]]] = {  # name -> (header, value)
    "id": ("id", lambda r: r.id),
    "title": ("title", lambda r: r.title),
    "pages": ("pages", lambda r: r.page_count),
    "size": ("size", lambda r: human_size(r.size_bytes)),
    "size_bytes": ("bytes", lambda r: r.size_bytes),
    "file": ("file", lambda r: r.file_name),
    "author": ("author", lambda r: r.author or ""),
    "created": ("created", lambda r: r.created or ""),
    "year": ("year", lambda r: r.year or ""),
    "words": ("words", lambda r: r.word_count),
    "title_source": ("title from", lambda r: r.title_source),
    "sha256": ("sha256", lambda r: r.sha256),
    "paths": ("paths", lambda r: "; ".join(r.paths)),
    **{kind: (kind, tag_column(kind)) for kind in TAG_KINDS},
}
DEFAULT_COLUMNS = "id,title,pages,size,file"
CSV_COLUMNS = ("id", "title", "title_source", *TAG_KINDS, "page_count", "size_bytes", "author",
               "created", "file_name", "paths", "sha256")  # fmt: skip


@cli.command(name="list")
@db_option
@tag_filter_options
@click.option("--year", type=int, help="Reports created in this year.")
@click.option("--author", help="Reports whose author contains this text (any case).")
@click.option("--min-pages", type=click.IntRange(0), help="Reports with at least N pages.")
@click.option("--group-by", type=click.Choice(GROUP_KEYS), help="Print groups with counts.")
@click.option(
    "--sort",
    "sort_key",
    type=click.Choice(SORT_KEYS),
    default="title",
    show_default=True,
    help="Order of the rows.",
)
@click.option("--reverse", is_flag=True, help="Reverse the order.")
@click.option(
    "--columns",
    default=DEFAULT_COLUMNS,
    show_default=True,
    help=f"Table columns, comma-separated, from: {', '.join(COLUMNS)}.",
)
@output_options
def list_reports(db_path: str, year: int | None, author: str | None, min_pages: int | None,
                 group_by: str | None, sort_key: str, reverse: bool, columns: str,
                 as_json: bool, as_csv: bool, **filters: str | None) -> None:  # fmt: skip
    """List the reports in the catalogue, or those matching the filters.

    Tag filters (--theme, --intervention, --force, --topic, --type) take a name, an
    acronym or an alias in any case. --group-by prints each group with its count.

    \b
    Examples:
      evalcatalog list
      evalcatalog list --intervention cirv --type "key findings"
      evalcatalog list --group-by theme
      evalcatalog list --theme "knife crime" --sort pages --reverse --json > reports.json
      evalcatalog list --columns id,title,intervention,type --csv > reports.csv
    """
    chosen = parse_columns(columns)
    with open_catalog(db_path) as catalog:
        reports = catalog.reports(tag_filters(filters))
    reports = sort_reports(select_reports(reports, year, author, min_pages), sort_key, reverse)
    if group_by:
        click.echo(grouped_output(reports, group_by, chosen, as_json, as_csv), nl=False)
    elif as_json:
        click.echo(to_json([report.to_dict() for report in reports]))
    elif as_csv:
        rows = [flatten(report.to_dict()) for report in reports]
        click.echo(to_csv(rows, CSV_COLUMNS), nl=False)
    else:
        click.echo(report_table(reports, chosen))
        click.echo(f"{len(reports)} report{'' if len(reports) == 1 else 's'}")


def parse_columns(text: str) -> list[str]:
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in COLUMNS]
    if unknown or not chosen:
        raise CliError(f"unknown column {', '.join(unknown) or '(none given)'}: choose from "
                       f"{', '.join(COLUMNS)}", 2)  # fmt: skip
    return chosen


def report_table(reports: list[Report], columns: list[str]) -> str:
    rows = [{name: COLUMNS[name][1](report) for name in columns} for report in reports]
    headers = [COLUMNS[name][0] for name in columns]
    return format_table(rows, columns, headers, flexible="title")


def grouped_output(reports: list[Report], key: str, columns: list[str], as_json: bool,
                   as_csv: bool) -> str:  # fmt: skip
    groups = group_by(reports, key)
    if as_json:
        return to_json([group_row(name, members) for name, members in groups.items()]) + "\n"
    if as_csv:
        rows = [{key: name, "reports": len(members)} for name, members in groups.items()]
        return to_csv(rows, (key, "reports"))
    parts = []
    for name, members in groups.items():
        parts.append(f"{name} ({len(members)})\n{report_table(members, columns)}\n")
    total = f"{len(groups)} group{'' if len(groups) == 1 else 's'}, {len(reports)} reports\n"
    return "\n".join(parts) + "\n" + total


def group_row(name: str, members: list[Report]) -> dict[str, Any]:
    return {
        "group": name,
        "count": len(members),
        "reports": [{"id": report.id, "title": report.title} for report in members],
    }
