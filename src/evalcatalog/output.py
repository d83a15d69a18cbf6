"""Rows -> a table for people; JSON, JSON lines or CSV for programs. No click here: the CLI,
the web app and the library's exports all write through these. Text from PDFs is escaped for
terminals (printable, json_safe)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Sequence
from typing import Any

from .text import json_safe, printable


def plural(count: int, noun: str) -> str:
    """'1 problem', '2 problems'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def human_size(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def to_json(value: Any) -> str:
    return json_safe(json.dumps(value, indent=2, ensure_ascii=False))


def to_nl(rows: Sequence[Any]) -> str:
    """JSON lines: one compact JSON value per line (what `--nl` prints)."""
    return "".join(json_safe(json.dumps(row, ensure_ascii=False)) + "\n" for row in rows)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    import csv  # csv and shutil (~5 ms together) only when a command prints them: start-up

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: csv_value(row.get(column)) for column in columns})
    return buffer.getvalue()


def csv_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def format_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    headers: Sequence[str] | None = None,
    flexible: str | None = None,
    width: int | None = None,
) -> str:
    """A plain aligned table; the `flexible` column is cut to fit the terminal width."""
    headers = list(headers or columns)
    cells = [[printable(cell_text(row.get(column))) for column in columns] for row in rows]
    widths = [max([len(header), *(len(line[i]) for line in cells)]) for i, header in
              enumerate(headers)]  # fmt: skip
    if width is None and sys.stdout.isatty():
        import shutil

        width = shutil.get_terminal_size((120, 24)).columns
    if width and flexible is not None and flexible in columns:  # cut only to fit a screen
        index = list(columns).index(flexible)
        available = width - 1
        others = sum(widths) - widths[index] + 2 * (len(columns) - 1)
        widths[index] = max(len(headers[index]), min(widths[index], available - others))
    numeric = [all(isinstance(row.get(column), int | float) for row in rows) and bool(rows)
               for column in columns]  # fmt: skip
    lines = [render_line(headers, widths, [False] * len(columns))]
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(render_line(line, widths, numeric) for line in cells)
    return "\n".join(line.rstrip() for line in lines)


def render_line(cells: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    parts = []
    for cell, width, align_right in zip(cells, widths, right, strict=True):
        if len(cell) > width:
            cell = cell[: max(1, width - 1)] + "…"
        parts.append(cell.rjust(width) if align_right else cell.ljust(width))
    return "  ".join(parts)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
