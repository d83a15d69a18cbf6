"""`evalcatalog list`: parse the options, ask Catalog.reports, print the rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

import click

from ..errors import ExitStatus
from ..models import TAG_KINDS, Report
from ..output import format_table, human_size
from ..views.browse import DEFAULT_LIMIT, GROUP_KEYS, SORT_KEYS, group_by
from ..views.export import REPORT_COLUMNS, report_row
from .base import CliError, cli, db_option, open_catalog
from .options import Listing, filter_options, output_options


def tag_column(kind: str) -> Callable[[Report], str]:
    return lambda report: "; ".join(report.tags.get(kind, []))


def field_column(name: str) -> Callable[[Report], Any]:
    return lambda report: cell(getattr(report, name))


def cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else value


# name -> (header, value): a few short names, then every field of Report by its own name (so
# a field added to Report is a column too), then the tags of each kind.
SHORT_COLUMNS: dict[str, tuple[str, Callable[[Report], Any]]] = {
    "pages": ("pages", lambda r: r.page_count),
    "size": ("size", lambda r: human_size(r.size_bytes)),
    "size_bytes": ("bytes", lambda r: r.size_bytes),
    "file": ("file", lambda r: r.file_name),
    "words": ("words", lambda r: r.word_count),
    "year": ("year", lambda r: r.year or ""),
    "title_source": ("title from", lambda r: r.title_source),
}
COLUMNS = {
    "id": ("id", field_column("id")),
    "title": ("title", field_column("title")),
    **SHORT_COLUMNS,
    **{item.name: (item.name, field_column(item.name)) for item in fields(Report)
       if item.name not in SHORT_COLUMNS and item.name != "tags"},
    **{kind: (kind, tag_column(kind)) for kind in TAG_KINDS},
}  # fmt: skip
DEFAULT_COLUMNS = "id,title,pages,size,file"


@cli.command(name="list")
@db_option
@filter_options
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
    "--limit",
    type=click.IntRange(0),
    help=f"Show the first N reports (default {DEFAULT_LIMIT} in a table; every report with "
    "--json, --csv or --nl, or with --group-by); 0: every report.",
)
@click.option(
    "--columns",
    help=f"Columns, comma-separated (default {DEFAULT_COLUMNS}; with --csv, --json or --nl "
    f"every field), from: {', '.join(COLUMNS)}.",
)
@output_options
def list_reports(db_path: str, filters: dict[str, list[str]], author: str | None,
                 min_pages: int | None, group_by: str | None, sort_key: str, reverse: bool,
                 limit: int | None, columns: str | None,
                 output: str | None) -> Listing:  # fmt: skip
    """List the reports in the catalogue, or those matching the filters.

    Filters (--theme, --intervention, --force, --topic, --type) take a name, an acronym or
    an alias in any case, or a word of one name (--type technical); repeat one for any of
    several values. --year takes 2021 or a range, 2019-2021. --group-by prints each group
    with its count.

    \b
    Examples:
      evalcatalog list
      evalcatalog list --intervention cirv --type "key findings"
      evalcatalog list --year 2020-2021 --group-by theme
      evalcatalog list --theme knife --sort pages --reverse --json > reports.json
      evalcatalog list --columns id,title,intervention,type --csv > reports.csv
    """
    chosen = parse_columns(columns or DEFAULT_COLUMNS)
    if limit is None and not output and not group_by:
        limit = DEFAULT_LIMIT  # people read a page; programs and groups get every report
    with open_catalog(db_path, read_only=True) as catalog:
        reports = catalog.reports(filters, author=author, min_pages=min_pages, sort=sort_key,
                                  reverse=reverse, limit=limit or None)  # fmt: skip
    if group_by:
        return grouped_listing(reports, group_by, chosen)
    if columns is None and output:  # programs get every field, as export writes them
        return Listing([report_row(r) for r in reports], REPORT_COLUMNS,
                       lambda: "", json=[report.to_dict() for report in reports])  # fmt: skip
    rows = [{name: COLUMNS[name][1](report) for name in chosen} for report in reports]
    return Listing(rows, chosen, lambda: report_table(reports, chosen) + "\n" + plural(reports))


def plural(reports: list[Report]) -> str:
    total = getattr(reports, "total", len(reports))  # a ReportPage knows how many matched
    if total > len(reports):
        return f"{len(reports)} of {total} reports (--limit 0 lists them all)"
    return f"{len(reports)} report{'' if len(reports) == 1 else 's'}"


def parse_columns(text: str) -> list[str]:
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in COLUMNS]
    if unknown or not chosen:
        raise CliError(f"unknown column {', '.join(unknown) or '(none given)'}: choose from "
                       f"{', '.join(COLUMNS)}", ExitStatus.USAGE)  # fmt: skip
    return chosen


def report_table(reports: list[Report], columns: list[str]) -> str:
    rows = [{name: COLUMNS[name][1](report) for name in columns} for report in reports]
    headers = [COLUMNS[name][0] for name in columns]
    return format_table(rows, columns, headers, flexible="title")


def grouped_listing(reports: list[Report], key: str, columns: list[str]) -> Listing:
    """Groups with counts: rows of (group, count) for --csv and --nl; --json names the
    reports of each group; people see a table per group."""
    groups = group_by(reports, key)
    rows = [{key: name, "reports": len(members)} for name, members in groups.items()]
    return Listing(
        rows,
        (key, "reports"),
        lambda: grouped_text(groups, columns, len(reports)),
        json=[group_row(name, members) for name, members in groups.items()],
    )


def grouped_text(groups: dict[str, list[Report]], columns: list[str], total: int) -> str:
    parts = [f"{name} ({len(members)})\n{report_table(members, columns)}\n"
             for name, members in groups.items()]  # fmt: skip
    noun = "group" if len(groups) == 1 else "groups"
    return "\n".join(parts) + f"\n{len(groups)} {noun}, {total} reports"


def group_row(name: str, members: list[Report]) -> dict[str, Any]:
    return {
        "group": name,
        "count": len(members),
        "reports": [{"id": report.id, "title": report.title} for report in members],
    }
