"""export, on a small catalogue of generated PDFs (the shipped reports are covered in
test_cli_browse_reports.py, with their tags)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdfs import make_pdf

from evalcatalog.cli import cli

# Every field of a report in its order, tags by kind after the title (as list --csv writes).
CSV_HEADER = (
    "id,sha256,title,title_source,theme,intervention,force,topic,type,file_name,paths,"
    "size_bytes,page_count,word_count,pdf_version,encrypted,meta_title,author,subject,keywords,"
    "creator,producer,created,modified,mtime,failed_pages,ingested_at,updated_at"
)


@pytest.fixture
def catalogued(tmp_path: Path) -> Path:
    folder = tmp_path / "pdfs"
    make_pdf(folder / "one.pdf", ["alpha", "beta"], title="First report", author="A. Author")
    make_pdf(folder / "two.pdf", ["gamma"], heading="Second report heading")
    (folder / "copy").mkdir()
    (folder / "copy" / "one-again.pdf").write_bytes((folder / "one.pdf").read_bytes())
    assert CliRunner().invoke(cli, ["ingest", str(folder)]).exit_code == 0
    return folder


def export(*args: str) -> str:
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_csv_header_and_rows(catalogued: Path) -> None:
    text = export("--format", "csv")
    assert text.splitlines()[0].startswith(CSV_HEADER)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["title"], row["title_source"], row["page_count"]) for row in rows] == [
        ("First report", "metadata", "2"),
        ("Second report heading", "heading", "1"),
    ]
    assert rows[0]["paths"] == f"{catalogued / 'copy' / 'one-again.pdf'}; {catalogued / 'one.pdf'}"
    assert rows[0]["author"] == "A. Author"


def test_json_and_jsonl_agree(catalogued: Path) -> None:
    as_json = json.loads(export("--format", "json"))
    as_jsonl = [json.loads(line) for line in export("--format", "jsonl").splitlines()]
    assert as_json == as_jsonl
    assert [row["title"] for row in as_json] == ["First report", "Second report heading"]
    assert set(as_json[0]["tags"]) == {"theme", "intervention", "force", "topic", "type"}


def test_markdown_without_tags(catalogued: Path) -> None:
    text = export("--format", "markdown")
    assert text.splitlines()[:8] == [
        "# Evaluation reports",
        "",
        "2 reports.",
        "",
        "## No theme",
        "",
        "### No intervention",
        "",
    ]
    assert "- First report: 2 pages, " in text
    assert "- Second report heading: 1 page, " in text


def test_output_file_written_whole(catalogued: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["export", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text().splitlines()[0].startswith(CSV_HEADER)
    assert not list(tmp_path.glob(".evalcatalog-*"))


def test_output_file_keeps_its_mode_or_gets_the_umask(catalogued: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing.csv"
    existing.write_text("old")
    existing.chmod(0o644)
    assert CliRunner().invoke(cli, ["export", "-o", str(existing)]).exit_code == 0
    assert (existing.stat().st_mode & 0o777, existing.read_text()[:2]) == (0o644, "id")
    before = os.umask(0o027)
    try:
        assert CliRunner().invoke(cli, ["export", "-o", str(tmp_path / "new.csv")]).exit_code == 0
    finally:
        os.umask(before)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o640


def test_export_takes_the_filters_list_takes(catalogued: Path) -> None:
    assert len(json.loads(export("--format", "json"))) == 2
    assert json.loads(export("--format", "json", "--year", "1990-2100")) == []  # undated
    result = CliRunner().invoke(cli, ["export", "--theme", "nope"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: no theme called 'nope': known themes are Serious ")


def test_output_to_missing_folder_is_one_line_error(catalogued: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path / "no" / "out.csv")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot write ")
    assert len(result.output.splitlines()) == 1


def test_unknown_format_is_usage_error(catalogued: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "xml"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output
