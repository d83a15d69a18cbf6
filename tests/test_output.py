"""The output layer (output.py): tables, JSON, JSON lines and CSV, with no click."""

from __future__ import annotations

import ast
from pathlib import Path

from evalcatalog import output
from evalcatalog.output import format_table, human_size, to_csv, to_json, to_nl


def test_no_click_in_the_output_layer() -> None:
    tree = ast.parse(Path(output.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "click" not in imported


def test_human_size() -> None:
    assert [human_size(n) for n in (None, 0, 1023, 1024, 1536 * 1024, 5 * 1024**4)] == [
        "", "0 B", "1023 B", "1.0 KB", "1.5 MB", "5120.0 GB"
    ]  # fmt: skip


def test_json_and_json_lines_escape_what_a_terminal_obeys() -> None:
    rows = [{"title": "a\u202eb", "n": 1}, {"title": "é", "n": 2}]
    assert to_nl(rows) == '{"title": "a\\u202eb", "n": 1}\n{"title": "é", "n": 2}\n'
    assert to_json(rows[1]) == '{\n  "title": "é",\n  "n": 2\n}'


def test_csv_joins_lists_and_keeps_the_columns_asked_for() -> None:
    rows = [{"id": 1, "tags": ["a", "b"], "extra": "x"}, {"id": 2, "tags": []}]
    assert to_csv(rows, ["id", "tags"]) == "id,tags\r\n1,a; b\r\n2,\r\n"


def test_table_aligns_numbers_right_and_cuts_the_flexible_column() -> None:
    rows = [{"id": 1, "title": "A long title indeed"}, {"id": 10, "title": "Short"}]
    assert format_table(rows, ["id", "title"], flexible="title", width=16).splitlines() == [
        "id  title", "--  -----------", " 1  A long tit…", "10  Short"
    ]  # fmt: skip
