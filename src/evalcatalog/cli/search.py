"""`evalcatalog search` and `evalcatalog rebuild-index`."""

from __future__ import annotations

import re
import sys
import time
from typing import Any

import click

from ..errors import ExitStatus
from ..models import TAG_KINDS, SearchHit, SearchResult, TermMatch
from ..text import printable
from .base import CliError, cli, db_option, open_catalog
from .options import Listing, filter_options, output_options

MARKED = re.compile(r"\*\*(.+?)\*\*")
SHOWN_TAGS = ("intervention", "theme", "type")
CSV_COLUMNS = ("rank", "report_id", "title", "path", "score", "typos", *TAG_KINDS, "pages",
               "sections", "snippet", "highlights")  # fmt: skip


# A word after a minus is an exclusion, not an option: `search young -knife` as typed.
@cli.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option(
    "--limit", type=click.IntRange(1, 1000), default=10, show_default=True,
    help="Show at most this many reports.",
)  # fmt: skip
@click.option("--explain", is_flag=True, help="Show which word matched what, where.")
@click.option(
    "--section", "sections", multiple=True, metavar="HEADING",
    help="Only pages under headings that match (cost, impact); repeat for any of several.",
)  # fmt: skip
@db_option
@output_options
def search(query: tuple[str, ...], filters: dict[str, list[str]], limit: int, explain: bool,
           sections: tuple[str, ...], db_path: str, output: str | None) -> Listing:  # fmt: skip
    """Search the reports' text, titles and tags; show the best pages of each.

    Words are ANDed; "a quoted phrase" is exact; OR matches either side; -word leaves
    reports out; the last word also matches as a prefix (ris finds risk). Misspelt words
    are corrected from the catalogue's own words (5-8 letters: one typo; 9 or more: two).
    Filters go in the query too: theme: intervention: force: topic: type: year:. Quote a
    query that holds quotes.

    \b
    Examples:
      evalcatalog search stalking risk
      evalcatalog search '"custody suite" coach' --theme "serious violence"
      evalcatalog search knife OR knives -summary 'intervention:"met divan"'
      evalcatalog search stalkng --explain
      evalcatalog search "sara v3" year:2021 --json
    """
    unknown = [word for word in query if word.startswith("--")]
    if unknown:
        raise CliError(f"no such option: {unknown[0]} (see evalcatalog search --help)",
                       ExitStatus.USAGE)  # fmt: skip
    with open_catalog(db_path, read_only=True) as catalog:
        result = catalog.search(" ".join(query), limit=limit, explain=explain,
                                section=list(sections), **filters)  # fmt: skip
        unread = catalog.unread_counts()  # what search cannot see, in JSON as ingest's
    note = unread_note(unread["reports"])
    text = lambda: render(result, explain, bold=sys.stdout.isatty()) + note  # noqa: E731
    return Listing(csv_rows(result), CSV_COLUMNS, text,
                   json=result.to_dict() | {"no_text_layer": unread})  # fmt: skip


def unread_note(reports: int) -> str:
    """What search cannot see: scanned pages not yet read by OCR."""
    if not reports:
        return ""
    have = "report has" if reports == 1 else "reports have"
    return (f"\n\n{reports} {have} pages without text that search cannot see: "
            "`evalcatalog ocr --all` reads them")  # fmt: skip


def render(result: SearchResult, explain: bool, bold: bool) -> str:
    lines = []
    for word, term in result.corrections.items():  # a real word may have been replaced: say so
        lines.append(printable(f"No results for {word}; showing {term}."))
    if not result.hits:
        lines.append(printable(f"No reports match {result.query!r}."))
    if result.suggestions:
        lines.append(printable("Did you mean: " + " | ".join(result.suggestions) + "?"))
    if not result.hits:
        return "\n".join(lines)
    shown = f", the best {len(result.hits)}" if result.total > len(result.hits) else ""
    noun = "report matches" if result.total == 1 else "reports match"
    about = "about " if result.total_is_estimate else ""  # a common phrase's, from a sample
    lines.append(f"{about}{result.total} {noun}{shown}:")
    for rank, hit in enumerate(result.hits, start=1):
        lines.append("")
        lines += render_hit(rank, hit, explain, bold)
    return "\n".join(lines)


def render_hit(rank: int, hit: SearchHit, explain: bool, bold: bool) -> list[str]:
    typos = f", {hit.typos} typo{'s' if hit.typos > 1 else ''}" if hit.typos else ""
    lines = [f"{rank:>2}. {printable(hit.title)}  (report {hit.report_id}{typos})"]
    tags = " · ".join(
        f"{kind}: {', '.join(hit.tags[kind])}" for kind in SHOWN_TAGS if hit.tags.get(kind)
    )
    if tags:
        lines.append(f"    {printable(tags)}")
    for page in hit.pages:
        snippet = marks(printable(page.snippet), bold)
        if page.section:  # p. 48 · 5. Cost effectiveness, the snippet under it
            lines += [f"    p. {page.page} · {printable(page.section)}", f"         {snippet}"]
        else:
            lines.append(f"    p. {page.page:<4} {snippet}")
    if explain:
        lines += [f"    why: {printable(explain_line(match))}" for match in hit.matches]
    return lines


def marks(snippet: str, bold: bool) -> str:
    """Matched words: bold on a terminal, **between marks** otherwise."""
    if not bold:
        return snippet
    return MARKED.sub(lambda found: click.style(found[1], bold=True), snippet)


def explain_line(match: TermMatch) -> str:
    edits = "exact" if not match.distance else f"{match.distance} edit" + "s" * (match.distance > 1)
    edits = "another form" if match.kind == "form" else edits
    where = f"{match.field}, p. {match.page}" if match.page else match.field
    return f"{match.word} → {match.term} ({edits}) in {where}"


def csv_rows(result: SearchResult) -> list[dict[str, Any]]:
    rows = []
    for rank, hit in enumerate(result.hits, start=1):
        row: dict[str, Any] = {
            "rank": rank,
            "report_id": hit.report_id,
            "title": hit.title,
            "path": hit.path or "",
            "score": hit.score,
            "typos": hit.typos,
            "pages": [page.page for page in hit.pages],
            "sections": [page.section or "" for page in hit.pages],
            "snippet": hit.pages[0].text if hit.pages else "",  # plain: no ** marks
            # the first page's matches in its snippet: [start, end) character offsets
            "highlights": [f"{a}-{b}" for a, b in hit.pages[0].highlights] if hit.pages else [],
        }
        row.update({kind: hit.tags.get(kind, []) for kind in TAG_KINDS})
        rows.append(row)
    return rows


@cli.command(name="rebuild-index")
@db_option
def rebuild_index(db_path: str) -> None:
    """Rebuild the search indexes and the typo vocabulary from the catalogue's tables.

    Ingest keeps the indexes in step on its own; run this if `evalcatalog check` reports an
    index problem, or after editing the catalogue's tables by hand.

    \b
    Example:
      evalcatalog rebuild-index --db catalog.db
    """
    started = time.monotonic()
    with open_catalog(db_path) as catalog:
        counts = catalog.rebuild_index()
    click.echo(
        f"Rebuilt the search index of {db_path}: {counts['reports']} reports, "
        f"{counts['pages']} pages, {counts['terms']} terms "
        f"({time.monotonic() - started:.1f} s)"
    )
