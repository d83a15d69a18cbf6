"""`evalcatalog reindex`: a report's structure worked out again (issue 17)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..output import to_json
from .base import cli, db_option, open_catalog

# The stages are imported where they are used: a search or a listing loads no ingest machinery,
# PDF library, HTTP client or evidence code (issue 13: start-up time).
if TYPE_CHECKING:
    from ..ingest.reindex import ReindexResult


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def reindex(dry_run: bool, db_path: str, as_json: bool) -> None:
    """Work out every report's structure again: running headers and footers (left out of
    search), contents, reference and appendix pages, the outline, and a publication date
    printed on the first pages when the metadata has none.

    Run it on a catalogue made by an earlier version, or after upgrading. It reads the page
    texts the catalogue holds, not the PDFs; only bookmarks are read from a report's file,
    when it is still there (else the outline comes from the headings in the text).

    \\b
    Examples:
      evalcatalog reindex --dry-run
      evalcatalog reindex --json
    """
    with open_catalog(db_path) as catalog:
        result = catalog.reindex(dry_run=dry_run)
    click.echo(to_json(result.to_dict()) if as_json else reindex_text(result))


def reindex_text(result: ReindexResult) -> str:
    verb = "Would change" if result.dry_run else "Changed"
    return (
        f"{verb} {len(result.changed)} of {result.reports} reports: {result.pages} pages "
        f"(kind or running header/footer), {result.dates} dates from the text; "
        f"{result.sections} sections, {result.outlines} outlines from bookmarks"
    )
