"""The whole catalogue as CSV, JSON, JSON lines, or a readable Markdown index grouped like the
seed page: theme -> intervention -> its documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from ..models import TAG_KINDS, Report
from ..output import to_csv, to_json, to_nl
from ..text import printable
from .browse import NONE_LABEL, group_by

FORMATS = ("csv", "json", "jsonl", "markdown")
# One column per field of Report, in its order, with its tags as one column per kind after
# the title: what `export --format csv` and `list --csv` write.
REPORT_COLUMNS = tuple(
    column
    for item in fields(Report)
    for column in ((item.name, *TAG_KINDS) if item.name == "title_source" else (item.name,))
    if column != "tags"
)


def report_row(report: Report) -> dict[str, Any]:
    """A report as one flat row: tags by kind and paths joined with '; ' by to_csv."""
    row = report.to_dict()
    tags = row.pop("tags")
    return {**row, **{kind: tags[kind] for kind in TAG_KINDS}}


def export_text(reports: Sequence[Report], fmt: str, theme_order: Sequence[str] = ()) -> str:
    if fmt == "json":
        return to_json([report.to_dict() for report in reports]) + "\n"
    if fmt == "jsonl":
        return to_nl([report.to_dict() for report in reports])
    if fmt == "csv":
        return to_csv([report_row(report) for report in reports], REPORT_COLUMNS)
    return markdown_index(reports, theme_order)


def markdown_index(reports: Sequence[Report], theme_order: Sequence[str] = ()) -> str:
    """Theme -> intervention -> documents, themes in the taxonomy's (session) order."""
    lines = ["# Evaluation reports", "", f"{len(reports)} reports.", ""]
    themes = group_by(reports, "theme")
    rank = {name: index for index, name in enumerate(theme_order)}
    ordered = sorted(themes, key=lambda name: (name == NONE_LABEL, rank.get(name, len(rank)), name))
    for theme in ordered:
        lines += [f"## {heading(theme, 'theme')}", ""]
        for intervention, members in sorted(group_by(themes[theme], "intervention").items()):
            lines += [f"### {heading(intervention, 'intervention')}", ""]
            for report in sorted(members, key=lambda report: report.title.casefold()):
                lines.append(document_line(report))
            lines.append("")
    return "\n".join(lines)


def document_line(report: Report) -> str:
    size_kb = report.size_bytes / 1024  # two decimals, unlike human_size: the seed page's form
    size = f"{size_kb / 1024:.2f} MB" if size_kb >= 1024 else f"{size_kb:.2f} KB"
    kind = ", ".join(report.tags.get("type", []))
    kind = f" ({md_escape(kind)})" if kind else ""
    file_name = printable(report.file_name.replace("`", "'"))
    pages = f"{report.page_count} page{'' if report.page_count == 1 else 's'}"
    return f"- {md_escape(report.title)}{kind}: {pages}, {size} (`{file_name}`)"


def heading(name: str, kind: str) -> str:
    return f"No {kind}" if name == NONE_LABEL else md_escape(name)


def md_escape(text: str) -> str:
    """Keep titles from PDFs from turning into Markdown markup or spanning lines."""
    text = printable(" ".join(text.split()))  # a crafted title cannot rewrite the terminal
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text
