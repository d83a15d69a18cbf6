"""`evalcatalog tag`, `retag` and `taxonomy`, and the --taxonomy option."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

import click

from ..catalog import Catalog
from ..models import TAG_KINDS, Report, RetagResult, TagMatch, TaxonomyNode
from ..output import format_table, plural
from ..text import printable
from .base import cli, db_option, open_catalog
from .options import Listing, output_options

F = TypeVar("F", bound=Callable[..., Any])
TAG_COLUMNS = ("kind", "name", "primary", "source", "score", "reason")
TAG_HEADERS = ("kind", "tag", "primary", "source", "score", "reason")


def taxonomy_option(func: F) -> F:
    """`--taxonomy FILE` for commands that tag: the catalogue remembers the file."""
    return click.option(
        "--taxonomy",
        "taxonomy_path",
        metavar="FILE",
        help="Tag with this taxonomy file (TOML) from now on; 'default' for the built-in one.",
    )(func)


@cli.command()
@click.argument("report")
@click.option("--add", multiple=True, metavar="KIND:NAME", help="Tag the report by hand.")
@click.option("--remove", multiple=True, metavar="KIND:NAME", help="Take a tag off by hand.")
@click.option("--reset", multiple=True, metavar="KIND:NAME", help="Let the rules decide again.")
@db_option
@output_options
def tag(report: str, add: tuple[str, ...], remove: tuple[str, ...], reset: tuple[str, ...],
        db_path: str, output: str | None) -> Listing:  # fmt: skip
    """Show or change the tags of REPORT (an id or a file name).

    Tags added or removed by hand win over the taxonomy's rules and survive re-ingest and
    retag. KIND is theme, intervention, force, topic or type; NAME may be a name, acronym or
    alias in any case.

    \b
    Examples:
      evalcatalog tag cirv-key-findings.pdf
      evalcatalog tag 12 --add intervention:CIRV --remove "force:the met"
      evalcatalog tag 12 --reset intervention:cirv
    """
    with open_catalog(db_path, read_only=not (add or remove or reset)) as catalog:
        found = catalog.find_report(report)
        tags = catalog.tag(str(found.id), add, remove, reset) if add or remove or reset else (
            catalog.tags(str(found.id)))  # fmt: skip
    rows = [asdict(match) for match in tags]
    return Listing(rows, TAG_COLUMNS, lambda: tags_text(found, rows))


def tags_text(report: Report, rows: list[dict[str, Any]]) -> str:
    shown = [{**row, "primary": "yes" if row["primary"] else ""} for row in rows]
    table = format_table(shown, TAG_COLUMNS, TAG_HEADERS, flexible="reason")
    return f"report {report.id}: {printable(report.title)} ({printable(report.file_name)})\n{table}"


@cli.command()
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@taxonomy_option
@db_option
@output_options
def retag(dry_run: bool, taxonomy_path: str | None, db_path: str, output: str | None) -> Listing:
    """Apply the taxonomy to every report again, and print the tags it adds and removes.

    Run it after editing the taxonomy. Tags added or removed by hand stay as they are.

    \b
    Examples:
      evalcatalog retag --dry-run
      evalcatalog retag --taxonomy my-taxonomy.toml
    """
    with open_catalog(db_path) as catalog:
        result = catalog.retag(dry_run=dry_run, taxonomy=taxonomy_path)
    rows = [{"report_id": change.report_id, "title": change.title, "change": sign, **asdict(m)}
            for change in result.changes
            for sign, matches in (("added", change.added), ("removed", change.removed))
            for m in matches]  # fmt: skip
    return Listing(rows, ("report_id", "title", "change", "kind", "name", "source", "reason"),
                   lambda: retag_text(result), json=result.to_dict())  # fmt: skip


def retag_text(result: RetagResult) -> str:
    lines = []
    for change in result.changes:
        lines.append(f"report {change.report_id}: {printable(change.title)}")
        lines += [f"  + {tag_line(match)}" for match in change.added]
        lines += [f"  - {tag_line(match)}" for match in change.removed]
    counts = result.to_dict()
    added, removed = counts["added"], counts["removed"]
    source = "the default taxonomy" if result.taxonomy == "default" else result.taxonomy
    reports = f"{result.reports} report{'' if result.reports == 1 else 's'}"
    if result.dry_run:
        lines.append(f"Dry run, nothing written: retagging {reports} with {printable(source)} "
                     f"would add {plural(added, 'tag')} and remove {removed}.")  # fmt: skip
    else:
        lines.append(f"Retagged {reports} with {printable(source)}: "
                     f"{plural(added, 'tag')} added, {removed} removed.")  # fmt: skip
    return "\n".join(lines)


def tag_line(match: TagMatch) -> str:
    reason = f"  ({printable(match.reason)})" if match.reason else ""
    return f"{match.kind}: {printable(match.name)}{reason}"


@cli.command(name="taxonomy")
@taxonomy_option
@db_option
@output_options
def show_taxonomy(taxonomy_path: str | None, db_path: str, output: str | None) -> Listing:
    """Print the taxonomy as a tree, with the number of reports tagged with each entry.

    Themes hold their interventions; forces, topics and report types follow. With
    --taxonomy, shows that file (checked, not remembered) against the catalogue's tags.

    \b
    Examples:
      evalcatalog taxonomy
      evalcatalog taxonomy --json > taxonomy.json
      evalcatalog taxonomy --taxonomy my-taxonomy.toml
    """
    path = db_path if os.path.exists(db_path) else ":memory:"  # no catalogue yet: counts of 0
    with Catalog(path, read_only=True) as catalog:
        nodes = catalog.taxonomy(taxonomy_path)
        source = catalog.load_taxonomy().source if taxonomy_path is None else taxonomy_path
    grouped = {f"{kind}s": [n.to_dict() for n in nodes if n.kind == kind] for kind in TAG_KINDS}
    rows = [{"kind": node.kind, "name": node.name, "reports": node.reports,
             "acronym": node.acronym, "aliases": node.aliases, "theme": theme}
            for node, theme in walk(nodes)]  # fmt: skip
    return Listing(rows, TAXONOMY_COLUMNS, lambda: tree_text(source, nodes),
                   json={"taxonomy": source, **grouped})  # fmt: skip


TAXONOMY_COLUMNS = ("kind", "name", "reports", "acronym", "aliases", "theme")


def walk(nodes: list[TaxonomyNode]) -> list[tuple[TaxonomyNode, str | None]]:
    """Every entry once, an intervention under its theme: (node, theme name or None)."""
    pairs: list[tuple[TaxonomyNode, str | None]] = []
    for node in nodes:
        pairs += [(node, None), *((child, node.name) for child in node.children)]
    return pairs


def tree_text(source: str, nodes: list[TaxonomyNode]) -> str:
    rows: list[tuple[str, int | str]] = []
    headings = {"theme": "themes", "intervention": "interventions without a theme",
                "force": "forces", "topic": "topics", "type": "report types"}  # fmt: skip
    for kind, heading in headings.items():
        members = [node for node in nodes if node.kind == kind]
        if members:
            rows += [("", ""), (heading, "reports" if not rows else "")]
        for node in members:
            rows.append((f"  {node_label(node)}", node.reports))
            for index, child in enumerate(node.children):
                branch = "└─" if index == len(node.children) - 1 else "├─"
                rows.append((f"    {branch} {node_label(child)}", child.reports))
    width = max((len(label) for label, _ in rows), default=0)
    lines = [f"{printable(label):<{width}}  {count:>7}".rstrip() for label, count in rows]
    return "\n".join([f"taxonomy: {printable(source)}", *lines])


def node_label(node: TaxonomyNode) -> str:
    if node.kind == "theme" and node.details.get("session"):
        return f"{node.name} (session {node.details['session']}, {node.details['date']})"
    if node.kind == "intervention" and node.details.get("forces"):
        return f"{node.name}: {', '.join(node.details['forces'])}"
    return node.name
