"""views/export.py: the catalogue as csv, json, jsonl and a markdown index."""

from __future__ import annotations

import csv
import io
import json

from report_fixtures import report, three

from evalcatalog.views.export import REPORT_COLUMNS, export_text, md_escape


def test_json_and_jsonl_hold_the_same_reports() -> None:
    whole = json.loads(export_text(three(), "json"))
    lines = [json.loads(line) for line in export_text(three(), "jsonl").splitlines()]
    assert whole == lines
    assert [row["id"] for row in whole] == [1, 2, 3]
    assert whole[0]["tags"]["intervention"] == ["Community initiative to reduce violence (CIRV)"]


def test_csv_has_every_column_and_flat_tags() -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(three(), "csv"))))
    assert tuple(rows[0]) == REPORT_COLUMNS
    assert (rows[1]["title"], rows[1]["theme"], rows[2]["theme"]) == (
        "Stalking: the MASIP pilot", "Stalking", "",
    )  # fmt: skip


def test_markdown_groups_by_theme_in_the_taxonomy_order_then_intervention() -> None:
    text = export_text(three(), "markdown", theme_order=["Stalking", "Knife crime"])
    assert text.splitlines() == [
        "# Evaluation reports", "", "3 reports.", "",
        "## Stalking", "", "### MASIP", "",
        "- Stalking: the MASIP pilot (Full technical report): 12 pages, 2.00 KB (`r2.pdf`)", "",
        "## Knife crime", "", "### Community initiative to reduce violence (CIRV)", "",
        "- Knife crime diversion (Key findings): 40 pages, 3.00 MB (`r1.pdf`)", "",
        "## No theme", "", "### No intervention", "",
        "- An untagged note: 2 pages, 0.88 KB (`r3.pdf`)",
    ]  # fmt: skip


def test_titles_cannot_become_markdown() -> None:
    assert md_escape("A *bold* [link](x)\n# heading") == r"A \*bold\* \[link\](x) \# heading"
    line = export_text([report(9, "`x`", pages=1)], "markdown").splitlines()[-1]
    assert line == r"- \`x\`: 1 page, 2.00 KB (`r9.pdf`)"
