"""`evalcatalog fetch` and `evalcatalog releases`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..output import format_table, to_json
from ..text import printable
from .base import CliError, cli, db_option, open_catalog
from .options import Listing, output_options

# The stages are imported where they are used: a search or a listing loads no ingest machinery,
# PDF library, HTTP client or evidence code (issue 13: start-up time).
if TYPE_CHECKING:
    from ..releases.fetch import FetchResult, LinkOutcome
    from ..releases.history import Release

CHANGE_ORDER = ("added", "revised", "restored", "withdrawn", "re-extracted")


@cli.command()
@click.argument("page")
@db_option
@click.option("--into", "into", default="reports", show_default=True,
              type=click.Path(file_okay=False), help="Folder the PDFs are saved in.")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(0.1), default=30, show_default=True,
              help="Seconds allowed for each request, first byte to last.")  # fmt: skip
@click.option("--max-size", type=click.IntRange(1), default=200, show_default=True,
              metavar="MB", help="Largest PDF accepted (after decompression).")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="List what would be fetched; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def fetch(page: str, db_path: str, into: str, timeout: float, max_size: int, dry_run: bool,
          as_json: bool) -> None:  # fmt: skip
    """Take in a release page: download its new and changed PDFs into --into, ingest them,
    and record where each came from (link text, listed size, headings) as a release.

    PAGE is the page's URL, or a saved copy of it (an HTML file). Unchanged files cost one
    conditional request each; a link gone from the page marks its report withdrawn; a link
    that fails is named with its reason and tried again next time. Exit code 1 when some
    links failed.

    \b
    Examples:
      evalcatalog fetch https://www.college.police.uk/article/vulnerability-seminars
      evalcatalog fetch --dry-run https://example.org/releases
      evalcatalog fetch saved-page.html --into reports/ --json
    """
    from ..releases.fetch import FetchOptions
    from ..releases.http import FetchLimits

    limits = FetchLimits(timeout=timeout, max_bytes=max_size * 1024 * 1024)
    options = FetchOptions(into=into, dry_run=dry_run, limits=limits)
    # A dry run never creates or changes the catalogue (with none, it plans in memory).
    with open_catalog(db_path, read_only=dry_run, create=not dry_run) as catalog:
        result = catalog.fetch(page, options)
    click.echo(to_json(result.to_dict()) if as_json else fetch_text(result))
    if result.failed:
        noun = "link" if len(result.failed) == 1 else "links"
        raise CliError(f"{len(result.failed)} {noun} failed (listed above): the next fetch "
                       "tries them again")  # fmt: skip


def fetch_text(result: FetchResult) -> str:
    if result.dry_run:
        lines = [f"Dry run, nothing written: {printable(result.page_url)} lists "
                 f"{sum(1 for link in result.links if link.status != 'ignored')} PDFs"]  # fmt: skip
        lines += [f"  {link.status:<11}  {printable(link.url)} -> {printable(link.path or '')}"
                  for link in result.links if link.status != "ignored"]  # fmt: skip
        lines += [link_line(link) for link in result.links if link.status == "ignored"]
        return "\n".join(lines)
    counts = result.to_dict()["links"]
    lines = [f"{printable(result.page_url)} ({result.page_status}): {counts['fetched']} fetched, "
             f"{counts['unchanged']} unchanged, {counts['failed']} failed, "
             f"{counts['ignored']} ignored"]  # fmt: skip
    for change in CHANGE_ORDER:
        lines += [link_line(link) for link in result.named(change)]
    lines += [link_line(link) for link in result.links if link.status in ("failed", "ignored")]
    if result.release_id is not None:
        lines.append(f"Release {result.release_id} (evalcatalog releases {result.release_id})")
    return "\n".join(lines)


def link_line(link: LinkOutcome) -> str:
    if link.status in ("failed", "ignored"):
        return f"  {link.status:<10} {printable(link.url)}: {printable(link.error or '')}"
    public = f"[{link.public_id}] " if link.public_id else ""
    return f"  {link.change or link.status:<10} {public}{printable(link.title)}"


@cli.command()
@click.argument("number", required=False, type=click.IntRange(1))
@db_option
@click.option("--latest", is_flag=True, help="The newest release, with every report it names.")
@click.option("--since", metavar="DATE", help="Releases started on or after DATE (YYYY-MM-DD).")
@output_options
def releases(number: int | None, db_path: str, latest: bool, since: str | None,
             output: str | None) -> Listing:  # fmt: skip
    """List releases (each ingest or fetch run), newest first, with counts of the reports
    each added, revised, withdrawn, restored or re-extracted; with NUMBER or --latest, name
    every report in one.

    \b
    Examples:
      evalcatalog releases
      evalcatalog releases --latest
      evalcatalog releases 3 --json
      evalcatalog releases --since 2021-07-01 --csv
    """
    with open_catalog(db_path, read_only=True) as catalog:
        found = catalog.releases(number, latest=latest, since=since)
    one = number is not None or latest
    rows, columns = release_rows(found, one)
    return Listing(rows, columns,
                   lambda: release_text(found[0]) if one else releases_table(found),
                   json=[release.to_dict(with_items=one) for release in found])  # fmt: skip


def release_row(release: Release) -> dict[str, Any]:
    source = release.source if isinstance(release.source, str) else ", ".join(release.source)
    return {"id": release.id, "kind": release.kind, "finished_at": release.finished_at,
            **release.counts(), "source": source}  # fmt: skip


def releases_table(found: list[Release]) -> str:
    from ..store.releases import CHANGES

    if not found:
        return "No releases yet: run `evalcatalog fetch URL` or `evalcatalog ingest`."
    columns = ["id", "kind", "finished_at", *CHANGES, "source"]
    headers = ["id", "kind", "finished", *CHANGES, "source"]
    rows = [release_row(release) for release in found]
    return format_table(rows, columns, headers, flexible="source")


def release_text(release: Release) -> str:
    row = release_row(release)
    counts = ", ".join(f"{n} {change}" for change, n in release.counts().items() if n)
    lines = [f"Release {release.id} ({release.kind}, {printable(row['source'])})",
             f"  finished {release.finished_at}: {counts or 'no changes'}"]  # fmt: skip
    for change in CHANGE_ORDER:
        for item in (item for item in release.items if item.change == change):
            ident = f"{item.report_id}/{item.public_id}" if item.public_id else "-"
            lines.append(f"  {change:<12} {ident:<18} {printable(item.title)}")
    for link in release.failed_links:
        lines.append(f"  {'failed':<12} {printable(link['url'])}: {printable(link['error'])}")
    return "\n".join(lines)


def release_rows(found: list[Release], one: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """--csv and --nl: a row per release, or for one release a row per report it names."""
    from ..store.releases import CHANGES

    if not one:
        rows = [release_row(release) for release in found]
        return rows, ["id", "kind", "finished_at", *CHANGES, "source"]
    rows = [{"release": release.id, **item.to_dict()} for release in found
            for item in release.items]  # fmt: skip
    return rows, ["release", "change", "report_id", "public_id", "title", "detail"]
