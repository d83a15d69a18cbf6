"""`evalcatalog show` and `evalcatalog export`."""

from __future__ import annotations

import os
import stat
from dataclasses import fields
from typing import Any

import click

from ..models import Report
from ..output import human_size, to_json
from ..text import printable
from ..views.export import FORMATS
from .base import CliError, cli, db_option, open_catalog
from .options import filter_options


@cli.command()
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, "atom")),
    default="csv",
    show_default=True,
    help="csv and json(l) for programs; markdown for a readable index (with --since: what's "
    "new); atom for a feed of releases.",
)
@click.option("--since", metavar="DATE",
              help="With markdown or atom: the releases since DATE (YYYY-MM-DD).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")  # fmt: skip
def export(db_path: str, filters: dict[str, list[str]], fmt: str, since: str | None,
           output: str | None) -> None:  # fmt: skip
    """Export the catalogue (or the reports the filters allow, as for list), one row per
    report.

    CSV flattens tags into one column per kind (theme, intervention, force, topic, type),
    several values joined with '; '. Markdown writes an index grouped like the seed page:
    theme, then intervention, then its documents with page counts and sizes.

    \b
    Examples:
      evalcatalog export --format csv -o catalogue.csv
      evalcatalog export --format jsonl | jq .title
      evalcatalog export --format markdown -o INDEX.md
      evalcatalog export --theme knife --year 2021 --format json
      evalcatalog export --format markdown --since 2021-07-01 -o WHATS-NEW.md
      evalcatalog export --format atom -o releases.xml
    """
    with open_catalog(db_path, read_only=True) as catalog:
        if fmt == "atom" or since:  # releases rather than reports (issue 14)
            text = catalog.release_feed(fmt, since)
        else:
            text = catalog.export(fmt, **filters)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(f"Wrote {output} ({fmt})", err=True)


def write_atomically(path: str, text: str) -> None:
    """Write beside the target then rename, so a failure never leaves half a file. The file
    gets the mode a plain write would give it: the old file's, or 0666 less the umask."""
    import tempfile  # ~4 ms (random, shutil): export -o only, not `show`

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise CliError(f"cannot write {path}: folder {folder} does not exist")
    try:
        mode = file_mode(path)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".evalcatalog-", suffix=".tmp")
        try:
            os.fchmod(handle, mode)  # mkstemp makes it 0600, private to us
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc


