"""`evalcatalog export` (and `show`)."""

from __future__ import annotations

import os
import tempfile

import click

from ..export import FORMATS
from .base import CliError, cli, db_option, open_catalog


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv and json(l) for programs; markdown for a readable index.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")  # fmt: skip
def export(db_path: str, fmt: str, output: str | None) -> None:
    """Export the whole catalogue, one row per report.

    CSV flattens tags into one column per kind (theme, intervention, force, topic, type),
    several values joined with '; '. Markdown writes an index grouped like the seed page:
    theme, then intervention, then its documents with page counts and sizes.

    \b
    Examples:
      evalcatalog export --format csv -o catalogue.csv
      evalcatalog export --format jsonl | jq .title
      evalcatalog export --format markdown -o INDEX.md
    """
    with open_catalog(db_path) as catalog:
        text = catalog.export(fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output} ({fmt})", err=True)


def write_atomically(path: str, text: str) -> None:
    """Write beside the target then rename, so a failure never leaves half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise CliError(f"cannot write {path}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".evalcatalog-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc
