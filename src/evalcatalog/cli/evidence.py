"""`evalcatalog evidence`: the evidence map, or one intervention's sections and key sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..output import format_table
from ..text import printable
from .base import cli, db_option, open_catalog
from .options import Listing, filter_options, output_options

# The stages are imported where they are used: a search or a listing loads no ingest machinery,
# PDF library, HTTP client or evidence code (issue 13: start-up time).
if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..evidence.results import EvidenceMap, InterventionEvidence


@cli.command(name="evidence")
@db_option
@filter_options
@click.option("--author", help="Only reports whose author contains this text (any case).")
@click.option("--min-pages", type=click.IntRange(0), help="Only reports with at least N pages.")
@click.option(
    "--sentences",
    type=click.IntRange(0),
    default=3,
    show_default=True,
    help="Key sentences per dimension with --intervention (or --markdown).",
)
@click.option("--markdown", is_flag=True, help="Print a briefing in Markdown, with citations.")
@output_options
def evidence_command(db_path: str, filters: dict[str, list[str]], author: str | None,
                     min_pages: int | None, sentences: int, markdown: bool,
                     output: str | None) -> Listing:  # fmt: skip
    """What the reports say about each intervention's effect, mechanism, moderators
    (context, conditions, transferability), implementation and economic cost (EMMIE).

    Without --intervention: the map, each intervention x each dimension, with the number of
    reports (and their pages) whose sections speak to it, or a dash where none does. With
    --intervention: for each dimension, the sections (report, heading, pages) and up to
    --sentences key sentences quoted from them with their pages. Sections are mapped by the
    taxonomy's [[dimensions]] rules; sentences are quoted, never generated. The other
    filters are those of `list`.

    \b
    Examples:
      evalcatalog evidence
      evalcatalog evidence --theme "knife crime" --csv > map.csv
      evalcatalog evidence --intervention divert --sentences 5
      evalcatalog evidence --intervention cirv --markdown > cirv-briefing.md
    """
    from ..evidence import briefing

    options: dict[str, Any] = {**filters, "author": author, "min_pages": min_pages}
    with open_catalog(db_path, read_only=True) as catalog:
        evidence_map = catalog.evidence(**options)
        names = filters.get("intervention", [])
        if names or markdown:
            wanted = names or [row.intervention for row in evidence_map.rows]
            items = details(catalog, wanted, sentences, options)
    if names or markdown:
        markdown_text = briefing.briefing_markdown(items, None if names else evidence_map)
        text = safe_lines(markdown_text) if markdown else details_text(items)
        return Listing(briefing.detail_rows(items), briefing.DETAIL_COLUMNS, lambda: text,
                       json=[item.to_dict() for item in items])  # fmt: skip
    return Listing(briefing.map_rows(evidence_map), briefing.map_columns(evidence_map),
                   lambda: map_text(evidence_map), json=evidence_map.to_dict())  # fmt: skip


def details(catalog: Catalog, names: list[str], sentences: int,
            options: dict[str, Any]) -> list[InterventionEvidence]:  # fmt: skip
    """Each named intervention's evidence, among the reports the other filters allow."""
    others = {key: value for key, value in options.items() if key != "intervention"}
    return [catalog.intervention_evidence(name, sentences=sentences, **others) for name in names]


def map_text(evidence_map: EvidenceMap) -> str:
    from ..evidence.results import NONE

    if not evidence_map.rows:
        return "No reports match: nothing to map."
    columns = ["intervention", "reports", *[d.name for d in evidence_map.dimensions]]
    headers = ["intervention", "reports", *[d.label for d in evidence_map.dimensions]]
    rows = [{"intervention": row.intervention, "reports": row.reports,
             **{cell.dimension: cell.text for cell in row.cells}}
            for row in evidence_map.rows]  # fmt: skip
    table = format_table(rows, columns, headers, flexible="intervention")
    return (f"{table}\n\nEach cell: reports (and their pages) with a section on it; {NONE}: none. "
            "evalcatalog evidence --intervention NAME shows them.")  # fmt: skip


def details_text(items: list[InterventionEvidence]) -> str:
    return "\n\n".join(intervention_text(item) for item in items)


def intervention_text(evidence: InterventionEvidence) -> str:
    from ..evidence.results import NONE

    reports = "; ".join(f"{citation} (id {id_})" for id_, citation in evidence.reports)
    lines = [
        f"{evidence.intervention}: {len(evidence.reports)} report"
        f"{'' if len(evidence.reports) == 1 else 's'}" + (f": {reports}" if reports else "")
    ]
    for dimension in evidence.dimensions:
        lines += ["", f"{dimension.dimension.label}: {'; '.join(dimension.dimension.questions)}"]
        if not dimension.sections:
            lines.append(f"  {NONE} no section speaks to it")
        for section in dimension.sections:
            lines.append(f"  {section.citation}: {section.heading}, {section.pages}")
        for sentence in dimension.sentences:
            lines.append(f"    \u201c{sentence.text}\u201d {sentence.cite}")
    return safe_lines("\n".join(lines))


def safe_lines(text: str) -> str:
    """Text from PDFs, line by line, with control and bidi characters shown as escapes, so a
    crafted report cannot rewrite the terminal."""
    return "\n".join(printable(line) for line in text.split("\n"))
