"""The whole catalogue as CSV, JSON, JSON lines, or a readable Markdown index grouped like the
seed page: theme -> intervention -> its documents."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from ..models import TAG_KINDS, Report
from ..text import json_safe, printable
from .browse import NONE_LABEL, group_by

FORMATS = ("csv", "json", "jsonl", "markdown")
CSV_COLUMNS = (
    "id", "title", "title_source", *TAG_KINDS, "page_count", "word_count", "size_bytes",
    "author", "created", "modified", "pdf_version", "encrypted", "file_name", "paths", "sha256",
    "meta_title", "subject", "keywords", "creator", "producer", "failed_pages", "ingested_at",
    "updated_at",
)  # fmt: skip


def export_rows(reports: Sequence[Report]) -> list[dict[str, Any]]:
    return [report.to_dict() for report in reports]


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """One CSV cell per field: tags by kind and paths joined with '; '."""
    flat = {key: value for key, value in row.items() if key != "tags"}
    for kind in TAG_KINDS:
        flat[kind] = "; ".join(row["tags"].get(kind, []))
    flat["paths"] = "; ".join(row["paths"])
    return flat


def export_text(reports: Sequence[Report], fmt: str, theme_order: Sequence[str] = ()) -> str:
    rows = export_rows(reports)
    if fmt == "json":
        return json_safe(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n"
    if fmt == "jsonl":
        return "".join(json_safe(json.dumps(row, ensure_ascii=False)) + "\n" for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flatten(row) for row in rows)
        return buffer.getvalue()
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
    size_kb = report.size_bytes / 1024
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