def file_mode(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read it is to set it
        os.umask(umask)
        return 0o666 & ~umask


@cli.command()
@click.argument("report")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(report: str, db_path: str, as_json: bool) -> None:
    """Show one report: every metadata field, paths, tags with reasons, pages, its outline
    (sections with their pages, from the PDF's bookmarks or else its headings), earlier
    versions and companions (the other documents of the same intervention).

    REPORT is an id, a file name, a path, or words of the title; an ambiguous one lists the
    candidates.

    \b
    Examples:
      evalcatalog show 3
      evalcatalog show cirv-key-findings.pdf
      evalcatalog show "met divan technical"
      evalcatalog show "met divan technical" --json
    """
    with open_catalog(db_path, read_only=True) as catalog:
        details = catalog.report_details(report)
    click.echo(to_json(details) if as_json else show_text(details))


# Every field of a report, title first, then in Report's order; labels where the field's own
# name would not do. The paths and tags follow in sections of their own.
LABELS = {
    "title_source": "Title from", "meta_title": "Metadata title", "page_count": "Pages",
    "word_count": "Words", "size_bytes": "Size", "pdf_version": "PDF version",
    "mtime": "Modified on disk", "sha256": "SHA-256", "ingested_at": "Ingested",
    "updated_at": "Updated", "public_id": "Public id",
}  # fmt: skip
SHOWN_APART = {"id", "paths", "tags"}
FIRST = ("title", "title_source")
SHOW_FIELDS = tuple(
    (LABELS.get(name, name.replace("_", " ").capitalize()), name)
    for name in dict.fromkeys([*FIRST, *(item.name for item in fields(Report))])
    if name not in SHOWN_APART
)


def show_text(details: dict[str, Any]) -> str:
    lines = [f"Report {details['id']}"]
    for label, key in SHOW_FIELDS:
        value = details.get(key)
        if key == "size_bytes":
            value = f"{human_size(value)} ({value} bytes)"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        lines.append(f"  {label + ':':<18}{printable('' if value is None else str(value))}")
    lines.append(
        f"  {'Read with:':<18}{details.get('engine') or 'pypdf'}"
        + (f" and OCR ({details['ocr_pages']} pages)" if details.get("ocr_pages") else "")
    )
    if details.get("pages_without_text"):
        pages = ", ".join(map(str, details["pages_without_text"]))
        lines.append(f"  {'No text layer:':<18}pages {pages} (scans: `evalcatalog ocr` reads them)")
    lines += ["", "Paths:"] + [f"  {printable(path)}" for path in details["paths"]]
    lines += provenance_lines(details.get("provenance") or [])
    lines += ["", "Tags:"]
    for tag in details["tag_reasons"]:
        marker = " (primary)" if tag["primary"] else ""
        lines.append(f"  {tag['kind']}: {printable(tag['name'])}{marker} [{tag['source']}]")
        lines.append(f"      {printable(tag['reason'])}")
    for page in details["failed_page_list"]:
        lines.append(f"  page {page['page']} failed: {printable(page['error'] or '')}")
    lines += outline_lines(details)
    if details["versions"]:
        lines += ["", "Earlier versions:"]
        for version in details["versions"]:
            lines.append(f"  {version['sha256'][:12]}  {version['page_count']} pages  "
                         f"replaced {version['replaced_at']}")  # fmt: skip
    if details["companions"]:
        lines += ["", "Companions:"]
        for other in details["companions"]:
            kind = ", ".join(other["type"])
            lines.append(f"  {other['id']:>4}  {printable(other['title'])}  ({kind})")
    return "\n".join(lines)


PROVENANCE_FIELDS = (
    ("Source URL", "source_url"), ("Link text", "link_text"), ("Listed size", "listed_size"),
    ("Page URL", "page_url"), ("First seen", "first_seen"), ("Last seen", "last_seen"),
    ("Withdrawn", "withdrawn_at"),
)  # fmt: skip


def provenance_lines(provenance: list[dict[str, Any]]) -> list[str]:
    """Where the report came from: each link to it on a release page (issue 14)."""
    lines = []
    for item in provenance:
        lines += ["", "Provenance:" if not item["withdrawn_at"] else "Provenance (withdrawn):"]
        for label, key in PROVENANCE_FIELDS:
            if item.get(key):
                lines.append(f"  {label + ':':<18}{printable(str(item[key]))}")
        if item.get("headings"):
            headings = " > ".join(item["headings"])
            lines.append(f"  {'Headings:':<18}{printable(headings)}")
    return lines


def outline_lines(details: dict[str, Any]) -> list[str]:
    """The outline, a section a line indented by level with its pages, and the pages that
    are not body (contents, references, appendix)."""
    sections = details.get("sections") or []
    kinds = details.get("page_kinds") or {}
    if not sections and not kinds:
        return []
    source = "bookmarks" if any(s["source"] == "outline" for s in sections) else "headings"
    lines = ["", f"Outline (from {source}):" if sections else "Outline: none found"]
    for section in sections:
        first, last = section["first_page"], section["last_page"]
        pages = f"p. {first}" if first == last else f"pp. {first}-{last}"
        indent = "  " * section["level"]
        lines.append(f"{indent}{printable(section['title'])}  ({pages})")
    for kind, numbers in kinds.items():
        lines.append(f"  {kind} pages: {', '.join(str(number) for number in numbers)}")
    return lines
