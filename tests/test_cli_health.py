"""stats and check, on a small catalogue of generated PDFs."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from clirun import run
from pdfs import make_pdf

from evalcatalog.cli import cli


@pytest.fixture
def catalogued(tmp_path: Path, isolated_catalog: Path) -> Path:
    folder = tmp_path / "pdfs"
    make_pdf(folder / "one.pdf", ["alpha page", "beta page"], title="First report",
             created=datetime(2021, 7, 1))  # fmt: skip
    make_pdf(folder / "two.pdf", ["gamma page"], title="Second report",
             created=datetime(2020, 3, 2))  # fmt: skip
    (folder / "broken.pdf").write_bytes(b"<html><body>not found</body></html>")
    result = CliRunner().invoke(cli, ["ingest", str(folder)])
    assert result.exit_code == 1, result.output
    return folder


def test_stats_json_counts(catalogued: Path) -> None:
    code, output = run("stats", "--json")
    assert code == 0
    figures = json.loads(output)
    assert (figures["reports"], figures["pages"]) == (2, 3)
    assert figures["by"]["year"] == {"2020": 1, "2021": 1}
    assert [row["reason"] for row in figures["failed_files"]] == [
        "not a PDF: an HTML page (was it downloaded correctly?)"
    ]
    assert figures["last_ingest"]["summary"]["added"] == 2


def test_stats_text(catalogued: Path) -> None:
    code, output = run("stats")
    assert code == 0
    assert output.splitlines()[0].startswith("2 reports, 3 pages, ")
    assert "1 failed files" in output
    assert "broken.pdf: not a PDF: an HTML page" in output


def test_check_all_well(catalogued: Path) -> None:
    code, output = run("check")
    assert (code, output) == (
        0, "OK: 2 reports, 3 pages, 2 files checked; search index and database sound\n"
    )  # fmt: skip


def test_check_finds_missing_and_changed_files(catalogued: Path) -> None:
    (catalogued / "one.pdf").unlink()
    two = catalogued / "two.pdf"
    two.write_bytes(two.read_bytes() + b"\n%% appended\n")
    code, output = run("check")
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == "2 problems:"
    assert lines[1].split()[:2] == ["missing", f"{catalogued / 'one.pdf'}:"]
    assert lines[2].split()[:2] == ["changed", f"{two}:"]


def test_check_finds_index_out_of_step(catalogued: Path, isolated_catalog: Path) -> None:
    with sqlite3.connect(isolated_catalog) as conn:
        conn.execute("delete from pages_fts_docsize where id = (select min(id) from pages)")
    code, output = run("check", "--json")
    assert code == 1
    problems = json.loads(output)["problems"]
    assert [problem["kind"] for problem in problems] == ["index"]
    assert "rebuild-index" in problems[0]["detail"]


def test_check_without_catalogue_is_a_one_line_error(tmp_path: Path) -> None:
    code, output = run("check", "--db", str(tmp_path / "nothing.db"))
    assert code == 1
    assert output.startswith("Error: no catalogue at ")
    assert len(output.splitlines()) == 1
    assert not os.path.exists(tmp_path / "nothing.db")
